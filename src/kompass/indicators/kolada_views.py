"""Kolada in the browser: search KPIs by text or by KPI group (KKiK, Öppna jämförelser), a
KPI's description with its recent values as Kolada gives them (status codes and missing
values as Kolada shows them), and an import into a key-ratio table or an indicator that
runs as a background job (`indicators/jobs.py`), with Kolada's "Liknande kommuner" and SKR's
groups offered as the municipalities to fetch."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kompass.accounts.access import (
    can_edit,
    editable_organisations,
    visible_organisations,
    visible_ratio_tables,
)
from kompass.core.errors import InputError, InputProblem, add_to_form
from kompass.indicators.forms import KoladaImportForm, KoladaSearchForm
from kompass.indicators.kolada.client import KoladaError, default_client
from kompass.indicators.kolada.groups import kpi_groups, peer_groups
from kompass.indicators.kolada.importer import parse_years
from kompass.indicators.models import ChartType, Indicator, PeriodType
from kompass.lib.numbers import decimals_of, format_number
from kompass.organisations.domain.names import OrganisationMatcher
from kompass.organisations.models import Organisation

MAX_HITS = 200
PREVIEW_YEARS = 10


@login_required
def search(request):
    form = KoladaSearchForm(request.GET or None)
    kpis, groups, error = None, None, ""
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["grupp"]):
        try:
            with default_client() as client:
                if form.cleaned_data["q"]:
                    kpis = client.search_kpis(form.cleaned_data["q"])
                if form.cleaned_data["grupp"]:
                    groups = kpi_groups(client=client, title=form.cleaned_data["grupp"])
        except KoladaError as exc:
            error = str(exc)
    return render(
        request,
        "indicators/kolada_search.html",
        {
            "form": form,
            "kpis": kpis[:MAX_HITS] if kpis is not None else None,
            "kpi_count": len(kpis or []),
            "groups": groups,
            "error": error,
        },
    )


def _targets(user) -> list[tuple[str, str]]:
    """Where the user may import: tables they may change, yearly indicators (run or I
    chart) of organisations they edit."""
    tables = [
        (f"table:{t.slug}", _("Nyckeltalstabell: %(n)s") % {"n": t.name})
        for t in visible_ratio_tables(user).order_by("name")
        if can_edit(user, t)
    ]
    owners = editable_organisations(user)
    indicators = [
        (
            f"indicator:{i.pk}",
            _("Indikator: %(n)s (%(o)s)") % {"n": i.name, "o": i.organisation.name},
        )
        for i in Indicator.objects.filter(
            organisation__in=owners,
            period_type=PeriodType.YEAR,
            chart_type__in=[ChartType.RUN, ChartType.I],
        ).select_related("organisation")
    ]
    return tables + indicators


def _basis(request) -> Organisation | None:
    """The municipality whose values are previewed and whose similar municipalities are
    offered: ?kommun=CODE, else the first of the user's own organisations with a code."""
    code = (request.GET.get("kommun") or request.POST.get("kommun") or "").strip()
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    if code:
        return municipalities.filter(code=code).first()
    own = visible_organisations(request.user).exclude(code="").exclude(code__isnull=True)
    return own.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name").first()


def _shown(value: float | None) -> str:
    return "" if value is None else format_number(value, decimals_of(value, 4))


def _preview(client, kpi, basis) -> list[dict]:
    """The basis municipality's values of the last years, one row per year and gender, as
    Kolada gives them: the value, Kolada's status code beside it, a missing value as
    missing (never 0), a deleted one as deleted."""
    this_year = datetime.date.today().year
    years = list(range(this_year - PREVIEW_YEARS, this_year + 1))
    points = client.data(kpi.id, municipalities=[basis.code], years=years)
    rows = []
    for p in sorted(points, key=lambda p: (-p.period, "TKM".index(p.gender))):
        rows.append(
            {
                "year": p.period,
                "gender": {"T": _("Totalt"), "K": _("Kvinnor"), "M": _("Män")}[p.gender],
                "value": _shown(p.value),
                "status": p.status,
                "missing": p.value is None,
                "deleted": p.deleted,
            }
        )
    return rows


