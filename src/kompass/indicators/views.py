"""Pages for key ratios and indicators: overview, an organisation's dashboard, indicator
charts and their series, key-ratio tables with comparison and export, peer groups."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_edit,
    can_see,
    editable_organisations,
    get_indicator_for_user,
    get_organisation_for_user,
    get_peer_group_for_user,
    get_ratio_table_for_user,
    visible_organisations,
    visible_peer_groups,
    visible_ratio_tables,
)
from kompass.core.errors import InputError, add_to_form
from kompass.indicators.domain import indicators as domain
from kompass.indicators.domain.dashboard import build_dashboard
from kompass.indicators.domain.keyratios.definitions import define_table
from kompass.indicators.domain.keyratios.importing import import_values
from kompass.indicators.exports import table_selection
from kompass.indicators.forms import (
    IndicatorForm,
    PeerGroupForm,
    PhaseForm,
    TableDefinitionForm,
    TableImportForm,
    ValuesForm,
)
from kompass.indicators.models import IndicatorPhase, IndicatorValue
from kompass.indicators.report import (
    build_indicator_report,
    dashboard_charts,
)
from kompass.organisations.domain.peers import (
    create_peer_group,
    group_sizes,
)
from kompass.reports.render import render_blocks_html, render_html_fragment

# --------------------------------------------------------------------------- navigation


def home_panel(request):
    """Start page: the dashboards of the user's organisations and the latest tables."""
    user = request.user
    if not user.is_authenticated:
        return None
    organisations = visible_organisations(user)
    if user.is_administrator:
        organisations = organisations.filter(indicators__isnull=False)
    organisations = list(
        organisations.annotate(n=Count("indicators", distinct=True)).order_by("name")[:8]
    )
    tables = list(visible_ratio_tables(user).order_by("-updated_at")[:5])
    return {"organisations": organisations, "tables": tables}


def overview_slot(request, organisation):
    """On an organisation's page: a link to its dashboard for those who may read it."""
    if not can_see(request.user, organisation):
        return None
    return {
        "organisation": organisation,
        "count": organisation.indicators.count(),
        "can_edit": can_edit(request.user, organisation),
    }


@login_required
def index(request):
    user = request.user
    organisations = (
        visible_organisations(user)
        .annotate(n=Count("indicators", distinct=True))
        .order_by("-n", "name")
    )
    if user.is_administrator:
        query = request.GET.get("q", "").strip()
        organisations = (
            organisations.filter(n__gt=0)
            if not query
            else organisations.filter(name__icontains=query)
        )
    tables = list(visible_ratio_tables(user).order_by("name"))
    return render(
        request,
        "indicators/index.html",
        {
            "organisations": list(organisations[:100]),
            "tables": tables,
            "query": request.GET.get("q", ""),
            "may_define": user.is_administrator or editable_organisations(user).exists(),
        },
    )


# --------------------------------------------------------------------------- dashboard


@login_required
def dashboard(request, code):
    organisation = get_organisation_for_user(request.user, code)
    board = build_dashboard(
        organisation=organisation, user=request.user, peer_key=request.GET.get("jamfor")
    )
    perspectives = [
        (group, render_blocks_html(dashboard_charts(group), request, prefix=f"{group.key}-"))
        for group in board.groups
    ]
    return render(
        request,
        "indicators/dashboard.html",
        {
            "organisation": organisation,
            "board": board,
            "perspectives": perspectives,
            "can_edit": can_edit(request.user, organisation),
            "download_query": urlencode({"jamfor": board.peer_key}),
        },
    )


# --------------------------------------------------------------------------- indicators


@login_required
def indicator_create(request, code):
    organisation = get_organisation_for_user(request.user, code, edit=True)
    initial = {"decimals": 1, "period_type": "month", "chart_type": "run"}
    if request.GET.get("perspektiv"):
        initial["perspective"] = request.GET["perspektiv"]
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = domain.create_indicator(
                organisation=organisation, user=request.user, **form.cleaned_data
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Indikatorn är skapad. Lägg in värden för att se diagrammet.")
            )
            return redirect("indicators:values", pk=indicator.pk)
    return render(
        request,
        "indicators/indicator_form.html",
        {"organisation": organisation, "form": form, "indicator": None},
    )


