"""`kompass audit list`: the audit trail on the command line."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kompass.audit.models import AuditEntry
from kompass.audit.reading import TrailFilter, entry_json, kind_name


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"”{value}” är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-01-31"
        ) from None


class Command(BaseCommand):
    help = "Visar ändringsloggen: vem ändrade vad, när, före och efter."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("list", help="lista ändringar, senaste först")
        p.add_argument("--organisation", help="kommunkod eller namn")
        p.add_argument("--since", help="från och med datum (ÅÅÅÅ-MM-DD)")
        p.add_argument("--until", help="till och med datum (ÅÅÅÅ-MM-DD)")
        p.add_argument("--kind", help="slag av objekt, t.ex. surveys.wave")
        p.add_argument("--object", help="ett objekt: SLAG:ID, t.ex. evaluations.evaluation:12")
        p.add_argument("--user", dest="person", help="användarnamnet på den som ändrade")
        p.add_argument("--limit", type=int, default=0, help="högst så många (0: alla)")
        p.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args, **options):
        qs = AuditEntry.objects.select_related("user", "organisation")
        if options["organisation"]:
            from kompass.organisations.domain.register import find_organisation

            try:
                qs = qs.filter(organisation=find_organisation(options["organisation"]))
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        if options["object"]:
            kind, sep, object_id = options["object"].partition(":")
            if not sep or not object_id:
                raise CommandError("--object skrivs SLAG:ID, t.ex. evaluations.evaluation:12")
            from kompass.audit.reading import object_entries

            qs = qs & object_entries(kind.lower(), object_id)
        user_id = None
        if options["person"]:
            from django.contrib.auth import get_user_model

            person = get_user_model().objects.filter(username=options["person"]).first()
            if person is None:
                raise CommandError(f"det finns ingen användare som heter ”{options['person']}”")
            user_id = person.pk
        since = _date(options["since"]) if options["since"] else None
        until = _date(options["until"]) if options["until"] else None
        if since and until and until < since:
            raise CommandError("--until ligger före --since")
        qs = TrailFilter(
            kind=(options["kind"] or "").lower(), user_id=user_id, since=since, until=until
        ).apply(qs)
        if options["limit"] > 0:
            qs = qs[: options["limit"]]
        if options["format"] == "json":
            self.stdout.write(json.dumps([entry_json(e) for e in qs], ensure_ascii=False, indent=2))
            return
        count = 0
        for entry in qs:
            count += 1
            fields = ", ".join(sorted({*entry.before, *entry.after}))
            self.stdout.write(
                f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}  {entry.who:<30.30} "
                f"{entry.get_action_display():<12} {kind_name(entry.object_kind)} "
                f"{entry.object_id} {entry.object_label}" + (f" [{fields}]" if fields else "")
            )
        if not count:
            self.stdout.write("Inga ändringar matchar urvalet.")
