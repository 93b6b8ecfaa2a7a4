"""What a status analysis is run over, chosen by the same parameters everywhere: the page's
query, the download (`/rapporter/nulage/<code>/?source=…`), `kompass report nulage`
and the API all call `analysis_for`, so a download shows what the page shows.

Parameters: `source` ("table:<slug>", a bare slug, "indicators" or "kolada"),
`kpi_group` (the Kolada KPI group's id, with source "kolada" or alone), `peers` (see
`analysis.resolve_peer_choice`) and `year`. The server computes; nothing a browser sends
but these choices is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from kompass.accounts.access import get_ratio_table_for_user, visible_ratio_tables
from kompass.core.errors import InputError, InputProblem
from kompass.organisations.models import Organisation
from kompass.status.domain.analysis import TABLE_PEERS, StatusAnalysis, run_status_analysis
from kompass.status.domain.sources import (
    KOLADA,
    Source,
    indicator_source,
    kolada_group_source,
    table_source,
)

INDICATORS = "indicators"


def source_options(user) -> list[tuple[str, str]]:
    """The sources `user` may analyse: the key-ratio tables they may see, the
    organisation's own indicators, and a Kolada KPI group."""
    options = [(f"table:{t.slug}", t.name) for t in visible_ratio_tables(user).order_by("name")]
    options.append((INDICATORS, _("Egna indikatorer")))
    options.append((KOLADA, _("Nyckeltalsgrupp i Kolada (ange id)")))
    return options


def kolada_client():
    """The client the pages and downloads use (settings' address and cache)."""
    from kompass.indicators.kolada.client import default_client

    return default_client()


def source_for(
    *, user, organisation: Organisation, key: str, kpi_group: str = "", client=None
) -> Source:
    """The source named by `key`; a table `user` may not see is 404 (as if it did not
    exist), a Kolada group that does not exist an InputError that says so."""
    key = (key or "").strip()
    kpi_group = (kpi_group or "").strip()
    if kpi_group and key in ("", KOLADA):
        return kolada_group_source(group_id=kpi_group, client=client or kolada_client())
    if key == KOLADA:
        raise InputError(
            [InputProblem(_("Ange id för Koladas nyckeltalsgrupp."), field="kpi_group")]
        )
    if key == INDICATORS:
        return indicator_source(organisation)
    slug = key.removeprefix("table:")
    return table_source(get_ratio_table_for_user(user, slug))


def _year(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise InputError(
            [InputProblem(_("”%(value)s” är inget år.") % {"value": raw}, field="year")]
        ) from None


def analysis_for(
    *, user, organisation: Organisation, params: Mapping[str, Any], client=None
) -> tuple[StatusAnalysis, dict[str, Any]]:
    """Run the analysis the parameters name; returns it with the selection that
    reproduces it (for links: the page, the downloads, the decisions)."""
    kpi_group = str(params.get("kpi_group") or "").strip()
    key = str(params.get("source") or "").strip()
    if not key and not kpi_group:
        key = source_options(user)[0][0]  # the first table, or the own indicators
    uses_kolada = bool(kpi_group) and key in ("", KOLADA)
    if uses_kolada and client is None:
        client = kolada_client()
    source = source_for(
        user=user, organisation=organisation, key=key, kpi_group=kpi_group, client=client
    )
    analysis = run_status_analysis(
        organisation=organisation,
        source=source,
        year=_year(params.get("year")),
        peers=str(params.get("peers") or TABLE_PEERS),
        user=user,
        client=client,
    )
    selection: dict[str, Any] = {
        "source": source.kind if source.kind != "table" else f"table:{source.key}",
        "peers": analysis.peers.key,
        "year": analysis.year,
    }
    if source.kind == KOLADA:
        selection["kpi_group"] = source.key
    return analysis, selection
