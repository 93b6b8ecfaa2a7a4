"""Periods written many ways, and tables read from CSV (any delimiter, UTF-8 or
Windows-1252, decimal comma or point) and XLSX."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from kompass.core.errors import InputError
from kompass.indicators.domain.periods import PeriodError, parse_period
from kompass.indicators.domain.tabular import number, read_table


@pytest.mark.parametrize(
    "value, kind, label, start",
    [
        ("2023", "year", "2023", dt.date(2023, 1, 1)),
        (2023.0, "year", "2023", dt.date(2023, 1, 1)),
        ("2023Q2", "quarter", "2023-K2", dt.date(2023, 4, 1)),
        ("2023 kv 3", "quarter", "2023-K3", dt.date(2023, 7, 1)),
        ("K4 2022", "quarter", "2022-K4", dt.date(2022, 10, 1)),
        ("2023-3", "month", "2023-03", dt.date(2023, 3, 1)),
        ("2023/11/30", "month", "2023-11", dt.date(2023, 11, 1)),
        ("202312", "month", "2023-12", dt.date(2023, 12, 1)),
        (dt.datetime(2024, 2, 29, 12, 0), "month", "2024-02", dt.date(2024, 2, 1)),
        ("2023-W5", "week", "2023-V05", dt.date(2023, 1, 30)),
        ("v 52 2022", "week", "2022-V52", dt.date(2022, 12, 26)),
        ("2020v53", "week", "2020-V53", dt.date(2020, 12, 28)),
        (dt.date(2023, 1, 1), "week", "2022-V52", dt.date(2022, 12, 26)),
    ],
)
def test_periods_are_read_many_ways(value, kind, label, start):
    assert parse_period(value, kind) == (label, start)


@pytest.mark.parametrize(
    "value, kind, message",
    [
        ("2023", "quarter", "är inte en period av typen kvartal; skriv t.ex. 2023-K1"),
        ("2023-13", "month", "månaden 13 finns inte"),
        ("2021-V53", "week", "vecka 53 finns inte år 2021"),
        ("", "year", "perioden saknas"),
        ("1850", "year", "året 1850 är orimligt"),
    ],
)
def test_bad_periods_say_what_is_expected(value, kind, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(value, kind)


def test_csv_semicolon_windows_1252_with_decimal_comma():
    data = "Kommun;Värde;År\r\nLeksand;12,5;2023\r\nRättvik;1 234,5;2023\r\n".encode("cp1252")
    sheet = read_table(data, "nyckeltal.csv")
    assert sheet.encoding == "Windows-1252" and sheet.delimiter == ";"
    assert sheet.keys == ["kommun", "värde", "år"]
    assert [number(r.get("värde")) for r in sheet.rows] == [12.5, 1234.5]
    assert [r.line for r in sheet.rows] == [2, 3]


def test_csv_comma_utf8_with_bom_and_decimal_point():
    data = '\ufeffperiod,value\n2023-01,84.5\n\n2023-02,"85,5"\n'.encode()
    sheet = read_table(data, "serie.csv")
    assert sheet.encoding == "UTF-8" and sheet.delimiter == ","
    assert [(r.line, number(r.get("value"))) for r in sheet.rows] == [(2, 84.5), (4, 85.5)]


def test_tab_separated():
    sheet = read_table(b"period\tvalue\n2023\t7\n", "serie.tsv")
    assert sheet.delimiter == "\t" and sheet.rows[0].get("value") == "7"


def test_xlsx_keeps_numbers_and_row_numbers():
    wb = Workbook()
    ws = wb.active
    ws.append(["period", "value", "denominator"])
    ws.append([dt.datetime(2023, 1, 1), 41, 50])
    ws.append([None, None, None])
    ws.append(["2023-02", 44.5, 52])
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet = read_table(buffer.getvalue(), "serie.xlsx")
    assert [r.line for r in sheet.rows] == [2, 4]
    assert sheet.rows[1].get("value") == 44.5


def test_numbers_with_percent_and_bad_text():
    assert number("45 %") == 45
    assert number("−3,5") == -3.5
    assert number("") is None
    with pytest.raises(ValueError, match="”tolv” är inte ett tal"):
        number("tolv")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "filen är tom"),
        (b"   \n\n", "filen är tom"),
        (b"period;value;value\n2023;1;2\n", "kolumnen ”value” finns flera gånger"),
        (bytes([0x81, 0x8D, 0x8F, 0x90]), "varken i UTF-8 eller Windows-1252"),
        (b"PK\x03\x04trasig", "kan inte läsas som XLSX"),
    ],
)
def test_unreadable_files(data, message):
    with pytest.raises(InputError, match=message):
        read_table(data, "fil.csv")
