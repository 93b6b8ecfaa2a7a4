"""Status analysis (*nulägesanalys*): where does an organisation deviate from its peers?

Seed 002 starts the planning of an improvement with a status analysis: compile the
relevant key figures, find the deviations, then choose what to work on. This module does
the first two steps for one organisation and one year over a chosen set of figures. It is
pure (Polars and the run-chart rules of `spc`, no Django) and returns codes and numbers;
the sentences people read are made at the edge (`kompass.status.texts`), in their language.

For each figure it gives:

* the organisation's **value** that year;
* its **peers**: how many of them have a value that year (``n``), their median and
  quartiles. The organisation itself is **never** counted among its peers, even when the
  set it is given contains it: the question is how the others do, and counting oneself
  would add a tie to every comparison. Peers without a value that year are left out of
  ``n``;
* the **percentile**: the share of peers that are worse, ties counting half,
  ``100 × (worse + ½ × equal) / n``. "Worse" follows the figure's direction (lower for
  *higher is better*, higher for *lower is better*), so a high percentile is always good
  and 0 means every peer is better. Values are compared exactly as given;
* the **gap to target**: the value as shown (rounded half up to the figure's decimals)
  minus the target, so the shown value, the target and the gap add up, as in `ratios`;
* the **trend**: the run chart of the organisation's own values over the years available
  up to the chosen year (`spc.analyse`, Anhøj rules), as a signal code;
* notices: missing years, no value, no peers, a small peer group (fewer than
  `MIN_PEERS`), a figure without a direction, data the figure never appears in.

**Quartiles** are continuous quantiles with linear interpolation between the order
statistics (Hyndman & Fan type 7): for sorted values x₁..xₙ the quantile q lies at position
h = (n − 1)·q, ``x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋)``. That is DuckDB's ``quantile_cont``,
Polars' ``quantile(q, "linear")``, NumPy's default and R's default; the median is the same
rule at q = ½.

**Ranking**: figures with a direction and a percentile come first, worst (lowest
percentile) first; ties keep the order the figures were given in. Figures with a
direction but no percentile (no value, no peers) follow in the given order, and figures
without a direction last, unranked, with percentile ``None``.

Nothing here raises on thin data: missing years, empty peer groups, figures without
values or directions all come back as notices. Only a frame without the required columns
(a programming error) raises `StatusInputError`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

from kompass.analytics import spc

MIN_PEERS = 5  # fewer peers with a value than this: the comparison is flagged as thin
DIRECTIONS = ("higher", "lower", "neutral")
COLUMNS = ("organisation", "metric", "year", "value")

# Trend signal codes (the sentence for each is made in kompass.status.texts).
IMPROVEMENT = "improvement"  # the run-chart rules signal a shift for the better
DETERIORATION = "deterioration"  # ... for the worse
CHANGE = "change"  # ... a shift in a figure without a direction
RANDOM = "random"  # enough years, and the variation looks like chance
TOO_SHORT = "too_short"  # too few years off the median for the rules to say anything
NO_DATA = "no_data"  # no value for the organisation in any year
TREND_SIGNALS = (IMPROVEMENT, DETERIORATION, CHANGE, RANDOM, TOO_SHORT, NO_DATA)
_SPC_WORDS = {"förbättring": IMPROVEMENT, "försämring": DETERIORATION, "förändring": CHANGE}

# Notice codes. Per figure:
NO_VALUE = "no_value"  # the organisation has no value that year; params: year
NO_PEER_VALUES = "no_peer_values"  # no peer has a value that year
SMALL_PEER_GROUP = "small_peer_group"  # params: n, minimum
MISSING_YEARS = "missing_years"  # params: years (where others have values, up to the year)
NO_DIRECTION = "no_direction"  # neither higher nor lower is better: not ranked
UNKNOWN_DIRECTION = "unknown_direction"  # params: direction (treated as neutral)
NOT_IN_DATA = "not_in_data"  # nobody has a value for the figure up to the year; params: year
# For the whole analysis:
NO_PEERS_GIVEN = "no_peers_given"  # the peer set is empty (or only the organisation)
ORGANISATION_WITHOUT_DATA = "organisation_without_data"  # no value for any figure, any year
YEAR_WITHOUT_DATA = "year_without_data"  # params: year, years (those that have data)
NO_FIGURES = "no_figures"  # nothing to analyse
DUPLICATE_VALUES = "duplicate_values"  # params: count (the first of each was used)
INVALID_VALUES = "invalid_values"  # params: count (NaN/infinite, treated as missing)
NOTICE_CODES = (
    NO_VALUE,
    NO_PEER_VALUES,
    SMALL_PEER_GROUP,
    MISSING_YEARS,
    NO_DIRECTION,
    UNKNOWN_DIRECTION,
    NOT_IN_DATA,
    NO_PEERS_GIVEN,
    ORGANISATION_WITHOUT_DATA,
    YEAR_WITHOUT_DATA,
    NO_FIGURES,
    DUPLICATE_VALUES,
    INVALID_VALUES,
)


class StatusInputError(ValueError):
    """The values frame lacks a required column: a caller's mistake, not thin data."""


