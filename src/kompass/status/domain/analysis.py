"""A status analysis of one organisation: a source of figures, a peer group and a year in,
the ranked deviations out, as data for the page, the report, the API and the command.

The computation is `kompass.analytics.status`; this module chooses the data (what the
user may see), resolves the peers to organisation codes and turns the codes of the
result into sentences in the reader's language (`kompass.status.texts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kompass.analytics.status import StatusResult, StatusRow, analyse_status
from kompass.core.errors import InputError, InputProblem
from kompass.organisations.domain.peers import peer_options, resolve_peers
from kompass.organisations.models import Organisation
from kompass.status import texts
from kompass.status.domain.sources import Source

TABLE_PEERS = "table"
KOLADA_PEERS = "kolada"


@dataclass(frozen=True)
class PeerChoice:
    key: str
    label: str
    description: str
    codes: frozenset[str]


@dataclass(frozen=True)
class StatusAnalysis:
    organisation: Organisation
    source: Source
    peers: PeerChoice
    year: int
    result: StatusResult

    @property
    def rows(self) -> tuple[StatusRow, ...]:
        return self.result.rows

    def trend_text(self, row: StatusRow) -> str:
        return texts.trend_text(row.trend, decimals=row.decimals)

    def notes(self, row: StatusRow) -> list[str]:
        """What to keep in mind beside the figure: thin data and comparability notes."""
        return [texts.notice_text(n) for n in row.notices if n.code != "no_direction"] + (
            self.source.notes_for(self.organisation.code, row.metric)
        )

    def general_notes(self) -> list[str]:
        return [texts.notice_text(n) for n in self.result.notices]


def peer_choices(
    organisation: Organisation, source: Source, *, user=None, client=None
) -> list[PeerChoice]:
    """The peer groups that can be chosen: every organisation of the source, then the
    SKR group (newest grouping, then the older ones), population band, county, the saved
    groups (`peers.peer_options`) and Kolada's "Liknande kommuner". Kolada is asked
    only when a `client` is given (the source already comes from Kolada); otherwise one
    choice `kolada` stands for them and is resolved when it is chosen, so a page never
    waits for Kolada it did not ask for."""
    choices = [_table_peers(organisation, source)]
    choices.extend(_choice(p) for p in peer_options(organisation, user=user))
    kolada = kolada_peer_choices(organisation, client=client) if client is not None else []
    choices.extend(
        kolada
        or [
            PeerChoice(
                KOLADA_PEERS,
                _("Liknande kommuner (Kolada)"),
                _("Koladas grupp ”Liknande kommuner” för %(name)s, hämtas när den väljs")
                % {"name": organisation.name},
                frozenset(),
            )
        ]
    )
    return choices


def _table_peers(organisation: Organisation, source: Source) -> PeerChoice:
    codes = source.organisations - {organisation.code}
    return PeerChoice(
        TABLE_PEERS,
        _("Alla organisationer i underlaget"),
        _("Alla andra organisationer som har värden i %(source)s") % {"source": source.label},
        frozenset(codes),
    )


def _choice(peers) -> PeerChoice:
    codes = frozenset(
        Organisation.objects.filter(pk__in=peers.organisation_ids).values_list("code", flat=True)
    )
    return PeerChoice(peers.key, str(peers.label), str(peers.description), codes)


def _problem(text: str) -> InputError:
    return InputError([InputProblem(text, field="peers")])


def kolada_peer_choices(organisation: Organisation, *, client) -> list[PeerChoice]:
    """Kolada's "Liknande kommuner" groups for `organisation`, fetched through the client
    (`kolada-<group id>` keys, newest first); an empty list when Kolada cannot be asked."""
    from kompass.indicators.kolada.client import KoladaError
    from kompass.indicators.kolada.groups import similar_groups

    try:
        groups = similar_groups(client=client, municipality=organisation.name)
    except KoladaError:
        return []
    return [_kolada_choice(organisation, g) for g in groups]


def _kolada_choice(organisation: Organisation, group) -> PeerChoice:
    codes = frozenset(group.codes) - {organisation.code}
    return PeerChoice(
        f"{KOLADA_PEERS}-{group.id}",
        _("%(title)s (Kolada)") % {"title": group.title},
        _("Koladas kommungrupp %(id)s: %(title)s") % {"id": group.id, "title": group.title},
        codes,
    )


def _one_similar(groups):
    """The group `kolada` stands for: the only one, or the newest overall one
    ("övergripande") when Kolada has one per area; None when the user must choose."""
    if len(groups) == 1:
        return groups[0]
    overall = [g for g in groups if g.area.casefold() == "övergripande"]
    return overall[0] if overall else None  # similar_groups sorts newest first


def _resolve_kolada(organisation: Organisation, key: str, *, client) -> PeerChoice:
    """`kolada`: the organisation's "Liknande kommuner" group in Kolada (several areas and
    no overall one: the user chooses, each is named); `kolada-<id>`: any Kolada
    municipality group."""
    from kompass.indicators.kolada.client import KoladaError
    from kompass.indicators.kolada.groups import peer_group, similar_groups

    if client is None:
        from kompass.indicators.kolada.client import default_client

        client = default_client()
    try:
        if key != KOLADA_PEERS:
            group = peer_group(client=client, group_id=key[len(KOLADA_PEERS) + 1 :])
            return _kolada_choice(organisation, group)
        groups = similar_groups(client=client, municipality=organisation.name)
    except KoladaError as exc:
        raise _problem(str(exc)) from None
    if not groups:
        raise _problem(
            _("Kolada har ingen grupp ”Liknande kommuner” för %(name)s.")
            % {"name": organisation.name}
        )
    chosen = _one_similar(groups)
    if chosen is None:
        listed = "; ".join(f"{KOLADA_PEERS}-{g.id} ({g.title})" for g in groups)
        raise _problem(
            _("Kolada har flera grupper ”Liknande kommuner” för %(name)s; välj en: %(groups)s")
            % {"name": organisation.name, "groups": listed}
        )
    return _kolada_choice(organisation, chosen)


def resolve_peer_choice(
    organisation: Organisation, source: Source, key: str, *, user=None, client=None
) -> PeerChoice:
    """The peers named by `key` ("table", "skr", "skr-<year>", "band", "county",
    "group-ID", "kolada", "kolada-<id>"), or an InputError saying which keys apply to
    this organisation."""
    key = (key or TABLE_PEERS).strip()
    if key == TABLE_PEERS:
        return _table_peers(organisation, source)
    if key == KOLADA_PEERS or key.startswith(f"{KOLADA_PEERS}-"):
        return _resolve_kolada(organisation, key, client=client)
    peers = resolve_peers(organisation, key, user=user)
    if peers is None:
        known = ", ".join(c.key for c in peer_choices(organisation, source, user=user))
        raise _problem(
            _("jämförelsegruppen ”%(key)s” finns inte för %(name)s (välj bland: %(known)s)")
            % {"key": key, "name": organisation.name, "known": f"{known}, {KOLADA_PEERS}"}
        )
    return _choice(peers)


def run_status_analysis(
    *,
    organisation: Organisation,
    source: Source,
    year: int | None = None,
    peers: str = TABLE_PEERS,
    user=None,
    client=None,
) -> StatusAnalysis:
    """The status analysis of `organisation` in `year` (the source's latest year by
    default) against the peer group `peers`."""
    if year is None:
        if not source.years:
            raise InputError(
                [
                    InputProblem(
                        _("%(source)s har inga värden ännu: importera värden först.")
                        % {"source": source.label},
                        field="year",
                    )
                ]
            )
        year = source.years[-1]
    choice = resolve_peer_choice(organisation, source, peers, user=user, client=client)
    result = analyse_status(
        organisation=organisation.code,
        year=year,
        figures=source.figures,
        values=source.values,
        peers=choice.codes,
    )
    return StatusAnalysis(organisation, source, choice, year, result)


def status_data(analysis: StatusAnalysis) -> dict[str, Any]:
    """Exactly what `kompass analysis status --format json` prints: rows worst first,
    figures without a direction last with percentile null."""
    return {
        "organisation": analysis.organisation.code,
        "year": analysis.year,
        "rows": [
            {
                "metric": row.metric,
                "value": row.value,
                "direction": row.direction,
                "peers": {
                    "n": row.peers.n,
                    "median": row.peers.median,
                    "p25": row.peers.p25,
                    "p75": row.peers.p75,
                },
                "percentile": row.percentile,
                "target_gap": row.target_gap,
                "trend": {"signal": row.trend.signal, "text": analysis.trend_text(row)},
            }
            for row in analysis.rows
        ],
    }
