"""Reading a table of answers from CSV or XLSX, the way Swedish Excel writes them.

CSV: the separator (`,` or `;`, also tab) is read from the header line; the encoding is
UTF-8 (with or without BOM) or Windows-1252. A file that mixes the two, or holds bytes
that are neither, is refused with the row where it goes wrong, instead of importing
"Ã¶" for "ö". XLSX: the first sheet, header in its first non-empty row.

Every cell arrives as text (blank = None) in a Polars frame, with the file's row number
of each data row so that errors can say "rad 12, kolumn q3".
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import polars as pl

from kompass.core.errors import InputError, InputProblem

MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]"
)


ROW = "_row"


@dataclass
class Table:
    columns: list[str]  # the header as written (stripped)
    frame: pl.DataFrame  # columns c0, c1, ... all Utf8, and _row: the file's row number
    encoding: str = ""
    separator: str = ""
    header_row: int = 1

    def row_number(self, index: int) -> int:
        return int(self.frame[ROW][index])


def _row_of(content: bytes, position: int) -> int:
    return content.count(b"\n", 0, position) + 1


def decode(content: bytes, filename: str) -> tuple[str, str]:
    """(text, encoding). Raises InputError naming the row of the first broken byte."""
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Not UTF-8. If the part before the error already holds UTF-8 letters (multi-byte
    # sequences), the file mixes encodings; reading it as Windows-1252 would corrupt them.
    before = content[: utf8_error.start]
    if any(b >= 0x80 for b in before):
        raise InputError(
            [
                InputProblem(
                    "filen blandar teckenkodningar: tidigare rader är UTF-8 men här finns "
                    "tecken som inte är det. Spara filen som UTF-8 och försök igen.",
                    file=filename,
                    row=_row_of(content, utf8_error.start),
                )
            ]
        )
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                InputProblem(
                    f"tecknet 0x{content[exc.start]:02X} finns varken i UTF-8 eller "
                    "Windows-1252; filen verkar trasig. Spara den som UTF-8 och försök igen.",
                    file=filename,
                    row=_row_of(content, exc.start),
                )
            ]
        ) from None
    match = MOJIBAKE.search(text)
    if match:
        raise InputError(
            [
                InputProblem(
                    f"”{match.group(0)}” ser ut som UTF-8 läst som Windows-1252: filen blandar "
                    "teckenkodningar. Spara filen som UTF-8 och försök igen.",
                    file=filename,
                    row=text.count("\n", 0, match.start()) + 1,
                )
            ]
        )
    return text, "Windows-1252"


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def read_csv(content: bytes, filename: str) -> Table:
    """Cells arrive as written (blank = None); callers normalise the distinct values of a
    column, which is far cheaper than touching every cell of a million rows."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    text, encoding = decode(content, filename)
    # UTF-8 is already what Polars reads; the decoded text only proved it valid.
    data = content if encoding == "UTF-8" else text.encode("utf-8")
    del text
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    end = data.find(b"\n")
    header_line = (data if end < 0 else data[:end]).decode("utf-8")
    if not header_line.strip():
        raise InputError(
            [InputProblem("filen är tom eller saknar rubrikrad", file=filename, row=1)]
        )
    separator = _separator(header_line)
    header = next(csv.reader([header_line], delimiter=separator))
    names = [f"c{i}" for i in range(len(header))]
    body = b"" if end < 0 else data[end + 1 :]
    del data
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
                _ragged(body.decode("utf-8"), separator, len(header), filename)
            ) from None
    return Table([h.strip() for h in header], _numbered(frame, 2), encoding, separator)


def _numbered(frame: pl.DataFrame, first_row: int) -> pl.DataFrame:
    """Number the rows as in the file, then drop rows that are empty all the way."""
    names = list(frame.columns)
    frame = frame.with_row_index(ROW, offset=first_row).with_columns(pl.col(ROW).cast(pl.Int64))
    if not names:
        return frame
    return frame.filter(~pl.all_horizontal(pl.col(n).is_null() for n in names))


def _ragged(body: str, separator: str, width: int, filename: str) -> list[InputProblem]:
    problems = []
    for index, row in enumerate(csv.reader(io.StringIO(body), delimiter=separator)):
        if row and len(row) != width:
            problems.append(
                InputProblem(
                    f"raden har {len(row)} fält men rubrikraden har {width}",
                    file=filename,
                    row=index + 2,
                )
            )
            if len(problems) >= 20:
                break
    return problems or [InputProblem("filen kan inte läsas som CSV", file=filename)]


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def read_xlsx(content: bytes, filename: str) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(
            [
                InputProblem(
                    f"filen kan inte läsas som XLSX ({exc.__class__.__name__})", file=filename
                )
            ]
        ) from None
    sheet = workbook.worksheets[0]
    header, header_row, rows = None, 0, []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if header is None:
            if any(c is not None for c in cells):
                header, header_row = [c or "" for c in cells], number
            continue
        rows.append(cells)
    workbook.close()
    if header is None:
        raise InputError(
            [InputProblem("bladet är tomt eller saknar rubrikrad", file=filename, row=1)]
        )
    while header and not header[-1]:
        header.pop()
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    data = {n: [(r[i] if i < len(r) else None) for r in rows] for i, n in enumerate(names)}
    frame = _numbered(pl.DataFrame(data, schema=dict.fromkeys(names, pl.Utf8)), header_row + 1)
    return Table(header, frame, "XLSX", "", header_row)


def read_table(content: bytes, filename: str) -> Table:
    if filename.lower().endswith((".xlsx", ".xlsm")) or (
        content[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(content))
    ):
        return read_xlsx(content, filename)
    return read_csv(content, filename)
