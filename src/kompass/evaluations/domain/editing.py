"""Changing an evaluation's texts, findings, evidence and details, with the audit trail."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.accounts.access import check_can_edit
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.evaluations.domain.audit import record
from kompass.evaluations.models import AreaText, Evaluation, Evidence, Finding, GoodExample

TEXT_FIELDS = {
    "fieldwork": "genomförd",
    "method": "genomförande",
    "summary": "sammanfattande kommentarer",
    "evaluator_organisation": "utvärderarnas organisation",
}
LIST_FIELDS = {
    "evaluator_names": "utvärderare",
    "interview_groups": "intervjuade grupper",
    "documents_reviewed": "granskade dokument",
}


def check_date(value: datetime.date, field: str = "date") -> None:
    if value > timezone.localdate():
        raise InputError(
            [
                InputProblem(
                    _("datumet %(date)s ligger i framtiden; ange när utvärderingen gjordes")
                    % {"date": f"{value:%Y-%m-%d}"},
                    field=field,
                )
            ]
        )


@transaction.atomic
def create_evaluation(*, organisation, framework, date, evaluators, user) -> Evaluation:
    """A new draft; the creating evaluator is assigned and the creation is logged."""
    check_date(date)
    evaluators = list(evaluators)
    if user is not None and user.is_evaluator and user not in evaluators:
        evaluators.append(user)
    evaluation = Evaluation.objects.create(
        organisation=organisation,
        framework=framework,
        date=date,
        created_by=user if user is not None and user.is_authenticated else None,
        evaluator_names=[str(u) for u in evaluators],
    )
    evaluation.evaluators.set(evaluators)
    trail.created(user=user, obj=evaluation, m2m=("evaluators",))
    return evaluation


@transaction.atomic
def update_details(*, evaluation: Evaluation, user, **values) -> int:
    """Change top-level details (texts, lists, date, interviewees). Returns changes made."""
    check_can_edit(user, evaluation)
    changed = 0
    for name, value in values.items():
        if name in TEXT_FIELDS:
            value = (value or "").strip()
            label = TEXT_FIELDS[name]
        elif name in LIST_FIELDS:
            value = [str(v).strip() for v in (value or []) if str(v).strip()]
            label = LIST_FIELDS[name]
        elif name == "date":
            check_date(value)
            label = "datum"
        elif name == "interviewees":
            if value is not None and int(value) < 0:
                raise InputError(
                    [InputProblem(_("antalet intervjuade kan inte vara negativt"), field=name)]
                )
            label = "antal intervjuade"
        else:
            raise ValueError(f"unknown evaluation field {name!r}")
        before = getattr(evaluation, name)
        if before == value:
            continue
        setattr(evaluation, name, value)
        record(evaluation, user, label, before, value)
        changed += 1
    if changed:
        evaluation.save()
    return changed


def _area_code(evaluation: Evaluation, area_code: str) -> str:
    try:
        return evaluation.framework.tree.area(str(area_code)).code
    except KeyError:
        raise InputError(
            [InputProblem(_("okänt område ”%(code)s”") % {"code": area_code}, field="areas")]
        ) from None


@transaction.atomic
def set_area_texts(
    *,
    evaluation: Evaluation,
    area_code: str,
    user,
    analysis: str | None = None,
    strengths: list[str] | None = None,
    improvements: list[str] | None = None,
) -> int:
    """Set an area's analysis and its lists of strengths and improvement opportunities.

    A list replaces the previous one; unchanged entries keep their identity, so action
    plans linked to an improvement opportunity survive an edit of another entry."""
    check_can_edit(user, evaluation)
    code = _area_code(evaluation, area_code)
    changed = 0
    if analysis is not None:
        text, _created = AreaText.objects.get_or_create(evaluation=evaluation, area_code=code)
        if text.analysis != analysis.strip():
            record(evaluation, user, f"område {code}: analys", text.analysis, analysis.strip())
            text.analysis = analysis.strip()
            text.save(update_fields=["analysis"])
            changed += 1
    for kind, items, label in (
        (Finding.Kind.STRENGTH, strengths, "styrkor"),
        (Finding.Kind.IMPROVEMENT, improvements, "förbättringsmöjligheter"),
    ):
        if items is None:
            continue
        changed += _replace_findings(evaluation, code, kind, items, user, label)
    if changed:
        evaluation.save(update_fields=["updated_at"])
    return changed


def _replace_findings(evaluation, code, kind, items, user, label) -> int:
    wanted = [i.strip() for i in items if i and i.strip()]
    existing = list(Finding.objects.filter(evaluation=evaluation, area_code=code, kind=kind))
    before = [f.text for f in existing]
    if before == wanted:
        return 0
    by_text: dict[str, list[Finding]] = {}
    for finding in existing:
        by_text.setdefault(finding.text, []).append(finding)
    keep = []
    for position, text in enumerate(wanted):
        finding = by_text.get(text, []).pop(0) if by_text.get(text) else None
        if finding is None:
            finding = Finding(evaluation=evaluation, area_code=code, kind=kind, text=text)
        finding.position = position
        finding.save()
        keep.append(finding.pk)
    Finding.objects.filter(evaluation=evaluation, area_code=code, kind=kind).exclude(
        pk__in=keep
    ).delete()
    record(evaluation, user, f"område {code}: {label}", before, wanted)
    return 1


@transaction.atomic
def set_good_examples(*, evaluation: Evaluation, area_code: str, examples: list[dict], user) -> int:
    """Replace an area's good examples: dicts with name, text, subarea_code, organisation."""
    check_can_edit(user, evaluation)
    code = _area_code(evaluation, area_code)
    current = list(GoodExample.objects.filter(evaluation=evaluation, area_code=code))
    before = [f"{g.name}: {g.text}" for g in current]
    after = [f"{e['name']}: {e.get('text', '')}" for e in examples]
    if before == after:
        return 0
    GoodExample.objects.filter(evaluation=evaluation, area_code=code).delete()
    for example in examples:
        GoodExample.objects.create(
            evaluation=evaluation,
            area_code=code,
            subarea_code=example.get("subarea_code", ""),
            organisation=example.get("organisation"),
            name=example["name"],
            text=example.get("text", ""),
        )
    record(evaluation, user, f"område {code}: goda exempel", before, after)
    return 1


@transaction.atomic
def add_evidence(
    *, evaluation: Evaluation, subarea_code: str, source: str, text: str, user
) -> Evidence:
    check_can_edit(user, evaluation)
    problems = []
    try:
        evaluation.framework.tree.subarea(subarea_code)
    except KeyError:
        problems.append(
            InputProblem(
                _("okänt delområde ”%(code)s”") % {"code": subarea_code}, field="subarea_code"
            )
        )
    if source not in Evidence.Source.values:
        problems.append(
            InputProblem(
                _("okänd källa ”%(source)s” (välj %(choices)s)")
                % {"source": source, "choices": ", ".join(Evidence.Source.values)},
                field="source",
            )
        )
    if not (text or "").strip():
        problems.append(InputProblem(_("anteckningen är tom"), field="text"))
    if problems:
        raise InputError(problems)
    evidence = Evidence.objects.create(
        evaluation=evaluation,
        subarea_code=subarea_code,
        source=source,
        text=text.strip(),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    trail.created(user=user, obj=evidence)
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: Evidence, user) -> None:
    evaluation = evidence.evaluation
    check_can_edit(user, evaluation)
    trail.deleted(user=user, obj=evidence)
    evidence.delete()
