"""Collaboration pages: projects, partners, team and plan, assessments, the account,
and downloads. Views only collect input and show results; every rule lives in `domain`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_create_project,
    can_edit,
    editable_organisation_ids,
    get_project_for_user,
    visible_projects,
)
from kompass.analytics.socio.texts import KIND_LABELS
from kompass.collaboration.domain import account as acc
from kompass.collaboration.domain import assessments as assess
from kompass.collaboration.domain import projects as proj
from kompass.collaboration.domain.defaults import public_actors
from kompass.collaboration.forms import (
    AssessmentHeadForm,
    AssumptionsForm,
    ImportForm,
    OrganisationForm,
    ProjectCreateForm,
    ProjectForm,
)
from kompass.collaboration.models import Assessment
from kompass.collaboration.report import (
    build_account_report,
    build_project_report,
    socio_text,
    standard_name,
)
from kompass.core.errors import InputError, InputProblem, add_to_form
from kompass.lib.tables import decode
from kompass.organisations.models import Organisation
from kompass.reports.render import render_html_fragment

EXTRA_PARTNER_ROWS = 3
EXTRA_UNIT_ROWS = 3
MAX_PARTNER_ROWS = 200
MAX_UNIT_ROWS = 1000


def home_panel(request):
    user = request.user
    projects = list(visible_projects(user).prefetch_related("partners__organisation")[:8])
    creatable = can_create_project(user)
    if not projects and not creatable:
        return None
    return {"projects": projects, "may_create": creatable}


# -- projects -------------------------------------------------------------------------


@login_required
def project_list(request):
    qs = visible_projects(request.user).prefetch_related("partners__organisation")
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(partners__organisation__name__icontains=query)
        ).distinct()
    return render(
        request,
        "collaboration/list.html",
        {"projects": list(qs), "query": query, "may_create": can_create_project(request.user)},
    )


@login_required
def project_create(request):
    if not can_create_project(request.user):
        raise Http404
    organisations = (
        Organisation.objects.all()
        if request.user.is_administrator
        else Organisation.objects.filter(pk__in=editable_organisation_ids(request.user))
    )
    form = ProjectCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = proj.create_project(user=request.user, **data)
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Projektet är skapat. Lägg till parterna och deras finansiering.")
            )
            return redirect("collaboration:partners", pk=project.pk)
    return render(
        request, "collaboration/form.html", {"form": form, "title": _("Nytt samverkansprojekt")}
    )


@login_required
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk)
    report = build_project_report(project)
    return render(
        request,
        "collaboration/detail.html",
        {
            "project": project,
            "report_html": render_html_fragment(report, request),
            "can_edit": can_edit(request.user, project),
            "frameworks": assess.checklist_frameworks(),
            "assessments": assess.history(project),
            "has_account": hasattr(project, "account"),
        },
    )


@login_required
def project_edit(request, pk):
    project = get_project_for_user(request.user, pk, edit=True)
    initial = {
        "name": project.name,
        "purpose": project.purpose,
        "target_group": project.target_group,
        "start_date": project.start_date,
        "end_date": project.end_date,
    }
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proj.update_project(project=project, user=request.user, **form.cleaned_data)
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Projektets uppgifter är sparade."))
            return redirect("collaboration:detail", pk=pk)
    return render(
        request,
        "collaboration/form.html",
        {"form": form, "project": project, "title": _("Ändra projektets uppgifter")},
    )


@login_required
def project_partners(request, pk):
    project = get_project_for_user(request.user, pk, edit=True)
    problems: list[InputProblem] = []
    if request.method == "POST":
        try:
            rows = _posted_partner_rows(request.POST)
            if request.POST.get("action") == "statutory":
                # The split works on the rows on screen, typed but not yet saved.
                rows = proj.statutory_rows(project, rows=rows)
            proj.set_partners(project=project, user=request.user, rows=rows)
        except InputError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("Parterna och finansieringen är sparade."))
            return redirect("collaboration:detail", pk=pk)
    if problems:
        rows = _posted_partner_rows(request.POST)
    else:
        rows = [
            proj.PartnerRow(
                organisation=p.organisation.name,
                role=p.role,
                actor=p.actor,
                share=acc.percent_text(p.financing_share),
            )
            for p in project.partners.select_related("organisation")
        ]
        rows += [proj.PartnerRow("") for _ in range(EXTRA_PARTNER_ROWS)]
    row_errors: dict[int, list[str]] = {}
    for p in problems:
        if p.row:
            row_errors.setdefault(p.row, []).append(f"{p.column}: {p.message}")
    return render(
        request,
        "collaboration/partners.html",
        {
            "project": project,
            "rows": [(i, r, row_errors.get(i, [])) for i, r in enumerate(rows, start=1)],
            "problems": problems,
            "actors": {code: standard_name(name) for code, name in public_actors().items()},
            "kinds": [
                c for c in Organisation.Kind.choices if c[0] != Organisation.Kind.MUNICIPALITY
            ],
            "organisation_names": Organisation.objects.exclude(
                kind=Organisation.Kind.MUNICIPALITY
            ).values_list("name", flat=True),
        },
    )


def _row_count(post, maximum: int) -> int:
    """The number of rows the page says it posts (a hidden field): a page of ours always
    sends a whole number, so anything else is a tampered request (400, not a crash)."""
    try:
        count = int(post.get("rows", "") or 0)
    except ValueError:
        count = -1
    if count < 0:
        raise BadRequest(_("antalet rader (”rows”) ska vara ett heltal, minst 0"))
    return min(count, maximum)


def _posted_partner_rows(post) -> list[proj.PartnerRow]:
    """Every row on the page, in order (a deleted row becomes blank), so that the row
    numbers in messages are the numbers the user sees."""
    rows = []
    for i in range(1, _row_count(post, MAX_PARTNER_ROWS) + 1):
        deleted = bool(post.get(f"p-{i}-delete"))
        rows.append(
            proj.PartnerRow(
                organisation="" if deleted else post.get(f"p-{i}-organisation", ""),
                role="" if deleted else post.get(f"p-{i}-role", ""),
                actor="" if deleted else post.get(f"p-{i}-actor", ""),
                share="" if deleted else post.get(f"p-{i}-share", ""),
                kind="" if deleted else post.get(f"p-{i}-kind", ""),
            )
        )
    return rows


@login_required
def project_organisation(request, pk):
    project = get_project_for_user(request.user, pk, edit=True)
    initial = {
        "team": proj.people_text(project, "team"),
        "steering": proj.people_text(project, "steering"),
        "plan": proj.plan_text(project),
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proj.set_organisation(project=project, user=request.user, **form.cleaned_data)
        except InputError as exc:
            for p in exc.problems:
                field = OrganisationForm.FIELDS.get(p.field)
                where = _("rad %(n)s") % {"n": p.row} if p.row else ""
                form.add_error(field, f"{where}: {p.message}" if where else p.message)
        else:
            messages.success(request, _("Team, styrgrupp och implementeringsplan är sparade."))
            return redirect("collaboration:detail", pk=pk)
    return render(
        request,
        "collaboration/form.html",
        {"form": form, "project": project, "title": _("Team, styrgrupp och implementeringsplan")},
    )


# -- assessments ----------------------------------------------------------------------


def _item_rows(tree, answers: dict[str, tuple[str, str]], errors: dict[str, str]):
    areas = []
    for area in tree.areas:
        items = []
        for item in area.all_items:
            value, comment = answers.get(item.code, ("", ""))
            items.append(
                {
                    "item": item,
                    "choices": assess.answer_choices(item),
                    "value": value,
                    "comment": comment,
                    "error": errors.get(item.code),
                    "slug": item.code.replace(".", "-"),
                }
            )
        areas.append({"area": area, "items": items})
    return areas


@login_required
def assessment_edit(request, pk, assessment_pk=None):
    project = get_project_for_user(request.user, pk, edit=True)
    assessment = None
    if assessment_pk is not None:
        assessment = get_object_or_404(Assessment, pk=assessment_pk, project=project)
        framework = assessment.framework
    else:
        frameworks = list(assess.checklist_frameworks())
        wanted = request.GET.get("ramverk") or request.POST.get("framework")
        framework = next((f for f in frameworks if f.identifier == wanted), None)
        if framework is None:
            if len(frameworks) == 1:
                framework = frameworks[0]
            else:
                return render(
                    request,
                    "collaboration/choose_framework.html",
                    {"project": project, "frameworks": frameworks},
                )
    tree = framework.tree
    problems: list[InputProblem] = []
    if request.method == "POST":
        head = AssessmentHeadForm(request.POST)
        answers = {
            item.code: (
                request.POST.get(f"a-{item.code}", ""),
                request.POST.get(f"c-{item.code}", "").strip(),
            )
            for item in tree.items
        }
        if head.is_valid():
            try:
                saved = assess.save_assessment(
                    project=project,
                    user=request.user,
                    framework=framework,
                    answers=answers,
                    assessment=assessment,
                    **head.cleaned_data,
                )
            except InputError as exc:
                problems = exc.problems
                for p in problems:
                    if p.field in head.fields:
                        head.add_error(p.field, p.message)
            else:
                messages.success(request, _("Bedömningen är sparad."))
                return redirect("collaboration:assessment", pk=pk, assessment_pk=saved.pk)
    else:
        source = assessment or (
            project.assessments.filter(framework=framework).order_by("-date").first()
        )
        answers = (
            {a.item_code: (a.value, a.comment) for a in source.answers.all()} if source else {}
        )
        initial = {"degree_aimed": 1, "degree_reached": 0}
        if source is not None:
            initial.update(
                degree_reached=source.degree_reached,
                degree_aimed=source.degree_aimed,
                comment=source.comment if assessment else "",
            )
            if assessment is not None:
                initial["date"] = assessment.date
        head = AssessmentHeadForm(initial=initial)
    errors = {p.field: p.message for p in problems if p.field not in head.fields}
    return render(
        request,
        "collaboration/assessment_form.html",
        {
            "project": project,
            "assessment": assessment,
            "framework": framework,
            "tree": tree,
            "head": head,
            "areas": _item_rows(tree, answers, errors),
            "problems": problems,
            "copied": assessment is None and request.method == "GET" and bool(answers),
        },
    )


@login_required
def assessment_detail(request, pk, assessment_pk):
    project = get_project_for_user(request.user, pk)
    assessment = get_object_or_404(
        Assessment.objects.select_related("framework"), pk=assessment_pk, project=project
    )
    tree = assessment.framework.tree
    answers = {a.item_code: (a.value, a.comment) for a in assessment.answers.all()}
    areas = []
    for area in tree.areas:
        rows = []
        for item in area.all_items:
            value, comment = answers.get(item.code, ("", ""))
            rows.append(
                {
                    "item": item,
                    "label": assess.answer_label(item, value) if value else "",
                    "comment": comment,
                }
            )
        areas.append({"area": area, "rows": rows})
    return render(
        request,
        "collaboration/assessment_detail.html",
        {
            "project": project,
            "assessment": assessment,
            "tree": tree,
            "areas": areas,
            "tally": assess.tally(assessment),
            "can_edit": can_edit(request.user, project),
        },
    )


@login_required
@require_POST
def assessment_delete(request, pk, assessment_pk):
    project = get_project_for_user(request.user, pk, edit=True)
    assessment = get_object_or_404(Assessment, pk=assessment_pk, project=project)
    # A confirmation step: a removed assessment cannot be brought back.
    if request.POST.get("confirm") != "ja":
        messages.error(request, _("Kryssa i att du vill ta bort bedömningen."))
        return redirect("collaboration:assessment", pk=pk, assessment_pk=assessment_pk)
    assess.delete_assessment(assessment=assessment, user=request.user)
    messages.success(request, _("Bedömningen är borttagen."))
    return redirect("collaboration:detail", pk=pk)


# -- the account ----------------------------------------------------------------------


@login_required
def account_view(request, pk):
    project = get_project_for_user(request.user, pk)
    result, problems = acc.project_result(project)
    context = {
        "project": project,
        "can_edit": can_edit(request.user, project),
        "has_account": acc.current_data(project) is not None,
        "problems": problems,
        "financing_source": acc.financing_source(project),
        "financing": [
            p for p in project.partners.select_related("organisation") if p.financing_share
        ],
    }
    if result is not None:
        context["report_html"] = render_html_fragment(
            build_account_report(result, detail=False), request
        )
    return render(request, "collaboration/account.html", context)


@login_required
def account_approval(request, pk):
    """Four eyes on the account: the confirmation page shows the account as it will be
    approved; one person asks, another who may change the project approves or rejects."""
    from kompass.approvals.domain import SelfApproval
    from kompass.approvals.pages import decision_context
    from kompass.collaboration.domain import approval
    from kompass.collaboration.models import SocioAccount

    project = get_project_for_user(request.user, pk, edit=True)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "approve":
                approval.approve(project=project, user=request.user)
                messages.success(request, _("Kalkylen är godkänd."))
            elif action == "reject":
                approval.reject(
                    project=project, user=request.user, reason=request.POST.get("reason", "")[:500]
                )
                messages.success(request, _("Begäran är avvisad."))
            else:
                approval.request_approval(project=project, user=request.user)
                messages.success(
                    request,
                    _("Begäran är skickad. En annan person i projektet godkänner kalkylen."),
                )
        except (InputError, SelfApproval) as exc:
            messages.error(request, str(exc))
        return redirect("collaboration:account_approval", pk=pk)
    account = SocioAccount.objects.filter(project=project).first()
    result, problems = acc.project_result(project)
    context = {
        "project": project,
        "account": account,
        "problems": problems,
        "approved_lines": approval.approval_lines(project),
        "request_label": _("Begär godkännande av kalkylen"),
        "approve_label": _("Godkänn kalkylen"),
    }
    if account is not None:
        context["decision"] = decision_context(
            account,
            approval.APPROVE,
            request.user,
            may_request=not approval.is_current(project) and result is not None,
            may_decide=approval.awaits_decision_by(request.user, project),
        )
    if result is not None:
        context["report_html"] = render_html_fragment(
            build_account_report(result, detail=False), request
        )
    return render(request, "collaboration/account_approval.html", context)


@login_required
def account_assumptions(request, pk):
    project = get_project_for_user(request.user, pk, edit=True)
    base = acc.current_data(project) or acc.template_data(project)
    try:
        statuses = acc.build_account(project, base).statuses
    except (InputError, LookupError):
        statuses = _statuses_of(base)
    form = AssumptionsForm(
        request.POST or None, statuses=statuses, initial=AssumptionsForm.initial_from(base)
    )
    if request.method == "POST" and form.is_valid():
        try:
            acc.save_account(project=project, user=request.user, data=form.to_data(base))
        except InputError as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, _("Kalkylens antaganden är sparade."))
            return redirect("collaboration:account", pk=pk)
    status_rows = [
        (
            standard_name(s.name),
            form[f"before_{s.code}"],
            form[f"after_{s.code}"],
            form[f"comparison_{s.code}"],
        )
        for s in statuses
    ]
    status_fields = {f"{p}_{s.code}" for s in statuses for p in ("before", "after", "comparison")}
    return render(
        request,
        "collaboration/assumptions.html",
        {
            "project": project,
            "form": form,
            "status_rows": status_rows,
            "main_fields": [f for f in form if f.name not in status_fields],
            "financing_source": acc.financing_source(project),
        },
    )


def _statuses_of(data: dict):
    from kompass.analytics.socio.account import Status

    raw = data.get("statuses") or []
    return tuple(Status(s["code"], s["name"]) for s in raw if isinstance(s, dict) and "code" in s)


UNIT_FIELDS = ("status", "name", "kind", "actor", "to", "amount", "year", "source")
UNIT_LABELS = {
    "status": gettext_lazy("Status"),
    "name": gettext_lazy("Post"),
    "kind": gettext_lazy("Typ"),
    "actor": gettext_lazy("Aktör (betalar)"),
    "to": gettext_lazy("Mottagare"),
    "amount": gettext_lazy("Belopp"),
    "year": gettext_lazy("Prisår"),
    "source": gettext_lazy("Källa"),
}


@login_required
def account_unit_costs(request, pk):
    project = get_project_for_user(request.user, pk, edit=True)
    data = acc.current_data(project)
    if data is None:
        messages.info(
            request, _("Fyll i kalkylens antaganden först; enhetskostnaderna följer med.")
        )
        return redirect("collaboration:account_assumptions", pk=pk)
    problems: list[InputProblem] = []
    row_errors: dict[int, dict[str, str]] = {}
    if request.method == "POST":
        if request.POST.get("action") == "reset":
            try:
                acc.reset_unit_costs(project=project, user=request.user)
            except InputError as exc:
                problems = exc.problems
            else:
                messages.success(request, _("Standardvärdena är återställda."))
                return redirect("collaboration:account_unit_costs", pk=pk)
        else:
            rows, index, posted = _posted_units(request.POST)
            try:
                acc.save_account(
                    project=project, user=request.user, data={**data, "unit_costs": rows}
                )
            except InputError as exc:
                problems = []
                for p in exc.problems:
                    row, column = _unit_location(p.field, index)
                    if row is not None:
                        row_errors.setdefault(row, {})[column] = p.message
                        label = str(UNIT_LABELS.get(column, column))
                        problems.append(InputProblem(p.message, row=row, column=label))
                    else:
                        problems.append(p)
            else:
                messages.success(request, _("Enhetskostnaderna är sparade."))
                return redirect("collaboration:account", pk=pk)
        shown = posted if row_errors else None
    else:
        shown = None
    if shown is None:
        shown = [dict(u) for u in data.get("unit_costs") or []]
        shown += [{} for _ in range(EXTRA_UNIT_ROWS)]
    statuses = data.get("statuses") or []
    actors = data.get("actors") or []
    return render(
        request,
        "collaboration/unit_costs.html",
        {
            "project": project,
            "rows": [
                (
                    i,
                    {k: _display(row.get(k, "")) for k in UNIT_FIELDS},
                    row_errors.get(i, {}),
                    bool(row.get("delete")),
                )
                for i, row in enumerate(shown, start=1)
            ],
            "statuses": [(s["code"], standard_name(s["name"])) for s in statuses],
            "actors": [(a["code"], standard_name(a["name"])) for a in actors],
            "kinds": [(kind, socio_text(label)) for kind, label in KIND_LABELS.items()],
            "problems": problems,
            "labels": UNIT_LABELS,
        },
    )


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _posted_units(post) -> tuple[list[dict], dict[int, int], list[dict]]:
    """The posted rows in file form, list index -> row number on the page, and every
    posted row as typed (to show again, with the same numbers, when something is wrong)."""
    rows, index, shown = [], {}, []
    for number in range(1, _row_count(post, MAX_UNIT_ROWS) + 1):
        row = {k: post.get(f"u-{number}-{k}", "").strip() for k in UNIT_FIELDS}
        deleted = bool(post.get(f"u-{number}-delete"))
        shown.append({**row, "delete": deleted})
        if deleted or not any(row[k] for k in ("name", "amount", "year", "source")):
            continue
        clean = {k: v for k, v in row.items() if v != "" or k in ("year", "amount")}
        if clean.get("kind") != "transfer":
            clean.pop("to", None)
        index[len(rows)] = number
        rows.append(clean)
    return rows, index, shown


def _unit_location(field: str, index: dict[int, int]) -> tuple[int | None, str]:
    import re

    match = re.match(r"unit_costs\[(\d+)\](?:\.(\w+))?", field or "")
    if not match:
        return None, ""
    return index.get(int(match.group(1))), match.group(2) or ""


@login_required
def account_import(request, pk):
    project = get_project_for_user(request.user, pk, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[InputProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                filename = upload.name
                text, _encoding = decode(upload.read(), filename)
            else:
                filename, text = _("inklistrad text"), form.cleaned_data["text"]
            account = acc.import_account(
                project=project, user=request.user, text=text, filename=filename
            )
        except InputError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("Kalkylen är inläst."))
            for note in account.input_notes:
                messages.warning(request, socio_text(note))
            return redirect("collaboration:account", pk=pk)
    return render(
        request,
        "collaboration/import.html",
        {"project": project, "form": form, "problems": problems},
    )
