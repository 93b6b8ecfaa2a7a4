"""Reading the tables people actually have: CSV exported from Excel (semicolon and
Windows-1252 in Swedish Excel, comma and UTF-8 elsewhere), or XLSX.

The reader finds the delimiter from the header line, tries UTF-8 first and falls back to
Windows-1252, and returns rows with the line (CSV) or row number (XLSX) they came from so
every problem can be reported where it is. Values stay as written (strings from CSV,
numbers and dates from XLSX); `number()` reads a value with decimal comma or point.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from decimal import Decimal

from kompass.core.errors import InputError, InputProblem
from kompass.core.tabular import decode, is_xlsx, separator_of, xlsx_rows
from kompass.lib.numbers import parse_number


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

    def column_label(self, key: str) -> str:
        return self.headers[self.keys.index(key)] if key in self.keys else key


def normalise(header: object) -> str:
    return " ".join(str(header or "").replace("\ufeff", "").split()).casefold()


def read_table(data: bytes, filename: str = "") -> Sheet:
    """A CSV or XLSX file as a `Sheet`. Raises InputError for empty or unreadable files
    and for duplicate column names."""
    if not data or not data.strip():
        raise InputError([InputProblem("filen är tom", file=filename)])
    sheet = _read_xlsx(data, filename) if is_xlsx(data, filename) else _read_csv(data, filename)
    duplicates = sorted({k for k in sheet.keys if k and sheet.keys.count(k) > 1})
    if duplicates:
        raise InputError(
            [
                InputProblem(
                    f"kolumnen ”{d}” finns flera gånger i rubrikraden",
                    file=filename,
                    line=_header_line(sheet),
                )
                for d in duplicates
            ]
        )
    return sheet


def _header_line(sheet: Sheet) -> int:
    return (sheet.rows[0].line - 1) if sheet.rows else 1


def _read_csv(data: bytes, filename: str) -> Sheet:
    text, encoding = decode(data, filename)
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise InputError([InputProblem("filen är tom", file=filename)])
    delimiter = separator_of(lines[header_index])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[Row] = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if headers is None:
            headers = [cell.strip() for cell in record]
            keys = [normalise(h) for h in headers]
            continue
        cells = {}
        for index, value in enumerate(record):
            key = keys[index] if index < len(keys) else f"#{index + 1}"
            cells[key] = value.strip()
        rows.append(Row(line, cells))
    return Sheet(filename, headers or [], keys, rows, encoding, delimiter)


def _read_xlsx(data: bytes, filename: str) -> Sheet:
    headers: list[str] | None = None
    keys: list[str] = []
    rows: list[Row] = []
    for number, record in xlsx_rows(data, filename):
        if not any(v is not None and str(v).strip() for v in record):
            continue
        if headers is None:
            headers = [str(v).strip() if v is not None else "" for v in record]
            while headers and not headers[-1]:
                headers.pop()
            keys = [normalise(h) for h in headers]
            continue
        cells = {}
        for index, value in enumerate(record):
            if index >= len(keys):
                if value is None:
                    continue
                key = f"#{index + 1}"
            else:
                key = keys[index]
            cells[key] = (
                "" if value is None else (value.strip() if isinstance(value, str) else value)
            )
        rows.append(Row(number, cells))
    return Sheet(filename, headers or [], keys, rows, "XLSX", "")


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number(value) -> float | None:
    """A cell as a float: "4,5", "4.5", "1 234,5", "45 %", 4.5. Empty gives None.
    Raises ValueError with a Swedish message when the cell is not a number."""
    if is_empty(value):
        return None
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(f"”{value}” är inte ett tal")
    if isinstance(value, (int, float, Decimal)):
        result = float(value)
    else:
        text = str(value).strip()
        if text.endswith("%"):
            text = text[:-1]
        result = float(parse_number(text))
    if not math.isfinite(result):
        raise ValueError(f"”{value}” är inte ett tal")
    return result
