"""Evaluation pages: list, report, scoring screen, texts, workflow, downloads, audit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_create_evaluation,
    can_edit,
    can_see_evidence,
    get_evaluation_for_user,
    is_evaluator_of,
    member_organisation_ids,
    visible_evaluations,
)
from kompass.approvals.domain import SelfApproval
from kompass.approvals.pages import decision_context
from kompass.audit.pages import render_trail
from kompass.audit.reading import object_entries
from kompass.core.errors import InputError, add_to_form
from kompass.core.navigation import slot_items
from kompass.evaluations.domain import editing
from kompass.evaluations.domain.comparisons import reference_groups
from kompass.evaluations.domain.scores import score_sheet, set_scores
from kompass.evaluations.domain.transfer import import_evaluation_bytes
from kompass.evaluations.domain.workflow import (
    PUBLISH,
    allowed_transitions,
    awaits_approval_by,
    transition,
)
from kompass.evaluations.forms import (
    AreaTextForm,
    DetailsForm,
    EvaluationCreateForm,
    EvidenceForm,
    ImportForm,
)
from kompass.evaluations.models import Evaluation, Evidence, Finding
from kompass.evaluations.report import build_evaluation_report
from kompass.reports.render import render_html_fragment


def home_panel(request):
    user = request.user
    visible = visible_evaluations(user)
    assigned = list(
        visible.filter(evaluators=user).exclude(status=Evaluation.Status.PUBLISHED)[:10]
    )
    own = list(visible.filter(organisation_id__in=member_organisation_ids(user))[:10])
    recent = list(
        visible.filter(status=Evaluation.Status.PUBLISHED).order_by("-published_at", "-date")[:5]
    )
    return {
        "assigned": assigned,
        "own": own,
        "recent": recent,
        "may_create": can_create_evaluation(user),
    }


def organisation_slot(request, organisation):
    """On an organisation's page: the evaluations this user may see and the scores of the
    latest published one (published evaluations are read by everyone signed in)."""
    evaluations = list(
        visible_evaluations(request.user).filter(organisation=organisation).order_by("-date")
    )
    latest = next((e for e in evaluations if e.is_published), None)
    return {
        "evaluations": evaluations,
        "latest": latest,
        "sheet": score_sheet(latest) if latest else None,
    }


@login_required
def evaluation_list(request):
    qs = visible_evaluations(request.user).order_by("-date", "organisation__name")
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if query:
        qs = qs.filter(Q(organisation__name__icontains=query) | Q(organisation__code=query))
    if status in Evaluation.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": Evaluation.Status.choices,
            "may_create": can_create_evaluation(request.user),
        },
    )


@login_required
def evaluation_detail(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk)
    compare_with = request.GET.get("jamfor", "")
    groups = reference_groups(evaluation, user=request.user)
    report = build_evaluation_report(evaluation, compare_with=compare_with, groups=groups)
    return render(
        request,
        "evaluations/detail.html",
        {
            "evaluation": evaluation,
            "report_html": render_html_fragment(report, request),
            "can_edit": can_edit(request.user, evaluation),
            "transitions": [
                (t, Evaluation.Status(t).label)
                for t in allowed_transitions(request.user, evaluation)
            ],
            "may_publish_page": request.user.is_administrator
            or is_evaluator_of(request.user, evaluation),
            "slots": slot_items("evaluation_detail", request, evaluation),
            "compare_with": compare_with,
            "compare_options": [g for g in groups if g.n and g.key not in ("national", "previous")],
        },
    )


@login_required
def evaluation_score(request, pk, area=None):
    """The evaluator's scoring screen, one area at a time."""
    evaluation = get_evaluation_for_user(request.user, pk)
    editable = can_edit(request.user, evaluation)
    tree = evaluation.framework.tree
    area_code = area or tree.areas[0].code
    try:
        current = tree.area(area_code)
    except KeyError:
        raise Http404 from None
    errors = []
    evidence_errors: dict[str, str] = {}
    if request.method == "POST":
        if not editable:
            get_evaluation_for_user(request.user, pk, edit=True)  # raises 403 with the reason
        response = _save_score_screen(request, evaluation, current, evidence_errors)
        if isinstance(response, list):
            errors = response
        elif response is not None:
            return response
    sheet = score_sheet(evaluation)
    evidence: dict[str, list[Evidence]] = {}
    # The notes are the organisation's and its evaluators' (not in what others read).
    notes = evaluation.evidence.all() if can_see_evidence(request.user, evaluation) else ()
    for item in notes:
        evidence.setdefault(item.subarea_code, []).append(item)
    # Whatever was posted and not stored is shown again: nothing typed is lost.
    kept = request.POST if (errors or evidence_errors) else {}
    error_fields = {p.field: p.message for p in errors}
    rows = []
    for sub in current.subareas:
        scored = sheet.subarea(sub.code)
        rows.append(
            {
                "sub": sub,
                "scored": scored,
                "evidence": evidence.get(sub.code, []),
                "value": kept.get(
                    f"score-{sub.code}", "" if scored.score is None else scored.score
                ),
                "error": error_fields.get(sub.code),
                "evidence_text": kept.get(f"text-{sub.code}", ""),
                "evidence_source": kept.get(f"source-{sub.code}", ""),
                "evidence_error": evidence_errors.get(sub.code, ""),
            }
        )
    names = {sub.code: sub.name for sub in current.subareas}
    error_items = [
        {
            "label": _("Poäng för %(code)s %(name)s") % {"code": p.field, "name": names[p.field]}
            if p.field in names
            else p.field,
            "message": p.message,
            "href": f"#score-{p.field}" if p.field in names else "",
        }
        for p in errors
    ] + [
        {
            "label": _("Underlag för %(code)s %(name)s") % {"code": code, "name": names[code]},
            "message": message,
            "href": f"#text-{code}",
        }
        for code, message in evidence_errors.items()
    ]
    areas = list(tree.areas)
    index = areas.index(current)
    return render(
        request,
        "evaluations/score.html",
        {
            "evaluation": evaluation,
            "sheet": sheet,
            "area": current,
            "area_sheet": sheet.area(current.code),
            "rows": rows,
            "editable": editable,
            "errors": errors,
            "error_items": error_items,
            "areas": areas,
            "next_area": areas[index + 1] if index + 1 < len(areas) else None,
            "previous_area": areas[index - 1] if index > 0 else None,
            "evidence_form": EvidenceForm(),
        },
    )


