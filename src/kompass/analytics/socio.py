"""The socio-economic account of a collaboration project ("samverkansbokslut"): who pays,
who gains, when it pays back.

Seed 004 asks for an account that shows each financier's result, because an actor that
loses blocks collaboration unless it is compensated. The account follows the Swedish
tradition (Nilsson & Wadeskog, NyttoSam) and makes the international corrections explicit:

- Every participant status (financial assistance, sickness compensation, work ...) has
  yearly unit costs per actor. Each is a *real* effect (resource use, or production) or a
  *transfer* from one actor to another. Transfers cancel out for society as a whole but
  decide who wins and who loses; real effects do not cancel.
- The project moves participants from a baseline (their status before, or a comparison
  group's) to the statuses they reach after. The change, times the unit costs, is each
  actor's gain per participant and year; deadweight, attribution and displacement scale
  it, it starts after a delay, lasts a number of years and fades (drop-off) each year.
- The intervention costs a sum per project year, split between the financiers.
- Results per actor and for society: per year and cumulative, at several horizons and
  discount rates side by side; the payback month; the success share at which the project
  breaks even; each actor's share of the gains against its share of the financing; and
  the sensitivity of the result to the main assumptions.

Time runs in months from the project start so that payback can be told in months; money
flows are even within a month, discounting is per whole year (year 1 undiscounted).
Arithmetic is `Decimal` with 60 digits, rounded to whole kronor only when shown, so a
worked example can be reproduced by hand to the krona. No Django in here: the web, the
command line (`kompass socio calc`), the API and the reports all call `calculate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

ZERO = Decimal(0)
ONE = Decimal(1)
PRECISION = 60
EPSILON = Decimal("1e-30")  # below this an amount counts as zero (exact ties stay ties)

KINDS = ("resource", "production", "transfer")
DEFAULT_HORIZONS = (1, 3, 4, 5, 10)
DEFAULT_RATES = (Decimal(0), Decimal("0.035"))
SOCIETY = "samhallet"

# -- texts for people -----------------------------------------------------------------
# Swedish, kept here as data so that this module stays free of Django. The presentation
# translates them (kompass.collaboration.report marks every one of `TEXTS` for
# makemessages and passes them through gettext).

KIND_LABELS = {
    "resource": "Resursförbrukning (real)",
    "production": "Produktion (real)",
    "transfer": "Transferering",
}
SOCIETY_NAME = "Samhället totalt"
BASE_CASE = "Grundkalkyl"
SUCCESS_SHARE = "Framgångsandel"
PRODUCTION_VALUE = "Produktionsvärde"
STATUS_COSTS = "Kostnader och transfereringar per status"
DURATION = "Effektens varaktighet (år)"
DROP_OFF = "Avtagande per år"
START = "Effekten börjar efter (månader)"
DEADWEIGHT = "Dödvikt"
ATTRIBUTION = "Tillskrivning"
NOTE_PRICE_INDEX = (
    "Enhetskostnader med prisår %(years)s är omräknade till %(price_year)s års priser med "
    "det angivna prisindexet."
)
NOTE_PRICE_YEARS = (
    "Enhetskostnaderna har prisår %(years)s och är inte omräknade till ett gemensamt prisår "
    "(ange ”price_index” för att räkna om dem)."
)
NOTE_NO_SOURCE = "Enhetskostnader som saknar källa: %(n)s."
NOTE_COMPARISON_AND_DEADWEIGHT = (
    "Kalkylen har både en jämförelsegrupp och dödvikt; jämförelsegruppen fångar normalt "
    "redan det som skulle ha hänt ändå."
)
NOTE_SKIPPED_DEFAULTS = (
    "Standardenhetskostnader som inte används eftersom kalkylen saknar deras status eller "
    "aktör (inom parentes): %(rows)s."
)
TEXTS = (
    *KIND_LABELS.values(),
    SOCIETY_NAME,
    BASE_CASE,
    SUCCESS_SHARE,
    PRODUCTION_VALUE,
    STATUS_COSTS,
    DURATION,
    DROP_OFF,
    START,
    DEADWEIGHT,
    ATTRIBUTION,
    NOTE_PRICE_INDEX,
    NOTE_PRICE_YEARS,
    NOTE_NO_SOURCE,
    NOTE_COMPARISON_AND_DEADWEIGHT,
    NOTE_SKIPPED_DEFAULTS,
)


class Text(str):
    """A Swedish text made from one of `TEXTS` and its values: reads as the finished
    Swedish text (in JSON, on the command line), and keeps `template` and `values` so
    the presentation can translate the template and fill it in again."""

    template: str
    values: dict

    def __new__(cls, template: str, **values):
        text = super().__new__(cls, template % values if values else template)
        text.template = template
        text.values = values
        return text


# -- the input ------------------------------------------------------------------------


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


# -- the result -----------------------------------------------------------------------


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


# -- computation ----------------------------------------------------------------------


def status_costs(account: Account) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """(status, actor) -> (real, transfer) yearly cost per person in that status."""
    out: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    for unit in account.unit_costs:
        amount = account.amount(unit)
        scaled = replace(unit, amount=amount)
        for actor in unit.bearers:
            real, transfer = scaled.cost_to(actor)
            old = out.get((unit.status, actor), (ZERO, ZERO))
            out[(unit.status, actor)] = (old[0] + real, old[1] + transfer)
    return out


def success_share(account: Account) -> Decimal:
    """The share of participants in another status than the baseline: the sum of the
    increases from baseline to after. Effects scale with it, so break-even is linear."""
    baseline = account.baseline
    codes = set(baseline) | set(account.after)
    return sum(
        (max(ZERO, account.after.get(c, ZERO) - baseline.get(c, ZERO)) for c in sorted(codes)),
        ZERO,
    )


def gains_per_participant(account: Account) -> dict[str, tuple[Decimal, Decimal]]:
    """actor -> (real, transfer) yearly gain per participant from the change of status,
    before deadweight, attribution, displacement and fade-out."""
    costs = status_costs(account)
    baseline = account.baseline
    gains = {}
    for actor in account.actors:
        real = transfer = ZERO
        for status in account.statuses:
            change = baseline.get(status.code, ZERO) - account.after.get(status.code, ZERO)
            if change == 0:
                continue
            r, t = costs.get((status.code, actor.code), (ZERO, ZERO))
            real += change * r
            transfer += change * t
        gains[actor.code] = (real, transfer)
    return gains


def _months_strength(account: Account) -> list[Decimal]:
    return [account.effect.strength(m) for m in range(12 * account.years)]


def _actor_flows(
    account: Account,
    code: str,
    name: str,
    public: bool,
    financing: Decimal,
    gain: tuple[Decimal, Decimal],
    strengths: list[Decimal],
    rate: Decimal,
    scale: Decimal,
) -> ActorResult:
    years = account.years
    per_year_effect = Decimal(account.participants) * account.factor * scale
    real_gain, transfer_gain = gain[0] * per_year_effect, gain[1] * per_year_effect
    flows: list[YearFlow] = []
    monthly_net: list[Decimal] = []
    cumulative = ZERO
    for y in range(years):
        discount = ONE / (ONE + rate) ** y
        project_cost = (
            account.intervention_costs[y] if y < len(account.intervention_costs) else ZERO
        )
        months = strengths[12 * y : 12 * y + 12]
        strength_sum = sum(months, ZERO)
        cost = financing * project_cost * discount
        real = real_gain * strength_sum / 12 * discount
        transfer = transfer_gain * strength_sum / 12 * discount
        effect = real + transfer
        net = effect - cost
        cumulative += net
        flows.append(YearFlow(y + 1, cost, effect, real, transfer, net, cumulative))
        monthly_cost = financing * project_cost / 12
        for s in months:
            monthly_net.append(((real_gain + transfer_gain) * s / 12 - monthly_cost) * discount)
    horizons = tuple(_horizon(account, flows, h, scale) for h in account.horizons)
    return ActorResult(code, name, public, financing, tuple(flows), horizons, _payback(monthly_net))


def _horizon(account: Account, flows: list[YearFlow], horizon: int, scale: Decimal):
    part = flows[:horizon]
    cost = sum((f.cost for f in part), ZERO)
    real = sum((f.real for f in part), ZERO)
    transfer = sum((f.transfer for f in part), ZERO)
    effect = real + transfer
    share = success_share(account) * scale
    if abs(cost) <= EPSILON:
        state, breakeven = ("no_cost", ZERO) if effect >= -EPSILON else ("never", None)
    elif effect <= EPSILON:
        state, breakeven = "never", None
    else:
        state, breakeven = "share", share * cost / effect
    return HorizonResult(horizon, cost, effect, real, transfer, effect - cost, breakeven, state)


def _payback(monthly_net: list[Decimal]) -> Payback:
    """The first month from which the cumulative result stays at or above zero."""
    cumulative = ZERO
    last_negative = None
    for index, value in enumerate(monthly_net):
        cumulative += value
        if cumulative < -EPSILON:
            last_negative = index
    if last_negative is None:
        return Payback(None, "no_cost")
    if last_negative == len(monthly_net) - 1:
        return Payback(None, "not_within")
    return Payback(last_negative + 2, "paid")


def _rate_result(account: Account, rate: Decimal, scale: Decimal) -> RateResult:
    gains = gains_per_participant(account)
    strengths = _months_strength(account)
    results = []
    for actor in account.actors:
        results.append(
            _actor_flows(
                account,
                actor.code,
                actor.name,
                actor.public,
                account.financing.get(actor.code, ZERO),
                gains[actor.code],
                strengths,
                rate,
                scale,
            )
        )
    society_gain = (
        sum((g[0] for g in gains.values()), ZERO),
        sum((g[1] for g in gains.values()), ZERO),
    )
    results.append(
        _actor_flows(
            account, SOCIETY, SOCIETY_NAME, True, ONE, society_gain, strengths, rate, scale
        )
    )
    return RateResult(rate, tuple(results))


def _shares(account: Account, rate_result: RateResult, horizon: int) -> tuple[Share, ...]:
    parties = [
        rate_result.actor(a.code)
        for a in account.actors
        if a.public or account.financing.get(a.code, ZERO) > 0
    ]
    rows = [(p, p.horizon(horizon)) for p in parties]
    total_gain = sum((h.effect for _, h in rows), ZERO)
    out = []
    for party, h in rows:
        gain_share = h.effect / total_gain if total_gain > EPSILON else None
        out.append(
            Share(
                party.code,
                party.name,
                party.financing_share,
                h.effect,
                gain_share,
                h.cost,
                h.net,
                party.financing_share * total_gain - h.effect,
                h.net >= -EPSILON,
            )
        )
    return tuple(out)


def _core(account: Account, scale: Decimal = ONE) -> tuple[RateResult, ...]:
    return tuple(_rate_result(account, rate, scale) for rate in account.discount_rates)


def _percent(value: Decimal) -> str:
    text = f"{(value * 100).normalize():f}".replace(".", ",")
    return f"{text} %"


def _variants(account: Account) -> list[tuple[str, str, Account, Decimal]]:
    """(assumption, value, account, scale) for each sensitivity variant."""
    out: list[tuple[str, str, Account, Decimal]] = []
    share = success_share(account)
    if share > 0:
        for factor in (Decimal("0.5"), Decimal("1.5")):
            scaled = min(ONE, share * factor)
            out.append((SUCCESS_SHARE, _percent(scaled), account, scaled / share))

    def scale_units(kinds: tuple[str, ...], factor: Decimal) -> Account:
        units = tuple(
            replace(u, amount=u.amount * factor) if u.kind in kinds else u
            for u in account.unit_costs
        )
        return replace(account, unit_costs=units)

    if any(u.kind == "production" for u in account.unit_costs):
        for factor in (Decimal("0.8"), Decimal("1.2")):
            out.append(
                (
                    PRODUCTION_VALUE,
                    f"{'−' if factor < 1 else '+'}20 %",
                    scale_units(("production",), factor),
                    ONE,
                )
            )
    for factor in (Decimal("0.8"), Decimal("1.2")):
        out.append(
            (
                STATUS_COSTS,
                f"{'−' if factor < 1 else '+'}20 %",
                scale_units(("resource", "transfer"), factor),
                ONE,
            )
        )
    effect = account.effect
    for years in sorted({max(1, math.ceil(effect.lasts_years / 2)), effect.lasts_years * 2}):
        if years != effect.lasts_years:
            out.append(
                (
                    DURATION,
                    str(years),
                    replace(account, effect=replace(effect, lasts_years=years)),
                    ONE,
                )
            )
    for drop in (ZERO, Decimal("0.5")):
        if drop != effect.drop_off:
            out.append(
                (
                    DROP_OFF,
                    _percent(drop),
                    replace(account, effect=replace(effect, drop_off=drop)),
                    ONE,
                )
            )
    for months in (effect.starts_after_months + 6, effect.starts_after_months + 12):
        out.append(
            (
                START,
                str(months),
                replace(account, effect=replace(effect, starts_after_months=months)),
                ONE,
            )
        )
    for dw in (ZERO, Decimal("0.25"), Decimal("0.5"), Decimal("0.75")):
        if dw != account.deadweight:
            out.append((DEADWEIGHT, _percent(dw), replace(account, deadweight=dw), ONE))
    for at in (ONE, Decimal("0.75"), Decimal("0.5")):
        if at != account.attribution:
            out.append((ATTRIBUTION, _percent(at), replace(account, attribution=at), ONE))
    return out


def _sensitivity_row(assumption, variant, rates, account: Account, base=False) -> Sensitivity:
    first = rates[0].society
    main = first.horizon(account.main_horizon)
    return Sensitivity(
        assumption,
        variant,
        {r.rate: r.society.horizon(account.main_horizon).net for r in rates},
        main.break_even_share,
        main.break_even_state,
        first.payback,
        base,
    )


def _notes(account: Account) -> tuple[str, ...]:
    notes: list[str] = list(account.input_notes)
    years = sorted({u.year for u in account.unit_costs})
    if account.price_index and account.price_year is not None:
        others = [y for y in years if y != account.price_year]
        if others:
            notes.append(
                Text(
                    NOTE_PRICE_INDEX,
                    years=", ".join(map(str, others)),
                    price_year=account.price_year,
                )
            )
    elif len(years) > 1 or (account.price_year is not None and years != [account.price_year]):
        notes.append(Text(NOTE_PRICE_YEARS, years=", ".join(map(str, years))))
    missing = sum(1 for u in account.unit_costs if not u.source)
    if missing:
        notes.append(Text(NOTE_NO_SOURCE, n=missing))
    if account.comparison is not None and account.deadweight > 0:
        notes.append(Text(NOTE_COMPARISON_AND_DEADWEIGHT))
    return tuple(notes)


def calculate(account: Account, *, sensitivity: bool = True) -> Result:
    """The whole account: flows per actor and year, horizons, payback, break-even, winners
    and losers, and (unless turned off) the sensitivity analysis."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        rates = _core(account)
        shares = {(r.rate, h): _shares(account, r, h) for r in rates for h in account.horizons}
        rows: list[Sensitivity] = []
        if sensitivity:
            rows.append(_sensitivity_row(BASE_CASE, "", rates, account, base=True))
            for assumption, value, variant, scale in _variants(account):
                rows.append(_sensitivity_row(assumption, value, _core(variant, scale), variant))
        costs = status_costs(account)
        return Result(
            account=account,
            success_share=success_share(account),
            gains=gains_per_participant(account),
            status_costs=tuple(
                StatusCost(s.code, a.code, *costs[(s.code, a.code)])
                for s in account.statuses
                for a in account.actors
                if (s.code, a.code) in costs
            ),
            rates=rates,
            shares=shares,
            sensitivity=tuple(rows),
            notes=_notes(account),
        )


