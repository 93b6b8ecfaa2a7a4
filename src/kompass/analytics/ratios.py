"""Key ratios: derived figures, the gap to a target, and how a figure sits among peers.

Derived ratios are data, not code: factor x sum(numerator) / sum(denominator) over other
figures, e.g. employees per manager = employees / managers, or HR staff per 100
employees = 100 x HR / employees. A ratio whose inputs are missing is not guessed: it is
`None` with the reason.

The gap to a target is taken from the figure *as shown* (rounded to the decimals it is
shown with), so the shown figure, the target and the shown gap always add up: 34 against
a target of 30 is a gap of 4, never 3,9 beside a 34.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kompass.lib.numbers import decimals_of, format_number, round_half_up


@dataclass(frozen=True)
class RatioDefinition:
    key: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    factor: float = 1.0


@dataclass(frozen=True)
class Derived:
    value: float | None
    reason: str = ""  # why there is no value


def derive(
    definition: RatioDefinition,
    values: Mapping[str, float | None],
    names: Mapping[str, str] | None = None,
) -> Derived:
    """Compute one derived ratio from the figures of one organisation and year."""
    names = names or {}
    missing = [k for k in (*definition.numerator, *definition.denominator) if values.get(k) is None]
    if missing:
        listed = ", ".join(names.get(k, k) for k in missing)
        return Derived(None, f"saknar värde för {listed}")
    numerator = sum(float(values[k]) for k in definition.numerator)
    if not definition.denominator:
        return Derived(definition.factor * numerator)
    denominator = sum(float(values[k]) for k in definition.denominator)
    if denominator == 0:
        listed = ", ".join(names.get(k, k) for k in definition.denominator)
        return Derived(None, f"nämnaren ({listed}) är 0")
    return Derived(definition.factor * numerator / denominator)


def shown(value: float | None, decimals: int) -> Decimal | None:
    """The value as it is shown: rounded half up to `decimals`."""
    return None if value is None else round_half_up(value, decimals)


@dataclass(frozen=True)
class Gap:
    difference: Decimal | None  # shown value - target
    met: bool | None  # None: no target, no value, or no preferred direction
    text: str  # the distance, and "(målet nått)" when met: for places without a badge
    distance: str = ""  # the distance alone, beside a "target met" badge


def _same(text: str) -> str:
    return text


def gap_to_target(
    value: float | None,
    target: float | None,
    *,
    direction: str,
    decimals: int,
    unit: str = "",
    gettext: Callable[[str], str] = _same,
) -> Gap:
    """How far the shown value is from the target, in words: "4 över målvärdet 30". The
    words are %-templates passed through `gettext` (Django's, from the apps) before they are
    filled in; without one they stay Swedish."""
    _ = gettext
    if target is None:
        return Gap(None, None, "")
    target_decimals = decimals_of(target)
    target_text = format_number(target, target_decimals)
    if value is None:
        text = _("värde saknas (målvärde %(target)s)") % {"target": target_text}
        return Gap(None, None, text, text)
    difference = shown(value, decimals) - Decimal(str(target))
    # The gap is exact at the finer of the two: 3 against 2,5 is 0,5, never "1".
    amount = format_number(abs(difference), max(decimals, target_decimals))
    if unit == "%":  # a difference between percentages is in percentage points
        amount, target_text = f"{amount} {_('procentenheter')}", f"{target_text}\u00a0%"
    elif unit:
        amount = f"{amount} {unit}"
    if difference == 0:
        text = _("på målvärdet %(target)s") % {"target": target_text}
        return Gap(difference, True if direction != "neutral" else None, text, text)
    met = None
    if direction == "lower":
        met = difference < 0
    elif direction == "higher":
        met = difference > 0
    template = (
        "%(amount)s över målvärdet %(target)s"
        if difference > 0
        else ("%(amount)s under målvärdet %(target)s")
    )
    distance = _(template) % {"amount": amount, "target": target_text}
    text = distance + " " + _("(målet nått)") if met else distance
    return Gap(difference, met, text, distance)


@dataclass(frozen=True)
class PeerSummary:
    n: int
    median: float | None
    minimum: float | None
    maximum: float | None


def peer_summary(values: Sequence[float | None]) -> PeerSummary:
    present = [float(v) for v in values if v is not None]
    if not present:
        return PeerSummary(0, None, None, None)
    return PeerSummary(len(present), statistics.median(present), min(present), max(present))


def position_text(
    value: float | None,
    summary: PeerSummary,
    *,
    direction: str,
    decimals: int,
    gettext: Callable[[str], str] = _same,
) -> str:
    """Where a figure sits among its peers, in words (through `gettext`, as gap_to_target)."""
    _ = gettext
    if value is None:
        return _("värde saknas")
    if summary.n == 0:
        return _("inga jämförbara värden")
    mine = shown(value, decimals)
    median = shown(summary.median, decimals)
    if mine == median:
        return _("på medianen")
    above = mine > median
    if direction == "neutral":
        return _("över medianen") if above else _("under medianen")
    better = above == (direction == "higher")
    return {
        (True, True): _("över medianen (bättre än hälften)"),
        (True, False): _("över medianen (sämre än hälften)"),
        (False, True): _("under medianen (bättre än hälften)"),
        (False, False): _("under medianen (sämre än hälften)"),
    }[(above, better)]