def _save_score_screen(request, evaluation, current, evidence_errors):
    """One post of the scoring screen: the scores typed in the area are saved first (all
    or none), then the note asked for is added or removed. Saving a note therefore never
    throws away scores typed but not yet saved. Returns the redirect when all went well,
    the score problems when none was stored, or None when the scores are saved but the
    note is not (its problem is then in `evidence_errors`, the typed note kept)."""
    pk = evaluation.pk
    # Only the fields posted: a post without a field (an older page, a script) never
    # clears a score it did not show.
    values = {
        s.code: request.POST[f"score-{s.code}"]
        for s in current.subareas
        if f"score-{s.code}" in request.POST
    }
    try:
        changed = set_scores(evaluation=evaluation, scores=values, user=request.user)
    except InputError as exc:
        return exc.problems
    add = request.POST.get("add_evidence", "")
    remove = request.POST.get("delete_evidence", "")
    if changed or not (add or remove):
        messages.success(
            request,
            ngettext(
                "Poängen är sparade (%(n)s ändrad).",
                "Poängen är sparade (%(n)s ändrade).",
                changed,
            )
            % {"n": changed},
        )
    codes = {s.code for s in current.subareas}
    if add:
        if add not in codes:
            raise Http404
        form = EvidenceForm(
            {
                "source": request.POST.get(f"source-{add}", ""),
                "text": request.POST.get(f"text-{add}", ""),
            }
        )
        if not form.is_valid():
            evidence_errors[add] = _("Skriv en anteckning och välj källa.")
            return None
        editing.add_evidence(
            evaluation=evaluation, subarea_code=add, user=request.user, **form.cleaned_data
        )
        messages.success(request, _("Underlaget är sparat."))
        return redirect(f"{_score_url(pk, current.code)}#sub-{add}")
    if remove:
        evidence = get_object_or_404(
            Evidence, pk=remove if remove.isdigit() else None, evaluation=evaluation
        )
        editing.delete_evidence(evidence=evidence, user=request.user)
        messages.success(request, _("Underlaget är borttaget."))
        return redirect(_score_url(pk, current.code))
    target = request.POST.get("next_area")
    return redirect("evaluations:score_area", pk=pk, area=target or current.code)