@login_required
def indicator_edit(request, pk):
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_for(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_indicator(indicator=indicator, user=request.user, **form.cleaned_data)
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Indikatorn är sparad."))
            return redirect("indicators:indicator", pk=indicator.pk)
    return render(
        request,
        "indicators/indicator_form.html",
        {"organisation": indicator.organisation, "form": form, "indicator": indicator},
    )


@login_required
def indicator_detail(request, pk):
    indicator = get_indicator_for_user(request.user, pk)
    chart = request.GET.get("diagram") or indicator.chart_type
    if chart not in domain.allowed_charts(indicator):
        chart = indicator.chart_type
    report = build_indicator_report(indicator, chart=chart)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "report_html": render_html_fragment(report, request),
            "can_edit": can_edit(request.user, indicator.organisation),
            "charts": [(c, _chart_label(c)) for c in domain.allowed_charts(indicator)],
            "chart": chart,
            "download_query": urlencode({"diagram": chart}),
            "phases": indicator.phases.all(),
        },
    )


def _chart_label(chart: str) -> str:
    from kompass.indicators.models import ChartType

    return str(ChartType(chart).label)


@login_required
def indicator_values(request, pk):
    indicator = get_indicator_for_user(request.user, pk)
    editable = can_edit(request.user, indicator.organisation)
    problems: list[str] = []
    form = ValuesForm()
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = ValuesForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            text = form.cleaned_data["text"].strip()
            try:
                if upload:
                    result = domain.import_values(
                        indicator=indicator,
                        data=upload.read(),
                        filename=upload.name,
                        user=request.user,
                        replace=form.cleaned_data["replace"],
                    )
                elif text:
                    result = domain.set_values(
                        indicator=indicator,
                        rows=_pasted_rows(text),
                        user=request.user,
                        replace=form.cleaned_data["replace"],
                    )
                else:
                    problems = [_("Välj en fil eller klistra in värden.")]
                    result = None
            except InputError as exc:
                problems = exc.messages
            else:
                if result is not None:
                    messages.success(
                        request, _("Värdena är sparade: %(s)s") % {"s": result.summary}
                    )
                    return redirect("indicators:values", pk=pk)
    return render(
        request,
        "indicators/indicator_values.html",
        {
            "indicator": indicator,
            "values": indicator.values.all(),
            "form": form,
            "problems": problems,
            "editable": editable,
            "phase_form": PhaseForm(),
            "phases": indicator.phases.all(),
            "is_ratio": domain.is_ratio(indicator),
        },
    )


