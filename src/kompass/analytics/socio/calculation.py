"""The calculation of a socio-economic account (`calculate`): the change in statuses
times the unit costs gives each actor's gain per participant and year; deadweight,
attribution and displacement scale it; it starts after a delay, lasts and fades; the
intervention costs are split between the financiers. Months from the project start,
discounting per whole year, `Decimal` with 60 digits throughout."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal, localcontext

from kompass.analytics.socio.account import EPSILON, ONE, PRECISION, SOCIETY, ZERO, Account
from kompass.analytics.socio.result import (
    ActorResult,
    HorizonResult,
    Payback,
    RateResult,
    Result,
    Sensitivity,
    Share,
    StatusCost,
    YearFlow,
)
from kompass.analytics.socio.texts import (
    ATTRIBUTION,
    BASE_CASE,
    DEADWEIGHT,
    DROP_OFF,
    DURATION,
    NOTE_COMPARISON_AND_DEADWEIGHT,
    NOTE_NO_SOURCE,
    NOTE_PRICE_INDEX,
    NOTE_PRICE_YEARS,
    PRODUCTION_VALUE,
    SOCIETY_NAME,
    START,
    STATUS_COSTS,
    SUCCESS_SHARE,
    Text,
)


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
