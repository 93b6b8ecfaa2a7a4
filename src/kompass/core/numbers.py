"""Swedish number formatting, shared by pages, PDF, DOCX and the command line.

Kept free of Django so that reports rendered for someone else (or outside a request)
format numbers the same way: decimal comma, a narrow no-break space between thousands.
"""

from decimal import ROUND_HALF_UP, Decimal

THOUSANDS = "\u00a0"  # no-break space: "12 345" never wraps between its digits


def round_half_up(value: float | Decimal, decimals: int = 0) -> Decimal:
    """Round as people do by hand (2,5 -> 3), not banker's rounding (2,5 -> 2)."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def active_language() -> str:
    """The language being rendered: the request's (or `translation.override`'s) when
    Django is set up, else Swedish, so pure code formats as the page around it does."""
    try:
        from django.utils import translation

        return translation.get_language() or "sv"
    except Exception:  # settings not configured: plain Python use
        return "sv"


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

    Raises ValueError with a Swedish message when the text is not a number.
    """
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return Decimal(str(text))
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
    except Exception as exc:
        raise ValueError(f"”{text}” är inte ett tal") from exc
    if not number.is_finite():
        raise ValueError(f"”{text}” är inte ett tal")
    return number


def decimals_of(value: float | int | Decimal, limit: int = 10) -> int:
    """How many decimals `value` has when written out exactly (3,25 -> 2; 1,50 -> 1;
    1 200 000 -> 0), at most `limit`: to show a figure someone typed as they typed it,
    neither rounded nor padded."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # infinity or NaN
        return 0
    return min(limit, max(0, -exponent))
