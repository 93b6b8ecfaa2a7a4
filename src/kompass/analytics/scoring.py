"""The one scoring function: exact scores in, shown integers out that add up.

Evaluators may set fractional scores (7,5 of 20). Rounding each figure on its own makes
parts that do not add up to the shown whole: the Leksand report printed 47 for an area
whose sub-areas summed to 48. `shown_scores` rounds top-down with the largest-remainder
method: the total is rounded, the areas share the rounded total, each area's sub-areas
share the area's shown figure. Every shown figure is the exact value rounded down or up
(so within 1 of it), shown sub-areas add up to their shown area, and shown areas add up
to the shown total. Every page, chart, export and report takes its integers from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from kompass.lib.numbers import round_half_up

ZERO = Decimal(0)


@dataclass(frozen=True)
class ScoredSubarea:
    code: str
    name: str
    max: Decimal
    score: Decimal | None  # None: not yet scored
    shown: int


@dataclass(frozen=True)
class ScoredArea:
    code: str
    name: str
    max: Decimal
    score: Decimal  # exact sum of its sub-areas (unscored count as 0)
    shown: int
    subareas: tuple[ScoredSubarea, ...]

    @property
    def complete(self) -> bool:
        return all(s.score is not None for s in self.subareas)


@dataclass(frozen=True)
class ScoreSheet:
    score: Decimal
    shown: int
    max: Decimal
    areas: tuple[ScoredArea, ...]

    @property
    def complete(self) -> bool:
        return all(a.complete for a in self.areas)

    @property
    def scored_count(self) -> int:
        return sum(1 for a in self.areas for s in a.subareas if s.score is not None)

    @property
    def subarea_count(self) -> int:
        return sum(len(a.subareas) for a in self.areas)

    def area(self, code: str) -> ScoredArea:
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(code)

    def subarea(self, code: str) -> ScoredSubarea:
        for area in self.areas:
            for sub in area.subareas:
                if sub.code == code:
                    return sub
        raise KeyError(code)


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def apportion(exact: Sequence[Decimal], target: int) -> list[int]:
    """Integers, each the floor or ceiling of its exact value, that sum to `target`.

    Largest remainder first; ties go to the earlier position, so results are stable.
    `target` must lie between the sum of floors and the sum of ceilings.
    """
    floors = [_floor(v) for v in exact]
    remainders = [v - f for v, f in zip(exact, floors, strict=True)]
    missing = target - sum(floors)
    fractional = [i for i, r in enumerate(remainders) if r > 0]
    if missing < 0 or missing > len(fractional):
        raise ValueError(f"cannot apportion {target} over {list(exact)}")
    order = sorted(fractional, key=lambda i: (-remainders[i], i))
    shown = list(floors)
    for index in order[:missing]:
        shown[index] += 1
    return shown


@dataclass(frozen=True)
class AreaSpec:
    """The framework's shape as the scoring needs it: codes, names, maxima."""

    code: str
    name: str
    subareas: tuple[tuple[str, str, Decimal], ...]  # (code, name, max)

    @property
    def max(self) -> Decimal:
        return sum((m for _, _, m in self.subareas), ZERO)


def shown_scores(
    areas: Sequence[AreaSpec], scores: Mapping[str, Decimal | float | int | None]
) -> ScoreSheet:
    """Score sheet for one evaluation (or an average of several): exact and shown figures.

    `scores` maps sub-area code to its exact score; missing codes are unscored.
    """
    exact_subs: list[list[Decimal | None]] = [
        [_as_decimal(scores.get(code)) for code, _, _ in area.subareas] for area in areas
    ]
    area_exact = [sum((v for v in subs if v is not None), ZERO) for subs in exact_subs]
    total_exact = sum(area_exact, ZERO)
    total_shown = int(round_half_up(total_exact))
    area_shown = apportion(area_exact, total_shown)
    scored_areas = []
    for area, subs, exact, shown in zip(areas, exact_subs, area_exact, area_shown, strict=True):
        sub_shown = apportion([v if v is not None else ZERO for v in subs], shown)
        scored_areas.append(
            ScoredArea(
                code=area.code,
                name=area.name,
                max=area.max,
                score=exact,
                shown=shown,
                subareas=tuple(
                    ScoredSubarea(code, name, maximum, value, s)
                    for (code, name, maximum), value, s in zip(
                        area.subareas, subs, sub_shown, strict=True
                    )
                ),
            )
        )
    return ScoreSheet(
        score=total_exact,
        shown=total_shown,
        max=sum((a.max for a in areas), ZERO),
        areas=tuple(scored_areas),
    )


def mean_scores(
    score_maps: Sequence[Mapping[str, Decimal | None]], codes: Sequence[str]
) -> dict[str, Decimal]:
    """The exact mean per sub-area over several evaluations (for reference groups).

    Unscored sub-areas are left out of that sub-area's mean. Means of sub-areas add up to
    the mean of their area, so `shown_scores` applies to averages unchanged.
    """
    means: dict[str, Decimal] = {}
    for code in codes:
        values = [m[code] for m in score_maps if m.get(code) is not None]
        if values:
            means[code] = sum((Decimal(v) for v in values), ZERO) / len(values)
    return means


def _as_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))