@login_required
@require_POST
def evidence_add(request, pk, code):
    evaluation = get_evaluation_for_user(request.user, pk, edit=True)
    area = evaluation.framework.tree.area_of(code).code if _known(evaluation, code) else None
    if area is None:
        raise Http404
    form = EvidenceForm(request.POST)
    if form.is_valid():
        editing.add_evidence(
            evaluation=evaluation, subarea_code=code, user=request.user, **form.cleaned_data
        )
        messages.success(request, _("Underlaget är sparat."))
    else:
        messages.error(request, _("Skriv en anteckning och välj källa."))
    return redirect(f"{_score_url(pk, area)}#sub-{code}")


@login_required
@require_POST
def evidence_delete(request, pk, evidence_pk):
    evaluation = get_evaluation_for_user(request.user, pk, edit=True)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, evaluation=evaluation)
    area = evaluation.framework.tree.area_of(evidence.subarea_code).code
    editing.delete_evidence(evidence=evidence, user=request.user)
    messages.success(request, _("Underlaget är borttaget."))
    return redirect(_score_url(pk, area))


def _known(evaluation, code) -> bool:
    try:
        evaluation.framework.tree.subarea(code)
    except KeyError:
        return False
    return True


def _score_url(pk, area) -> str:
    from django.urls import reverse

    return reverse("evaluations:score_area", kwargs={"pk": pk, "area": area})


@login_required
def evaluation_area(request, pk, area):
    evaluation = get_evaluation_for_user(request.user, pk, edit=True)
    try:
        current = evaluation.framework.tree.area(area)
    except KeyError:
        raise Http404 from None
    if request.method == "POST":
        form = AreaTextForm(request.POST, tree=evaluation.framework.tree)
        if form.is_valid():
            with transaction.atomic():
                editing.set_area_texts(
                    evaluation=evaluation, area_code=area, user=request.user, **form.values()
                )
                editing.set_good_examples(
                    evaluation=evaluation,
                    area_code=area,
                    user=request.user,
                    examples=form.cleaned_data["good_examples"],
                )
            messages.success(
                request, _("Texterna för område %(code)s är sparade.") % {"code": area}
            )
            return redirect("evaluations:detail", pk=pk)
    else:
        text = evaluation.area_texts.filter(area_code=area).first()
        findings = evaluation.findings.filter(area_code=area)
        form = AreaTextForm(
            initial={
                "analysis": text.analysis if text else "",
                "strengths": "\n".join(f.text for f in findings if f.kind == Finding.Kind.STRENGTH),
                "improvements": "\n".join(
                    f.text for f in findings if f.kind == Finding.Kind.IMPROVEMENT
                ),
                "good_examples": AreaTextForm.format_examples(
                    evaluation.good_examples.filter(area_code=area)
                ),
            },
            tree=evaluation.framework.tree,
        )
    return render(
        request,
        "evaluations/area_form.html",
        {"evaluation": evaluation, "area": current, "form": form},
    )


@login_required
def evaluation_details(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk, edit=True)
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            try:
                editing.update_details(evaluation=evaluation, user=request.user, **form.values())
            except InputError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Uppgifterna är sparade."))
                return redirect("evaluations:detail", pk=pk)
    else:
        form = DetailsForm(initial=DetailsForm.initial_for(evaluation))
    return render(
        request, "evaluations/details_form.html", {"evaluation": evaluation, "form": form}
    )


