import re

import pytest

from kompass.lib.problems import InputError
from kompass.lib.tables import decode, is_xlsx, separator_of


def test_decode_reads_utf8_with_or_without_bom_and_windows_1252():
    assert decode("Växjö".encode()) == ("Växjö", "UTF-8")
    assert decode(b"\xef\xbb\xbf" + "Växjö".encode()) == ("Växjö", "UTF-8")
    assert decode("Växjö".encode("cp1252")) == ("Växjö", "Windows-1252")


def test_decode_refuses_mixed_encodings_naming_the_row():
    with pytest.raises(InputError) as info:
        decode("a\nÖrebro\n".encode() + "Växjö\n".encode("cp1252"), "fil.csv")
    assert info.value.problems[0].row == 3
    assert "blandar teckenkodningar" in info.value.problems[0].message


def test_separator_is_read_from_the_header():
    assert separator_of("a;b;c") == ";"
    assert separator_of("a,b,c") == ","
    assert separator_of("a\tb") == "\t"
    assert separator_of("ensam") == ","


def test_xlsx_is_recognised_by_name_or_content():
    assert is_xlsx(b"", "svar.XLSX")
    assert not is_xlsx(b"a;b\n1;2\n", "svar.csv")


def test_a_broken_xlsx_is_reported_as_one():
    from kompass.lib.tables import xlsx_rows

    assert is_xlsx(b"PK\x03\x04trasig", "svar.csv")
    with pytest.raises(InputError, match="kan inte läsas som XLSX"):
        list(xlsx_rows(b"PK\x03\x04trasig", "svar.csv"))


# -- one reader, one set of rules --------------------------------------------------------


def _xlsx(rows, dimension: str | None = None) -> bytes:
    """A small workbook; `dimension` overwrites the range the sheet declares."""
    import io
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data
                )
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("content", [b"\n\na;b\n1;2\n", b"\xef\xbb\xbf\r\n  \r\na;b\r\n1;2\r\n"])
def test_a_blank_first_line_is_skipped_by_both_shapes(content):
    from kompass.lib.tables import read_records, read_table

    table = read_table(content, "f.csv")
    assert table.columns == ["a", "b"] and table.row_number(0) == table.header_row + 1
    records = read_records(content, "f.csv")
    assert records.headers == ["a", "b"] and records.rows == [(table.header_row + 1, ["1", "2"])]


@pytest.mark.parametrize("content", [b"a;b;c\n1;2;3\n4;5\n", b'a;b;c\n1;2;3\n"4";5\n'])
def test_short_rows_are_refused_with_row_and_column_by_both_shapes(content):
    from kompass.lib.tables import read_records, read_table

    for read in (read_table, read_records):
        with pytest.raises(InputError) as info:
            read(content, "svar.csv")
        problem = info.value.problems[0]
        assert (problem.row, problem.column) == (3, "c"), read


def test_many_short_rows_are_named_twenty_then_counted():
    from kompass.lib.tables import read_table

    content = b"a;b\n" + b"1\n" * 100
    with pytest.raises(InputError) as info:
        read_table(content, "f.csv")
    assert len(info.value.problems) == 21
    assert info.value.problems[-1].message == "… och 80 sådana rader till"


def test_xlsx_dimension_is_ignored():
    import time
    import tracemalloc

    from kompass.lib.tables import read_records, read_table

    content = _xlsx([["a", "b"], [1, 2], [None, None], [3, 4]], dimension="A1:XFD1048576")
    assert len(content) < 10_000
    tracemalloc.start()
    started = time.perf_counter()
    table = read_table(content, "bomb.xlsx")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1 and peak < 20_000_000, (elapsed, peak)
    assert table.frame.to_dicts() == [
        {"c0": "1", "c1": "2", "_row": 2},
        {"c0": "3", "c1": "4", "_row": 4},
    ]
    assert read_records(content, "bomb.xlsx").rows == [(2, [1, 2]), (4, [3, 4])]


def test_xlsx_beyond_the_column_cap_is_refused_at_its_row():
    from openpyxl.utils import get_column_letter

    from kompass.lib.tables import MAX_COLUMNS, read_table

    wide = [None] * MAX_COLUMNS + ["x"]
    with pytest.raises(InputError) as info:
        read_table(_xlsx([["a"], [1], wide]), "bred.xlsx")
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (3, get_column_letter(MAX_COLUMNS + 1))


def test_column_names_are_the_spreadsheets():
    from kompass.lib.tables import column_name

    assert [column_name(i) for i in (0, 25, 26, 16383)] == ["A", "Z", "AA", "XFD"]
