"""Reading the files people have: CSV as Swedish Excel writes it (semicolon, Windows-1252)
or as everything else does (comma, UTF-8), and XLSX.

One place decides the encoding, the separator and how an XLSX sheet is opened, so every
import (survey answers, key ratios, indicator series) accepts the same files and refuses
the same broken ones with the same Swedish message naming the row. The callers shape the
rows as they need them (a Polars frame for a million answers, dictionaries for a table
of key ratios).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from kompass.core.errors import InputError, InputProblem

SEPARATORS = (";", ",", "\t")
UTF8_BOM = b"\xef\xbb\xbf"
ZIP_SIGNATURE = b"PK\x03\x04"
# UTF-8 letters read as Windows-1252 ("Ã¶" for "ö"): a file that mixes the encodings.
MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]"
)


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


def separator_of(header_line: str) -> str:
    """The separator the header line uses most (`;`, `,` or tab); `,` when it has none."""
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def is_xlsx(content: bytes, filename: str = "") -> bool:
    """By name, or by the zip signature every XLSX starts with (a broken XLSX saved under
    another name is then reported as a broken XLSX, not as strange CSV)."""
    return filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == ZIP_SIGNATURE


def xlsx_rows(content: bytes, filename: str = "") -> Iterator[tuple[int, tuple]]:
    """(row number, values) for every row of the first sheet, as openpyxl reads them."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(
            [
                InputProblem(
                    f"filen kan inte läsas som XLSX ({exc.__class__.__name__})", file=filename
                )
            ]
        ) from None
    try:
        yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    finally:
        workbook.close()
