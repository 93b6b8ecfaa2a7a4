"""`kompass person find|export|erase`: a person's data in one place (the same functions
as the administrators' page "Personuppgifter")."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Hittar, lämnar ut (JSON) eller raderar allt databasen har om en person."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        find = sub.add_parser("find", help="sök på användarnamn, e-postadress eller namn")
        find.add_argument("query")
        export = sub.add_parser("export", help="allt om personen som JSON")
        export.add_argument("person", help="SLAG:ID (från find) eller en sökning med en träff")
        export.add_argument("-o", "--output", help="fil att skriva (standard: skärmen)")
        erase = sub.add_parser("erase", help="radera eller anonymisera personen")
        erase.add_argument("person", help="SLAG:ID (från find), t.ex. accounts.user:12")
        erase.add_argument("--yes", action="store_true", help="ja, radera (krävs)")

    def _key(self, text: str) -> str:
        from kompass.governance.domain import people

        if ":" in text:
            return text
        found = people.find(text)
        if len(found) != 1:
            listed = ", ".join(f"{f.key} ({f.name})" for f in found) or "inga"
            raise CommandError(f"”{text}” ger {len(found)} träffar ({listed}); ange en med SLAG:ID")
        return found[0].key

    def handle(self, *args, **options):
        from kompass.governance.domain import people

        action = options["action"]
        if action == "find":
            found = people.find(options["query"])
            for f in found:
                self.stdout.write(f"{f.key:<32} {f.kind:<16} {f.name}")
            if not found:
                self.stdout.write("Ingen person matchar.")
            return
        try:
            key = self._key(options["person"])
            if action == "export":
                data = json.dumps(people.export(key, user=None), ensure_ascii=False, indent=2)
                if options["output"]:
                    Path(options["output"]).write_text(data + "\n", encoding="utf-8")
                    self.stdout.write(f"Skrev {options['output']}.")
                else:
                    self.stdout.write(data)
                return
            if ":" not in options["person"]:
                raise CommandError("radera bara med SLAG:ID, så att rätt person raderas")
            if not options["yes"]:
                raise CommandError("lägg till --yes för att radera; det går inte att ångra")
            self.stdout.write(f"{key}: {people.erase(key, user=None)}")
        except LookupError as exc:
            raise CommandError(str(exc).strip("'\"")) from exc