# -- rounding for people and files ----------------------------------------------------


def _digits(value: Decimal, decimals: int) -> int:
    """Precision enough to quantize `value` to `decimals` places, however large it is
    (a fixed precision raises InvalidOperation for a large amount)."""
    return max(PRECISION, value.adjusted() + decimals + 2)


def kronor(value: Decimal | None) -> int | None:
    """Whole kronor, rounded half up as by hand (guarding against 0,4999… from /12)."""
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = _digits(value, 20)
        exact = value.quantize(Decimal("1e-20"), rounding=ROUND_HALF_UP)
        return int(exact.quantize(ONE, rounding=ROUND_HALF_UP))


def share(value: Decimal | None, decimals: int = 4) -> float | None:
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = _digits(value, decimals)
        return float(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def result_data(result: Result) -> dict:
    """The result as plain JSON-ready data (kronor as whole numbers, shares 0..1): what
    `kompass socio calc --format json` prints and the API returns."""
    account = result.account

    def rate_key(rate: Decimal) -> float:
        return share(rate, 6)

    def horizon_row(h: HorizonResult) -> dict:
        return {
            "horizon": h.horizon,
            "cost": kronor(h.cost),
            "effect": kronor(h.effect),
            "real": kronor(h.real),
            "transfer": kronor(h.transfer),
            "net": kronor(h.net),
            "break_even_share": share(h.break_even_share),
            "break_even_state": h.break_even_state,
        }

    rates = []
    for rate_result in result.rates:
        actors = []
        for a in rate_result.actors:
            actors.append(
                {
                    "code": a.code,
                    "name": a.name,
                    "public": a.public,
                    "financing_share": share(a.financing_share),
                    "payback_months": a.payback.months,
                    "payback_state": a.payback.state,
                    "years": [
                        {
                            "year": f.year,
                            "cost": kronor(f.cost),
                            "effect": kronor(f.effect),
                            "real": kronor(f.real),
                            "transfer": kronor(f.transfer),
                            "net": kronor(f.net),
                            "cumulative": kronor(f.cumulative),
                        }
                        for f in a.years
                    ],
                    "horizons": [horizon_row(h) for h in a.horizons],
                }
            )
        winners = [
            {
                "horizon": horizon,
                "actors": [
                    {
                        "code": s.code,
                        "name": s.name,
                        "financing_share": share(s.financing_share),
                        "gain": kronor(s.gain),
                        "gain_share": share(s.gain_share),
                        "cost": kronor(s.cost),
                        "net": kronor(s.net),
                        "compensation": kronor(s.compensation),
                        "winner": s.winner,
                    }
                    for s in result.winners_and_losers(rate_result.rate, horizon)
                ],
            }
            for horizon in account.horizons
        ]
        rates.append(
            {
                "rate": rate_key(rate_result.rate),
                "actors": actors,
                "winners_and_losers": winners,
            }
        )
    return {
        "schema": "kompass-socio-result/1",
        "name": account.name,
        "example": account.example,
        "price_year": account.price_year,
        "participants": account.participants,
        "success_share": share(result.success_share),
        "effect_factor": share(account.factor),
        "main_horizon": account.main_horizon,
        "horizons": list(account.horizons),
        "discount_rates": [rate_key(r) for r in account.discount_rates],
        "gain_per_participant_year": {
            code: {"real": kronor(g[0]), "transfer": kronor(g[1]), "total": kronor(g[0] + g[1])}
            for code, g in result.gains.items()
        },
        "status_costs": [
            {
                "status": c.status,
                "actor": c.actor,
                "real": kronor(c.real),
                "transfer": kronor(c.transfer),
                "total": kronor(c.total),
            }
            for c in result.status_costs
        ],
        "rates": rates,
        "sensitivity": [
            {
                "assumption": s.assumption,
                "variant": s.variant,
                "base": s.base,
                "society_net": {str(rate_key(r)): kronor(v) for r, v in s.society_net.items()},
                "break_even_share": share(s.break_even_share),
                "break_even_state": s.break_even_state,
                "payback_months": s.payback.months,
                "payback_state": s.payback.state,
            }
            for s in result.sensitivity
        ],
        "notes": list(result.notes),
    }