@dataclass(frozen=True)
class FigureSpec:
    """One figure to analyse. `decimals` is how the value is shown (for the target gap)."""

    key: str
    name: str = ""
    direction: str = "neutral"
    target: float | None = None
    decimals: int = 1
    unit: str = ""


@dataclass(frozen=True)
class Notice:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, **dict(self.params)}


@dataclass(frozen=True)
class PeerStats:
    n: int  # peers with a value that year (the organisation itself never counts)
    median: float | None = None
    p25: float | None = None
    p75: float | None = None
    worse: int = 0  # peers worse than the organisation (figures with a direction)
    equal: int = 0  # peers with exactly the organisation's value


@dataclass(frozen=True)
class Trend:
    signal: str  # one of TREND_SIGNALS
    years: tuple[int, ...] = ()  # the years with a value, up to the analysed year
    values: tuple[float, ...] = ()
    useful: int = 0  # points off the median (what the run-chart rules count)
    minimum: int = spc.MIN_RUN_POINTS  # useful points the rules need
    centre: float | None = None  # the median of the values
    latest_side: str = ""  # where the latest value lies: "above", "below", "on" the median


@dataclass(frozen=True)
class StatusRow:
    metric: str
    name: str
    direction: str  # "higher", "lower" or "neutral" (unknown directions become neutral)
    order: int  # position in the figures as given
    value: float | None
    unit: str
    decimals: int
    target: float | None
    target_gap: float | None  # shown value - target
    target_met: bool | None  # None: no target, no value, or no direction
    peers: PeerStats
    percentile: float | None
    band_position: float | None  # where the value lies in the peers' quartile band
    trend: Trend
    notices: tuple[Notice, ...] = ()

    @property
    def ranked(self) -> bool:
        return self.direction != "neutral" and self.percentile is not None

    def notice_codes(self) -> tuple[str, ...]:
        return tuple(n.code for n in self.notices)


@dataclass(frozen=True)
class StatusResult:
    organisation: str
    year: int
    rows: tuple[StatusRow, ...]  # ranked worst first, then unranked, then neutral
    peer_count: int  # organisations in the peer set (without the organisation)
    min_peers: int = MIN_PEERS
    notices: tuple[Notice, ...] = ()

    @property
    def ranked(self) -> tuple[StatusRow, ...]:
        return tuple(r for r in self.rows if r.ranked)

    @property
    def unranked(self) -> tuple[StatusRow, ...]:
        """Figures with a direction that could not be ranked (no value or no peers)."""
        return tuple(r for r in self.rows if r.direction != "neutral" and not r.ranked)

    @property
    def neutral(self) -> tuple[StatusRow, ...]:
        return tuple(r for r in self.rows if r.direction == "neutral")

    def notice_codes(self) -> tuple[str, ...]:
        return tuple(n.code for n in self.notices)


# --------------------------------------------------------------------------- helpers


def percentile(worse: int, equal: int, n: int) -> float | None:
    """The share of peers that are worse, ties counting half, in per cent."""
    if n <= 0:
        return None
    return 100.0 * (worse + 0.5 * equal) / n


def shown_gap(value: float, target: float, decimals: int) -> float:
    """The shown value (rounded half up to `decimals`) minus the target, exactly."""
    quantum = Decimal(1).scaleb(-decimals)
    shown = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(shown - Decimal(repr(float(target))))


def _target_met(gap: float, direction: str) -> bool | None:
    if direction == "higher":
        return gap >= 0
    if direction == "lower":
        return gap <= 0
    return None


