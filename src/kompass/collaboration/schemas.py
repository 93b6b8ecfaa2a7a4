"""Bodies of the collaboration API (`/api/collaboration/`), as OpenAPI describes them:
projects (`collaboration.domain.summary`), socio-economic results
(`analytics.socio.result_data`) and the account file format a calculation reads
(docs/formats/socio-account.md)."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from kompass.core.api import Out

# -- projects --------------------------------------------------------------------------


class ProjectRow(Out):
    id: int
    name: str
    start_date: str | None
    end_date: str | None
    example: bool
    partners: list[str]


class Partner(Out):
    organisation: str
    code: str | None
    kind: str
    role: str
    actor: str | None  # the partner's actor in the socio-economic account
    financing_share: float | None


class Person(Out):
    name: str
    role: str
    organisation: str


class PlanStep(Out):
    action: str
    responsible: str
    due: str | None
    state: str


class Answer(Out):
    value: str  # "" when unanswered
    comment: str


class Assessment(Out):
    id: int
    date: str
    framework: str
    degree_reached: int
    degree_aimed: int
    comment: str
    counts: dict[str, int]  # answers per answer value
    unanswered: int
    answers: dict[str, Answer]  # by item code


class Project(Out):
    id: int
    name: str
    start_date: str | None
    end_date: str | None
    example: bool
    purpose: str
    target_group: str
    partners: list[Partner]
    team: list[Person]
    steering_group: list[Person]
    implementation_plan: list[PlanStep]
    assessments: list[Assessment]
    has_account: bool


# -- the socio-economic result (kronor as whole numbers, shares 0..1) -------------------


class YearRow(Out):
    year: int
    cost: int
    effect: int
    real: int
    transfer: int
    net: int
    cumulative: int


class HorizonRow(Out):
    horizon: int
    cost: int
    effect: int
    real: int
    transfer: int
    net: int
    break_even_share: float | None
    break_even_state: str  # share, no_cost or never


class ActorResult(Out):
    code: str
    name: str
    public: bool
    financing_share: float | None
    payback_months: int | None
    payback_state: str  # paid, no_cost or not_within
    years: list[YearRow]
    horizons: list[HorizonRow]


class Share(Out):
    code: str
    name: str
    financing_share: float | None
    gain: int
    gain_share: float | None
    cost: int
    net: int
    compensation: int
    winner: bool


class WinnersAndLosers(Out):
    horizon: int
    actors: list[Share]


class RateResult(Out):
    rate: float
    actors: list[ActorResult]
    winners_and_losers: list[WinnersAndLosers]


class Gain(Out):
    real: int
    transfer: int
    total: int


class StatusCost(Out):
    status: str
    actor: str
    real: int
    transfer: int
    total: int


class SensitivityRow(Out):
    assumption: str
    variant: str
    base: bool
    society_net: dict[str, int]  # by discount rate
    break_even_share: float | None
    break_even_state: str
    payback_months: int | None
    payback_state: str


class SocioResult(Out):
    schema_: Literal["kompass-socio-result/1"] = Field(alias="schema")
    name: str
    example: bool
    price_year: int | None
    participants: int
    success_share: float | None
    effect_factor: float | None
    main_horizon: int
    horizons: list[int]
    discount_rates: list[float]
    gain_per_participant_year: dict[str, Gain]  # by actor code
    status_costs: list[StatusCost]
    rates: list[RateResult]
    sensitivity: list[SensitivityRow]
    notes: list[str]


# -- the account a calculation reads (kompass-socio/1) ----------------------------------

# A number, or a text with a decimal comma, spaces or a per cent sign ("1 200 000", "3,5").
Number = float | str


class InterventionIn(Schema):
    cost_per_year: list[Number] | Number
    years: int | None = None
    financing: dict[str, Number] = {}  # actor code -> per cent


class EffectIn(Schema):
    starts_after_months: Number = 0
    lasts_years: Number
    drop_off: Number = 0


class ActorIn(Schema):
    code: str
    name: str
    public: bool = True


class StatusIn(Schema):
    code: str
    name: str


class UnitCostIn(Schema):
    status: str
    name: str
    kind: Literal["resource", "production", "transfer"]
    actor: str
    to: str | None = None
    amount: Number
    year: int
    source: str = ""


class SocioAccountIn(Schema):
    """An account as docs/formats/socio-account.md describes it; the calculation checks
    it and answers every problem in Swedish, naming its field."""

    schema_: Literal["kompass-socio/1"] | None = Field(None, alias="schema")
    name: str = ""
    description: str = ""
    example: bool = False
    participants: Number
    intervention: InterventionIn
    before: dict[str, Number]  # status code -> per cent
    after: dict[str, Number]
    comparison: dict[str, Number] | None = None
    effect: EffectIn
    deadweight: Number = 0
    attribution: Number = 100
    displacement: Number = 0
    horizons: list[int] | None = None
    discount_rates: list[Number] | None = None
    main_horizon: int | None = None
    price_year: int | None = None
    price_index: dict[str, Number] | None = None  # year -> index value
    actors: list[ActorIn] | None = None
    statuses: list[StatusIn] | None = None
    unit_costs: list[UnitCostIn] | Literal["standard"] | None = None
