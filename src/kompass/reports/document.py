"""A report as data: sections of headings, paragraphs, lists, tables and charts.

Every report in Kompass (evaluation, survey feedback, cohort, project, key ratios) is
built once as a `Report` and then rendered to HTML (web and PDF) and DOCX, and its tables
to XLSX. Renderers never compute: figures arrive already formatted in `Cell.display`, so
the web page, the PDF and the Word file always show the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kompass.lib.numbers import format_number


@dataclass
class Heading:
    text: str
    level: int = 2
    anchor: str = ""


@dataclass
class Paragraph:
    """Running text. Blank lines separate paragraphs; a run of lines that start with
    "- " (or "1. ", "2. " ...) is a list, so texts written as plain text (framework
    descriptions, notes) print as real lists everywhere."""

    text: str
    style: str = ""  # "", "lead", "muted", "caution"

    def parts(self) -> list[tuple[str, Any]]:
        return text_parts(self.text)


_BULLET = re.compile(r"^\s*[-•*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")


def text_parts(text: str) -> list[tuple[str, Any]]:
    """`text` as ("p", text), ("ul", [items]) and ("ol", [items]) in reading order."""
    lines: list[tuple[str, str]] = []  # (kind, text); kind "" is prose, "" text a break
    for raw in (text or "").splitlines():
        bullet, numbered = _BULLET.match(raw), _NUMBERED.match(raw)
        if not raw.strip():
            lines.append(("break", ""))
        elif bullet or numbered:
            lines.append(("ul" if bullet else "ol", (bullet or numbered).group(1).strip()))
        elif lines and lines[-1][0] in ("ul", "ol") and raw.startswith((" ", "\t")):
            kind, item = lines[-1]  # a list item wrapped onto the next line
            lines[-1] = (kind, f"{item} {raw.strip()}")
        else:
            lines.append(("p", raw.strip()))
    parts: list[tuple[str, Any]] = []
    for kind, line in lines:
        if kind == "break":
            parts.append(("break", None))
        elif parts and parts[-1][0] == kind:
            if kind == "p":
                parts[-1] = ("p", f"{parts[-1][1]}\n{line}")
            else:
                parts[-1][1].append(line)
        else:
            parts.append((kind, line if kind == "p" else [line]))
    return [part for part in parts if part[0] != "break"] or [("p", "")]


@dataclass
class BulletList:
    items: list[str]
    title: str = ""
    ordered: bool = False


@dataclass
class Cell:
    """One table cell: the raw value (for XLSX) and the text shown (for everything else).

    `emphasis` is "high" (bold), "low" (italic) or "suppressed" (hidden for anonymity).
    """

    value: Any = None
    display: str = ""
    emphasis: str = ""
    note: str = ""
    decimals: int | None = None  # for numbers: how many are shown (XLSX keeps the format)

    @classmethod
    def number(cls, value, decimals: int = 0, *, sign: bool = False, emphasis: str = "") -> Cell:
        return cls(
            value=None if value is None else float(value),
            display=format_number(value, decimals, sign=sign),
            emphasis=emphasis,
            decimals=decimals,
        )

    @classmethod
    def text(cls, value: str, emphasis: str = "") -> Cell:
        return cls(value=value, display=value, emphasis=emphasis)

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


@dataclass
class Column:
    label: str
    numeric: bool = False


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[list[Cell]]
    total_rows: int = 0  # the last n rows are totals (drawn with a rule above)
    footnotes: list[str] = field(default_factory=list)
    sheet: str = ""  # XLSX sheet name; defaults to the caption
    row_headers: bool = True  # first column names the row (<th scope="row">)

    def __post_init__(self) -> None:
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(
                    f"table {self.caption!r}: row {index} has {len(row)} cells, expected {width}"
                )


@dataclass
class Chart:
    """A chart and its text alternatives: `description` says what it shows in a sentence;
    `table` holds the figures for screen readers (and for whoever prefers numbers)."""

    spec: Any  # a spec from kompass.reports.charts
    caption: str
    description: str
    table: Table | None = None
    key: str = ""  # unique on a page: keeps SVG ids apart


@dataclass
class Columns:
    """Blocks side by side (strengths beside improvement opportunities)."""

    left_title: str
    left: list
    right_title: str
    right: list


@dataclass
class KeyFigure:
    label: str
    value: str
    detail: str = ""


@dataclass
class KeyFigures:
    items: list[KeyFigure]


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)
    level: int = 2
    anchor: str = ""

    def add(self, *blocks) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Report:
    title: str
    subtitle: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notice: str = ""  # e.g. "Exempeldata": shown prominently on every rendering
    # The language the texts were written in; "" means the language active when the
    # report is rendered (the builders translate with the request's language).
    language: str = ""
    filename: str = "rapport"

    def add(self, section: Section) -> Section:
        self.sections.append(section)
        return section

    def tables(self) -> list[Table]:
        """Every table in the report, including the data tables behind charts."""
        found: list[Table] = []

        def walk(blocks):
            for block in blocks:
                if isinstance(block, Table):
                    found.append(block)
                elif isinstance(block, Chart) and block.table is not None:
                    found.append(block.table)
                elif isinstance(block, Columns):
                    walk(block.left)
                    walk(block.right)

        for section in self.sections:
            walk(section.blocks)
        return found