def _pasted_rows(text: str) -> list[dict]:
    """Lines of "period;value[;denominator]" (tab or semicolon; comma only when the
    numbers use decimal point)."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "\t" in line:
            parts = line.split("\t")
        elif ";" in line:
            parts = line.split(";")
        else:
            parts = line.split()
            if len(parts) == 1:  # "2023-03,84.5": comma as separator, decimal point
                parts = line.split(",")
        parts = [p.strip() for p in parts]
        if number == 1 and parts and parts[0].casefold() in domain.PERIOD_ALIASES:
            continue
        rows.append(
            {
                "line": number,
                "period": parts[0] if parts else "",
                "value": parts[1] if len(parts) > 1 else "",
                "denominator": parts[2] if len(parts) > 2 else "",
            }
        )
    return rows


@login_required
@require_POST
def value_delete(request, pk, value_pk):
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    value = get_object_or_404(IndicatorValue, pk=value_pk, indicator=indicator)
    domain.delete_value(value=value, user=request.user)
    messages.success(request, _("Värdet för %(p)s är borttaget.") % {"p": value.period})
    return redirect("indicators:values", pk=pk)


@login_required
@require_POST
def phase_add(request, pk):
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            domain.add_phase(indicator=indicator, user=request.user, **form.cleaned_data)
        except InputError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Fasen är tillagd; mittlinjen räknas om från den perioden.")
            )
    else:
        messages.error(request, _("Ange från vilken period och vad som ändrades."))
    return redirect("indicators:values", pk=pk)


@login_required
@require_POST
def phase_delete(request, pk, phase_pk):
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    phase = get_object_or_404(IndicatorPhase, pk=phase_pk, indicator=indicator)
    domain.delete_phase(phase=phase, user=request.user)
    messages.success(request, _("Fasen är borttagen."))
    return redirect("indicators:values", pk=pk)


@login_required
def indicator_delete(request, pk):
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    if request.method == "POST":
        code = indicator.organisation.code
        domain.delete_indicator(indicator=indicator, user=request.user)
        messages.success(request, _("Indikatorn ”%(n)s” är borttagen.") % {"n": indicator.name})
        return redirect("indicators:dashboard", code=code)
    return render(request, "indicators/indicator_delete.html", {"indicator": indicator})


# --------------------------------------------------------------------------- key-ratio tables


def _table_selection(request, table, *, with_choices: bool = False) -> dict:
    return table_selection(table, user=request.user, params=request.GET, with_choices=with_choices)


@login_required
def table_detail(request, slug):
    table = get_ratio_table_for_user(request.user, slug)
    selection = _table_selection(request, table, with_choices=True)
    report = selection.pop("report")
    return render(
        request,
        "indicators/table_detail.html",
        {
            "table": table,
            **selection,
            "metrics": list(table.metrics.all()),
            "report_html": render_html_fragment(report, request),
            "can_edit": can_edit(request.user, table),
        },
    )


@login_required
def table_define(request):
    if not (request.user.is_administrator or editable_organisations(request.user).exists()):
        raise PermissionDenied
    form = TableDefinitionForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems = [_("Definitionen ska vara sparad som UTF-8.")]
        else:
            try:
                table, created = define_table(text=text, filename=upload.name, user=request.user)
            except InputError as exc:
                problems = exc.messages
            except PermissionDenied as exc:
                problems = [str(exc)]
            else:
                messages.success(
                    request,
                    _("Tabellen är skapad. Importera nu värdena.")
                    if created
                    else _("Tabellens definition är uppdaterad."),
                )
                return redirect("indicators:table_import", slug=table.slug)
    return render(request, "indicators/table_define.html", {"form": form, "problems": problems})


@login_required
def table_import(request, slug):
    table = get_ratio_table_for_user(request.user, slug, edit=True)
    form = TableImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_values(
                table=table,
                data=upload.read(),
                filename=upload.name,
                user=request.user,
                year=form.cleaned_data["year"],
                create_metrics=form.cleaned_data["create_metrics"],
                source=form.cleaned_data["source"],
            )
        except InputError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Importen är klar: %(s)s") % {"s": result.summary})
            return redirect("indicators:table", slug=slug)
    return render(
        request,
        "indicators/table_import.html",
        {"table": table, "form": form, "problems": problems, "metrics": table.metrics.all()},
    )


# --------------------------------------------------------------------------- peer groups


@login_required
def peer_groups(request):
    user = request.user
    owners = list(editable_organisations(user).order_by("name")[:300])
    groups = list(visible_peer_groups(user).select_related("owner").order_by("name"))
    may_create = user.is_administrator or bool(owners)
    form = PeerGroupForm(request.POST or None, owners=owners, allow_shared=user.is_administrator)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            owner = None
            if data["owner"]:
                owner = next((o for o in owners if str(o.pk) == data["owner"]), None)
                if owner is None:
                    raise PermissionDenied
            elif not user.is_administrator:
                raise PermissionDenied
            try:
                group = create_peer_group(
                    name=data["name"],
                    kind=data["kind"],
                    criterion=data["criterion"],
                    members=[line for line in data["members"].splitlines() if line.strip()],
                    owner=owner,
                    description=data["description"],
                    user=user,
                )
            except InputError as exc:
                add_to_form(form, exc)
            else:
                size = group_sizes([group])[group.pk]
                messages.success(
                    request,
                    ngettext(
                        "Jämförelsegruppen ”%(n)s” är sparad med %(c)s organisation.",
                        "Jämförelsegruppen ”%(n)s” är sparad med %(c)s organisationer.",
                        size,
                    )
                    % {"n": group.name, "c": size},
                )
                return redirect("indicators:peer_groups")
    sizes = group_sizes(groups)
    rows = [
        (
            g,
            sizes[g.pk],
            can_edit(user, g),
        )
        for g in groups
    ]
    return render(
        request,
        "indicators/peer_groups.html",
        {"rows": rows, "form": form, "may_create": may_create},
    )


@login_required
@require_POST
def peer_group_delete(request, pk):
    group = get_peer_group_for_user(request.user, pk, edit=True)
    group.delete()
    messages.success(request, _("Jämförelsegruppen är borttagen."))
    return redirect("indicators:peer_groups")
