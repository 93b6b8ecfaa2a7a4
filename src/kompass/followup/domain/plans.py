"""Action plans, the improvement opportunities they work on, and their actions.

A plan made from an evaluation copies the chosen improvement opportunities (findings of
kind "improvement") into `Opportunity` rows; actions are then added per opportunity. A
status change is written as a note, so an action's history says who changed what, when
and why.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.accounts.access import check_can_edit
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.evaluations.models import Evaluation, Finding
from kompass.followup.domain.values import Problems, read_date, read_person, text_lines
from kompass.followup.models import Action, ActionNote, ActionPlan, Opportunity

Status = Action.Status

# What people type for a status (API, command line): value or Swedish/English label.
STATUS_WORDS = {
    **{s.value: s.value for s in Status},
    "planerad": Status.PLANNED,
    "pågår": Status.IN_PROGRESS,
    "pagar": Status.IN_PROGRESS,
    "klar": Status.DONE,
    "avbruten": Status.CANCELLED,
    "in progress": Status.IN_PROGRESS,
}


def default_title(evaluation: Evaluation) -> str:
    """The suggested name of a plan made from `evaluation`, unique among the
    organisation's plans: a second plan from the same evaluation is "... (2)", so two
    plans in a list, a drop-down or a file name are never mistaken for one another.
    Suggested in the language of whoever makes the plan."""
    base = _("Handlingsplan efter %(framework)s %(year)s") % {
        "framework": evaluation.framework.name,
        "year": f"{evaluation.date:%Y}",
    }
    taken = set(
        ActionPlan.objects.filter(
            organisation_id=evaluation.organisation_id, title__startswith=base
        ).values_list("title", flat=True)
    )
    title, number = base, 1
    while title in taken:
        number += 1
        title = f"{base} ({number})"
    return title


def _area_names(evaluation: Evaluation) -> dict[str, str]:
    return {a.code: a.name for a in evaluation.framework.tree.areas}


def improvement_findings(evaluation: Evaluation) -> list[Finding]:
    """The evaluation's improvement opportunities in the framework's order of areas."""
    order = {a.code: i for i, a in enumerate(evaluation.framework.tree.areas)}
    findings = list(evaluation.findings.filter(kind=Finding.Kind.IMPROVEMENT))
    return sorted(findings, key=lambda f: (order.get(f.area_code, len(order)), f.position, f.pk))


def _check_title(title: str, problems: Problems) -> str:
    title = (title or "").strip()
    if not title:
        problems.add("title", _("Ge handlingsplanen ett namn."))
    elif len(title) > 200:
        problems.add("title", _("Namnet får vara högst 200 tecken."))
    return title


def _read_findings(evaluation, finding_ids, problems: Problems, *, taken=()) -> list[Finding]:
    wanted = []
    for raw in finding_ids or []:
        try:
            wanted.append(int(raw.pk if isinstance(raw, Finding) else raw))
        except (TypeError, ValueError):
            problems.add(
                "findings",
                _("”%(raw)s” är ingen förbättringsmöjlighet i utvärderingen.") % {"raw": raw},
            )
    available = {f.pk: f for f in improvement_findings(evaluation)}
    chosen = []
    for pk in dict.fromkeys(wanted):
        finding = available.get(pk)
        if finding is None:
            problems.add(
                "findings",
                _("Förbättringsmöjlighet %(pk)s finns inte i utvärderingen av %(org)s %(date)s.")
                % {
                    "pk": pk,
                    "org": evaluation.organisation.name,
                    "date": f"{evaluation.date:%Y-%m-%d}",
                },
            )
        elif pk in taken:
            problems.add("findings", _("”%(text)s” finns redan i planen.") % {"text": finding.text})
        else:
            chosen.append(finding)
    return chosen


def _next_position(plan: ActionPlan) -> int:
    top = plan.opportunities.aggregate(m=Max("position"))["m"]
    return 0 if top is None else top + 1


def _store_opportunities(plan, evaluation, findings, texts) -> list[Opportunity]:
    names = _area_names(evaluation) if evaluation is not None else {}
    position = _next_position(plan)
    created = []
    for finding in findings:
        created.append(
            Opportunity.objects.create(
                plan=plan,
                finding=finding,
                area_code=finding.area_code,
                area_name=names.get(finding.area_code, ""),
                text=finding.text,
                position=position,
            )
        )
        position += 1
    for text in texts:
        created.append(Opportunity.objects.create(plan=plan, text=text, position=position))
        position += 1
    return created


@transaction.atomic
def create_plan(
    *,
    organisation,
    title: str,
    user,
    description: str = "",
    evaluation: Evaluation | None = None,
    finding_ids=(),
    opportunities=(),
    is_example: bool = False,
) -> ActionPlan:
    """A new plan; with `evaluation`, it works on the chosen improvement opportunities
    (`finding_ids`, at least one). `opportunities` are texts the organisation writes itself."""
    if evaluation is not None:
        organisation = evaluation.organisation
    check_can_edit(user, organisation)
    problems = Problems()
    title = _check_title(title, problems)
    findings: list[Finding] = []
    if evaluation is not None:
        if evaluation.status != Evaluation.Status.PUBLISHED:
            problems.add(
                "evaluation",
                _("Handlingsplaner skapas från en publicerad utvärdering; den här är %(status)s.")
                % {"status": evaluation.get_status_display().lower()},
            )
        else:
            findings = _read_findings(evaluation, finding_ids, problems)
            if not findings and not any(p.field == "findings" for p in problems):
                problems.add("findings", _("Välj minst en förbättringsmöjlighet att arbeta med."))
    texts = text_lines(opportunities)
    if problems:
        raise InputError(problems)
    plan = ActionPlan.objects.create(
        organisation=organisation,
        title=title,
        description=(description or "").strip(),
        evaluation=evaluation,
        is_example=is_example,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    _store_opportunities(plan, evaluation, findings, texts)
    trail.created(user=user, obj=plan)
    return plan


@transaction.atomic
def add_opportunities(*, plan: ActionPlan, user, finding_ids=(), texts=()) -> list[Opportunity]:
    """Add more of the evaluation's improvement opportunities, or own texts, to a plan."""
    check_can_edit(user, plan.organisation)
    problems = Problems()
    findings = []
    if finding_ids:
        if plan.evaluation is None:
            problems.add("findings", _("Planen är inte kopplad till någon utvärdering."))
        else:
            taken = set(
                plan.opportunities.exclude(finding=None).values_list("finding_id", flat=True)
            )
            findings = _read_findings(plan.evaluation, finding_ids, problems, taken=taken)
    lines = text_lines(texts)
    if not findings and not lines and not problems:
        problems.add("texts", _("Välj en förbättringsmöjlighet eller skriv en egen."))
    if problems:
        raise InputError(problems)
    added = _store_opportunities(plan, plan.evaluation, findings, lines)
    for opportunity in added:
        trail.created(user=user, obj=opportunity, root=plan)
    return added


