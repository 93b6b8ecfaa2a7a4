"""`kompass retention run [--dry-run]`: the same deletion the daily job runs, printed."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kompass.core import retention
from kompass.core.errors import InputError


class Command(BaseCommand):
    help = "Gallrar personuppgifter enligt lagringsreglerna (samma som det dagliga jobbet)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        run = sub.add_parser("run", help="radera eller anonymisera det som är för gammalt")
        run.add_argument("--dry-run", action="store_true", help="visa bara vad som skulle gallras")
        run.add_argument(
            "--date",
            help="räkna som om det vore detta datum (ÅÅÅÅ-MM-DD), t.ex. för att se vad "
            "som gallras vid månadens slut; bara tillsammans med --dry-run",
        )
        sub.add_parser("rules", help="visa lagringstiden för varje sorts personuppgifter")
        rule = sub.add_parser("set", help="ändra lagringstiden för en sorts personuppgifter")
        rule.add_argument("kind", help=", ".join(retention.KINDS))
        rule.add_argument("days", type=int, help="antal dagar (minst 1)")
        rule.add_argument("--reason", default="", help="beslut eller motivering")

    def handle(self, *args, **options):
        from kompass.governance.domain import retention as rules

        if options["action"] == "rules":
            periods = rules.periods()
            for kind in retention.KINDS:
                self.stdout.write(
                    f"{kind:<16} {periods[kind]:>6} dagar  {retention.kind_name(kind)}"
                )
            return
        if options["action"] == "set":
            try:
                rule = rules.set_rule(
                    kind=options["kind"], days=options["days"], reason=options["reason"], user=None
                )
            except InputError as exc:
                raise CommandError("\n".join(exc.messages)) from exc
            self.stdout.write(f"{rule.kind}: {rule.days} dagar")
            return
        now = None
        if options["date"]:
            if not options["dry_run"]:
                raise CommandError("--date går bara att använda med --dry-run")
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"”{options['date']}” är inget datum; skriv ÅÅÅÅ-MM-DD"
                ) from None
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        outcomes = rules.run(now=now, dry_run=options["dry_run"])
        for outcome in outcomes:
            self.stdout.write(outcome.line(dry_run=options["dry_run"]))
        total = sum(o.count for o in outcomes)
        if options["dry_run"]:
            self.stdout.write(f"Totalt {total} rader skulle gallras (inget ändrades).")
        else:
            self.stdout.write(f"Totalt {total} rader gallrade.")
