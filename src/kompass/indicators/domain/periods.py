"""Periods of an indicator series: year, quarter, month or ISO week.

People write periods many ways ("2023Q1", "2023 kv 1", "2023-3", "v5 2023", a date in a
spreadsheet cell). Every series stores one canonical label per period so that sorting,
duplicates and phases are unambiguous: ``2023``, ``2023-K1``, ``2023-03``, ``2023-V05``.
"""

import datetime as dt
import re

YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
WEEK = "week"
TYPES = (YEAR, QUARTER, MONTH, WEEK)

EXAMPLES = {YEAR: "2023", QUARTER: "2023-K1", MONTH: "2023-03", WEEK: "2023-V05"}
NAMES = {YEAR: "år", QUARTER: "kvartal", MONTH: "månad", WEEK: "vecka"}

_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_QUARTER = re.compile(r"^(\d{4})\s*[-_/ ]?\s*(?:k|q|kv|kvartal)\s*\.?\s*([1-4])$", re.I)
_QUARTER_REVERSED = re.compile(r"^(?:k|q|kv|kvartal)\s*\.?\s*([1-4])\s*[-_/ ]?\s*(\d{4})$", re.I)
_MONTH = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*\d{1,2})?(?:[ T].*)?$")
_MONTH_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_WEEK = re.compile(r"^(\d{4})\s*[-_/ ]?\s*(?:v|w|vecka|week)\s*\.?\s*(\d{1,2})$", re.I)
_WEEK_REVERSED = re.compile(r"^(?:v|w|vecka|week)\s*\.?\s*(\d{1,2})\s*[-_/ ,]?\s*(\d{4})$", re.I)


class PeriodError(ValueError):
    """A period that cannot be read; the message is Swedish and names the expected form."""


def _check_year(year: int) -> int:
    if not 1900 <= year <= 2200:
        raise PeriodError(f"året {year} är orimligt")
    return year


def parse_period(value, period_type: str) -> tuple[str, dt.date]:
    """(canonical label, first day) for `value` read as a period of `period_type`."""
    if period_type not in TYPES:
        raise PeriodError(f"okänd periodtyp ”{period_type}”")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _from_date(value, period_type)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    expected = f"skriv t.ex. {EXAMPLES[period_type]} ({NAMES[period_type]})"
    if not text:
        raise PeriodError(f"perioden saknas; {expected}")
    if period_type == YEAR:
        match = _YEAR.match(text)
        if match:
            year = _check_year(int(match.group(1)))
            return str(year), dt.date(year, 1, 1)
    elif period_type == QUARTER:
        match = _QUARTER.match(text)
        if match:
            year, quarter = int(match.group(1)), int(match.group(2))
        elif match := _QUARTER_REVERSED.match(text):
            quarter, year = int(match.group(1)), int(match.group(2))
        if match:
            _check_year(year)
            return f"{year}-K{quarter}", dt.date(year, 3 * quarter - 2, 1)
    elif period_type == MONTH:
        match = _MONTH.match(text) or _MONTH_COMPACT.match(text)
        if match:
            year, month = _check_year(int(match.group(1))), int(match.group(2))
            if not 1 <= month <= 12:
                raise PeriodError(f"månaden {month} finns inte; {expected}")
            return f"{year}-{month:02d}", dt.date(year, month, 1)
    else:
        match = _WEEK.match(text)
        if match:
            year, week = int(match.group(1)), int(match.group(2))
        elif match := _WEEK_REVERSED.match(text):
            week, year = int(match.group(1)), int(match.group(2))
        if match:
            _check_year(year)
            try:
                start = dt.date.fromisocalendar(year, week, 1)
            except ValueError:
                raise PeriodError(f"vecka {week} finns inte år {year}") from None
            return f"{year}-V{week:02d}", start
    raise PeriodError(f"”{text}” är inte en period av typen {NAMES[period_type]}; {expected}")


def _from_date(day: dt.date, period_type: str) -> tuple[str, dt.date]:
    if period_type == YEAR:
        return str(day.year), dt.date(day.year, 1, 1)
    if period_type == QUARTER:
        quarter = (day.month - 1) // 3 + 1
        return f"{day.year}-K{quarter}", dt.date(day.year, 3 * quarter - 2, 1)
    if period_type == MONTH:
        return f"{day.year}-{day.month:02d}", dt.date(day.year, day.month, 1)
    year, week, _ = day.isocalendar()
    return f"{year}-V{week:02d}", dt.date.fromisocalendar(year, week, 1)
