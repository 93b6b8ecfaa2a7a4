"""A project's socio-economic account: stored in the file format, computed by
`kompass.analytics.socio`.

The financing split is the partners' financing shares whenever they are set (one place
to write it); an account file's own `intervention.financing` counts only for a project
whose partners have no shares yet. Unit costs are the account's own copy, started from
the shipped defaults (`collaboration/data/socio-defaults.yaml`) and edited by the user.
"""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from django.db import transaction

from kompass.accounts.access import check_can_edit
from kompass.analytics.socio.account import Account
from kompass.analytics.socio.calculation import calculate
from kompass.analytics.socio.result import Result
from kompass.analytics.socio_input.account import parse_account
from kompass.analytics.socio_input.writing import account_data, defaults_data
from kompass.audit import trail
from kompass.collaboration.domain.defaults import DEFAULTS_FILE, shipped_defaults
from kompass.collaboration.domain.projects import financing_by_actor
from kompass.collaboration.models import Project, SocioAccount
from kompass.core.errors import InputError, InputProblem
from kompass.lib.yamlfile import YamlLines, load_yaml

__all__ = ["DEFAULTS_FILE", "shipped_defaults"]  # re-exported: the account's defaults


def uses_defaults(account: Account) -> bool:
    """Whether the account still rests on shipped default unit costs (it then says so)."""
    return bool(set(account.unit_costs) & set(shipped_defaults().unit_costs))


def default_price_year(defaults, *, today: datetime.date | None = None) -> int:
    """The price year a new account starts with: the newest year of the unit-cost data,
    so that the kronor of the account and of its unit costs are of the same year and no
    note about mixed price years is needed (an account without a price index cannot
    convert). Never later than this year; this year when there are no unit costs."""
    this_year = (today or datetime.date.today()).year
    years = [u.year for u in defaults.unit_costs if u.year <= this_year]
    return max(years, default=this_year)


def template_data(project: Project) -> dict:
    """A new account for `project`: the shipped actors, statuses and unit costs, and
    assumptions for the user to fill in (participants, costs, statuses before and after)."""
    defaults = shipped_defaults()
    data = {
        "schema": "kompass-socio/1",
        "name": f"Samverkansbokslut {project.name}",
        "price_year": default_price_year(defaults),
        "intervention": {"cost_per_year": []},
        "before": {},
        "after": {},
        "effect": {"starts_after_months": 12, "lasts_years": 5, "drop_off": 20},
        "deadweight": 0,
        "attribution": 100,
        "displacement": 0,
        "horizons": [1, 3, 4, 5, 10],
        "discount_rates": [0, 3.5],
        "main_horizon": 5,
    }
    data.update(defaults_data(defaults))
    return data


def with_financing(data: dict, project: Project) -> dict:
    """`data` with the partners' financing shares, when the partners have any."""
    out = copy.deepcopy(data)
    financing = financing_by_actor(project)
    if financing:
        intervention = out.setdefault("intervention", {})
        if not isinstance(intervention, dict):
            return out
        intervention["financing"] = {
            actor: int(v) if v == v.to_integral_value() else float(v)
            for actor, v in financing.items()
        }
    return out


def financing_source(project: Project) -> str:
    return "partners" if financing_by_actor(project) else "account"


def current_data(project: Project) -> dict | None:
    account = SocioAccount.objects.filter(project=project).first()
    return account.data if account is not None else None


def build_account(project: Project, data: dict | None = None) -> Account:
    """The validated account of `project` (raises InputError, LookupError if none)."""
    if data is None:
        data = current_data(project)
    if data is None:
        raise LookupError(f"projektet ”{project.name}” har ingen socioekonomisk kalkyl ännu")
    account = parse_account(with_financing(data, project), defaults=shipped_defaults())
    if project.is_example and not account.example:
        from dataclasses import replace

        account = replace(account, example=True)
    return account


def project_result(project: Project) -> tuple[Result | None, list[InputProblem]]:
    """(result, []) or (None, problems) — the page shows the problems and how to fix them.

    The stored account is validated again each time: one stored before a limit of the
    format existed (say, an amount of 1e100 kr that no arithmetic survives) then gives
    its problems here, and the project's pages still open so that it can be corrected."""
    try:
        return calculate(build_account(project)), []
    except LookupError:
        return None, []
    except InputError as exc:
        return None, exc.problems


def _store(project: Project, user, data: dict, account: Account) -> SocioAccount:
    """Store the validated `account` read from `data` (the partners' financing is not
    copied into it: it stays with the partners)."""
    stored = account_data(account)
    if financing_source(project) == "partners" and isinstance(data.get("intervention"), dict):
        own = data["intervention"].get("financing")
        if own is None:
            stored["intervention"].pop("financing", None)
    existing = SocioAccount.objects.filter(project=project).first()
    before = trail.snapshot(existing, ("data",)) if existing else {}
    obj, created = SocioAccount.objects.update_or_create(
        project=project, defaults={"data": stored, "updated_by": user}
    )
    trail.record_change(
        user=user,
        obj=obj,
        action=trail.Action.CREATE if created else trail.Action.UPDATE,
        before=before,
        after=trail.snapshot(obj, ("data",)),
    )
    return obj


@transaction.atomic
def save_account(*, project: Project, user, data: dict) -> SocioAccount:
    """Validate `data` (with the partners' financing) and store it; nothing is stored
    when anything is wrong."""
    check_can_edit(user, project)
    account = parse_account(with_financing(data, project), defaults=shipped_defaults())
    return _store(project, user, data, account)


@transaction.atomic
def import_account(*, project: Project, user, text: str, filename: str = "") -> Account:
    """Replace the account with a file in the format `kompass-socio/1` (YAML or JSON),
    validated once with the file's line numbers. Returns the account as read, whose
    `input_notes` say what reading it left out (the page shows them)."""
    check_can_edit(user, project)
    data = load_yaml(text, filename)
    if not isinstance(data, dict):
        raise InputError(
            [InputProblem("filen ska innehålla en kalkyl (en mappning)", file=filename)]
        )
    account = parse_account(
        with_financing(data, project),
        defaults=shipped_defaults(),
        filename=filename,
        lines=YamlLines(text),
    )
    _store(project, user, data, account)
    return account


def reset_unit_costs(*, project: Project, user) -> SocioAccount:
    """Put the shipped actors, statuses and unit costs back (the assumptions stay)."""
    data = copy.deepcopy(current_data(project) or template_data(project))
    data.update(defaults_data(shipped_defaults()))
    return save_account(project=project, user=user, data=data)


def percent_text(value) -> str:
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    return f"{number.normalize():f}".replace(".", ",")
