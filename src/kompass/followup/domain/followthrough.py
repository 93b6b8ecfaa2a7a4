"""Closing the loop (seed 003): a renewed evaluation confirms the improvement work. For an
evaluation with an earlier published one of the same framework family, list every
improvement opportunity of the earlier evaluation with the actions taken on it.

Opportunities whose finding was later removed from the earlier evaluation are still
shown (by the text the plan kept), so no work disappears from the record.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from kompass.evaluations.models import Evaluation, Finding
from kompass.followup.domain.plans import improvement_findings
from kompass.followup.models import Action, Opportunity


def previous_evaluation(evaluation: Evaluation) -> Evaluation | None:
    """The latest published evaluation of the same organisation and framework family
    before this one."""
    return (
        evaluation.earlier()
        .filter(status=Evaluation.Status.PUBLISHED)
        .select_related("organisation", "framework")
        .first()
    )


@dataclass
class FollowedOpportunity:
    area_code: str
    area_name: str
    text: str
    actions: list[Action] = field(default_factory=list)
    removed: bool = False  # the finding is no longer in the earlier evaluation

    @property
    def label(self) -> str:
        return f"{self.area_code}. {self.text}" if self.area_code else self.text


@dataclass
class FollowThrough:
    previous: Evaluation
    items: list[FollowedOpportunity]

    @property
    def with_actions(self) -> int:
        return sum(1 for item in self.items if item.actions)

    @property
    def actions(self) -> list[Action]:
        return [a for item in self.items for a in item.actions]


def _copies(previous: Evaluation):
    """Plans' copies of the earlier evaluation's findings; a copy whose finding was since
    removed keeps its area code (own texts written in a plan have none and are not the
    evaluation's)."""
    return Opportunity.objects.filter(
        Q(finding__evaluation=previous)
        | Q(plan__evaluation=previous, finding__isnull=True, area_code__gt="")
    )


def followed_evaluation(evaluation: Evaluation) -> Evaluation | None:
    """The previous evaluation `follow_through` reports on, or None when it would report
    nothing; a few cheap queries, for pages that only point to the report section."""
    previous = previous_evaluation(evaluation)
    if previous is None:
        return None
    if (
        previous.findings.filter(kind=Finding.Kind.IMPROVEMENT).exists()
        or _copies(previous).exists()
    ):
        return previous
    return None


def follow_through(evaluation: Evaluation) -> FollowThrough | None:
    """What was done on each improvement opportunity of the previous evaluation, or None
    when there is no previous evaluation or it named no improvement opportunities."""
    previous = previous_evaluation(evaluation)
    if previous is None:
        return None
    findings = improvement_findings(previous)
    opportunities = list(_copies(previous))
    if not findings and not opportunities:
        return None
    actions_by_opportunity: dict[int, list[Action]] = {}
    for action in (
        Action.objects.filter(opportunity__in=[o.pk for o in opportunities])
        .select_related("plan", "owner")
        .order_by("due_date", "pk")
    ):
        actions_by_opportunity.setdefault(action.opportunity_id, []).append(action)
    by_finding: dict[int, list[Opportunity]] = {}
    orphans: list[Opportunity] = []
    for opportunity in opportunities:
        if opportunity.finding_id:
            by_finding.setdefault(opportunity.finding_id, []).append(opportunity)
        else:
            orphans.append(opportunity)
    names = {a.code: a.name for a in previous.framework.tree.areas}
    items = []
    for finding in findings:
        actions = [
            a for o in by_finding.get(finding.pk, []) for a in actions_by_opportunity.get(o.pk, [])
        ]
        items.append(
            FollowedOpportunity(
                finding.area_code, names.get(finding.area_code, ""), finding.text, actions
            )
        )
    for opportunity in sorted(orphans, key=lambda o: (o.area_code, o.position, o.pk)):
        items.append(
            FollowedOpportunity(
                opportunity.area_code,
                opportunity.area_name,
                opportunity.text,
                actions_by_opportunity.get(opportunity.pk, []),
                removed=True,
            )
        )
    return FollowThrough(previous=previous, items=items)
