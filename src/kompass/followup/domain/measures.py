"""What the indicators of a plan's actions measure: an *effect* (what the people the
service exists for can do or experience) or an *activity* (what the service does). Seed
002 asks for effects, not only activities, so a plan whose indicators measure only
activities is pointed out where it is made (the plan page) and where it is read (the
status analysis's choices and report)."""

from __future__ import annotations

from dataclasses import dataclass

from kompass.followup.models import ActionPlan
from kompass.indicators.models import Indicator, Measures


@dataclass(frozen=True)
class PlanMeasures:
    effect: tuple[Indicator, ...]
    activity: tuple[Indicator, ...]
    untagged: tuple[Indicator, ...]

    @property
    def only_activities(self) -> bool:
        return bool(self.activity) and not self.effect

    @property
    def no_indicators(self) -> bool:
        return not (self.effect or self.activity or self.untagged)


def plan_measures(plan: ActionPlan) -> PlanMeasures:
    indicators = Indicator.objects.filter(followup_actions__plan=plan).distinct().order_by("name")
    groups: dict[str, list[Indicator]] = {"effect": [], "activity": [], "": []}
    for indicator in indicators:
        groups[indicator.measures if indicator.measures in Measures.values else ""].append(
            indicator
        )
    return PlanMeasures(tuple(groups["effect"]), tuple(groups["activity"]), tuple(groups[""]))
