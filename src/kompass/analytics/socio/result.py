"""What `calculate` returns: per actor and for society, per discount rate and horizon,
the year flows, payback, shares of gains against shares of financing, sensitivity rows
and costs per status. Frozen dataclasses holding exact `Decimal` amounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kompass.analytics.socio.account import SOCIETY, Account


@dataclass(frozen=True)
class YearFlow:
    year: int  # 1-based
    cost: Decimal  # the actor's share of the intervention cost
    effect: Decimal  # the actor's gain from changed statuses (real + transfer)
    real: Decimal
    transfer: Decimal
    net: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class Payback:
    months: int | None  # 1-based month from the project start
    state: str  # "paid" | "no_cost" (never below zero) | "not_within" (max horizon)


@dataclass(frozen=True)
class HorizonResult:
    horizon: int
    cost: Decimal
    effect: Decimal
    real: Decimal
    transfer: Decimal
    net: Decimal
    break_even_share: Decimal | None
    break_even_state: str  # "share" | "no_cost" | "never"


@dataclass(frozen=True)
class ActorResult:
    """One actor (or society) at one discount rate."""

    code: str
    name: str
    public: bool
    financing_share: Decimal
    years: tuple[YearFlow, ...]
    horizons: tuple[HorizonResult, ...]
    payback: Payback

    def horizon(self, years: int) -> HorizonResult:
        for result in self.horizons:
            if result.horizon == years:
                return result
        raise KeyError(years)


@dataclass(frozen=True)
class RateResult:
    rate: Decimal
    actors: tuple[ActorResult, ...]  # actors in account order, society last

    def actor(self, code: str) -> ActorResult:
        for result in self.actors:
            if result.code == code:
                return result
        raise KeyError(code)

    @property
    def society(self) -> ActorResult:
        return self.actor(SOCIETY)


@dataclass(frozen=True)
class Share:
    """Winners and losers: one actor's share of the public gains against its share of
    the financing, at one horizon and rate."""

    code: str
    name: str
    financing_share: Decimal
    gain: Decimal
    gain_share: Decimal | None  # None when the public actors gain nothing in total
    cost: Decimal
    net: Decimal
    compensation: Decimal  # what it should receive (+) or give (-) for gains to follow financing
    winner: bool  # its net result is not negative


@dataclass(frozen=True)
class Sensitivity:
    assumption: str
    variant: str  # the value used, as text
    society_net: dict[Decimal, Decimal]  # rate -> net at the main horizon
    break_even_share: Decimal | None  # society, first rate, main horizon
    break_even_state: str  # as HorizonResult: "share" | "no_cost" | "never"
    payback: Payback  # society, first rate
    base: bool = False


@dataclass(frozen=True)
class StatusCost:
    """The yearly cost of one status to one actor, split into real and transfer."""

    status: str
    actor: str
    real: Decimal
    transfer: Decimal

    @property
    def total(self) -> Decimal:
        return self.real + self.transfer


@dataclass(frozen=True)
class Result:
    account: Account
    success_share: Decimal
    gains: dict[str, tuple[Decimal, Decimal]]  # actor -> (real, transfer) per participant-year
    status_costs: tuple[StatusCost, ...]
    rates: tuple[RateResult, ...]
    shares: dict[tuple[Decimal, int], tuple[Share, ...]]  # (rate, horizon) -> rows
    sensitivity: tuple[Sensitivity, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def rate(self, rate: Decimal) -> RateResult:
        for result in self.rates:
            if result.rate == Decimal(str(rate)):
                return result
        raise KeyError(rate)

    def winners_and_losers(self, rate: Decimal, horizon: int) -> tuple[Share, ...]:
        return self.shares[(Decimal(str(rate)), horizon)]
