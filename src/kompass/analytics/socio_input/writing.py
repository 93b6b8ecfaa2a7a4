"""Writing an account (and the defaults) back in the file format: the inverse of
`parse_account`, so that an account written out and read back is the same account."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kompass.analytics.socio.account import Account, UnitCost
from kompass.analytics.socio_input.account import SCHEMA
from kompass.analytics.socio_input.defaults import Defaults


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _pct(value: Decimal) -> int | float:
    return _num((value * 100).normalize())


def unit_cost_data(unit: UnitCost) -> dict:
    row = {
        "status": unit.status,
        "name": unit.name,
        "kind": unit.kind,
        "actor": unit.actor,
    }
    if unit.kind == "transfer":
        row["to"] = unit.receiver
    row.update({"amount": _num(unit.amount), "year": unit.year, "source": unit.source})
    return row


def account_data(account: Account) -> dict:
    """The account in the file format (the inverse of `parse_account`)."""
    data: dict[str, Any] = {"schema": SCHEMA, "name": account.name}
    if account.description:
        data["description"] = account.description
    if account.example:
        data["example"] = True
    if account.price_year is not None:
        data["price_year"] = account.price_year
    if account.price_index:
        data["price_index"] = {y: _num(v) for y, v in sorted(account.price_index.items())}
    data["participants"] = account.participants
    data["intervention"] = {
        "cost_per_year": [_num(c) for c in account.intervention_costs],
        "financing": {k: _pct(v) for k, v in account.financing.items()},
    }
    data["before"] = {k: _pct(v) for k, v in account.before.items()}
    data["after"] = {k: _pct(v) for k, v in account.after.items()}
    if account.comparison is not None:
        data["comparison"] = {k: _pct(v) for k, v in account.comparison.items()}
    data["effect"] = {
        "starts_after_months": account.effect.starts_after_months,
        "lasts_years": account.effect.lasts_years,
        "drop_off": _pct(account.effect.drop_off),
    }
    data["deadweight"] = _pct(account.deadweight)
    data["attribution"] = _pct(account.attribution)
    data["displacement"] = _pct(account.displacement)
    data["horizons"] = list(account.horizons)
    data["discount_rates"] = [_pct(r) for r in account.discount_rates]
    data["main_horizon"] = account.main_horizon
    data["actors"] = [{"code": a.code, "name": a.name, "public": a.public} for a in account.actors]
    data["statuses"] = [{"code": s.code, "name": s.name} for s in account.statuses]
    data["unit_costs"] = [unit_cost_data(u) for u in account.unit_costs]
    return data


def defaults_data(defaults: Defaults) -> dict:
    return {
        "actors": [{"code": a.code, "name": a.name, "public": a.public} for a in defaults.actors],
        "statuses": [{"code": s.code, "name": s.name} for s in defaults.statuses],
        "unit_costs": [unit_cost_data(u) for u in defaults.unit_costs],
    }
