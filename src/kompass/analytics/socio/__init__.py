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

One module per part: `account` (the input: actors, statuses, unit costs, the effect and
the validated account), `calculation` (`calculate`), `result` (what it returns),
`rounding` (kronor and shares for people, the result as plain data) and `texts` (the
Swedish texts for people, as data). The names below are their public face; the file
format is read and written by `kompass.analytics.socio_input`.
"""

from kompass.analytics.socio.account import (
    DEFAULT_HORIZONS,
    DEFAULT_RATES,
    EPSILON,
    KINDS,
    ONE,
    PRECISION,
    SOCIETY,
    ZERO,
    Account,
    Actor,
    Effect,
    Status,
    UnitCost,
)
from kompass.analytics.socio.calculation import (
    calculate,
    gains_per_participant,
    status_costs,
    success_share,
)
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
from kompass.analytics.socio.rounding import kronor, result_data, share
from kompass.analytics.socio.texts import KIND_LABELS, SOCIETY_NAME, TEXTS, Text

__all__ = [
    "DEFAULT_HORIZONS",
    "DEFAULT_RATES",
    "EPSILON",
    "KINDS",
    "KIND_LABELS",
    "ONE",
    "PRECISION",
    "SOCIETY",
    "SOCIETY_NAME",
    "TEXTS",
    "ZERO",
    "Account",
    "Actor",
    "ActorResult",
    "Effect",
    "HorizonResult",
    "Payback",
    "RateResult",
    "Result",
    "Sensitivity",
    "Share",
    "Status",
    "StatusCost",
    "Text",
    "UnitCost",
    "YearFlow",
    "calculate",
    "gains_per_participant",
    "kronor",
    "result_data",
    "share",
    "status_costs",
    "success_share",
]
