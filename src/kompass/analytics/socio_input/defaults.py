"""The default actors, statuses and unit costs (`kompass-socio-defaults/1`): the shipped
set or a user's, read with the same checks as an account and offered to every new
account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kompass.analytics.socio.account import Actor, Status, UnitCost
from kompass.analytics.socio_input.reader import Reader
from kompass.lib.problems import translated
from kompass.lib.yamlfile import YamlLines, load_yaml

DEFAULTS_SCHEMA = "kompass-socio-defaults/1"
DEFAULTS_KEYS = {"schema", "name", "notice", "price_year", "actors", "statuses", "unit_costs"}


@dataclass(frozen=True)
class Defaults:
    """The shipped (or a user's) default actors, statuses and unit costs."""

    actors: tuple[Actor, ...]
    statuses: tuple[Status, ...]
    unit_costs: tuple[UnitCost, ...]
    price_year: int | None = None
    name: str = ""
    notice: str = ""


def parse_defaults(data: Any, *, filename: str = "", lines: YamlLines | None = None) -> Defaults:
    reader = Reader(filename, lines)
    if not isinstance(data, dict):
        reader.problem(
            (), translated("filen ska innehålla en mappning med actors, statuses och unit_costs")
        )
        reader.raise_if_any()
    reader.unknown(data, DEFAULTS_KEYS, ())
    if data.get("schema") != DEFAULTS_SCHEMA:
        reader.problem(
            ("schema",),
            translated("”schema” ska vara %(schema)s") % {"schema": repr(DEFAULTS_SCHEMA)},
        )
    actors = reader.actors(data.get("actors"), ("actors",))
    statuses = reader.statuses(data.get("statuses"), ("statuses",))
    units = reader.unit_costs(
        data.get("unit_costs"), ("unit_costs",), actors, statuses, require_source=True
    )
    price_year = None
    if data.get("price_year") is not None:
        price_year = reader.integer(
            data["price_year"], ("price_year",), what=translated("prisåret"), low=1900, high=2100
        )
    reader.raise_if_any()
    return Defaults(
        actors,
        statuses,
        units,
        price_year,
        reader.text(data, "name", ()),
        reader.text(data, "notice", ()),
    )


def load_defaults(text: str, filename: str = "") -> Defaults:
    return parse_defaults(load_yaml(text, filename), filename=filename, lines=YamlLines(text))
