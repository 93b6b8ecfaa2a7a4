"""An organisation's dashboard: its indicators in the five perspectives of seed 002 with
status against target and signal, and its key ratios against its peers.

The status analysis of seed 002 ("sammanställning av relevanta nyckeltal ... var finns
avvikelserna?") needs both: the own series tell trend from chance, the key ratios tell
where the organisation stands among comparable ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kompass.accounts.access import visible_ratio_tables
from kompass.analytics import spc
from kompass.analytics.ratios import PeerSummary, peer_summary, position_text
from kompass.indicators.domain.indicators import (
    ChartError,
    Status,
    analyse_indicator,
    indicator_status,
)
from kompass.indicators.domain.keyratios.comparisons import Figure, comparison
from kompass.indicators.models import Indicator, Metric, Perspective, RatioTable, Value
from kompass.lib.numbers import format_number
from kompass.organisations.domain.peers import Peers, peer_options
from kompass.organisations.models import Organisation

TABLE_PEERS = "table"


@dataclass
class IndicatorCard:
    indicator: Indicator
    status: Status
    # The chart analysis behind the status (None without values or when the stored
    # values do not fit the chart): the dashboard draws it, page and report alike.
    result: spc.SpcResult | None = None


@dataclass
class PerspectiveGroup:
    key: str
    label: str
    cards: list[IndicatorCard]


@dataclass
class PeerRow:
    table: RatioTable
    metric: Metric
    year: int
    own: Figure
    summary: PeerSummary
    position: str
    notes: list[str]
    peers: list[str]

    def display(self, value) -> str:
        return format_number(value, self.metric.decimals)


@dataclass
class Dashboard:
    organisation: Organisation
    groups: list[PerspectiveGroup]
    peer_key: str
    peer_label: str
    peer_description: str
    peer_choices: list[tuple[str, str]]
    ratio_rows: list[PeerRow] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return sum(len(g.cards) for g in self.groups)

    @property
    def signal_count(self) -> int:
        return sum(1 for g in self.groups for c in g.cards if c.status.signal == "signal")

    @property
    def met_count(self) -> int:
        return sum(1 for g in self.groups for c in g.cards if c.status.gap and c.status.gap.met)

    @property
    def with_target(self) -> int:
        return sum(1 for g in self.groups for c in g.cards if c.indicator.target is not None)


def indicator_groups(organisation: Organisation) -> list[PerspectiveGroup]:
    indicators = list(
        Indicator.objects.filter(organisation=organisation)
        .prefetch_related("values", "phases")
        .order_by("name")
    )
    groups = []
    for key, label in Perspective.choices:
        cards = []
        for indicator in indicators:
            if indicator.perspective != key:
                continue
            values = list(indicator.values.all())
            result = None
            if values:
                try:
                    result = analyse_indicator(indicator, values=values)
                except ChartError:
                    result = None  # the status says why; there is nothing to draw
            status = indicator_status(indicator, result, values=values)
            cards.append(IndicatorCard(indicator, status, result))
        groups.append(PerspectiveGroup(key, str(label), cards))
    return groups


def peer_choices(options: list[Peers]) -> list[tuple[str, str]]:
    choices = [(TABLE_PEERS, "Alla andra i samma nyckeltalstabell")]
    choices.extend((p.key, f"{p.label} ({p.n})") for p in options)
    return choices


def ratio_rows(organisation: Organisation, user, peers: Peers | None) -> list[PeerRow]:
    """Every key ratio the user may see for this organisation, at its latest year, with
    the peers' median and range in the same table and year."""
    rows: list[PeerRow] = []
    tables = (
        visible_ratio_tables(user).filter(metrics__values__organisation=organisation).distinct()
    )
    for table in tables.order_by("name"):
        year = (
            Value.objects.filter(metric__table=table, organisation=organisation)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        comp = comparison(table, year=year)
        own = next((r for r in comp.rows if r.organisation.pk == organisation.pk), None)
        if own is None:
            continue
        others = [
            r
            for r in comp.rows
            if r.organisation.pk != organisation.pk
            and (peers is None or r.organisation.pk in peers.organisation_ids)
        ]
        for metric in comp.metrics:
            figure = own.figures[metric.key]
            if figure.value is None and not figure.reason:
                continue
            values = [r.figures[metric.key].value for r in others]
            summary = peer_summary(values)
            notes = [*own.notes, *comp.metric_notes.get(metric.key, [])]
            if figure.note:
                notes.insert(0, figure.note)
            rows.append(
                PeerRow(
                    table=table,
                    metric=metric,
                    year=comp.year,
                    own=figure,
                    summary=summary,
                    position=position_text(
                        figure.value,
                        summary,
                        direction=metric.direction,
                        decimals=metric.decimals,
                        gettext=_,
                    ),
                    notes=notes,
                    peers=[
                        r.organisation.name
                        for r in others
                        if r.figures[metric.key].value is not None
                    ],
                )
            )
    return rows


def build_dashboard(*, organisation: Organisation, user, peer_key: str | None = None) -> Dashboard:
    """The dashboard as `user` sees it; peers are offered by `peer_options` with the
    same user, so private peer groups of other organisations never show."""
    options = peer_options(organisation, user=user)
    by_key = {p.key: p for p in options}
    if peer_key != TABLE_PEERS and peer_key not in by_key:
        peer_key = "skr" if "skr" in by_key else TABLE_PEERS
    peers = by_key.get(peer_key)
    if peers is None:
        label = _("Alla andra i samma nyckeltalstabell")
        description = _("Jämför med alla andra organisationer som finns i samma tabell och år.")
    else:
        label, description = peers.label, peers.description
    return Dashboard(
        organisation=organisation,
        groups=indicator_groups(organisation),
        peer_key=peer_key,
        peer_label=label,
        peer_description=description,
        peer_choices=peer_choices(options),
        ratio_rows=ratio_rows(organisation, user, peers),
    )