@transaction.atomic
def update_plan(*, plan: ActionPlan, user, title: str, description: str = "") -> ActionPlan:
    check_can_edit(user, plan.organisation)
    problems = Problems()
    title = _check_title(title, problems)
    if problems:
        raise InputError(problems)
    with trail.changing(user=user, obj=plan, fields=("title", "description")):
        plan.title = title
        plan.description = (description or "").strip()
        plan.save(update_fields=["title", "description", "updated_at"])
    return plan


@transaction.atomic
def delete_plan(*, plan: ActionPlan, user) -> None:
    check_can_edit(user, plan.organisation)
    trail.deleted(user=user, obj=plan)
    plan.delete()


# -- actions ---------------------------------------------------------------------------


def _read_indicators(values, organisation, problems: Problems) -> list:
    from kompass.indicators.models import Indicator

    chosen = []
    for raw in values or []:
        if isinstance(raw, Indicator):
            indicator = raw if raw.organisation_id == organisation.pk else None
        else:
            text = str(raw).strip()
            qs = Indicator.objects.filter(organisation=organisation)
            indicator = (qs.filter(pk=int(text)).first() if text.isdigit() else None) or qs.filter(
                name__iexact=text
            ).first()
        if indicator is None:
            problems.add(
                "indicators",
                _("Okänd indikator ”%(raw)s” för %(org)s.")
                % {"raw": raw, "org": organisation.name},
            )
        elif indicator not in chosen:
            chosen.append(indicator)
    return chosen