def _band_position(value: float | None, peers: PeerStats, direction: str) -> float | None:
    """0 at the worse quartile, 1 at the better one (p25 and p75 for figures without a
    direction): the same scale for every figure, for the deviation chart."""
    if value is None or peers.p25 is None or peers.p75 is None:
        return None
    spread = peers.p75 - peers.p25
    if spread <= 0:
        return None
    if direction == "lower":
        return (peers.p75 - value) / spread
    return (value - peers.p25) / spread


def _trend(years: list[int], values: list[float], direction: str) -> Trend:
    if not values:
        return Trend(NO_DATA)
    result = spc.analyse(
        periods=[str(y) for y in years], values=values, chart="run", direction=direction
    )
    phase = result.current
    centre = phase.centre
    latest = values[-1]
    tolerance = 1e-9 * max(1.0, abs(centre or 0.0))
    side = ""
    if centre is not None:
        side = (
            "on" if abs(latest - centre) <= tolerance else ("above" if latest > centre else "below")
        )
    if phase.runs_reason and not phase.signal:
        signal = TOO_SHORT
    elif phase.signal:
        signal = _SPC_WORDS.get(phase.word, CHANGE)
    else:
        signal = RANDOM
    return Trend(
        signal=signal,
        years=tuple(years),
        values=tuple(values),
        useful=phase.useful,
        centre=centre,
        latest_side=side,
    )


def _direction(spec: FigureSpec) -> tuple[str, Notice | None]:
    raw = (spec.direction or "neutral").strip()
    if raw in DIRECTIONS:
        return raw, None
    return "neutral", Notice(UNKNOWN_DIRECTION, {"direction": raw})


