"""Key ratios and indicators as report kinds: a key-ratio table
(`/rapporter/nyckeltal/<slug>/`), an organisation's dashboard
(`/rapporter/indikatorer/<code>/`) and one indicator (`/rapporter/indikator/<id>/`).
The parameters have the names of the pages' own query parameters, so a download link is
the page's query plus `format`."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from kompass.indicators.domain.dashboard import TABLE_PEERS
from kompass.indicators.domain.keyratios.comparisons import table_years
from kompass.organisations.domain.peers import peer_options, resolve_peers
from kompass.organisations.models import Organisation
from kompass.reports.exports import Param, ReportKind, file_stem


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def table_selection(table, *, user, params, with_choices: bool = False) -> dict:
    """What a key-ratio table shows for these parameters: the year (?ar), the organisation to
    start from (?organisation), its peers (?jamfor) and the chart (?nyckeltal). The page
    and its downloads both call this, so a download shows what the page shows. Peer
    groups are those the user may see for that organisation (`peer_options` with
    `user`): another organisation's own groups are neither offered nor resolved."""
    years = table_years(table)
    year = _int(params.get("ar"))
    if year not in years:
        year = years[-1] if years else None
    organisations = list(
        Organisation.objects.filter(ratio_values__metric__table=table).distinct().order_by("name")
    )
    code = str(params.get("organisation") or "").strip()
    focus = next((o for o in organisations if o.code == code), None) if code else None
    peer_key = params.get("jamfor") or ""
    chart_metric = params.get("nyckeltal") or ""
    options = peer_options(focus, user=user) if focus and with_choices else []
    peers = None
    if focus is not None and peer_key and peer_key != TABLE_PEERS:
        peers = (
            next((p for p in options if p.key == peer_key), None)
            if with_choices
            else resolve_peers(focus, peer_key, user=user)
        )
    query = {"ar": year or "", "nyckeltal": chart_metric}
    if focus is not None:
        query["organisation"] = focus.code
        if peers is not None:
            query["jamfor"] = peers.key
    from kompass.indicators.report import build_table_report

    return {
        "years": years,
        "year": year,
        "organisations": organisations,
        "focus": focus,
        "peer_key": peers.key if peers is not None else "",
        "peers_label": peers.label if peers is not None else "",
        "peer_choices": [(p.key, p.label) for p in options],
        "chart_metric": chart_metric,
        "download_query": urlencode(query),
        "report": build_table_report(
            table,
            year=year,
            focus=focus,
            organisation_ids=(
                set(peers.organisation_ids) | {focus.pk} if peers is not None else None
            ),
            chart_metric=chart_metric,
            peers_label=peers.label if peers is not None else "",
        ),
    }


class TableReport(ReportKind):
    identifier = "nyckeltal"
    verbose_name = _("Nyckeltalstabell: jämförelse, diagram och avvikelse från mål")
    key_help = "tabellens kortnamn (se kompass ratios list)"
    params = (
        Param("ar", "år (standard: det senaste)", int, aliases=("--year",)),
        Param("organisation", "utgå från denna organisation (kommunkod)"),
        Param("jamfor", "jämförelsegrupp för organisationen"),
        Param("nyckeltal", "nyckeltalet som visas i diagrammet"),
    )
    not_found = "det finns ingen nyckeltalstabell ”%(key)s”"

    def get_object(self, user, key, params):
        from kompass.accounts.access import get_ratio_table_for_user

        return get_ratio_table_for_user(user, key)

    def build(self, obj, params, *, user):
        return table_selection(obj, user=user, params=params)["report"]


class DashboardReport(ReportKind):
    identifier = "indikatorer"
    verbose_name = _("En organisations indikatorer och nyckeltal (instrumentpanel)")
    key_help = "kommunkod"
    params = (
        Param(
            "jamfor",
            "jämförelsegrupp: skr, band, county, table eller group-ID",
            aliases=("--peers",),
        ),
    )
    not_found = "det finns ingen organisation med koden ”%(key)s”"

    def get_object(self, user, key, params):
        from django.http import Http404

        from kompass.accounts.access import get_organisation_for_user
        from kompass.organisations.domain.register import find_organisation

        if Organisation.for_key(key) is None:
            # The command line has always taken a name too ("Leksand").
            try:
                key = find_organisation(key).code
            except LookupError:
                raise Http404 from None
        return get_organisation_for_user(user, key)

    def build(self, obj, params, *, user):
        from kompass.indicators.domain.dashboard import build_dashboard
        from kompass.indicators.report import build_dashboard_report

        board = build_dashboard(organisation=obj, user=user, peer_key=params["jamfor"])
        return build_dashboard_report(board)


class IndicatorReport(ReportKind):
    identifier = "indikator"
    verbose_name = _("En indikator: diagram, värden och faser")
    key_help = "indikatorns id (se kompass indicator list)"
    key_type = int
    params = (Param("diagram", "diagramtyp (standard: indikatorns egen)"),)
    not_found = "det finns ingen indikator med id %(key)s"

    def get_object(self, user, key, params):
        from kompass.accounts.access import get_indicator_for_user

        return get_indicator_for_user(user, key)

    def build(self, obj, params, *, user):
        from kompass.indicators.report import build_indicator_report

        return build_indicator_report(obj, chart=params["diagram"])


class TableTemplate(ReportKind):
    """The Excel template of a key-ratio table, for those who may change the table."""

    identifier = "nyckeltalsmall"
    verbose_name = _("Excel-mall att fylla i för en nyckeltalstabell")
    key_help = "tabellens kortnamn (se kompass ratios list)"
    formats = ()
    data_formats = ("xlsx",)
    params = (Param("ar", "året som fylls i (standard: tomt)", int, aliases=("--year",)),)
    not_found = "det finns ingen nyckeltalstabell ”%(key)s”"

    def get_object(self, user, key, params):
        from kompass.accounts.access import get_ratio_table_for_user

        return get_ratio_table_for_user(user, key, edit=True)

    def render_data(self, obj, params, fmt, *, user):
        from kompass.indicators.domain.template import table_template

        return file_stem("nyckeltal", obj.slug, "mall"), table_template(obj, year=params["ar"])
