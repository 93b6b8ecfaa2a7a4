"""Spreadsheet output that stays inert: the one XLSX cell writer and the one CSV writer.

User text (an action's name, a team member, a metric, a free-text answer) can start with
`=`, `+`, `-` or `@`; Excel and LibreOffice read such a cell as a formula, and a formula
can fetch URLs or run commands ("CSV injection", OWASP). Every exporter in Kompass writes
through this module, so a text is always a text and a number stays a number:

- XLSX: a string is stored as a string cell (never `t="f"`) with Excel's quote prefix,
  so editing the cell later does not turn it into a formula either;
- CSV: a string that a spreadsheet would read as a formula gets a leading apostrophe
  (OWASP's advice); a text holding the separator, a quote or a line break is quoted, so
  it cannot start a new cell that begins with `=`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

# What a spreadsheet reads as the start of a formula (or of a DDE call); tab and carriage
# return because some programs strip them before they look at the first character.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could take `text` for a formula. Leading spaces do not
    protect: some programs trim them."""
    return text.lstrip(" ").startswith(FORMULA_STARTS)


def neutral_text(text: str) -> str:
    """`text` as it is safe to put in a CSV cell: an apostrophe before a formula start."""
    return "'" + text if looks_like_formula(text) else text


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def put(ws, row: int, column: int, value: Any):
    """Write `value` into the openpyxl sheet `ws` and return the cell. Numbers, dates and
    empty cells are written as they are; everything else as a text that cannot run."""
    cell = ws.cell(row=row, column=column)
    if value is None or _is_number(value) or hasattr(value, "isoformat"):
        cell.value = value
        return cell
    text = str(value)
    cell.value = text
    # openpyxl marks a string starting with "=" as a formula when it is assigned; the
    # type is set back to string, and the quote prefix keeps Excel from re-reading it.
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


class CsvWriter:
    """`csv.writer` that neutralises every text; numbers stay numbers."""

    def __init__(self, stream: IO[str], *, delimiter: str = ",", lineterminator: str = "\n"):
        self._writer = csv.writer(
            stream, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL
        )
        # csv quotes a field with "\n" but not one with a lone "\r"; such rows are quoted
        # whole, so that no reader can split them into a new row.
        self._quoted = csv.writer(
            stream, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_ALL
        )

    def writerow(self, row: Iterable[Any]) -> None:
        fields = [self._field(v) for v in row]
        breaks = any(isinstance(f, str) and ("\r" in f or "\n" in f) for f in fields)
        (self._quoted if breaks else self._writer).writerow(fields)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    @staticmethod
    def _field(value: Any) -> Any:
        if value is None:
            return ""
        if _is_number(value):
            return value
        return neutral_text(str(value))


def csv_text(rows: Iterable[Iterable[Any]], *, delimiter: str = ",") -> str:
    """The rows as CSV text (header included if it is the first row)."""
    buffer = io.StringIO()
    CsvWriter(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()
