"""The one table reader: the files people have, CSV as Swedish Excel writes it (semicolon,
Windows-1252) or as everything else does (comma or tab, UTF-8 with or without BOM), and
XLSX.

One place decides the encoding, the separator, where the header is (the first line that
is not blank, in CSV and XLSX alike), which rows are refused (a CSV row with fewer fields
than the header: its missing cells would otherwise be read as blanks) and how an XLSX
sheet is opened, so every import (survey answers, invited people, key ratios, indicator
series) accepts the same files and refuses the same broken ones with the same Swedish
message naming the row and column.

XLSX is streamed (openpyxl's read-only sheet parser) with the sheet's declared
dimension ignored and only the rows the file holds read: a 5 KB file that declares
`A1:XFD1048576` would otherwise have every row padded to 16,384 cells, and a million
empty rows made up before its last one. Rows and columns are capped at what the format really holds and a real import
needs (`MAX_ROWS`, `MAX_COLUMNS`), refused as soon as a row passes the cap.

Two shapes: `read_table` gives a Polars frame of text (one column per header cell, `_row`
the file's row number) for a million answers; `read_records` gives the rows with their
values as written (numbers and dates from XLSX stay numbers and dates) for a table of key
ratios.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from kompass.lib.numbers import format_number
from kompass.lib.problems import InputError, InputProblem, translated

SEPARATORS = (";", ",", "\t")
UTF8_BOM = b"\xef\xbb\xbf"
ZIP_SIGNATURE = b"PK\x03\x04"
ROW = "_row"
MAX_COLUMNS = 2_000  # a survey with every item and background question fits many times
MAX_ROWS = 1_048_576  # what an XLSX sheet can hold
MAX_UNPACKED = 500_000_000  # bytes an XLSX may unpack to (a million real rows fit)
MAX_REPORTED = 20  # short rows named one by one; then the count
# UTF-8 letters read as Windows-1252 ("Ã¶" for "ö"): a file that mixes the encodings.
MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]"
)


def _refuse(message: str, filename: str, row: int | None = None) -> InputError:
    return InputError([InputProblem(message, file=filename, row=row)])


# -- bytes to text ----------------------------------------------------------------------


def _row_of(content: bytes, position: int) -> int:
    return content.count(b"\n", 0, position) + 1


def decode(content: bytes, filename: str = "") -> tuple[str, str]:
    """(text, encoding) with encoding "UTF-8" or "Windows-1252".

    A file that mixes the two, or holds bytes that are neither, is refused with the row
    where it goes wrong instead of importing "Ã¶" for "ö"."""
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Not UTF-8. If the part before the error already holds UTF-8 letters (multi-byte
    # sequences), the file mixes encodings; reading it as Windows-1252 would corrupt them.
    if any(b >= 0x80 for b in content[: utf8_error.start]):
        raise _refuse(
            translated(
                "filen blandar teckenkodningar: tidigare rader är UTF-8 men här finns "
                "tecken som inte är det. Spara filen som UTF-8 och försök igen."
            ),
            filename,
            _row_of(content, utf8_error.start),
        )
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _refuse(
            translated(
                "tecknet 0x%(byte)s finns varken i UTF-8 eller Windows-1252; filen verkar "
                "trasig. Spara den som UTF-8 och försök igen."
            )
            % {"byte": f"{content[exc.start]:02X}"},
            filename,
            _row_of(content, exc.start),
        ) from None
    match = MOJIBAKE.search(text)
    if match:
        raise _refuse(
            translated(
                "”%(text)s” ser ut som UTF-8 läst som Windows-1252: filen blandar "
                "teckenkodningar. Spara filen som UTF-8 och försök igen."
            )
            % {"text": match.group(0)},
            filename,
            text.count("\n", 0, match.start()) + 1,
        )
    return text, "Windows-1252"


def separator_of(header_line: str) -> str:
    """The separator the header line uses most (`;`, `,` or tab); `,` when it has none."""
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def is_xlsx(content: bytes, filename: str = "") -> bool:
    """By name, or by the zip signature every XLSX starts with (a broken XLSX saved under
    another name is then reported as a broken XLSX, not as strange CSV)."""
    return filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == ZIP_SIGNATURE


def column_name(index: int) -> str:
    """The spreadsheet's name of a column: 0 -> A, 26 -> AA, 16383 -> XFD."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# -- XLSX -------------------------------------------------------------------------------