@login_required
def kpi(request, kpi_id):
    kpi_id = kpi_id.strip().upper()
    basis = _basis(request)
    targets = _targets(request.user)
    error = ""
    group_choices: list[tuple[str, str]] = []
    preview: list[dict] = []
    found = None
    try:
        with default_client() as client:
            try:
                found = client.kpi(kpi_id)
            except KoladaError as exc:
                if "inget nyckeltal" in str(exc):
                    raise Http404 from None
                raise
            if basis is not None:
                preview = _preview(client, found, basis)
            if targets:
                offered = peer_groups(client=client, municipality=basis.name if basis else "")
                group_choices = [(g.id, f"{g.label} ({len(g.members)})") for g in offered]
    except KoladaError as exc:
        error = str(exc)
        if found is None:
            return render(
                request,
                "indicators/kolada_error.html",
                {"error": error, "kpi_id": kpi_id},
                status=502,
            )
    year = datetime.date.today().year
    form = KoladaImportForm(
        request.POST or None,
        targets=targets,
        groups=group_choices,
        initial={"years": f"{year - 10}-{year - 1}", "genders": ["T"]},
    )
    if request.method == "POST":
        if not targets:
            raise Http404
        if form.is_valid():
            started = _start_import(request, form, found)
            if started is not None:
                messages.success(
                    request,
                    _(
                        "Importen är startad. Du ser hur det går här, och resultatet när den är klar."
                    ),
                )
                return redirect("jobs:detail", pk=started.pk)
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by(
        "name"
    )
    return render(
        request,
        "indicators/kolada_kpi.html",
        {
            "kpi": found,
            "basis": basis,
            "municipalities": municipalities,
            "preview": preview,
            "form": form if targets else None,
            "error": error,
        },
    )


def _start_import(request, form, found):
    from kompass.indicators.jobs import import_from_kolada
    from kompass.jobs import enqueue

    data = form.cleaned_data
    problems: list[InputProblem] = []
    try:
        years = parse_years([data["years"]]) or []
    except InputError as exc:
        problems += [InputProblem(m, field="years") for m in exc.messages]
        years = []
    lines = [line for line in data["municipalities"].splitlines() if line.strip()]
    matched = OrganisationMatcher(Organisation.objects.exclude(code="")).match_lines(
        lines, field_name="municipalities"
    )
    problems += matched.problems
    codes = [o.code for o in matched.found if o.code]
    target = data["target"]
    genders = data["genders"] or ["T"]
    if target.startswith("table:") and not codes and not data["groups"]:
        problems.append(
            InputProblem(
                _("välj kommuner eller en kommungrupp (Kolada lämnar inte ut allt på en gång)"),
                field="municipalities",
            )
        )
    if target.startswith("indicator:") and genders != ["T"]:
        problems.append(InputProblem(_("en indikator tar bara emot totalen (T)"), field="genders"))
    owner = None
    if data["save_groups"] and data["groups"]:
        if not target.startswith("table:"):
            problems.append(
                InputProblem(
                    _("grupper sparas för en tabells ägare; välj en tabell"), field="save_groups"
                )
            )
        else:
            table = visible_ratio_tables(request.user).filter(slug=target[6:]).first()
            owner = table.owner if table is not None else None
            if owner is None or not can_edit(request.user, owner):
                problems.append(
                    InputProblem(
                        _("tabellen har ingen ägare som du redigerar; grupperna kan inte sparas"),
                        field="save_groups",
                    )
                )
    if problems:
        add_to_form(form, InputError(problems))
        return None
    return enqueue(
        import_from_kolada,
        user=request.user,
        title=_("Import från Kolada: %(kpi)s %(title)s") % {"kpi": found.id, "title": found.title},
        kpis=[found.id],
        target=target,
        municipalities=codes,
        groups=list(data["groups"]),
        years=years,
        genders=list(genders),
        save_groups_for=owner.code if owner is not None else "",
    )
