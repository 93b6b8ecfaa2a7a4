"""Report kinds that `kompass report KIND ...` and the download views can produce.

A domain app registers its kind in `AppConfig.ready()` with a function that adds its
command-line arguments and one that builds the `Report` from the parsed options.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKind:
    name: str
    help: str
    add_arguments: Callable  # (parser) -> None
    build: Callable  # (options: dict) -> Report; raise CommandError/LookupError in Swedish


_kinds: dict[str, ReportKind] = {}


def register_report(kind: ReportKind) -> None:
    _kinds[kind.name] = kind


def report_kinds() -> dict[str, ReportKind]:
    return dict(sorted(_kinds.items()))


# Sections another app contributes to a report kind (e.g. follow-up of earlier improvement
# opportunities in an evaluation report). builder(obj) -> Section | None.
_sections: dict[str, list[tuple[int, Callable]]] = {}


def register_section(kind: str, builder: Callable, order: int = 50) -> None:
    entries = _sections.setdefault(kind, [])
    if builder not in [b for _, b in entries]:
        entries.append((order, builder))
        entries.sort(key=lambda e: e[0])


def extra_sections(kind: str, obj) -> list:
    return [s for _, builder in _sections.get(kind, []) if (s := builder(obj)) is not None]
