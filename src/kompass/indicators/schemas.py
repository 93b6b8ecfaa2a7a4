"""Bodies of the indicator and key-ratio API (`/api/indicators/`), as OpenAPI describes
them: indicators with their series and status, the run/control chart analysis of
`kompass.analytics.spc`, dashboards and key-ratio comparisons."""

from kompass.core.api import Out


class OrganisationRef(Out):
    code: str
    name: str


class IndicatorRow(Out):
    id: int
    organisation: OrganisationRef
    name: str
    description: str
    unit: str
    direction: str
    perspective: str
    period_type: str
    chart_type: str
    baseline_period: str | None
    target: float | None
    source: str
    example: bool


class SeriesValue(Out):
    period: str
    value: float
    denominator: float | None
    measure: float | None  # what is plotted: the value, a proportion or a rate
    note: str


class PhaseStart(Out):
    start_period: str
    name: str
    description: str


class IndicatorStatus(Out):
    latest_period: str | None
    latest: float | None
    gap: float | None
    gap_text: str | None
    target_met: bool | None
    signal: str  # signal, random, too_short, empty or invalid
    text: str


class Indicator(IndicatorRow):
    series: list[SeriesValue]
    phases: list[PhaseStart]
    status: IndicatorStatus


class SpcPoint(Out):
    period: str
    value: float
    raw: float
    denominator: float | None
    phase: int
    centre: float | None
    lower: float | None
    upper: float | None
    outside: str | None  # above or below a control limit
    in_signal_run: bool


class SpcPhase(Out):
    index: int
    name: str
    start_period: str | None
    n: int
    useful: int
    centre: float | None
    lower: float | None
    upper: float | None
    longest_run: int | None
    longest_run_limit: int | None
    crossings: int | None
    crossings_limit: int | None
    signal: bool
    too_short: str | None
    limits_missing: str | None
    outside: list[str]
    change: str | None
    text: str


class OutsidePoint(Out):
    period: str
    value: float
    side: str


class SpcAnalysis(Out):
    """The analysis of the current phase, every phase and every point; control charts
    (i, p, u) add their limits and the points outside them."""

    chart: str
    direction: str | None = None
    n: int | None = None
    useful: int | None = None
    centre: float | None = None
    longest_run: int | None = None
    longest_run_limit: int | None = None
    crossings: int | None = None
    crossings_limit: int | None = None
    signal: bool
    too_short: str | None = None
    text: str
    lower: float | None = None
    upper: float | None = None
    limits_missing: str | None = None
    outside: list[OutsidePoint] | None = None
    screened_moving_ranges: bool | None = None  # i charts: large moving ranges left out
    scale: str | None = None
    phases: list[SpcPhase] = []
    points: list[SpcPoint]


class PeersRef(Out):
    key: str
    label: str


class Card(Out):
    id: int
    name: str
    latest_period: str | None
    latest: float | None
    gap_text: str | None
    target_met: bool | None
    signal: str
    text: str


class Perspective(Out):
    key: str
    label: str
    indicators: list[Card]


class KeyRatio(Out):
    table: str
    metric: str
    name: str
    year: int
    value: float | None
    peer_median: float | None
    peer_min: float | None
    peer_max: float | None
    peers: list[str]
    position: str
    notes: list[str]


class Dashboard(Out):
    organisation: OrganisationRef
    peers: PeersRef
    perspectives: list[Perspective]
    key_ratios: list[KeyRatio]


class MetricOut(Out):
    key: str
    name: str
    unit: str
    derived: bool
    numerator: list[str]
    denominator: list[str]
    factor: float
    target: float | None
    direction: str


class FigureOut(Out):
    value: float | None
    shown: str
    note: str | None
    missing: str | None  # why a derived figure is missing
    gap: float | None
    gap_text: str | None


class ComparisonRow(Out):
    organisation: OrganisationRef
    notes: list[str]
    values: dict[str, FigureOut]  # by metric key


class RatioComparison(Out):
    table: str
    name: str
    source: str
    comparability: str
    example: bool
    year: int | None
    years: list[int]
    metrics: list[MetricOut]
    rows: list[ComparisonRow]
