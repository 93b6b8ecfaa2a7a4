"""Reading and writing socio-economic accounts: the file format `kompass-socio/1`
(documented in docs/formats/socio-account.md) to a validated `socio.Account` and back.

Every problem is collected with where it is (line in a file, field path such as
`unit_costs[3].year`) and raised together as `InputError`, in Swedish, so a user fixes a
file or a form in one go and nothing half-valid is ever stored or computed. Shares are
written in per cent (50, 3,5 or "25 %"), amounts in kronor per person and year; both
accept the decimal comma. Pure Python: the web forms, the database copy of an account,
`kompass socio calc` and the API all pass through `parse_account`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from kompass.analytics.socio import (
    DEFAULT_HORIZONS,
    DEFAULT_RATES,
    NOTE_SKIPPED_DEFAULTS,
    ONE,
    PRECISION,
    SOCIETY,
    ZERO,
    Account,
    Actor,
    Effect,
    Status,
    Text,
    UnitCost,
)
from kompass.lib.jsonfile import load_json
from kompass.lib.numbers import MAX_MAGNITUDE, NumberError, decimals_of, format_number, parse_number
from kompass.lib.problems import Problems
from kompass.lib.yamlfile import YamlLines, load_yaml

SCHEMA = "kompass-socio/1"
DEFAULTS_SCHEMA = "kompass-socio-defaults/1"
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TOLERANCE = Decimal("0.01")  # per cent: shares may be written with two decimals
MAX_HORIZON = 50
# Sane limits, far above any real project, that keep every figure computable and
# printable (an amount of 1e5000 kr would break the arithmetic and the messages).
MAX_NUMBER = MAX_MAGNITUDE  # kronor (or any other number in a file)
MAX_PARTICIPANTS = 10_000_000
MAX_RATES = 5  # each rate is a whole calculation, sensitivity analysis included
MIN_INDEX = Decimal("0.001")  # a price index value; the ratio of two stays below 1e15

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
DEFAULTS_KEYS = {"schema", "name", "notice", "price_year", "actors", "statuses", "unit_costs"}
UNIT_KEYS = {"status", "name", "kind", "actor", "to", "amount", "year", "source"}
KIND_ALIASES = {
    "resource": "resource",
    "resurs": "resource",
    "production": "production",
    "produktion": "production",
    "transfer": "transfer",
    "transferering": "transfer",
}


@dataclass(frozen=True)
class Defaults:
    """The shipped (or a user's) default actors, statuses and unit costs."""

    actors: tuple[Actor, ...]
    statuses: tuple[Status, ...]
    unit_costs: tuple[UnitCost, ...]
    price_year: int | None = None
    name: str = ""
    notice: str = ""


class _Reader:
    """The shared collector (`kompass.lib.problems`) with this format's value readers."""

    def __init__(self, filename: str = "", lines: YamlLines | None = None):
        self.problems = Problems(filename, lines=(lambda: lines.get) if lines is not None else None)

    def problem(self, path: tuple, message: str) -> None:
        self.problems.at(path, message)

    def raise_if_any(self) -> None:
        self.problems.raise_if_any()

    # -- scalars ------------------------------------------------------------------------
    def number(self, value: Any, path: tuple, *, what: str = "värdet") -> Decimal | None:
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            self.problem(path, f"{what} ska vara ett tal")
            return None
        text = str(value).strip().rstrip("%").strip() if isinstance(value, str) else value
        try:
            number = parse_number(text)
        except NumberError as exc:
            if not exc.too_large:
                self.problem(path, f"{what} ska vara ett tal, inte ”{_quote(value)}”")
                return None
            number = MAX_NUMBER
        if abs(number) >= MAX_NUMBER:
            limit = format_number(MAX_NUMBER, lang="sv")
            self.problem(path, f"{what} ska vara ett tal mindre än {limit}, inte ”{_quote(value)}”")
            return None
        return number

    def integer(
        self, value: Any, path: tuple, *, what: str, low: int | None = None, high=None
    ) -> int | None:
        number = self.number(value, path, what=what)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.problem(path, f"{what} ska vara ett heltal, inte {_quote(value)}")
            return None
        result = int(number)
        if low is not None and result < low:
            self.problem(path, f"{what} ska vara minst {low} (fick {result})")
            return None
        if high is not None and result > high:
            self.problem(path, f"{what} får vara högst {high} (fick {result})")
            return None
        return result

    def percent(
        self, value: Any, path: tuple, *, what: str, allow_hundred: bool = True
    ) -> Decimal | None:
        """A share written in per cent (0..100), returned as a fraction 0..1."""
        number = self.number(value, path, what=what)
        if number is None:
            return None
        if number < 0:
            self.problem(path, f"{what} kan inte vara negativ (fick {value})")
            return None
        if number > 100 or (not allow_hundred and number >= 100):
            self.problem(path, f"{what} ska vara under 100 % (fick {value})")
            return None
        return number / 100

    def text(self, data: dict, key: str, path: tuple, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem((*path, key), f"”{key}” saknas")
            return ""
        if isinstance(value, (dict, list)):
            self.problem((*path, key), f"”{key}” ska vara en text")
            return ""
        return str(value).strip()

    def mapping(self, data: Any, path: tuple, what: str) -> dict:
        if not isinstance(data, dict):
            self.problem(path, f"{what} ska vara en mappning (nyckel: värde)")
            return {}
        return data

    def unknown(self, data: dict, allowed: set[str], path: tuple) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    f"okänd nyckel ”{key}” (tillåtna: {', '.join(sorted(allowed))})",
                )

    # -- structures ---------------------------------------------------------------------
    def actors(self, data: Any, path: tuple) -> tuple[Actor, ...]:
        if not isinstance(data, list) or not data:
            self.problem(path, "”actors” ska vara en lista med minst en aktör")
            return ()
        out, seen = [], set()
        for i, item in enumerate(data):
            ipath = (*path, i)
            if not isinstance(item, dict):
                self.problem(ipath, "en aktör ska ha ”code” och ”name”")
                continue
            self.unknown(item, {"code", "name", "public"}, ipath)
            code = self.code(item, ipath, seen, "aktören")
            name = self.text(item, "name", ipath, required=True)
            public = item.get("public", True)
            if not isinstance(public, bool):
                self.problem((*ipath, "public"), "”public” ska vara true eller false")
                public = True
            if code and name:
                out.append(Actor(code, name, public))
        return tuple(out)

    def statuses(self, data: Any, path: tuple) -> tuple[Status, ...]:
        if not isinstance(data, list) or not data:
            self.problem(path, "”statuses” ska vara en lista med minst en status")
            return ()
        out, seen = [], set()
        for i, item in enumerate(data):
            ipath = (*path, i)
            if not isinstance(item, dict):
                self.problem(ipath, "en status ska ha ”code” och ”name”")
                continue
            self.unknown(item, {"code", "name"}, ipath)
            code = self.code(item, ipath, seen, "statusen")
            name = self.text(item, "name", ipath, required=True)
            if code and name:
                out.append(Status(code, name))
        return tuple(out)

    def code(self, item: dict, path: tuple, seen: set, what: str) -> str:
        code = self.text(item, "code", path, required=True)
        if not code:
            return ""
        if not CODE_RE.match(code) or code == SOCIETY:
            self.problem(
                (*path, "code"),
                f"koden ”{code}” för {what} får bara innehålla a–z, siffror och understreck"
                + (f" och får inte vara ”{SOCIETY}”" if code == SOCIETY else ""),
            )
            return ""
        if code in seen:
            self.problem((*path, "code"), f"koden ”{code}” förekommer två gånger")
            return ""
        seen.add(code)
        return code

    def unit_costs(
        self,
        data: Any,
        path: tuple,
        actors: tuple[Actor, ...],
        statuses: tuple[Status, ...],
        *,
        require_source: bool = False,
    ) -> tuple[UnitCost, ...]:
        if not isinstance(data, list) or not data:
            self.problem(path, "”unit_costs” ska vara en lista med minst en enhetskostnad")
            return ()
        actor_codes = [a.code for a in actors]
        status_codes = [s.code for s in statuses]
        out = []
        for i, item in enumerate(data):
            ipath = (*path, i)
            if not isinstance(item, dict):
                self.problem(
                    ipath, "en enhetskostnad ska vara en mappning med status, aktör, belopp och år"
                )
                continue
            self.unknown(item, UNIT_KEYS, ipath)
            ok = True
            status = self.text(item, "status", ipath, required=True)
            if status and status not in status_codes:
                self.problem(
                    (*ipath, "status"),
                    f"okänd status ”{status}” (kända: {', '.join(status_codes)})",
                )
                ok = False
            name = self.text(item, "name", ipath, required=True)
            raw_kind = self.text(item, "kind", ipath, required=True)
            kind = KIND_ALIASES.get(raw_kind.lower(), "") if raw_kind else ""
            if raw_kind and not kind:
                self.problem(
                    (*ipath, "kind"),
                    f"”kind” ska vara resource (resursförbrukning), production (produktion) "
                    f"eller transfer (transferering), inte ”{raw_kind}”",
                )
            actor = self.actor_ref(item, "actor", ipath, actor_codes)
            receiver = ""
            if kind == "transfer":
                receiver = self.actor_ref(item, "to", ipath, actor_codes)
                if receiver and receiver == actor:
                    self.problem(
                        (*ipath, "to"),
                        "en transferering går från en aktör till en annan (”actor” och ”to” är samma)",
                    )
                    ok = False
            elif item.get("to") not in (None, ""):
                self.problem(
                    (*ipath, "to"),
                    "”to” (mottagare) anges bara för transfereringar",
                )
                ok = False
            amount = None
            if "amount" not in item or item.get("amount") in (None, ""):
                self.problem((*ipath, "amount"), "beloppet (”amount”) saknas")
            else:
                amount = self.number(item["amount"], (*ipath, "amount"), what="beloppet")
                if amount is not None and amount < 0:
                    self.problem(
                        (*ipath, "amount"),
                        "beloppet kan inte vara negativt; välj ”production” för ett värde som skapas",
                    )
                    amount = None
            year = None
            if item.get("year") in (None, ""):
                self.problem((*ipath, "year"), "enhetskostnaden saknar prisår (”year”)")
            else:
                year = self.integer(
                    item["year"], (*ipath, "year"), what="prisåret", low=1900, high=2100
                )
            source = self.text(item, "source", ipath, required=require_source)
            if (
                ok
                and status
                and name
                and kind
                and actor
                and amount is not None
                and year is not None
                and (kind != "transfer" or receiver)
            ):
                out.append(UnitCost(status, name, kind, actor, amount, year, source, receiver))
        return tuple(out)

    def actor_ref(self, item: dict, key: str, path: tuple, known: list[str]) -> str:
        code = self.text(item, key, path, required=True)
        if code and code not in known:
            self.problem((*path, key), f"okänd aktör ”{code}” (kända: {', '.join(known)})")
            return ""
        return code

    def distribution(
        self,
        data: Any,
        path: tuple,
        known: list[str],
        *,
        what: str,
        kind: str,
        exact: bool = False,
    ) -> dict[str, Decimal]:
        """A mapping code -> per cent that adds up to 100 (within `TOLERANCE`). With
        `exact` the shares are then scaled to add up to exactly 1, so that the parts of
        a whole (the financing) add up to the whole."""
        if data is None:
            self.problem(path, f"{what} saknas; ange andelar i procent som summerar till 100 %")
            return {}
        mapping = self.mapping(data, path, what)
        out: dict[str, Decimal] = {}
        valid = True
        for code, value in mapping.items():
            code = str(code)
            if code not in known:
                self.problem((*path, code), f"okänd {kind} ”{code}” (kända: {', '.join(known)})")
                valid = False
                continue
            share = self.percent(value, (*path, code), what=f"andelen för ”{code}”")
            if share is None:
                valid = False
                continue
            if share:
                out[code] = share
        if mapping and valid:
            total = sum(out.values(), ZERO) * 100
            if abs(total - 100) > TOLERANCE:
                shown = total.quantize(Decimal("0.01"))
                shown_text = format_number(shown, decimals_of(shown), lang="sv")
                self.problem(path, f"{what} summerar till {shown_text} %, ska vara 100 %")
            elif exact and out:
                out = _exactly_one(out)
        elif not mapping and isinstance(data, dict):
            self.problem(path, f"{what} är tom; ange andelar som summerar till 100 %")
        return out


def _exactly_one(shares: dict[str, Decimal]) -> dict[str, Decimal]:
    """`shares` scaled to add up to exactly 1 (the last one takes what the division
    leaves over): 33,33 % three times becomes a third each."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        total = sum(shares.values(), ZERO)
        if total == ONE:
            return shares
        codes = list(shares)
        out = {code: shares[code] / total for code in codes[:-1]}
        out[codes[-1]] = ONE - sum(out.values(), ZERO)
        return out


def _quote(value: Any, limit: int = 40) -> str:
    """The value as the user wrote it, shortened when it is long."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- public entry points --------------------------------------------------------------


def parse_defaults(data: Any, *, filename: str = "", lines: YamlLines | None = None) -> Defaults:
    reader = _Reader(filename, lines)
    if not isinstance(data, dict):
        reader.problem((), "filen ska innehålla en mappning med actors, statuses och unit_costs")
        reader.raise_if_any()
    reader.unknown(data, DEFAULTS_KEYS, ())
    if data.get("schema") != DEFAULTS_SCHEMA:
        reader.problem(("schema",), f"”schema” ska vara {DEFAULTS_SCHEMA!r}")
    actors = reader.actors(data.get("actors"), ("actors",))
    statuses = reader.statuses(data.get("statuses"), ("statuses",))
    units = reader.unit_costs(
        data.get("unit_costs"), ("unit_costs",), actors, statuses, require_source=True
    )
    price_year = None
    if data.get("price_year") is not None:
        price_year = reader.integer(
            data["price_year"], ("price_year",), what="prisåret", low=1900, high=2100
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


def parse_account(
    data: Any,
    *,
    defaults: Defaults | None = None,
    filename: str = "",
    lines: YamlLines | None = None,
) -> Account:
    """Validate an account (a dict as read from YAML/JSON or built by a form)."""
    reader = _Reader(filename, lines)
    if not isinstance(data, dict):
        reader.problem((), "kalkylen ska vara en mappning med deltagare, insats, statusar m.m.")
        reader.raise_if_any()
    reader.unknown(data, TOP_KEYS, ())
    if data.get("schema") not in (None, SCHEMA):
        reader.problem(("schema",), f"”schema” ska vara {SCHEMA!r}, inte {data['schema']!r}")

    # Actors, statuses and unit costs: from the file, else the defaults.
    if data.get("actors") is not None:
        actors = reader.actors(data["actors"], ("actors",))
    elif defaults is not None:
        actors = defaults.actors
    else:
        reader.problem(("actors",), "”actors” saknas (och inga standardvärden finns)")
        actors = ()
    if data.get("statuses") is not None:
        statuses = reader.statuses(data["statuses"], ("statuses",))
    elif defaults is not None:
        statuses = defaults.statuses
    else:
        reader.problem(("statuses",), "”statuses” saknas (och inga standardvärden finns)")
        statuses = ()
    raw_units = data.get("unit_costs")
    notes: list[str] = []
    if raw_units is None or raw_units == "standard":
        if defaults is None:
            reader.problem(("unit_costs",), "”unit_costs” saknas (och inga standardvärden finns)")
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
        reader.problem(("participants",), "antalet deltagare (”participants”) saknas")
    else:
        participants = reader.integer(
            data["participants"],
            ("participants",),
            what="antalet deltagare",
            high=MAX_PARTICIPANTS,
        )
        if participants is not None and participants < 0:
            reader.problem(
                ("participants",),
                f"antalet deltagare kan inte vara negativt (fick {participants})",
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
                "finansieringen (”financing”: aktör och andel i procent) saknas",
            )
        else:
            financing = reader.distribution(
                intervention["financing"],
                ("intervention", "financing"),
                actor_codes,
                what="finansieringsandelarna",
                kind="aktör",
                exact=True,
            )

    before = reader.distribution(
        data.get("before"),
        ("before",),
        status_codes,
        what="andelarna före (”before”)",
        kind="status",
    )
    after = reader.distribution(
        data.get("after"), ("after",), status_codes, what="andelarna efter (”after”)", kind="status"
    )
    comparison = None
    if data.get("comparison") is not None:
        comparison = reader.distribution(
            data["comparison"],
            ("comparison",),
            status_codes,
            what="jämförelsegruppens andelar (”comparison”)",
            kind="status",
        )

    effect = _effect(reader, data.get("effect"))
    deadweight = _optional_percent(reader, data, "deadweight", "dödvikten", ZERO)
    attribution = _optional_percent(reader, data, "attribution", "tillskrivningen", ONE)
    displacement = _optional_percent(reader, data, "displacement", "undanträngningen", ZERO)
    horizons = _horizons(reader, data.get("horizons"))
    rates = _rates(reader, data.get("discount_rates"))
    main = None
    if data.get("main_horizon") is not None:
        main = reader.integer(data["main_horizon"], ("main_horizon",), what="huvudhorisonten")
        if main is not None and horizons and main not in horizons:
            reader.problem(
                ("main_horizon",),
                f"huvudhorisonten {main} år finns inte bland horisonterna "
                f"({', '.join(map(str, horizons))})",
            )
    if main is None and horizons:
        main = 5 if 5 in horizons else max(horizons)
    price_year = None
    if data.get("price_year") is not None:
        price_year = reader.integer(
            data["price_year"], ("price_year",), what="prisåret", low=1900, high=2100
        )
    price_index = _price_index(reader, data.get("price_index"), price_year, units)
    example = data.get("example", False)
    if not isinstance(example, bool):
        reader.problem(("example",), "”example” ska vara true eller false")
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


def _costs(reader: _Reader, intervention: dict) -> tuple[Decimal, ...]:
    path = ("intervention", "cost_per_year")
    raw = intervention.get("cost_per_year")
    if not intervention:
        return ()
    if raw is None:
        reader.problem(path, "insatsens kostnad per år (”cost_per_year”) saknas")
        return ()
    if isinstance(raw, list):
        values = [reader.number(v, (*path, i), what="kostnaden") for i, v in enumerate(raw)]
        if "years" in intervention:
            reader.problem(
                ("intervention", "years"),
                "ange antingen en lista med kostnad per år eller en kostnad och ”years”",
            )
    else:
        value = reader.number(raw, path, what="kostnaden")
        years = reader.integer(
            intervention.get("years", 1),
            ("intervention", "years"),
            what="antalet projektår",
            low=1,
            high=MAX_HORIZON,
        )
        values = [value] * (years or 0)
    if not values:
        reader.problem(path, "insatsen behöver en kostnad för minst ett år")
    out = []
    for i, value in enumerate(values):
        if value is not None and value < 0:
            reader.problem(
                (*path, i) if isinstance(raw, list) else path, "kostnaden kan inte vara negativ"
            )
        elif value is not None:
            out.append(value)
    return tuple(out)


def _effect(reader: _Reader, data: Any) -> Effect:
    if data is None:
        reader.problem(("effect",), "”effect” saknas (när effekten börjar, hur länge den varar)")
        return Effect()
    data = reader.mapping(data, ("effect",), "”effect”")
    reader.unknown(data, {"starts_after_months", "lasts_years", "drop_off"}, ("effect",))
    start = reader.integer(
        data.get("starts_after_months", 0),
        ("effect", "starts_after_months"),
        what="antalet månader innan effekten börjar",
        low=0,
        high=12 * MAX_HORIZON,
    )
    lasts = None
    if data.get("lasts_years") is None:
        reader.problem(
            ("effect", "lasts_years"), "hur många år effekten varar (”lasts_years”) saknas"
        )
    else:
        lasts = reader.integer(
            data["lasts_years"],
            ("effect", "lasts_years"),
            what="effektens varaktighet i år",
            low=1,
            high=MAX_HORIZON,
        )
    drop = reader.percent(data.get("drop_off", 0), ("effect", "drop_off"), what="avtagandet per år")
    return Effect(start or 0, lasts or 1, drop if drop is not None else ZERO)


def _optional_percent(reader: _Reader, data: dict, key: str, what: str, default: Decimal):
    if data.get(key) is None:
        return default
    value = reader.percent(data[key], (key,), what=what)
    return default if value is None else value


def _horizons(reader: _Reader, data: Any) -> tuple[int, ...]:
    if data is None:
        return DEFAULT_HORIZONS
    if not isinstance(data, list) or not data:
        reader.problem(("horizons",), "”horizons” ska vara en lista med år, t.ex. [1, 3, 4, 5, 10]")
        return ()
    out = []
    for i, value in enumerate(data):
        years = reader.integer(value, ("horizons", i), what="horisonten")
        if years is None:
            continue
        if years < 1:
            reader.problem(("horizons", i), f"horisonten ska vara minst 1 år (fick {years})")
        elif years > MAX_HORIZON:
            reader.problem(
                ("horizons", i), f"horisonten får vara högst {MAX_HORIZON} år (fick {years})"
            )
        elif years in out:
            reader.problem(("horizons", i), f"horisonten {years} år förekommer två gånger")
        else:
            out.append(years)
    return tuple(sorted(out))


def _rates(reader: _Reader, data: Any) -> tuple[Decimal, ...]:
    if data is None:
        return DEFAULT_RATES
    if not isinstance(data, list) or not data:
        reader.problem(
            ("discount_rates",), "”discount_rates” ska vara en lista i procent, t.ex. [0, 3.5]"
        )
        return ()
    if len(data) > MAX_RATES:
        reader.problem(
            ("discount_rates",),
            f"ange högst {MAX_RATES} diskonteringsräntor (fick {len(data)}); varje ränta "
            "räknas som en egen kalkyl",
        )
        return ()
    out = []
    for i, value in enumerate(data):
        rate = reader.percent(
            value, ("discount_rates", i), what="diskonteringsräntan", allow_hundred=False
        )
        if rate is None:
            continue
        if rate in out:
            reader.problem(("discount_rates", i), "diskonteringsräntan förekommer två gånger")
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
            key, ("price_index", key), what="året i prisindexet", low=1900, high=2100
        )
        number = reader.number(value, ("price_index", key), what="indexvärdet")
        if number is not None and number < MIN_INDEX:
            reader.problem(
                ("price_index", key),
                f"indexvärdet ska vara minst {format_number(MIN_INDEX, 3, lang='sv')} "
                f"(fick {_quote(value)})",
            )
        elif year is not None and number is not None:
            index[year] = number
    if price_year is None:
        reader.problem(
            ("price_year",), "ange kalkylens prisår (”price_year”) när prisindex används"
        )
    elif price_year not in index:
        reader.problem(("price_index",), f"prisindex saknas för kalkylens prisår {price_year}")
    for year in sorted({u.year for u in units} - set(index)):
        reader.problem(
            ("price_index",), f"prisindex saknas för år {year} (prisår för en enhetskostnad)"
        )
    return index


# -- writing --------------------------------------------------------------------------


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
