"""Tables of key ratios and indicator series as rows keyed by column: the one table
reader (`kompass.lib.tables.read_records`: encodings, separators, XLSX, the header in the
first non-blank row, short rows refused) shaped for these imports, with the row number
each came from so every problem can be reported where it is. Values stay as written
(strings from CSV, numbers and dates from XLSX); `number()` reads a value with decimal
comma or point through the shared number check.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kompass.core.errors import InputError, InputProblem
from kompass.lib.numbers import checked_float, parse_number
from kompass.lib.tables import is_xlsx, read_records


@dataclass
class Row:
    line: int
    cells: dict[str, object]  # normalised header -> value ("" when empty)

    def get(self, key: str, default=""):
        return self.cells.get(key, default)


@dataclass
class Sheet:
    filename: str
    headers: list[str]  # as written
    keys: list[str]  # normalised
    rows: list[Row]
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1

    def column_label(self, key: str) -> str:
        return self.headers[self.keys.index(key)] if key in self.keys else key


def normalise(header: object) -> str:
    return " ".join(str(header or "").replace("\ufeff", "").split()).casefold()


def read_table(data: bytes, filename: str = "") -> Sheet:
    """A CSV or XLSX file as a `Sheet`. Raises InputError for empty or unreadable files
    and for duplicate column names."""
    if not data or not data.strip():
        raise InputError([InputProblem(_("filen är tom"), file=filename)])
    if is_xlsx(data, filename):
        _refuse_merged(data, filename)
    sheet = _sheet(data, filename)
    duplicates = sorted({k for k in sheet.keys if k and sheet.keys.count(k) > 1})
    if duplicates:
        raise InputError(
            [
                InputProblem(
                    _("kolumnen ”%(name)s” finns flera gånger i rubrikraden") % {"name": d},
                    file=filename,
                    line=_header_line(sheet),
                )
                for d in duplicates
            ]
        )
    return sheet


MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def merged_ranges(data: bytes) -> list[str]:
    """The merged cell ranges ("A2:A4") of the workbook's first sheet. A merged range
    holds its value in its first cell only, so a value would silently belong to one row
    of several; the import refuses such a file instead. (openpyxl's read-only mode, which
    reads large files, does not report merged cells, so the sheet's XML is read here.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = archive.read("xl/workbook.xml")
            first = re.search(rb'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]+)"', workbook)
            rels = archive.read("xl/_rels/workbook.xml.rels")
            target = None
            if first:
                for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
                    tag = rel.group(0)
                    if b'Id="' + first.group(1) + b'"' in tag:
                        found = re.search(rb'Target="([^"]+)"', tag)
                        target = found.group(1).decode() if found else None
            if target is None:
                return []
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheet = archive.read(path)
    except (KeyError, zipfile.BadZipFile):
        return []  # the table reader reports an unreadable file in its own words
    return [m.group(1).decode() for m in MERGE.finditer(sheet)]


def _refuse_merged(data: bytes, filename: str) -> None:
    merged = merged_ranges(data)
    if merged:
        listed = ", ".join(merged[:10]) + (" …" if len(merged) > 10 else "")
        raise InputError(
            [
                InputProblem(
                    _(
                        "filen har sammanfogade celler (%(cells)s); ett sammanfogat värde hör "
                        "bara till den första cellen. Dela upp cellerna (Excel: Start › "
                        "Sammanfoga och centrera › Dela upp celler) och skriv värdet på varje rad"
                    )
                    % {"cells": listed},
                    file=filename,
                )
            ]
        )


def _header_line(sheet: Sheet) -> int:
    return sheet.header_row


def _sheet(data: bytes, filename: str) -> Sheet:
    """The shared reader's records keyed by normalised header (extra cells as "#N")."""
    records = read_records(data, filename)
    keys = [normalise(h) for h in records.headers]
    rows: list[Row] = []
    for number, values in records.rows:
        cells: dict[str, object] = {}
        for index, value in enumerate(values):
            if index >= len(keys):
                if value is None or value == "":
                    continue
                key = f"#{index + 1}"
            else:
                key = keys[index]
            cells[key] = "" if value is None else value
        rows.append(Row(number, cells))
    return Sheet(
        filename,
        records.headers,
        keys,
        rows,
        records.encoding,
        records.separator,
        records.header_row,
    )


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number(value) -> float | None:
    """A cell as a float: "4,5", "4.5", "1 234,5", "45 %", 4.5. Empty gives None.
    Raises ValueError with a message in the reader's language when the cell is not a number."""
    if is_empty(value):
        return None
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(_("”%(text)s” är inte ett tal") % {"text": value})
    if isinstance(value, (int, float, Decimal)):
        return checked_float(value)  # finite and within MAX_MAGNITUDE, as every input
    text = str(value).strip()
    if text.endswith("%"):
        text = text[:-1]
    return float(parse_number(text))