def _clean(values: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    frame = values.lazy()
    missing = [c for c in COLUMNS if c not in frame.collect_schema().names()]
    if missing:
        raise StatusInputError(f"värdena saknar kolumnerna {', '.join(missing)}")
    return frame.select(
        pl.col("organisation").cast(pl.String),
        pl.col("metric").cast(pl.String),
        pl.col("year").cast(pl.Int64),
        pl.col("value").cast(pl.Float64),
    )


def _finite(column: str = "value") -> pl.Expr:
    return pl.when(pl.col(column).is_finite()).then(pl.col(column)).otherwise(None)


def _count_invalid(frame: pl.DataFrame) -> int:
    """Values that are there but are not finite numbers (NaN, infinity)."""
    return int(
        frame.select((pl.col("value").is_not_null() & ~pl.col("value").is_finite()).sum()).item()
    )


def _has_values(frame: pl.DataFrame) -> bool:
    return bool(frame.select(pl.col("value").is_finite().any()).item())


def _count_duplicates(frame: pl.DataFrame, keys: list[str]) -> int:
    """Rows that share their keys with another row (all of them, the first included)."""
    if frame.is_empty():
        return 0
    counts = frame.group_by(keys).len()
    return int(counts.filter(pl.col("len") > 1)["len"].sum())


def _peer_stats(
    peers: pl.DataFrame, own_now: pl.DataFrame, directions: Mapping[str, str]
) -> pl.DataFrame:
    """Per metric: n, median, quartiles, and how many peers are worse or equal."""
    sign = pl.DataFrame(
        {"metric": list(directions), "direction": list(directions.values())},
        schema={"metric": pl.String, "direction": pl.String},
    )
    worse = (
        pl.when(pl.col("direction") == "higher")
        .then(pl.col("value") < pl.col("own"))
        .when(pl.col("direction") == "lower")
        .then(pl.col("value") > pl.col("own"))
        .otherwise(False)
    )
    return (
        peers.join(own_now, on="metric", how="left")
        .join(sign, on="metric", how="left")
        .group_by("metric")
        .agg(
            pl.len().alias("n"),
            pl.col("value").median().alias("median"),
            pl.col("value").quantile(0.25, interpolation="linear").alias("p25"),
            pl.col("value").quantile(0.75, interpolation="linear").alias("p75"),
            worse.fill_null(False).sum().alias("worse"),
            (pl.col("value") == pl.col("own")).fill_null(False).sum().alias("equal"),
        )
    )


# --------------------------------------------------------------------------- analysis


def analyse_status(
    *,
    organisation: str,
    year: int,
    figures: Sequence[FigureSpec],
    values: pl.DataFrame | pl.LazyFrame,
    peers: Collection[str],
    min_peers: int = MIN_PEERS,
) -> StatusResult:
    """The status analysis of `organisation` in `year` over `figures`.

    `values` holds one row per organisation, metric (a figure's key) and year with the
    columns organisation, metric, year and value (null for missing); other metrics are
    ignored. `peers` are the organisations to compare with (the organisation itself is
    dropped from them)."""
    organisation = str(organisation)
    peer_set = sorted({str(p) for p in peers} - {organisation})
    notices: list[Notice] = []
    if not figures:
        notices.append(Notice(NO_FIGURES))
    if not peer_set:
        notices.append(Notice(NO_PEERS_GIVEN))

    keys = list(dict.fromkeys(f.key for f in figures))
    specs = {f.key: f for f in figures}
    directions: dict[str, str] = {}
    direction_notices: dict[str, Notice] = {}
    for spec in figures:
        direction, notice = _direction(spec)
        directions[spec.key] = direction
        if notice is not None:
            direction_notices[spec.key] = notice

    # Two small slices are read from the values once: the chosen year (every
    # organisation) and the organisation's own series. Everything but the years others
    # have values in comes from them, so the cost grows with one year, not all of them.
    source = _clean(values)
    wanted = pl.col("metric").is_in(keys)
    now_raw, own_raw, years_df = pl.collect_all(
        [
            source.filter(pl.col("year") == year).filter(wanted),
            source.filter(pl.col("organisation") == organisation).filter(
                (pl.col("year") <= year) & wanted
            ),
            source.select(pl.col("year").unique()),
        ]
    )
    invalid_count = _count_invalid(now_raw) + _count_invalid(own_raw)
    if invalid_count:
        notices.append(Notice(INVALID_VALUES, {"count": invalid_count}))
    now = now_raw.with_columns(_finite()).filter(
        pl.col("value").is_not_null() & pl.col("organisation").is_in([organisation, *peer_set])
    )
    duplicate_count = _count_duplicates(now, ["organisation", "metric"])
    if duplicate_count:
        notices.append(Notice(DUPLICATE_VALUES, {"count": duplicate_count}))
        now = now.unique(subset=["organisation", "metric"], keep="first", maintain_order=True)
    own = (
        own_raw.with_columns(_finite())
        .filter(pl.col("value").is_not_null())
        .unique(subset=["metric", "year"], keep="first", maintain_order=True)
        .sort("metric", "year")
    )
    own_now = now.filter(pl.col("organisation") == organisation).select(
        "metric", pl.col("value").alias("own")
    )
    stats_df = _peer_stats(now.filter(pl.col("organisation") != organisation), own_now, directions)
    own_series_df = own.group_by("metric", maintain_order=True).agg(pl.col("year"), pl.col("value"))

    # Years with data (for "missing years"): read only for the figures whose own series
    # lacks one of the years in the values, usually few or none.
    years_in_values = {int(y) for y in years_df["year"].to_list() if y is not None}
    window = {y for y in years_in_values if y <= year}
    own_years_by = {
        metric: set(years)
        for metric, years in zip(
            own_series_df["metric"].to_list(), own_series_df["year"].to_list(), strict=True
        )
    }
    gaps = [k for k in keys if own_years_by.get(k, set()) != window]
    coverage_by: dict[str, list[int]] = {
        k: sorted(own_years_by[k]) for k in keys if k not in gaps and k in own_years_by
    }
    if gaps:
        coverage_df = (
            source.filter((pl.col("year") <= year) & pl.col("metric").is_in(gaps))
            .filter(pl.col("value").is_finite())
            .group_by("metric")
            .agg(pl.col("year").unique().sort().alias("years"))
            .collect()
        )
        coverage_by.update(
            zip(coverage_df["metric"].to_list(), coverage_df["years"].to_list(), strict=True)
        )
    if figures and now.is_empty() and not _has_values(now_raw):
        with_data = (
            source.filter(wanted & pl.col("value").is_finite())
            .select(pl.col("year").unique().sort())
            .collect()
        )
        notices.append(
            Notice(
                YEAR_WITHOUT_DATA,
                {"year": year, "years": [int(y) for y in with_data["year"].to_list()]},
            )
        )
    if figures and own.is_empty() and own_now.is_empty():
        notices.append(Notice(ORGANISATION_WITHOUT_DATA, {"organisation": organisation}))

    stats_by = {row["metric"]: row for row in stats_df.iter_rows(named=True)}
    own_by = dict(zip(own_now["metric"].to_list(), own_now["own"].to_list(), strict=True))
    series_by = {
        row["metric"]: (row["year"], row["value"]) for row in own_series_df.iter_rows(named=True)
    }

    rows = []
    for order, key in enumerate(keys):
        rows.append(
            _row(
                specs[key],
                order=order,
                year=year,
                direction=directions[key],
                direction_notice=direction_notices.get(key),
                value=own_by.get(key),
                stats=stats_by.get(key),
                series=series_by.get(key, ([], [])),
                coverage=coverage_by.get(key),
                min_peers=min_peers,
            )
        )
    return StatusResult(
        organisation=organisation,
        year=year,
        rows=tuple(rank(rows)),
        peer_count=len(peer_set),
        min_peers=min_peers,
        notices=tuple(notices),
    )


def _row(
    spec: FigureSpec,
    *,
    order: int,
    year: int,
    direction: str,
    direction_notice: Notice | None,
    value: float | None,
    stats: Mapping[str, Any] | None,
    series: tuple[list[int], list[float]],
    coverage: list[int] | None,
    min_peers: int,
) -> StatusRow:
    notices: list[Notice] = []
    if coverage is None:
        notices.append(Notice(NOT_IN_DATA, {"year": year}))
    if value is None:
        notices.append(Notice(NO_VALUE, {"year": year}))
    n = int(stats["n"]) if stats else 0
    if n == 0:
        notices.append(Notice(NO_PEER_VALUES))
        peers = PeerStats(0)
    else:
        assert stats is not None
        if n < min_peers:
            notices.append(Notice(SMALL_PEER_GROUP, {"n": n, "minimum": min_peers}))
        peers = PeerStats(
            n=n,
            median=float(stats["median"]),
            p25=float(stats["p25"]),
            p75=float(stats["p75"]),
            worse=int(stats["worse"]) if value is not None else 0,
            equal=int(stats["equal"]) if value is not None else 0,
        )
    if direction_notice is not None:
        notices.append(direction_notice)
    elif direction == "neutral":
        notices.append(Notice(NO_DIRECTION))
    own_years = [int(y) for y in series[0]]
    missing = sorted(set(coverage or ()) - set(own_years) - {year})  # `year`: NO_VALUE
    if missing:
        notices.append(Notice(MISSING_YEARS, {"years": missing}))
    share = (
        percentile(peers.worse, peers.equal, peers.n)
        if direction != "neutral" and value is not None
        else None
    )
    gap = met = None
    if spec.target is not None and value is not None and math.isfinite(spec.target):
        gap = shown_gap(value, spec.target, spec.decimals)
        met = _target_met(gap, direction)
    return StatusRow(
        metric=spec.key,
        name=spec.name or spec.key,
        direction=direction,
        order=order,
        value=value,
        unit=spec.unit,
        decimals=spec.decimals,
        target=spec.target,
        target_gap=gap,
        target_met=met,
        peers=peers,
        percentile=share,
        band_position=_band_position(value, peers, direction),
        trend=_trend(own_years, [float(v) for v in series[1]], direction),
        notices=tuple(notices),
    )


def rank(rows: Sequence[StatusRow]) -> list[StatusRow]:
    """Worst first: ranked figures by percentile (ties in the given order), then figures
    with a direction but no percentile, then figures without a direction."""

    def key(row: StatusRow) -> tuple[int, float, int]:
        if row.ranked:
            assert row.percentile is not None
            return (0, row.percentile, row.order)
        return (1 if row.direction != "neutral" else 2, 0.0, row.order)

    return sorted(rows, key=key)


def frame_from_rows(
    rows: Sequence[tuple[str, str, int, float | None]],
) -> pl.DataFrame:
    """Values as a frame from (organisation, metric, year, value) tuples."""
    return pl.DataFrame(
        rows,
        schema={
            "organisation": pl.String,
            "metric": pl.String,
            "year": pl.Int64,
            "value": pl.Float64,
        },
        orient="row",
    )
