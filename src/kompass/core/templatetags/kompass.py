"""Template filters available in every template (registered as builtins in settings)."""

from django import template
from django.utils.translation import get_language

from kompass.lib.numbers import format_number, format_percent

register = template.Library()


def _lang() -> str:
    return get_language() or "sv"


@register.filter
def num(value, decimals=0):
    """`{{ 4.333|num:2 }}` -> "4,33" in Swedish, "4.33" in English."""
    try:
        return format_number(value, int(decimals), lang=_lang())
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def signed(value, decimals=2):
    """A change with its sign: `{{ 0.79|signed }}` -> "+0,79"."""
    try:
        return format_number(value, int(decimals), lang=_lang(), sign=True)
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def percent(value, decimals=0):
    """A share 0..1 as a percentage: `{{ 0.355|percent }}` -> "36 %"."""
    try:
        return format_percent(value, int(decimals), lang=_lang())
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def get_item(mapping, key):
    """Dictionary lookup by a variable key: `{{ scores|get_item:code }}`."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def score(value):
    """An exact score with only the decimals it has: 9 -> "9", 7.5 -> "7,5", 7.25 -> "7,25"."""
    if value is None or value == "":
        return ""
    try:
        from decimal import Decimal

        number = Decimal(str(value))
    except (TypeError, ValueError, ArithmeticError):
        return value
    decimals = (
        0
        if number == number.to_integral_value()
        else (1 if number * 10 == (number * 10).to_integral_value() else 2)
    )
    return format_number(number, decimals, lang=_lang())


@register.filter
def described(field):
    """Render a form field with aria-describedby naming its help text and its errors, so
    a screen reader reads the error when the field gets focus."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    return field.as_widget(attrs=attrs)
