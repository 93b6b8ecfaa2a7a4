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
from dataclasses import dataclass

import polars as pl

from kompass.core.errors import InputError, InputProblem
from kompass.core.tabular import UTF8_BOM, decode, is_xlsx, separator_of, xlsx_rows

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


def read_csv(content: bytes, filename: str) -> Table:
    """Cells arrive as written (blank = None); callers normalise the distinct values of a
    column, which is far cheaper than touching every cell of a million rows."""
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
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
    separator = separator_of(header_line)
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
    header, header_row, rows = None, 0, []
    for number, values in xlsx_rows(content, filename):
        cells = [_cell_text(v) for v in values]
        if header is None:
            if any(c is not None for c in cells):
                header, header_row = [c or "" for c in cells], number
            continue
        rows.append(cells)
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
    if is_xlsx(content, filename):
        return read_xlsx(content, filename)
    return read_csv(content, filename)
