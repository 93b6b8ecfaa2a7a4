"""Bodies of the follow-up API (`/api/followup/`), as OpenAPI describes them. Dates are
ISO 8601 text (ÅÅÅÅ-MM-DD); a person is named by name or id."""

from ninja import Schema

from kompass.core.api import Out

# -- requests --------------------------------------------------------------------------


class ActionIn(Schema):
    title: str
    owner: str
    start_date: str
    due_date: str
    description: str = ""
    opportunity: int | None = None
    indicators: list[str] = []


class StatusIn(Schema):
    status: str
    note: str = ""
    on: str | None = None


class DialogueIn(Schema):
    manager: str
    held_by: str | None = None
    planned_on: str | None = None
    held_on: str | None = None
    cancelled: bool = False
    participants: list[str] = []
    agenda: str = ""
    notes: str = ""
    agreements: list[str] = []


# -- responses -------------------------------------------------------------------------


class OrganisationRef(Out):
    id: int
    code: str


class PlanRow(Out):
    id: int
    title: str
    organisation: OrganisationRef
    evaluation: int | None
    example: bool
    total: int
    done: int
    open: int
    overdue: int


class Opportunity(Out):
    id: int
    finding: int | None
    area: str
    text: str


class ActionOut(Out):
    id: int
    title: str
    description: str
    owner: str
    start_date: str
    due_date: str
    status: str
    status_text: str
    completed_on: str | None
    overdue: bool
    opportunity: int | None
    indicators: list[int]


class Plan(PlanRow):
    description: str
    opportunities: list[Opportunity]
    actions: list[ActionOut]


class StandingRow(Out):
    """Where one manager stands with the systematic dialogues of the year."""

    person: str
    title: str
    planned_per_year: int | None
    held: int
    expected: int
    overdue: list[str]
    next_planned: str | None
    undocumented: int
    behind: bool
    reasons: list[str]


class DialogueOut(Out):
    id: int
    manager: str
    held_by: str | None
    planned_on: str | None
    held_on: str | None
    state: str


class PreviousEvaluation(Out):
    id: int
    date: str


class FollowedAction(Out):
    title: str
    plan: str
    status: str
    status_text: str


class FollowedOpportunity(Out):
    area: str
    text: str
    removed: bool
    actions: list[FollowedAction]


class FollowThrough(Out):
    previous: PreviousEvaluation | None
    items: list[FollowedOpportunity]
