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
from pathlib import Path

from kompass.core.errors import InputError, InputProblem
from kompass.core.numbers import parse_number

DELIMITERS = (";", "\t", ",")
XLSX_MAGIC = b"PK\x03\x04"


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


def decode(data: bytes, filename: str = "") -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        raise InputError(
            [
                InputProblem(
                    "filen är varken UTF-8 eller Windows-1252; spara den som CSV UTF-8",
                    file=filename,
                )
            ]
        ) from None


def read_table(data: bytes, filename: str = "") -> Sheet:
    """A CSV or XLSX file as a `Sheet`. Raises InputError for empty or unreadable files
    and for duplicate column names."""
    if not data or not data.strip():
        raise InputError([InputProblem("filen är tom", file=filename)])
    if data[:4] == XLSX_MAGIC or Path(filename).suffix.lower() in (".xlsx", ".xlsm"):
        sheet = _read_xlsx(data, filename)
    else:
        sheet = _read_csv(data, filename)
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
    header_line = lines[header_index]
    delimiter = max(DELIMITERS, key=lambda d: (header_line.count(d), d == ";"))
    if header_line.count(delimiter) == 0:
        delimiter = ","
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
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(
            [
                InputProblem(
                    f"filen kunde inte läsas som XLSX ({exc.__class__.__name__})", file=filename
                )
            ]
        ) from None
    worksheet = workbook.worksheets[0]
    headers: list[str] | None = None
    keys: list[str] = []
    rows: list[Row] = []
    for number, record in enumerate(worksheet.iter_rows(values_only=True), start=1):
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
    workbook.close()
    return Sheet(filename, headers or [], keys, rows, "xlsx", "")


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
