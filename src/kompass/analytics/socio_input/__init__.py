"""Reading and writing socio-economic accounts: the file format `kompass-socio/1`
(documented in docs/formats/socio-account.md) to a validated `socio.Account` and back.

Every problem is collected with where it is (line in a file, field path such as
`unit_costs[3].year`) and raised together as `InputError`, in Swedish, so a user fixes a
file or a form in one go and nothing half-valid is ever stored or computed. Shares are
written in per cent (50, 3,5 or "25 %"), amounts in kronor per person and year; both
accept the decimal comma. Pure Python: the web forms, the database copy of an account,
`kompass socio calc` and the API all pass through `parse_account`.

The parts: `reader` (the value readers with the problem collector and the limits),
`account` (`parse_account`, `load_account`), `defaults` (the default actors, statuses and
unit costs) and `writing` (an account or the defaults back in the file format). The names
below are their public face.
"""

from kompass.analytics.socio_input.account import SCHEMA, TOP_KEYS, load_account, parse_account
from kompass.analytics.socio_input.defaults import (
    DEFAULTS_SCHEMA,
    Defaults,
    load_defaults,
    parse_defaults,
)
from kompass.analytics.socio_input.reader import UNIT_KEYS, Reader
from kompass.analytics.socio_input.writing import account_data, defaults_data, unit_cost_data

__all__ = [
    "DEFAULTS_SCHEMA",
    "SCHEMA",
    "TOP_KEYS",
    "UNIT_KEYS",
    "Defaults",
    "Reader",
    "account_data",
    "defaults_data",
    "load_account",
    "load_defaults",
    "parse_account",
    "parse_defaults",
    "unit_cost_data",
]
