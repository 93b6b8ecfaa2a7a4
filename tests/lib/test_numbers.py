from decimal import Decimal

import pytest

from kompass.lib.numbers import format_number, format_percent, parse_number


def test_format_number_uses_decimal_comma_and_no_break_space():
    assert format_number(4.333, 2) == "4,33"
    assert format_number(1234567) == "1\u00a0234\u00a0567"


def test_format_number_rounds_half_up():
    assert format_number(2.5) == "3"
    assert format_number(Decimal("0.125"), 2) == "0,13"


def test_format_number_signs_changes_and_never_shows_minus_zero():
    assert format_number(0.79, 2, sign=True) == "+0,79"
    assert format_number(-0.004, 2) == "0,00"
    assert format_number(-1.5, 1) == "−1,5"


def test_format_number_in_english_uses_point():
    assert format_number(4.333, 2, lang="en") == "4.33"


def test_format_percent():
    assert format_percent(0.355) == "36\u00a0%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,33", "4.33"),
        ("4.33", "4.33"),
        ("1 234,5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("−2", "-2"),
        (7, "7"),
    ],
)
def test_parse_number_reads_both_conventions(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "4,3,3", "nan"])
def test_parse_number_refuses_non_numbers_in_swedish(text):
    with pytest.raises(ValueError, match="är inte ett tal"):
        parse_number(text)


def test_format_number_follows_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert format_number(4.333, 2) == "4.33"
    with translation.override("sv"):
        assert format_number(4.333, 2) == "4,33"


def test_xlsx_keeps_the_decimals_shown_in_either_language():
    import io

    from django.utils import translation
    from openpyxl import load_workbook

    from kompass.reports.document import Cell, Column, Table
    from kompass.reports.render import render_xlsx

    with translation.override("en"):
        table = Table(
            "T", [Column("a"), Column("b", True)], [[Cell.text("x"), Cell.number(4.333, 2)]]
        )
    cell = load_workbook(io.BytesIO(render_xlsx([table])))["T"]["B3"]
    assert (cell.value, cell.number_format) == (4.333, "0.00")


# -- the one check at every input ------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        1e308,
        1e27,
        Decimal("1e13"),
        -(10**13),
        Decimal("NaN"),
        10**5000,
    ],
    ids=lambda value: type(value).__name__,
)
def test_check_number_refuses_what_would_break_the_tables(value):
    from kompass.lib.numbers import NumberError, check_number

    with pytest.raises(NumberError) as info:
        check_number(value)
    assert "inte ett tal" in str(info.value) or "för stort" in str(info.value)


@pytest.mark.parametrize("value", [0, -1.5, 10**12, Decimal("-1e12"), 3.25, Decimal("0.001")])
def test_check_number_keeps_every_real_figure_exactly(value):
    from kompass.lib.numbers import check_number

    assert check_number(value) == Decimal(str(value))


@pytest.mark.parametrize("text", ["nan", "Infinity", "-inf", "1e308", "1e27", "1 000 000 000 001"])
def test_parse_number_applies_the_check(text):
    from kompass.lib.numbers import NumberError

    with pytest.raises(NumberError):
        parse_number(text)


def test_the_limit_is_named_in_swedish():
    from kompass.lib.numbers import NumberError

    with pytest.raises(NumberError, match="upp till 1\u00a0000\u00a0000\u00a0000\u00a0000"):
        parse_number("1e27")
