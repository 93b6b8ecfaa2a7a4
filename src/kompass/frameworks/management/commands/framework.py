"""`kompass framework list|check FILE|load FILE|show ID`"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.frameworks.domain.loading import (
    get_framework,
    load_framework_file,
    read_framework_file,
)
from kompass.frameworks.models import Framework
from kompass.frameworks.schema import FrameworkError


class Command(BaseCommand):
    help = "Listar, kontrollerar och läser in ramverk (instrument) i YAML."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        sub.add_parser("list", help="lista inlästa ramverk")
        p = sub.add_parser("check", help="kontrollera en YAML-fil utan att läsa in den")
        p.add_argument("file")
        p = sub.add_parser("load", help="kontrollera och läs in (eller uppdatera) en YAML-fil")
        p.add_argument("file")
        p = sub.add_parser("show", help="visa ett ramverks struktur")
        p.add_argument("id")
        p.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "list":
            for f in Framework.objects.order_by("identifier"):
                tree = f.tree
                self.stdout.write(
                    f"{f.identifier:<34} {f.get_kind_display():<12} {tree.title} "
                    f"({len(tree.areas)} områden, {len(tree.subareas)} delområden, {len(tree.items)} frågor)"
                )
            return
        if action == "show":
            try:
                tree = get_framework(options["id"]).tree
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
            if options["format"] == "json":
                data = [
                    {
                        "code": a.code,
                        "name": a.name,
                        "max": float(a.max) if a.max else None,
                        "subareas": [
                            {
                                "code": s.code,
                                "name": s.name,
                                "max": float(s.max) if s.max else None,
                                "aliases": list(s.aliases),
                            }
                            for s in a.subareas
                        ],
                        "items": [{"code": i.code, "text": i.text} for i in a.all_items],
                    }
                    for a in tree.areas
                ]
                self.stdout.write(
                    json.dumps(
                        {
                            "id": tree.id,
                            "name": tree.name,
                            "version": tree.version,
                            "kind": tree.kind,
                            "areas": data,
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
                return
            self.stdout.write(f"{tree.title} ({tree.kind})")
            for area in tree.areas:
                self.stdout.write(
                    f"  {area.code} {area.name}" + (f" (max {area.max})" if area.max else "")
                )
                for sub in area.subareas:
                    alias = f" – även: {', '.join(sub.aliases)}" if sub.aliases else ""
                    self.stdout.write(
                        f"    {sub.code} {sub.name}"
                        + (f" (max {sub.max})" if sub.max else "")
                        + alias
                    )
                for item in area.all_items:
                    self.stdout.write(f"    {item.code} {item.text}")
            return
        path = Path(options["file"])
        try:
            if action == "check":
                _, tree = read_framework_file(path)
                self.stdout.write(f"{path}: giltigt ramverk {tree.id} ({tree.title}).")
            else:
                framework, changed = load_framework_file(path)
                self.stdout.write(
                    f"{framework.identifier}: {'inläst' if changed else 'oförändrat'}."
                )
        except FrameworkError as exc:
            raise CommandError(f"{len(exc.problems)} fel:\n{exc}") from exc
