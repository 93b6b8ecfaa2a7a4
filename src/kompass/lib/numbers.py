"""Numbers in and out: the one check every number from a user passes (`check_number`:
finite, and no larger than `MAX_MAGNITUDE`), reading numbers written either way
("4,33", "1 234,5", "1234.5"), and Swedish formatting shared by pages, PDF, DOCX and
the command line.

Free of Django, so that `kompass.analytics` and reports rendered outside a request format
numbers the same way: decimal comma, a no-break space between thousands. Which language
is being rendered comes from `use_language_source` (the core app points it at Django's
active language); without it, Swedish.
"""

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kompass.lib.problems import translated

# The largest number Kompass accepts anywhere (files, forms, the API, Kolada): far above
# any real figure of a municipality (kronor, people, key ratios), and small enough that
# every sum, ratio and chart axis stays computable and printable. 1e27 or 1e308 would
# be stored and then break every table that shows them.
MAX_MAGNITUDE = Decimal("1e12")

THOUSANDS = "\u00a0"  # no-break space: "12 345" never wraps between its digits


def round_half_up(value: float | Decimal, decimals: int = 0) -> Decimal:
    """Round as people do by hand (2,5 -> 3), not banker's rounding (2,5 -> 2)."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _swedish() -> str:
    return "sv"


_language_source: Callable[[], str] = _swedish


def use_language_source(source: Callable[[], str]) -> None:
    """Where `active_language` asks (the core app sets Django's active language)."""
    global _language_source
    _language_source = source


def active_language() -> str:
    """The language being rendered: the request's (or `translation.override`'s) when
    Django is set up, else Swedish, so pure code formats as the page around it does."""
    try:
        return _language_source() or "sv"
    except Exception:  # settings not configured: plain Python use
        return "sv"


class NumberError(ValueError):
    """A value that is not a number Kompass accepts; the message is Swedish.
    `too_large` tells a finite number beyond MAX_MAGNITUDE from one that is no number."""

    def __init__(self, message: str, *, too_large: bool = False):
        super().__init__(message)
        self.too_large = too_large


def _limit_text() -> str:
    return format_number(MAX_MAGNITUDE, lang="sv")


def _not_a_number(text: object) -> str:
    return translated("”%(text)s” är inte ett tal") % {"text": text}


def _not_finite(text: object) -> str:
    return translated("”%(text)s” är inte ett tal (bara ändliga tal tas emot)") % {"text": text}


def check_number(value: object, *, text: object = None) -> Decimal:
    """The one check for a number from outside: a finite number no larger than
    `MAX_MAGNITUDE` in either direction, returned as a Decimal (exact, as written).

    NaN, infinity, 1e27 or 1e308 (valid YAML, JSON and XLSX) raise NumberError with a
    Swedish message quoting `text` (what the user wrote; the value by default)."""
    shown = value if text is None else text
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise NumberError(_not_a_number(shown))
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberError(_not_finite(shown))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):  # an int beyond Python's digit limit
        raise NumberError(
            translated(
                "talet är för stort (för många siffror): Kompass tar emot tal upp till %(max)s"
            )
            % {"max": _limit_text()},
            too_large=True,
        ) from None
    if not number.is_finite():
        raise NumberError(_not_finite(shown))
    if abs(number) > MAX_MAGNITUDE:
        raise NumberError(
            translated(
                "”%(text)s” är för stort: Kompass tar emot tal upp till %(max)s (plus eller minus)"
            )
            % {"text": shown, "max": _limit_text()},
            too_large=True,
        )
    return number


def checked_float(value: object, *, text: object = None) -> float:
    """`check_number` for code that computes in floats."""
    return float(check_number(value, text=text))


def format_number(
    value: float | int | Decimal | None,
    decimals: int = 0,
    *,
    lang: str | None = None,
    sign: bool = False,
    empty: str = "–",
) -> str:
    """Format a number for reading: `format_number(4.333, 2) == "4,33"`.

    `sign=True` prefixes positive values with "+" (for changes). `None` gives `empty`.
    """
    if value is None:
        return empty
    lang = lang or active_language()
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never show "-0,00"
    negative = rounded < 0
    text = f"{abs(rounded):,.{decimals}f}"
    if lang.startswith("sv"):
        text = text.replace(",", THOUSANDS).replace(".", ",")
    prefix = "−" if negative else ("+" if sign and rounded > 0 else "")
    return prefix + text


def format_percent(
    share: float | Decimal | None, decimals: int = 0, *, lang: str | None = None
) -> str:
    """A share 0..1 as a percentage: `format_percent(0.355) == "36 %"` (Swedish spacing)."""
    if share is None:
        return "–"
    lang = lang or active_language()
    number = format_number(Decimal(str(share)) * 100, decimals, lang=lang)
    return f"{number}\u00a0%" if lang.startswith("sv") else f"{number}%"


def parse_number(text: str | int | float | Decimal) -> Decimal:
    """Read a number written either way: "4,33", "4.33", "1 234,5", "1234.5".

    Raises NumberError (a ValueError) with a Swedish message when the text is not a
    number, or not one `check_number` accepts.
    """
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return check_number(text)
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace("−", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned and "." in cleaned:
        # "1.234,5" (Swedish/German) or "1,234.5" (English): the last mark is the decimal.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except Exception:
        raise NumberError(_not_a_number(text)) from None
    return check_number(number, text=text)


def decimals_of(value: float | int | Decimal, limit: int = 10) -> int:
    """How many decimals `value` has when written out exactly (3,25 -> 2; 1,50 -> 1;
    1 200 000 -> 0), at most `limit`: to show a figure someone typed as they typed it,
    neither rounded nor padded."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # infinity or NaN
        return 0
    return min(limit, max(0, -exponent))