@login_required
def evaluation_publish(request, pk):
    """Four eyes: the confirmation page shows what will be published; one evaluator asks,
    another (or an administrator) approves or rejects here."""
    evaluation = get_evaluation_for_user(request.user, pk)
    if not (request.user.is_administrator or is_evaluator_of(request.user, evaluation)):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "")
        target = {"request": "review", "approve": "published", "reject": "draft"}.get(action)
        if target is None:
            messages.error(request, _("Okänd åtgärd."))
            return redirect("evaluations:publish", pk=pk)
        try:
            transition(
                evaluation=evaluation,
                to=target,
                user=request.user,
                reason=request.POST.get("reason", "")[:500],
            )
        except (ValueError, SelfApproval) as exc:
            messages.error(request, str(exc))
            return redirect("evaluations:publish", pk=pk)
        done = {
            "request": _(
                "Publiceringen är begärd. En annan utvärderare eller en administratör godkänner den."
            ),
            "approve": _("Utvärderingen är publicerad."),
            "reject": _("Begäran är avvisad; utvärderingen är ett utkast igen."),
        }
        messages.success(request, done[action])
        return redirect(
            "evaluations:detail" if action == "approve" else "evaluations:publish", pk=pk
        )
    allowed = allowed_transitions(request.user, evaluation)
    findings = evaluation.findings.values_list("kind", flat=True)
    return render(
        request,
        "evaluations/publish.html",
        {
            "evaluation": evaluation,
            "sheet": score_sheet(evaluation),
            "evaluators": ", ".join(
                evaluation.evaluator_names or [str(u) for u in evaluation.evaluators.all()]
            ),
            "strengths": sum(1 for k in findings if k == Finding.Kind.STRENGTH),
            "improvements": sum(1 for k in findings if k == Finding.Kind.IMPROVEMENT),
            "decision": decision_context(
                evaluation,
                PUBLISH,
                request.user,
                may_request=Evaluation.Status.REVIEW in allowed,
                may_decide=awaits_approval_by(request.user, evaluation),
            ),
            "request_label": _("Begär publicering"),
            "approve_label": _("Godkänn och publicera"),
        },
    )


@login_required
@require_POST
def evaluation_transition(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk)
    target = request.POST.get("to", "")
    try:
        transition(evaluation=evaluation, to=target, user=request.user)
    except (ValueError, SelfApproval) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status: %(s)s.") % {"s": evaluation.get_status_display()})
    return redirect("evaluations:detail", pk=pk)


@login_required
def evaluation_audit(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk)
    if not (request.user.is_administrator or is_evaluator_of(request.user, evaluation)):
        raise PermissionDenied  # the audit trail is for administrators and its evaluators
    return render_trail(
        request,
        object_entries("evaluations.evaluation", str(evaluation.pk)),
        {
            "title": str(evaluation),
            "back": {
                "url": reverse("evaluations:detail", args=[evaluation.pk]),
                "label": f"{evaluation.organisation.name} {evaluation.date:%Y-%m-%d}",
            },
        },
    )


@login_required
def evaluation_create(request):
    if not can_create_evaluation(request.user):
        raise PermissionDenied
    form = EvaluationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        evaluation = editing.create_evaluation(user=request.user, **form.cleaned_data)
        messages.success(request, _("Utvärderingen är skapad. Börja sätta poäng per delområde."))
        return redirect("evaluations:score", pk=evaluation.pk)
    return render(request, "evaluations/create.html", {"form": form})


@login_required
def evaluation_import(request):
    if not can_create_evaluation(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            evaluation, created = import_evaluation_bytes(
                upload.read(),
                filename=upload.name,
                user=request.user,
                replace=form.cleaned_data["replace"],
            )
        except InputError as exc:
            problems = exc.messages
        except PermissionDenied as exc:
            problems = [str(exc)]
        else:
            messages.success(
                request,
                _("Utvärderingen är importerad.") if created else _("Utvärderingen är ersatt."),
            )
            return redirect("evaluations:detail", pk=evaluation.pk)
    return render(request, "evaluations/import.html", {"form": form, "problems": problems})