def _clean_action(plan: ActionPlan, values: dict, current: Action | None = None) -> dict:
    organisation = plan.organisation
    problems = Problems()
    title = (values.get("title") or "").strip()
    if not title:
        problems.add("title", _("Skriv vad åtgärden går ut på."))
    elif len(title) > 300:
        problems.add(
            "title", _("Åtgärden får beskrivas med högst 300 tecken; skriv mer i beskrivningen.")
        )
    owner = read_person(values.get("owner"), organisation, "owner", _("ansvarig"), problems)
    keeps_owner = current is not None and owner is not None and owner.pk == current.owner_id
    if owner is not None and not owner.active and not keeps_owner:
        problems.add(
            "owner",
            _("%(name)s är markerad som inaktiv; välj en annan ansvarig.") % {"name": owner.name},
        )
    start = read_date(
        values.get("start_date"), "start_date", _("startdatum"), problems, required=True
    )
    due = read_date(values.get("due_date"), "due_date", _("klart senast"), problems, required=True)
    if start and due and due < start:
        problems.add(
            "due_date",
            _("Klart senast (%(due)s) ligger före startdatum (%(start)s).")
            % {"due": f"{due:%Y-%m-%d}", "start": f"{start:%Y-%m-%d}"},
        )
    opportunity = values.get("opportunity")
    if opportunity not in (None, ""):
        pk = opportunity.pk if isinstance(opportunity, Opportunity) else opportunity
        try:
            opportunity = plan.opportunities.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            opportunity = None
        if opportunity is None:
            problems.add("opportunity", _("Förbättringsmöjligheten finns inte i den här planen."))
    else:
        opportunity = None
    indicators = _read_indicators(values.get("indicators"), organisation, problems)
    if problems:
        raise InputError(problems)
    return {
        "title": title,
        "description": (values.get("description") or "").strip(),
        "owner": owner,
        "start_date": start,
        "due_date": due,
        "opportunity": opportunity,
        "indicators": indicators,
    }


@transaction.atomic
def add_action(*, plan: ActionPlan, user, **values) -> Action:
    """Add an action: title, owner (person, id or name), start_date, due_date, and
    optionally description, opportunity and indicators. New actions are planned."""
    check_can_edit(user, plan.organisation)
    clean = _clean_action(plan, values)
    indicators = clean.pop("indicators")
    action = Action.objects.create(
        plan=plan,
        created_by=user if user is not None and user.is_authenticated else None,
        **clean,
    )
    action.indicators.set(indicators)
    ActionNote.objects.create(
        action=action,
        user=action.created_by,
        text=ActionNote.ADDED,
        status_to=action.status,
    )
    trail.created(user=user, obj=action, root=plan, m2m=("indicators",))
    return action


@transaction.atomic
def update_action(*, action: Action, user, **values) -> Action:
    """Change an action's details (not its status: see `set_status`)."""
    check_can_edit(user, action.plan.organisation)
    clean = _clean_action(action.plan, values, current=action)
    if (
        action.status == Status.DONE
        and action.completed_on
        and action.completed_on < clean["start_date"]
    ):
        problems = Problems()
        problems.add(
            "start_date",
            _("Åtgärden blev klar %(date)s, före det nya startdatumet.")
            % {"date": f"{action.completed_on:%Y-%m-%d}"},
        )
        raise InputError(problems)
    indicators = clean.pop("indicators")
    with trail.changing(user=user, obj=action, root=action.plan, m2m=("indicators",)):
        for name, value in clean.items():
            setattr(action, name, value)
        action.save()
        action.indicators.set(indicators)
    return action


def read_status(value) -> str | None:
    if isinstance(value, Status):
        return value.value
    return STATUS_WORDS.get(str(value or "").strip().lower())


