"""`kompass survey create|list|show|wave|close|cohort|invited|links|tokens|recipients|send|remind|import|summary|export|delete`"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from tqdm import tqdm

from kompass.core.errors import InputError
from kompass.lib.numbers import format_number
from kompass.organisations.domain.register import OrganisationResolver
from kompass.reports.sheets import CsvWriter
from kompass.surveys.management import mail_commands
from kompass.surveys.models import Survey


def _get(slug: str) -> Survey:
    survey = Survey.objects.select_related("framework").filter(slug=slug).first()
    if survey is None:
        known = ", ".join(Survey.objects.values_list("slug", flat=True)[:20]) or "inga"
        raise CommandError(f"det finns ingen enkät ”{slug}” (finns: {known})")
    return survey


def _date(value: str | None):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"”{value}” är inget datum (ÅÅÅÅ-MM-DD)") from exc


def _wave(survey: Survey, code: str):
    wave = (
        survey.waves.filter(code__iexact=code).first()
        or survey.waves.filter(name__iexact=code).first()
    )
    if wave is None:
        known = ", ".join(survey.waves.values_list("code", flat=True)) or "inga"
        raise CommandError(f"enkäten har ingen omgång ”{code}” (finns: {known})")
    return wave


def _orgs(values: list[str]):
    resolver = OrganisationResolver()
    out = []
    for value in values:
        try:
            out.append(resolver(value))
        except LookupError as exc:
            raise CommandError(str(exc).strip("'\"")) from exc
    return out


class Command(BaseCommand):
    help = (
        "Skapar och sköter enkäter: omgångar, kohort, inbjudna, länkar, import och sammanställning."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("create", help="skapa en enkät från ett instrument")
        p.add_argument("slug", help="kortnamn, t.ex. lfr-2012")
        p.add_argument(
            "--instrument", required=True, help="instrumentets id, t.ex. lfr-sjalvskattning"
        )
        p.add_argument("--name", default="", help="namn (standard: instrumentets namn)")
        p.add_argument(
            "--min-group", type=int, default=None, help="minsta gruppstorlek k (minst 3)"
        )
        p.add_argument("--example", action="store_true", help="märk som exempeldata")
        p = sub.add_parser("list", help="lista enkäter")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser("show", help="visa en enkäts omgångar, kohort och svar")
        p.add_argument("slug")
        p = sub.add_parser("wave", help="lägg till en omgång")
        p.add_argument("slug")
        p.add_argument("code", help="kod, t.ex. 2012-10")
        p.add_argument("--name", default="")
        p.add_argument("--date", help="ÅÅÅÅ-MM-DD (standard: från koden)")
        p.add_argument("--opens", help="första svarsdag ÅÅÅÅ-MM-DD")
        p.add_argument("--closes", help="sista svarsdag ÅÅÅÅ-MM-DD")
        p = sub.add_parser("cohort", help="lägg till organisationer i kohorten")
        p.add_argument("slug")
        p.add_argument("organisations", nargs="+", help="kommunkoder eller namn")
        p.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="FRÅGA=VÄRDE",
            help="organisationsnivå, t.ex. --set urval=ja",
        )
        p = sub.add_parser("invited", help="antal inbjudna per organisation, grupp och omgång")
        p.add_argument("slug")
        p.add_argument(
            "file", nargs="?", help="CSV med kolumnerna wave, organisation, group, invited"
        )
        p.add_argument("--wave")
        p.add_argument("--organisation")
        p.add_argument(
            "--group", default="", help="värde på jämförelsefrågan (t.ex. ledning), tomt = alla"
        )
        p.add_argument("--count", type=int)
        p = sub.add_parser("links", help="anonyma svarslänkar per organisation för en omgång")
        p.add_argument("slug")
        p.add_argument("--wave", required=True)
        p.add_argument(
            "--close",
            nargs="+",
            default=[],
            metavar="ORGANISATION",
            help="stäng länkarna för dessa organisationer (svar som redan kommit in finns kvar)",
        )
        p.add_argument(
            "--open",
            nargs="+",
            default=[],
            metavar="ORGANISATION",
            help="öppna stängda länkar igen",
        )
        p = sub.add_parser("tokens", help="personliga svarslänkar (visas en gång)")
        p.add_argument("slug")
        p.add_argument("--wave", required=True)
        p.add_argument("--organisation", required=True)
        p.add_argument("recipients", nargs="+", help="mottagarnas namn eller e-post")
        mail_commands.add_parsers(sub)
        p = sub.add_parser("import", help="importera svar från CSV eller XLSX")
        p.add_argument("--survey", required=True, help="enkätens kortnamn")
        p.add_argument("file")
        p.add_argument(
            "--close",
            action="store_true",
            help="stäng filens omgångar efter importen (resultaten visas först när en omgång har stängt)",
        )
        p = sub.add_parser("close", help="stäng en omgång: inga fler svar, resultaten visas")
        p.add_argument("slug")
        p.add_argument("wave")
        p.add_argument(
            "--no-reports",
            action="store_true",
            help="bygg inte alla rapporter (annars ett jobb: återrapporter och kohortrapport)",
        )
        p = sub.add_parser("summary", help="resultat per påstående, omgång och grupp")
        p.add_argument("slug")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p.add_argument("--organisation", help="bara denna organisations celler (kod eller namn)")
        p = sub.add_parser("export", help="alla tabeller som XLSX")
        p.add_argument("slug")
        p.add_argument("--organisation", help="återrapporten för en organisation")
        p.add_argument("--output", "-o", required=True)
        p = sub.add_parser("delete", help="ta bort en enkät med alla svar")
        p.add_argument("slug")
        p.add_argument("--yes", action="store_true", help="bekräfta")

    def handle(self, *args, **options):
        try:
            getattr(self, f"do_{options['action']}")(options)
        except InputError as exc:
            raise CommandError(str(exc)) from exc

    def do_create(self, options):
        from kompass.surveys.domain.surveys import create_survey

        survey = create_survey(
            slug=options["slug"],
            framework=options["instrument"],
            name=options["name"],
            min_group=options["min_group"],
            is_example=options["example"],
        )
        self.stdout.write(f"Skapade enkäten {survey.slug} ({survey.name}), k = {survey.min_group}.")

    def do_list(self, options):
        rows = [
            {
                "slug": s.slug,
                "name": s.name,
                "instrument": s.framework.identifier,
                "min_group": s.min_group,
                "waves": [w.code for w in s.waves.all()],
                "organisations": s.member_count,
                "example": s.is_example,
            }
            for s in Survey.objects.select_related("framework")
            .prefetch_related("waves")
            .annotate(member_count=Count("members"))
            .order_by("slug")
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(
                "Inga enkäter. Skapa en med: kompass survey create SLUG --instrument ID"
            )
            return
        for r in rows:
            flag = " (exempeldata)" if r["example"] else ""
            waves, orgs = len(r["waves"]), r["organisations"]
            self.stdout.write(
                f"{r['slug']:<28} {r['instrument']:<30} {waves} {'omgång' if waves == 1 else 'omgångar'}, "
                f"{orgs} {'organisation' if orgs == 1 else 'organisationer'}{flag}"
            )

    def do_show(self, options):
        from kompass.surveys.domain.results import survey_results
        from kompass.surveys.report import caution_text, count_text

        survey = _get(options["slug"])
        results = survey_results(survey)
        self.stdout.write(
            f"{survey.name} ({survey.slug}) – {survey.framework}; k = {survey.min_group}"
        )
        for wave in results.waves:
            row = results.rate_row(wave.code)
            rate = (
                f", {format_number(row['rate'] * 100)} % av {row['invited']}"
                if row["rate"] is not None
                else ""
            )
            respondents = count_text(row["respondents"], results.k)
            self.stdout.write(f"  {wave.code:<12} {wave.name:<20} {respondents:>12} svar{rate}")
            for caution in row["cautions"]:
                self.stdout.write(f"               OBS: {caution_text(caution)}")
        self.stdout.write(f"  Kohort: {len(results.cohort)} organisationer")
        for attribute in results.layout.attributes:
            split = " (jämförs sida vid sida)" if attribute.split else ""
            self.stdout.write(f"  {attribute.code}: {', '.join(attribute.values)}{split}")

    def do_wave(self, options):
        from kompass.surveys.domain.surveys import add_wave

        survey = _get(options["slug"])
        wave = add_wave(
            survey=survey,
            code=options["code"],
            name=options["name"],
            date=_date(options["date"]),
            opens=_date(options["opens"]),
            closes=_date(options["closes"]),
        )
        self.stdout.write(f"Lade till omgången {wave.code} ({wave.name}).")

    def do_cohort(self, options):
        from kompass.surveys.domain.surveys import add_organisations

        survey = _get(options["slug"])
        values = {}
        for pair in options["set"]:
            code, sep, value = pair.partition("=")
            if not sep:
                raise CommandError(f"--set ska skrivas FRÅGA=VÄRDE, inte ”{pair}”")
            values[code.strip()] = value.strip()
        # Each name that is not found is reported on its own; the others are added.
        result = OrganisationResolver().match_lines(options["organisations"])
        added = 0
        if result.found:
            added = add_organisations(survey=survey, organisations=result.found, values=values)
        self.stdout.write(f"{added} organisationer lades till i kohorten.")
        if result.problems:
            raise CommandError(
                "dessa hittades inte och lades inte till:\n"
                + "\n".join(f"  {p.message}" for p in result.problems)
            )

    def do_invited(self, options):
        from kompass.surveys.domain.invited_file import import_invited
        from kompass.surveys.domain.surveys import set_invited

        survey = _get(options["slug"])
        if options["file"]:
            path = Path(options["file"])
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: filen kan inte läsas ({exc.strerror})") from exc
            try:
                count = import_invited(survey=survey, content=content, filename=path.name)
            except InputError as exc:
                raise CommandError("inget sparades:\n" + str(exc)) from exc
        else:
            if not (options["wave"] and options["organisation"] and options["count"] is not None):
                raise CommandError("ange en fil eller --wave, --organisation och --count")
            count = set_invited(
                survey=survey,
                rows=[
                    (
                        _wave(survey, options["wave"]),
                        _orgs([options["organisation"]])[0],
                        options["group"],
                        options["count"],
                    )
                ],
            )
        self.stdout.write(f"Sparade {count} antal inbjudna.")

    def do_links(self, options):
        from kompass.surveys.domain.answering import ensure_links, set_link_active

        survey = _get(options["slug"])
        wave = _wave(survey, options["wave"])
        if options["close"] or options["open"]:
            links = {
                link.organisation_id: link for link in wave.links.select_related("organisation")
            }
            changes = [(o, False) for o in _orgs(options["close"])]
            changes += [(o, True) for o in _orgs(options["open"])]
            missing = [o.name for o, _active in changes if o.pk not in links]
            if missing:
                raise CommandError(
                    f"omgången {wave.code} har ingen länk för {', '.join(missing)} "
                    f"(skapa länkarna med: kompass survey links {survey.slug} --wave {wave.code})"
                )
            for organisation, active in changes:
                set_link_active(link=links[organisation.pk], active=active)
                state = "öppen" if active else "stängd"
                self.stdout.write(f"Länken för {organisation.name} är {state}.")
            return
        links = ensure_links(survey=survey, wave=wave)
        writer = CsvWriter(self.stdout)
        writer.writerow(["organisation", "name", "url"])
        for link in links:
            if link.active:
                writer.writerow(
                    [
                        link.organisation.code or "",
                        link.organisation.name,
                        f"{settings.SITE_URL}/enkater/svara/{link.token}/",
                    ]
                )
        closed = [link.organisation.name for link in links if not link.active]
        if closed:
            self.stderr.write(
                f"Stängda länkar visas inte ({', '.join(closed)}); öppna dem igen med --open."
            )

    def do_tokens(self, options):
        from kompass.surveys.domain.answering import create_invitations

        survey = _get(options["slug"])
        wave = _wave(survey, options["wave"])
        organisation = _orgs([options["organisation"]])[0]
        created = create_invitations(
            survey=survey, wave=wave, organisation=organisation, labels=options["recipients"]
        )
        writer = CsvWriter(self.stdout)
        writer.writerow(["recipient", "url"])
        for label, token in created:
            writer.writerow([label, f"{settings.SITE_URL}/enkater/svara/{token}/"])

    def do_recipients(self, options):
        survey = _get(options["slug"])
        mail_commands.do_recipients(self, options, survey, _wave(survey, options["wave"]))

    def do_send(self, options):
        survey = _get(options["slug"])
        mail_commands.do_send(self, options, survey, _wave(survey, options["wave"]))

    def do_remind(self, options):
        survey = _get(options["slug"])
        mail_commands.do_remind(self, options, survey, _wave(survey, options["wave"]))

    def do_import(self, options):
        from kompass.surveys.domain.importing import import_responses

        survey = _get(options["survey"])
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: filen kan inte läsas ({exc.strerror})") from exc
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(
                    total=total,
                    unit=" svar",
                    desc="Sparar",
                    file=self.stderr._out,
                    disable=total < 10_000 or not self.stderr.isatty(),
                )
            bar.update(done - bar.n)

        try:
            result = import_responses(
                survey=survey, content=content, filename=path.name, progress=progress
            )
        except InputError as exc:
            raise CommandError("importen avbröts, inget sparades:\n" + str(exc)) from exc
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(f"Importerade {result.respondents} svar ({result.encoding}).")
        if options["close"]:
            from kompass.surveys.domain.surveys import close_wave

            for wave in survey.waves.filter(code__in=result.waves):
                close_wave(wave=wave)
                self.stdout.write(f"Omgång {wave.code} är stängd; resultaten visas.")
        else:
            open_waves = [
                w.code for w in survey.waves.filter(code__in=result.waves) if not w.is_closed()
            ]
            if open_waves:
                self.stdout.write(
                    f"Omgång {', '.join(open_waves)} är öppen: resultaten visas när den stängs "
                    f"(kompass survey close {survey.slug} OMGÅNG)."
                )
        if result.waves_created:
            self.stdout.write(f"Nya omgångar: {', '.join(result.waves_created)}")
        if result.organisations_added:
            self.stdout.write(f"Nya i kohorten: {', '.join(result.organisations_added)}")
        if result.ignored_columns:
            self.stderr.write(f"Okända kolumner lästes inte: {', '.join(result.ignored_columns)}")

    def do_summary(self, options):
        from kompass.surveys.domain.results import summary, survey_results

        survey = _get(options["slug"])
        organisations = None
        if options.get("organisation"):
            org = _orgs([options["organisation"]])[0]
            organisations = {org.key}
        results = survey_results(survey)
        data = summary(results, organisations=organisations)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            return
        self._summary_table(results)

    def _summary_table(self, results):
        from kompass.surveys.report import count_text

        waves = results.result_waves
        if not waves:
            if any(w.open for w in results.answered_waves):
                self.stdout.write("Resultaten visas när omgången har stängt.")
                return
            self.stdout.write(
                "Inga svar ännu. Importera med: kompass survey import --survey SLUG FIL"
            )
            return
        header = f"{'Påstående':<12}" + "".join(f"{w.name[:14]:>16}" for w in waves)
        self.stdout.write(header)
        for position, item in results.scale_items:
            values = []
            for wave in waves:
                stat = results.stat(position, results.cell(wave.code))
                values.append(
                    format_number(stat.mean, 2)
                    if stat.shown
                    else "dolt"
                    if stat.suppressed
                    else "–"
                )
            self.stdout.write(f"{item.code:<12}" + "".join(f"{v:>16}" for v in values))
        self.stdout.write(
            "n = "
            + ", ".join(f"{w.name}: {count_text(results.count(w.code), results.k)}" for w in waves)
        )

    def do_close(self, options):
        from kompass.surveys.domain.surveys import close_wave

        survey = _get(options["slug"])
        wave = _wave(survey, options["wave"])
        close_wave(wave=wave)
        self.stdout.write(f"Omgång {wave.code} är stängd: inga fler svar, resultaten visas.")
        if not options.get("no_reports"):
            from kompass.surveys.jobs import queue_wave_reports

            job = queue_wave_reports(wave, user=None)
            self.stdout.write(
                f"Alla återrapporter och kohortrapporten byggs som jobb {job.pk} "
                "(kompass worker; se Mina jobb)."
            )

    def do_export(self, options):
        from openpyxl import load_workbook

        from kompass.reports.exports import command_line_user, export

        survey = _get(options["slug"])
        organisation = None
        if options.get("organisation"):
            organisation = _orgs([options["organisation"]])[0].key
        content = export(
            "enkat",
            user=command_line_user(),
            key=survey.slug,
            params={"organisation": organisation},
            fmt="xlsx",
        ).content
        path = Path(options["output"])
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"kan inte skriva {path}: {exc.strerror}") from exc
        sheets = len(load_workbook(path, read_only=True).sheetnames)
        self.stdout.write(f"Skrev {sheets} tabeller till {path}")

    def do_delete(self, options):
        from kompass.surveys.domain.surveys import delete_survey

        survey = _get(options["slug"])
        if not options["yes"]:
            raise CommandError("lägg till --yes för att ta bort enkäten med alla svar")
        delete_survey(survey=survey)
        self.stdout.write(f"Tog bort enkäten {survey.slug}.")
