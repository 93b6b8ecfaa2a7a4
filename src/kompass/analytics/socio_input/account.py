"""Reading an account file (`kompass-socio/1`, YAML or JSON) into a validated
`Account`: every field checked, problems collected with their line and raised together,
default unit costs applied where the file names none (and a note for each left out)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kompass.analytics.socio.account import (
    DEFAULT_HORIZONS,
    DEFAULT_RATES,
    ONE,
    ZERO,
    Account,
    Actor,
    Effect,
    Status,
    UnitCost,
)
from kompass.analytics.socio.texts import NOTE_SKIPPED_DEFAULTS, Text
from kompass.analytics.socio_input.defaults import Defaults
from kompass.analytics.socio_input.reader import (
    MAX_HORIZON,
    MAX_PARTICIPANTS,
    MAX_RATES,
    MIN_INDEX,
    Reader,
    quote,
)
from kompass.lib.jsonfile import load_json
from kompass.lib.numbers import format_number
from kompass.lib.problems import translated
from kompass.lib.yamlfile import YamlLines, load_yaml

SCHEMA = "kompass-socio/1"
TOP_KEYS = {
    "schema",
    "name",
    "description",
    "example",
    "price_year",
    "price_index",
    "participants",
    "intervention",
    "before",
    "after",
    "comparison",
    "effect",
    "deadweight",
    "attribution",
    "displacement",
    "horizons",
    "discount_rates",
    "main_horizon",
    "actors",
    "statuses",
    "unit_costs",
}


def parse_account(
    data: Any,
    *,
    defaults: Defaults | None = None,
    filename: str = "",
    lines: YamlLines | None = None,
) -> Account:
    """Validate an account (a dict as read from YAML/JSON or built by a form)."""
    reader = Reader(filename, lines)
    if not isinstance(data, dict):
        reader.problem(
            (), translated("kalkylen ska vara en mappning med deltagare, insats, statusar m.m.")
        )
        reader.raise_if_any()
    reader.unknown(data, TOP_KEYS, ())
    if data.get("schema") not in (None, SCHEMA):
        reader.problem(
            ("schema",),
            translated("”schema” ska vara %(schema)s, inte %(value)s")
            % {"schema": repr(SCHEMA), "value": repr(data["schema"])},
        )

    # Actors, statuses and unit costs: from the file, else the defaults.
    if data.get("actors") is not None:
        actors = reader.actors(data["actors"], ("actors",))
    elif defaults is not None:
        actors = defaults.actors
    else:
        reader.problem(("actors",), translated("”actors” saknas (och inga standardvärden finns)"))
        actors = ()
    if data.get("statuses") is not None:
        statuses = reader.statuses(data["statuses"], ("statuses",))
    elif defaults is not None:
        statuses = defaults.statuses
    else:
        reader.problem(
            ("statuses",), translated("”statuses” saknas (och inga standardvärden finns)")
        )
        statuses = ()
    raw_units = data.get("unit_costs")
    notes: list[str] = []
    if raw_units is None or raw_units == "standard":
        if defaults is None:
            reader.problem(
                ("unit_costs",), translated("”unit_costs” saknas (och inga standardvärden finns)")
            )
            units: tuple[UnitCost, ...] = ()
        else:
            units, skipped = _default_units(defaults, actors, statuses)
            if skipped:
                notes.append(Text(NOTE_SKIPPED_DEFAULTS, rows="; ".join(skipped)))
    else:
        units = reader.unit_costs(raw_units, ("unit_costs",), actors, statuses)
    actor_codes = [a.code for a in actors]
    status_codes = [s.code for s in statuses]

    participants = None
    if data.get("participants") is None:
        reader.problem(("participants",), translated("antalet deltagare (”participants”) saknas"))
    else:
        participants = reader.integer(
            data["participants"],
            ("participants",),
            what=translated("antalet deltagare"),
            high=MAX_PARTICIPANTS,
        )
        if participants is not None and participants < 0:
            reader.problem(
                ("participants",),
                translated("antalet deltagare kan inte vara negativt (fick %(value)s)")
                % {"value": participants},
            )
            participants = None

    intervention = reader.mapping(data.get("intervention"), ("intervention",), "”intervention”")
    reader.unknown(intervention, {"cost_per_year", "years", "financing"}, ("intervention",))
    costs = _costs(reader, intervention)
    financing = {}
    if intervention:
        if intervention.get("financing") is None:
            reader.problem(
                ("intervention", "financing"),
                translated("finansieringen (”financing”: aktör och andel i procent) saknas"),
            )
        else:
            financing = reader.distribution(
                intervention["financing"],
                ("intervention", "financing"),
                actor_codes,
                what=translated("finansieringsandelarna"),
                kind="aktör",
                exact=True,
            )

    before = reader.distribution(
        data.get("before"),
        ("before",),
        status_codes,
        what=translated("andelarna före (”before”)"),
        kind="status",
    )
    after = reader.distribution(
        data.get("after"),
        ("after",),
        status_codes,
        what=translated("andelarna efter (”after”)"),
        kind="status",
    )
    comparison = None
    if data.get("comparison") is not None:
        comparison = reader.distribution(
            data["comparison"],
            ("comparison",),
            status_codes,
            what=translated("jämförelsegruppens andelar (”comparison”)"),
            kind="status",
        )

    effect = _effect(reader, data.get("effect"))
    deadweight = _optional_percent(reader, data, "deadweight", translated("dödvikten"), ZERO)
    attribution = _optional_percent(reader, data, "attribution", translated("tillskrivningen"), ONE)
    displacement = _optional_percent(
        reader, data, "displacement", translated("undanträngningen"), ZERO
    )
    horizons = _horizons(reader, data.get("horizons"))
    rates = _rates(reader, data.get("discount_rates"))
    main = None
    if data.get("main_horizon") is not None:
        main = reader.integer(
            data["main_horizon"], ("main_horizon",), what=translated("huvudhorisonten")
        )
        if main is not None and horizons and main not in horizons:
            reader.problem(
                ("main_horizon",),
                translated(
                    "huvudhorisonten %(main)s år finns inte bland horisonterna (%(horizons)s)"
                )
                % {"main": main, "horizons": ", ".join(map(str, horizons))},
            )
    if main is None and horizons:
        main = 5 if 5 in horizons else max(horizons)
    price_year = None
    if data.get("price_year") is not None:
        price_year = reader.integer(
            data["price_year"], ("price_year",), what=translated("prisåret"), low=1900, high=2100
        )
    price_index = _price_index(reader, data.get("price_index"), price_year, units)
    example = data.get("example", False)
    if not isinstance(example, bool):
        reader.problem(("example",), translated("”example” ska vara true eller false"))
    reader.raise_if_any()
    return Account(
        name=reader.text(data, "name", ()) or "Socioekonomisk kalkyl",
        description=reader.text(data, "description", ()),
        participants=participants,
        intervention_costs=costs,
        financing=financing,
        before=before,
        after=after,
        comparison=comparison,
        effect=effect,
        actors=actors,
        statuses=statuses,
        unit_costs=units,
        deadweight=deadweight,
        attribution=attribution,
        displacement=displacement,
        horizons=horizons,
        discount_rates=rates,
        main_horizon=main,
        price_year=price_year,
        price_index=price_index,
        example=bool(example),
        input_notes=tuple(notes),
    )


def load_account(text: str, *, filename: str = "", defaults: Defaults | None = None) -> Account:
    """Parse an account file (YAML or JSON), with line numbers in every message."""
    if filename.lower().endswith(".json"):  # JSON's NaN and Infinity are no YAML
        data = load_json(text, filename)
    else:
        data = load_yaml(text, filename)
    return parse_account(data, defaults=defaults, filename=filename, lines=YamlLines(text))


def _default_units(
    defaults: Defaults, actors: tuple[Actor, ...], statuses: tuple[Status, ...]
) -> tuple[tuple[UnitCost, ...], list[str]]:
    """The default unit costs that fit the account's statuses and actors, and a
    description of each one left out. A file that lists its own statuses or actors may
    mean to leave some out, so this is a note in the result, not a problem; the note
    names the rows so that nobody loses a cost without seeing it."""
    known_s = {s.code for s in statuses}
    known_a = {a.code for a in actors}
    used, skipped = [], []
    for unit in defaults.unit_costs:
        missing = [unit.status] if unit.status not in known_s else []
        missing += [b for b in unit.bearers if b not in known_a]
        if missing:
            skipped.append(f"{unit.name} ({', '.join(missing)})")
        else:
            used.append(unit)
    return tuple(used), skipped


def _costs(reader: Reader, intervention: dict) -> tuple[Decimal, ...]:
    path = ("intervention", "cost_per_year")
    raw = intervention.get("cost_per_year")
    if not intervention:
        return ()
    if raw is None:
        reader.problem(path, translated("insatsens kostnad per år (”cost_per_year”) saknas"))
        return ()
    if isinstance(raw, list):
        values = [
            reader.number(v, (*path, i), what=translated("kostnaden")) for i, v in enumerate(raw)
        ]
        if "years" in intervention:
            reader.problem(
                ("intervention", "years"),
                translated(
                    "ange antingen en lista med kostnad per år eller en kostnad och ”years”"
                ),
            )
    else:
        value = reader.number(raw, path, what=translated("kostnaden"))
        years = reader.integer(
            intervention.get("years", 1),
            ("intervention", "years"),
            what=translated("antalet projektår"),
            low=1,
            high=MAX_HORIZON,
        )
        values = [value] * (years or 0)
    if not values:
        reader.problem(path, translated("insatsen behöver en kostnad för minst ett år"))
    out = []
    for i, value in enumerate(values):
        if value is not None and value < 0:
            reader.problem(
                (*path, i) if isinstance(raw, list) else path,
                translated("kostnaden kan inte vara negativ"),
            )
        elif value is not None:
            out.append(value)
    return tuple(out)


def _effect(reader: Reader, data: Any) -> Effect:
    if data is None:
        reader.problem(
            ("effect",), translated("”effect” saknas (när effekten börjar, hur länge den varar)")
        )
        return Effect()
    data = reader.mapping(data, ("effect",), "”effect”")
    reader.unknown(data, {"starts_after_months", "lasts_years", "drop_off"}, ("effect",))
    start = reader.integer(
        data.get("starts_after_months", 0),
        ("effect", "starts_after_months"),
        what=translated("antalet månader innan effekten börjar"),
        low=0,
        high=12 * MAX_HORIZON,
    )
    lasts = None
    if data.get("lasts_years") is None:
        reader.problem(
            ("effect", "lasts_years"),
            translated("hur många år effekten varar (”lasts_years”) saknas"),
        )
    else:
        lasts = reader.integer(
            data["lasts_years"],
            ("effect", "lasts_years"),
            what=translated("effektens varaktighet i år"),
            low=1,
            high=MAX_HORIZON,
        )
    drop = reader.percent(
        data.get("drop_off", 0), ("effect", "drop_off"), what=translated("avtagandet per år")
    )
    return Effect(start or 0, lasts or 1, drop if drop is not None else ZERO)


def _optional_percent(reader: Reader, data: dict, key: str, what: str, default: Decimal):
    if data.get(key) is None:
        return default
    value = reader.percent(data[key], (key,), what=what)
    return default if value is None else value


def _horizons(reader: Reader, data: Any) -> tuple[int, ...]:
    if data is None:
        return DEFAULT_HORIZONS
    if not isinstance(data, list) or not data:
        reader.problem(
            ("horizons",), translated("”horizons” ska vara en lista med år, t.ex. [1, 3, 4, 5, 10]")
        )
        return ()
    out = []
    for i, value in enumerate(data):
        years = reader.integer(value, ("horizons", i), what=translated("horisonten"))
        if years is None:
            continue
        if years < 1:
            reader.problem(
                ("horizons", i),
                translated("horisonten ska vara minst 1 år (fick %(years)s)") % {"years": years},
            )
        elif years > MAX_HORIZON:
            reader.problem(
                ("horizons", i),
                translated("horisonten får vara högst %(max)s år (fick %(years)s)")
                % {"max": MAX_HORIZON, "years": years},
            )
        elif years in out:
            reader.problem(
                ("horizons", i),
                translated("horisonten %(years)s år förekommer två gånger") % {"years": years},
            )
        else:
            out.append(years)
    return tuple(sorted(out))


def _rates(reader: Reader, data: Any) -> tuple[Decimal, ...]:
    if data is None:
        return DEFAULT_RATES
    if not isinstance(data, list) or not data:
        reader.problem(
            ("discount_rates",),
            translated("”discount_rates” ska vara en lista i procent, t.ex. [0, 3.5]"),
        )
        return ()
    if len(data) > MAX_RATES:
        reader.problem(
            ("discount_rates",),
            translated(
                "ange högst %(max)s diskonteringsräntor (fick %(n)s); varje ränta räknas som "
                "en egen kalkyl"
            )
            % {"max": MAX_RATES, "n": len(data)},
        )
        return ()
    out = []
    for i, value in enumerate(data):
        rate = reader.percent(
            value,
            ("discount_rates", i),
            what=translated("diskonteringsräntan"),
            allow_hundred=False,
        )
        if rate is None:
            continue
        if rate in out:
            reader.problem(
                ("discount_rates", i), translated("diskonteringsräntan förekommer två gånger")
            )
        else:
            out.append(rate)
    return tuple(out)


def _price_index(reader, data, price_year, units) -> dict[int, Decimal] | None:
    if data is None:
        return None
    mapping = reader.mapping(data, ("price_index",), "”price_index”")
    index: dict[int, Decimal] = {}
    for key, value in mapping.items():
        year = reader.integer(
            key, ("price_index", key), what=translated("året i prisindexet"), low=1900, high=2100
        )
        number = reader.number(value, ("price_index", key), what=translated("indexvärdet"))
        if number is not None and number < MIN_INDEX:
            reader.problem(
                ("price_index", key),
                translated("indexvärdet ska vara minst %(min)s (fick %(value)s)")
                % {"min": format_number(MIN_INDEX, 3), "value": quote(value)},
            )
        elif year is not None and number is not None:
            index[year] = number
    if price_year is None:
        reader.problem(
            ("price_year",),
            translated("ange kalkylens prisår (”price_year”) när prisindex används"),
        )
    elif price_year not in index:
        reader.problem(
            ("price_index",),
            translated("prisindex saknas för kalkylens prisår %(year)s") % {"year": price_year},
        )
    for year in sorted({u.year for u in units} - set(index)):
        reader.problem(
            ("price_index",),
            translated("prisindex saknas för år %(year)s (prisår för en enhetskostnad)")
            % {"year": year},
        )
    return index