@transaction.atomic
def set_status(
    *, action: Action, status, user, note: str = "", on: datetime.date | str | None = None
) -> ActionNote:
    """Change an action's status and write why. "Klar" records the date it was done
    (`on`, default today); "avbruten" needs a note saying why."""
    check_can_edit(user, action.plan.organisation)
    problems = Problems()
    target = read_status(status)
    note = (note or "").strip()
    if target is None:
        problems.add(
            "status",
            _("Okänd status ”%(status)s”; välj planerad, pågår, klar eller avbruten.")
            % {"status": status},
        )
    today = timezone.localdate()
    done_on = read_date(on, "on", _("datum"), problems)
    if target == Status.DONE:
        done_on = done_on or today
        if done_on > today:
            problems.add(
                "on", _("Datumet %(date)s ligger i framtiden.") % {"date": f"{done_on:%Y-%m-%d}"}
            )
        elif done_on < action.start_date:
            problems.add(
                "on",
                _("Åtgärden kan inte bli klar (%(done)s) före sitt startdatum (%(start)s).")
                % {"done": f"{done_on:%Y-%m-%d}", "start": f"{action.start_date:%Y-%m-%d}"},
            )
    if target == Status.CANCELLED and target != action.status and not note:
        problems.add("note", _("Skriv varför åtgärden avbryts."))
    if target is not None and target == action.status and not note:
        problems.add(
            "status",
            _(
                "Åtgärden har redan status %(status)s; välj en annan status eller skriv en "
                "anteckning."
            )
            % {"status": Status(target).label.lower()},
        )
    if problems:
        raise InputError(problems)
    before = action.status
    with trail.changing(
        user=user, obj=action, root=action.plan, fields=("status", "completed_on")
    ) as change:
        action.status = target
        action.completed_on = done_on if target == Status.DONE else None
        action.save(update_fields=["status", "completed_on", "updated_at"])
        if note:
            change.note("anteckning", "", note)
    return ActionNote.objects.create(
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        text=note,
        status_from=before if before != target else "",
        status_to=target if before != target else "",
    )


@transaction.atomic
def add_note(*, action: Action, user, text: str) -> ActionNote:
    check_can_edit(user, action.plan.organisation)
    text = (text or "").strip()
    if not text:
        raise InputError([InputProblem(_("Skriv en anteckning."), field="text")])
    note = ActionNote.objects.create(
        action=action, user=user if user is not None and user.is_authenticated else None, text=text
    )
    trail.created(user=user, obj=note, root=action.plan)
    return note


@transaction.atomic
def delete_action(*, action: Action, user) -> None:
    check_can_edit(user, action.plan.organisation)
    trail.deleted(user=user, obj=action, root=action.plan)
    action.delete()


# -- reading ---------------------------------------------------------------------------


def is_overdue(action: Action, today: datetime.date | None = None) -> bool:
    return action.is_open and action.due_date < (today or timezone.localdate())


def status_text(action: Action, today: datetime.date | None = None) -> str:
    """The status in words, with the date that matters: "Klar 2025-05-30",
    "Pågår, klart senast 2026-12-31", "Pågår, försenad: skulle vara klar 2026-03-31"."""
    today = today or timezone.localdate()
    label = action.get_status_display()
    if action.status == Status.DONE:
        return f"{label} {action.completed_on:%Y-%m-%d}" if action.completed_on else label
    if action.status == Status.CANCELLED:
        return label
    if is_overdue(action, today):
        return _("%(status)s, försenad: skulle vara klar %(date)s") % {
            "status": label,
            "date": f"{action.due_date:%Y-%m-%d}",
        }
    if action.status == Status.PLANNED and action.start_date > today:
        return _("%(status)s, start %(date)s") % {
            "status": label,
            "date": f"{action.start_date:%Y-%m-%d}",
        }
    return _("%(status)s, klart senast %(date)s") % {
        "status": label,
        "date": f"{action.due_date:%Y-%m-%d}",
    }


def status_counts(actions) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for action in actions:
        counts[action.status] += 1
    return counts


def plan_summary(plan: ActionPlan, today: datetime.date | None = None) -> dict:
    """Counts for lists and panels: actions per status and how many are overdue. Lists
    of plans prefetch `actions`, so this reads them without a query per plan."""
    today = today or timezone.localdate()
    actions = list(plan.actions.all())
    counts = status_counts(actions)
    return {
        "total": len(actions),
        "counts": counts,
        "done": counts[Status.DONE],
        "open": counts[Status.PLANNED] + counts[Status.IN_PROGRESS],
        "overdue": sum(1 for a in actions if is_overdue(a, today)),
    }
