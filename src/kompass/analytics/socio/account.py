"""The input of a socio-economic account: actors, participant statuses, unit costs per
status and actor (real effects or transfers), the effect's timing, and the validated
`Account` that `calculate` takes. Amounts are `Decimal`; `ZERO`, `ONE` and `EPSILON` are
the constants every part of the calculation shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
PRECISION = 60
EPSILON = Decimal("1e-30")  # below this an amount counts as zero (exact ties stay ties)

KINDS = ("resource", "production", "transfer")
DEFAULT_HORIZONS = (1, 3, 4, 5, 10)
DEFAULT_RATES = (Decimal(0), Decimal("0.035"))
SOCIETY = "samhallet"


@dataclass(frozen=True)
class Actor:
    """Who bears a cost or receives a gain. `public` actors share the public gains in the
    winners-and-losers table; the individual is not public."""

    code: str
    name: str
    public: bool = True


@dataclass(frozen=True)
class Status:
    code: str
    name: str


@dataclass(frozen=True)
class UnitCost:
    """One yearly amount per person in a status.

    - resource: `actor` uses resources worth `amount` (a real cost),
    - production: `actor` receives the value of what is produced (a real gain),
    - transfer: `actor` pays `amount` to `receiver` (cancels out for society).
    """

    status: str
    name: str
    kind: str
    actor: str
    amount: Decimal
    year: int
    source: str = ""
    receiver: str = ""

    def cost_to(self, actor: str) -> tuple[Decimal, Decimal]:
        """(real, transfer) yearly cost of this item to `actor`; negative is a gain."""
        if self.kind == "resource":
            return (self.amount if actor == self.actor else ZERO), ZERO
        if self.kind == "production":
            return (-self.amount if actor == self.actor else ZERO), ZERO
        if actor == self.actor:
            return ZERO, self.amount
        if actor == self.receiver:
            return ZERO, -self.amount
        return ZERO, ZERO

    @property
    def bearers(self) -> tuple[str, ...]:
        return (self.actor, self.receiver) if self.kind == "transfer" else (self.actor,)


@dataclass(frozen=True)
class Effect:
    starts_after_months: int = 0
    lasts_years: int = 5
    drop_off: Decimal = ZERO  # share lost per year after the first effect year

    def strength(self, month: int) -> Decimal:
        """How much of the full effect is present in `month` (0-based from project start)."""
        if month < self.starts_after_months:
            return ZERO
        effect_year = (month - self.starts_after_months) // 12
        if effect_year >= self.lasts_years:
            return ZERO
        if effect_year == 0:
            return ONE  # (Decimal 0 ** 0 is undefined: a 100 % drop-off keeps the first year)
        return (ONE - self.drop_off) ** effect_year


@dataclass(frozen=True)
class Account:
    """A validated account (see `kompass.analytics.socio_input` for the file format)."""

    name: str
    participants: int
    intervention_costs: tuple[Decimal, ...]  # per project year
    financing: dict[str, Decimal]  # actor -> share 0..1, adds up to 1
    before: dict[str, Decimal]  # status -> share 0..1
    after: dict[str, Decimal]
    effect: Effect
    actors: tuple[Actor, ...]
    statuses: tuple[Status, ...]
    unit_costs: tuple[UnitCost, ...]
    comparison: dict[str, Decimal] | None = None
    deadweight: Decimal = ZERO
    attribution: Decimal = ONE
    displacement: Decimal = ZERO
    horizons: tuple[int, ...] = DEFAULT_HORIZONS
    discount_rates: tuple[Decimal, ...] = DEFAULT_RATES
    main_horizon: int = 5
    price_year: int | None = None
    price_index: dict[int, Decimal] | None = None
    description: str = ""
    example: bool = False
    # What reading the file left out or assumed, for the notes (not part of the account:
    # writing the account out and reading it back gives the same account without them).
    input_notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def baseline(self) -> dict[str, Decimal]:
        """What participants would have had without the project: the comparison group's
        statuses when there is one, otherwise their own statuses before."""
        return self.comparison if self.comparison is not None else self.before

    @property
    def factor(self) -> Decimal:
        """The share of the observed change credited to the project."""
        return (ONE - self.deadweight) * self.attribution * (ONE - self.displacement)

    @property
    def years(self) -> int:
        return max(self.horizons)

    def actor(self, code: str) -> Actor:
        for actor in self.actors:
            if actor.code == code:
                return actor
        raise KeyError(code)

    def amount(self, unit: UnitCost) -> Decimal:
        """A unit cost in the account's price year (recomputed when a price index is given)."""
        if not self.price_index or self.price_year is None or unit.year == self.price_year:
            return unit.amount
        return unit.amount * self.price_index[self.price_year] / self.price_index[unit.year]
