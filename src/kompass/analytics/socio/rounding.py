"""Rounding for people and files: whole kronor and shares only when shown, and the
result as plain data (`result_data`: what the command line prints as JSON, the API
answers and the spreadsheet holds)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from kompass.analytics.socio.account import ONE, PRECISION
from kompass.analytics.socio.result import HorizonResult, Result


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
