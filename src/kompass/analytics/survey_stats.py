"""Small statistics for survey results, without Django or scipy.

- `t_quantile`: Student's t quantile, for the 95 % confidence interval of a change
  between two waves (anonymous waves are independent samples: Welch's interval);
- `welch_interval`: the change, its interval and degrees of freedom, vectorised;
- `extremes`: the highest and lowest value of a column (the seed marks them bold/italic);
- `ranked_changes`: the largest and smallest changes, ties decided at the shown precision
  (the seed names 16, 14 "then 17 and 19 tied" because both show 0,35);
- `rate_cautions`: when a response rate or a group is too small to read without care.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from kompass.lib.numbers import round_half_up


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    x = df / (df + t * t)
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


@functools.lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with `df` degrees of freedom: bisection on the CDF
    for small df, the Cornish–Fisher expansion around the normal quantile from 30 on
    (the two agree to better than 1e-6 there)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    if df <= 0:
        raise ValueError("df must be positive")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if df >= 30:
        z = NormalDist().inv_cdf(p)
        v = float(df)
        return (
            z
            + (z**3 + z) / (4 * v)
            + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4)
        )
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


def welch_interval(mean_a, sd_a, n_a, mean_b, sd_b, n_b, level: float = 0.95):
    """Change b - a with a Welch confidence interval, for numpy arrays (NaN where undefined:
    fewer than two answers in a wave). Returns (diff, low, high, df)."""
    mean_a, sd_a, n_a = (np.asarray(v, dtype=float) for v in (mean_a, sd_a, n_a))
    mean_b, sd_b, n_b = (np.asarray(v, dtype=float) for v in (mean_b, sd_b, n_b))
    diff = mean_b - mean_a
    with np.errstate(divide="ignore", invalid="ignore"):
        va = np.where(n_a > 1, sd_a**2 / n_a, np.nan)
        vb = np.where(n_b > 1, sd_b**2 / n_b, np.nan)
        se = np.sqrt(va + vb)
        df = (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1))
    # Integer degrees of freedom (rounded down, which widens the interval a little) keep
    # the number of distinct quantiles small; with no spread at all (or a vast number of
    # degrees of freedom) the normal limit holds, at the same level.
    df = np.where(np.isfinite(df), np.maximum(np.floor(df), 1.0), np.inf)
    quantile = np.full(diff.shape, np.nan)
    p = 0.5 + level / 2.0
    for value in np.unique(df[np.isfinite(se)]):
        q = (
            NormalDist().inv_cdf(p)
            if (not np.isfinite(value) or value > 100000)
            else t_quantile(p, float(value))
        )
        quantile[df == value] = q
    half = quantile * se
    return diff, diff - half, diff + half, df


@dataclass(frozen=True)
class Extremes:
    high: frozenset[int]
    low: frozenset[int]


def extremes(values: Sequence[float | None], decimals: int = 2) -> Extremes:
    """Positions of the highest and lowest value at the shown precision (ties all marked).

    None (hidden or missing) takes no part; a column with fewer than two distinct values
    marks nothing, since "highest" would mean nothing there."""
    shown = {
        i: round_half_up(v, decimals)
        for i, v in enumerate(values)
        if v is not None and not (isinstance(v, float) and math.isnan(v))
    }
    if len(set(shown.values())) < 2:
        return Extremes(frozenset(), frozenset())
    top, bottom = max(shown.values()), min(shown.values())
    return Extremes(
        frozenset(i for i, v in shown.items() if v == top),
        frozenset(i for i, v in shown.items() if v == bottom),
    )


def ranked_changes(
    changes: Sequence[tuple[str, float | None]], count: int = 3, decimals: int = 2
) -> tuple[list[list[str]], list[list[str]]]:
    """The `count` largest and smallest changes as ranks; each rank lists the codes that
    share the shown value (so a tie at 0,35 names both statements together).

    Returns (largest, smallest), e.g. ([["8"], ["1"], ["5"]], [["16"], ["14"], ["17", "19"]]).
    """
    shown: dict[object, list[str]] = {}
    for code, value in changes:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        shown.setdefault(round_half_up(value, decimals), []).append(code)
    levels = sorted(shown)
    largest = [shown[v] for v in reversed(levels)][:count]
    smallest = [shown[v] for v in levels][:count]
    return largest, smallest


@dataclass(frozen=True)
class RateCaution:
    """A reason to read a wave's results for a group with care, as data; the pages and
    reports word it (in the reader's language). `value` and `previous` are, by `code`:
    small_group: respondents; low_rate: the rate (0..1); falling_rate: the rate now and
    before; falling_count: respondents now and before."""

    code: str  # "small_group", "low_rate", "falling_rate", "falling_count"
    value: float
    previous: float | None = None


def rate_cautions(
    *,
    respondents: int,
    invited: int | None,
    k: int,
    previous_respondents: int | None = None,
    previous_invited: int | None = None,
    low_rate: float = 0.6,
    drop: float = 0.1,
) -> list[RateCaution]:
    """Reasons to read a wave's results for a group with caution.

    - fewer than 2k respondents: a few answers move the mean a lot;
    - a response rate below `low_rate` (the seed's web follow-up reached about 50 %);
    - a rate that fell by `drop` or more since the previous wave, or, without invited
      counts, a number of answers that fell by a third or more (68, 63, then 35).
    """
    out: list[RateCaution] = []
    if 0 < respondents < 2 * k:
        out.append(RateCaution("small_group", respondents))
    rate = respondents / invited if invited else None
    if rate is not None and rate < low_rate:
        out.append(RateCaution("low_rate", rate))
    previous_rate = (
        previous_respondents / previous_invited
        if previous_invited and previous_respondents is not None
        else None
    )
    if rate is not None and previous_rate is not None and previous_rate - rate >= drop:
        out.append(RateCaution("falling_rate", rate, previous_rate))
    elif rate is None and previous_respondents and respondents <= previous_respondents * 2 / 3:
        out.append(RateCaution("falling_count", respondents, previous_respondents))
    return out
