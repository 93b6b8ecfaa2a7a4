"""Bodies of the status-analysis API (`/api/status/`), as OpenAPI describes them: the
analysis (the documented JSON of `kompass analysis status` with names, notes and the
choices' context), the decisions (*vägval*) and a decision with its cause analysis and
what its plan measures."""

from kompass.core.api import Out


class OrganisationRef(Out):
    code: str
    name: str


class SourceRef(Out):
    kind: str  # "table", "indicators" or "kolada"
    key: str  # the table's slug, the organisation's code, or the Kolada group's id
    label: str


class PeersRef(Out):
    key: str
    label: str
    n: int  # organisations in the group (without the organisation itself)


class PeerStats(Out):
    n: int  # peers with a value that year
    median: float | None
    p25: float | None
    p75: float | None


class Trend(Out):
    signal: str  # improvement, deterioration, change, random, too_short, no_data
    text: str


class StatusRowOut(Out):
    metric: str
    name: str
    unit: str
    decimals: int
    value: float | None
    direction: str
    peers: PeerStats
    percentile: float | None
    target: float | None
    target_gap: float | None
    trend: Trend
    notes: list[str]


class StatusAnalysisOut(Out):
    organisation: OrganisationRef
    year: int
    source: SourceRef
    peers: PeersRef
    notes: list[str]
    rows: list[StatusRowOut]


class ChoiceOut(Out):
    id: int
    organisation: OrganisationRef
    source: SourceRef
    metric: str
    metric_name: str
    year: int
    peers: PeersRef
    value: float | None
    median: float | None
    p25: float | None
    p75: float | None
    percentile: float | None
    trend_signal: str
    decision: str  # "prioritised" or "left"
    motivation: str
    expected_effect: str
    effort: str  # "small", "medium", "large" or ""
    decided_by: str
    decided_on: str
    replaces: int | None
    cause_analysis: bool
    plan: int | None
    example: bool


class EvidenceOut(Out):
    kind: str  # figure, survey, evaluation, observation
    text: str
    indicator: int | None
    finding: int | None


class CauseOut(Out):
    area: str
    text: str
    evidence: list[EvidenceOut]


class IndicatorRef(Out):
    id: int
    name: str


class PlanMeasuresOut(Out):
    id: int
    title: str
    effect: list[IndicatorRef]
    activity: list[IndicatorRef]
    untagged: list[IndicatorRef]
    only_activities: bool  # the plan measures activities and no effect


class CauseAnalysisOut(Out):
    method: str  # "areas" or "whys"
    problem: str
    conclusion: str
    causes: list[CauseOut]
    plan: PlanMeasuresOut | None


class ChoiceDetail(ChoiceOut):
    history: list[ChoiceOut]  # the earlier decisions on the same deviation, latest first
    analysis: CauseAnalysisOut | None
