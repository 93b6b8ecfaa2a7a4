"""Sections another app contributes to a report kind (e.g. follow-up of earlier
improvement opportunities in an evaluation report). The kinds themselves are declared in
`kompass.reports.exports`.

`register_section(kind, builder)`: builder(obj) -> Section | None, in `order`.
"""

from collections.abc import Callable
from dataclasses import dataclass

_sections: dict[str, list[tuple[int, Callable]]] = {}


def register_section(kind: str, builder: Callable, order: int = 50) -> None:
    entries = _sections.setdefault(kind, [])
    if builder not in [b for _, b in entries]:
        entries.append((order, builder))
        entries.sort(key=lambda e: e[0])


def extra_sections(kind: str, obj) -> list:
    return [s for _, builder in _sections.get(kind, []) if (s := builder(obj)) is not None]


# -- kinds declared for the command line only ------------------------------------------


@dataclass(frozen=True)
class ReportKind:
    """A report kind that only `kompass report` knows: its own argparse arguments and a
    build from the parsed options. Kinds with a web download are declared in
    `kompass.reports.exports` instead (parameters, access policy, one download view)."""

    name: str
    help: str
    add_arguments: Callable  # (parser) -> None
    build: Callable  # (options: dict) -> Report; raise LookupError/InputError in Swedish


def register_report(kind: ReportKind) -> None:
    from kompass.reports.exports import CommandLineKind
    from kompass.reports.exports import register_report as register

    register(CommandLineKind(kind))