def xlsx_rows(content: bytes, filename: str = "") -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) for every row of the first sheet, trailing blanks trimmed.

    The declared dimension is ignored (openpyxl would pad every row to it), rows are
    streamed, and a row beyond `MAX_ROWS` or a value beyond column `MAX_COLUMNS` is
    refused as soon as it is read."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        unpacked = 0  # openpyxl says below that it is no XLSX
    if unpacked > MAX_UNPACKED:
        raise _refuse(
            translated("filen packas upp till mer än 500 MB; så stora kalkylblad tas inte emot"),
            filename,
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _refuse(
            translated("filen kan inte läsas som XLSX (%(reason)s)")
            % {"reason": exc.__class__.__name__},
            filename,
        ) from None
    number = 0
    try:
        for number, cells in _sheet_rows(workbook):
            if number > MAX_ROWS:
                raise _refuse(
                    translated("bladet har fler än %(max)s rader")
                    % {"max": format_number(MAX_ROWS)},
                    filename,
                    number,
                )
            present = [c for c in cells if c["value"] is not None]
            width = max((c["column"] for c in present), default=0)
            if width > MAX_COLUMNS:
                raise InputError(
                    [
                        InputProblem(
                            translated(
                                "raden har ett värde i kolumn %(column)s; högst %(max)s "
                                "kolumner tas emot"
                            )
                            % {
                                "column": column_name(width - 1),
                                "max": format_number(MAX_COLUMNS),
                            },
                            file=filename,
                            row=number,
                            column=column_name(width - 1),
                        )
                    ]
                )
            values: list[Any] = [None] * width
            for cell in present:
                values[cell["column"] - 1] = cell["value"]
            yield number, tuple(values)
    except InputError:
        raise
    except Exception as exc:  # a sheet that breaks half-way (a cell "NaN" or "INF")
        raise _refuse(
            translated(
                "filen kan inte läsas som XLSX (%(reason)s): raden har ett värde som inte kan läsas"
            )
            % {"reason": exc.__class__.__name__},
            filename,
            number + 1,
        ) from None
    finally:
        workbook.close()


def _sheet_rows(workbook: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The first sheet's rows as written in its XML: (row number, its cells), rows that
    are not in the file skipped (openpyxl's own iteration yields an empty row for each
    of a million missing ones, padded to the declared width)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = workbook.worksheets[0]
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        yield from parser.parse()


# -- the shapes -------------------------------------------------------------------------


@dataclass
class Table:
    """A table of text: `frame` has columns c0, c1, ... (Utf8, blank = None) and `_row`,
    the file's row number of each data row."""

    columns: list[str]  # the header as written (stripped)
    frame: pl.DataFrame
    encoding: str = ""
    separator: str = ""
    header_row: int = 1

    def row_number(self, index: int) -> int:
        return int(self.frame[ROW][index])


@dataclass
class Records:
    """A table with its values as written (XLSX numbers and dates stay so; CSV is text)."""

    headers: list[str]  # as written (stripped)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row, values)
    encoding: str = ""
    separator: str = ""
    header_row: int = 1


def _short_row(row: int, fields: int, headers: list[str], filename: str) -> InputProblem:
    missing = headers[fields] if fields < len(headers) else ""
    return InputProblem(
        translated(
            "raden har %(fields)s fält men rubrikraden har %(width)s; kolumnen ”%(column)s” "
            "och de efter saknas. Alla rader ska ha lika många fält (tomma fält skrivs med "
            "avgränsaren)."
        )
        % {"fields": fields, "width": len(headers), "column": missing or column_name(fields)},
        file=filename,
        row=row,
        column=missing or column_name(fields),
    )


def _raise_short(problems: list[InputProblem], more: int, filename: str) -> None:
    if problems:
        if more:
            problems.append(
                InputProblem(
                    translated("… och %(n)s sådana rader till") % {"n": more}, file=filename
                )
            )
        raise InputError(problems)


def read_records(content: bytes, filename: str = "") -> Records:
    """The header (the first row that is not blank) and every non-blank row after it with
    its row number. Raises InputError for an unreadable file, one without a header, and
    CSV rows with fewer fields than the header."""
    if is_xlsx(content, filename):
        return _xlsx_records(content, filename)
    text, encoding = decode(content, filename)
    header_line = next((line for line in text.splitlines() if line.strip()), None)
    if header_line is None:
        raise _refuse(translated("filen är tom eller saknar rubrikrad"), filename, 1)
    separator = separator_of(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    headers: list[str] | None = None
    records = Records([], encoding=encoding, separator=separator)
    problems: list[InputProblem] = []
    more = 0
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if headers is None:
            headers = [cell.strip() for cell in record]
            records.headers, records.header_row = headers, reader.line_num
            continue
        if len(record) < len(headers):
            if len(problems) < MAX_REPORTED:
                problems.append(_short_row(reader.line_num, len(record), headers, filename))
            else:
                more += 1
            continue
        records.rows.append((reader.line_num, [cell.strip() for cell in record]))
    _raise_short(problems, more, filename)
    return records


def _xlsx_records(content: bytes, filename: str) -> Records:
    records = Records([], encoding="XLSX")
    header: list[str] | None = None
    for number, values in xlsx_rows(content, filename):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if header is None:
            header = [str(v).strip() if v is not None else "" for v in values]
            while header and not header[-1]:
                header.pop()
            records.headers, records.header_row = header, number
            continue
        cells = [v.strip() if isinstance(v, str) else v for v in values]
        records.rows.append((number, cells))
    if header is None:
        raise _refuse(translated("bladet är tomt eller saknar rubrikrad"), filename, 1)
    return records


def read_table(content: bytes, filename: str = "") -> Table:
    """A CSV or XLSX file as a Table of text. Cells arrive as written (blank = None);
    callers normalise the distinct values of a column, which is far cheaper than touching
    every cell of a million rows."""
    if is_xlsx(content, filename):
        return _xlsx_table(content, filename)
    return _csv_table(content, filename)


def _numbered(frame: pl.DataFrame, first_row: int) -> pl.DataFrame:
    """Number the rows as in the file, then drop rows that are empty all the way."""
    names = list(frame.columns)
    frame = frame.with_row_index(ROW, offset=first_row).with_columns(pl.col(ROW).cast(pl.Int64))
    if not names:
        return frame
    return frame.filter(~pl.all_horizontal(pl.col(n).is_null() for n in names))


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _xlsx_table(content: bytes, filename: str) -> Table:
    records = _xlsx_records(content, filename)
    width = len(records.headers)
    names = [f"c{i}" for i in range(width)]
    cells = [[_cell_text(v) for v in values[:width]] for _row, values in records.rows]
    data = {n: [(r[i] if i < len(r) else None) for r in cells] for i, n in enumerate(names)}
    rows = [row for row, _values in records.rows]
    frame = pl.DataFrame(data, schema=dict.fromkeys(names, pl.Utf8)).with_columns(
        pl.Series(ROW, rows, dtype=pl.Int64)
    )
    if names:
        frame = frame.filter(~pl.all_horizontal(pl.col(n).is_null() for n in names))
    return Table(records.headers, frame, "XLSX", "", records.header_row)


def _csv_table(content: bytes, filename: str) -> Table:
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
    text, encoding = decode(content, filename)
    # UTF-8 is already what Polars reads; the decoded text only proved it valid.
    data = content if encoding == "UTF-8" else text.encode("utf-8")
    del text
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # The header is the first line that is not blank, as in every reader of tables.
    start, header_row = 0, 1
    while True:
        end = data.find(b"\n", start)
        line = data[start:] if end < 0 else data[start:end]
        if line.strip() or end < 0:
            break
        start, header_row = end + 1, header_row + 1
    header_line = line.decode("utf-8")
    if not header_line.strip():
        raise _refuse(translated("filen är tom eller saknar rubrikrad"), filename, 1)
    separator = separator_of(header_line)
    header = [h.strip() for h in next(csv.reader([header_line], delimiter=separator))]
    names = [f"c{i}" for i in range(len(header))]
    body = b"" if end < 0 else data[end + 1 :]
    del data
    _check_widths(body, separator, header, header_row + 1, filename)
    if not body.strip():
        frame = pl.DataFrame(schema=dict.fromkeys(names, pl.Utf8))
    else:
        try:
            frame = pl.read_csv(
                io.BytesIO(body),
                has_header=False,
                new_columns=names,
                separator=separator,
                infer_schema=False,
                schema=dict.fromkeys(names, pl.Utf8),
                quote_char='"',
                empty_string_is_null=True,
            )
        except Exception:
            raise InputError(
                _long_rows(body.decode("utf-8"), separator, len(header), header_row, filename)
            ) from None
    return Table(header, _numbered(frame, header_row + 1), encoding, separator, header_row)


def _check_widths(
    body: bytes, separator: str, header: list[str], first_row: int, filename: str
) -> None:
    """Refuse rows with fewer fields than the header (Polars would read the missing
    cells as blanks: an answer nobody gave). Without quotes a field is what lies between
    separators, counted line by line at C speed; with quotes the csv module decides."""
    width = len(header)
    if width <= 1:
        return
    problems: list[InputProblem] = []
    more = 0
    if b'"' not in body:
        mark = separator.encode()
        for index, line in enumerate(body.split(b"\n")):
            if line.count(mark) + 1 < width and line.strip():
                if len(problems) < MAX_REPORTED:
                    fields = line.count(mark) + 1
                    problems.append(_short_row(first_row + index, fields, header, filename))
                else:
                    more += 1
    else:
        reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""), delimiter=separator)
        for record in reader:
            if len(record) < width and any(cell.strip() for cell in record):
                row = first_row + reader.line_num - 1
                if len(problems) < MAX_REPORTED:
                    problems.append(_short_row(row, len(record), header, filename))
                else:
                    more += 1
    _raise_short(problems, more, filename)


def _long_rows(
    body: str, separator: str, width: int, header_row: int, filename: str
) -> list[InputProblem]:
    problems = []
    for index, row in enumerate(csv.reader(io.StringIO(body), delimiter=separator)):
        if row and len(row) != width:
            problems.append(
                InputProblem(
                    translated("raden har %(fields)s fält men rubrikraden har %(width)s")
                    % {"fields": len(row), "width": width},
                    file=filename,
                    row=header_row + 1 + index,
                )
            )
            if len(problems) >= MAX_REPORTED:
                break
    return problems or [InputProblem(translated("filen kan inte läsas som CSV"), file=filename)]
