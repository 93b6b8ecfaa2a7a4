"""Reading the values of a socio-economic account file with every problem collected:
`Reader` is the shared collector (`kompass.lib.problems`) with this format's value
readers (codes, texts, integers, amounts, shares in per cent, actors, statuses, unit
costs), each problem placed at its field path (`unit_costs[3].year`) and line. The limits
keep every figure computable and printable."""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Any

from kompass.analytics.socio.account import ONE, PRECISION, SOCIETY, ZERO, Actor, Status, UnitCost
from kompass.lib.numbers import MAX_MAGNITUDE, NumberError, decimals_of, format_number, parse_number
from kompass.lib.problems import Problems, translated
from kompass.lib.yamlfile import YamlLines

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TOLERANCE = Decimal("0.01")  # per cent: shares may be written with two decimals
MAX_HORIZON = 50
# Sane limits, far above any real project, that keep every figure computable and
# printable (an amount of 1e5000 kr would break the arithmetic and the messages).
MAX_NUMBER = MAX_MAGNITUDE  # kronor (or any other number in a file)
MAX_PARTICIPANTS = 10_000_000
MAX_RATES = 5  # each rate is a whole calculation, sensitivity analysis included
MIN_INDEX = Decimal("0.001")  # a price index value; the ratio of two stays below 1e15
UNIT_KEYS = {"status", "name", "kind", "actor", "to", "amount", "year", "source"}
KIND_ALIASES = {
    "resource": "resource",
    "resurs": "resource",
    "production": "production",
    "produktion": "production",
    "transfer": "transfer",
    "transferering": "transfer",
}


class Reader:
    """The shared collector (`kompass.lib.problems`) with this format's value readers."""

    def __init__(self, filename: str = "", lines: YamlLines | None = None):
        self.problems = Problems(filename, lines=(lambda: lines.get) if lines is not None else None)

    def problem(self, path: tuple, message: str) -> None:
        self.problems.at(path, message)

    def raise_if_any(self) -> None:
        self.problems.raise_if_any()

    # -- scalars ------------------------------------------------------------------------
    # `what` names the value in the reader's language (callers pass it through
    # `translated`); each message is one whole sentence with it as a placeholder.
    def number(self, value: Any, path: tuple, *, what: str = "") -> Decimal | None:
        what = what or translated("värdet")
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            self.problem(path, translated("%(what)s ska vara ett tal") % {"what": what})
            return None
        text = str(value).strip().rstrip("%").strip() if isinstance(value, str) else value
        try:
            number = parse_number(text)
        except NumberError as exc:
            if not exc.too_large:
                self.problem(
                    path,
                    translated("%(what)s ska vara ett tal, inte ”%(value)s”")
                    % {"what": what, "value": quote(value)},
                )
                return None
            number = MAX_NUMBER
        if abs(number) >= MAX_NUMBER:
            self.problem(
                path,
                translated("%(what)s ska vara ett tal mindre än %(limit)s, inte ”%(value)s”")
                % {"what": what, "limit": format_number(MAX_NUMBER), "value": quote(value)},
            )
            return None
        return number

    def integer(
        self, value: Any, path: tuple, *, what: str, low: int | None = None, high=None
    ) -> int | None:
        number = self.number(value, path, what=what)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.problem(
                path,
                translated("%(what)s ska vara ett heltal, inte %(value)s")
                % {"what": what, "value": quote(value)},
            )
            return None
        result = int(number)
        if low is not None and result < low:
            self.problem(
                path,
                translated("%(what)s ska vara minst %(low)s (fick %(value)s)")
                % {"what": what, "low": low, "value": result},
            )
            return None
        if high is not None and result > high:
            self.problem(
                path,
                translated("%(what)s får vara högst %(high)s (fick %(value)s)")
                % {"what": what, "high": high, "value": result},
            )
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
            self.problem(
                path,
                translated("%(what)s kan inte vara negativ (fick %(value)s)")
                % {"what": what, "value": value},
            )
            return None
        if number > 100 or (not allow_hundred and number >= 100):
            self.problem(
                path,
                translated("%(what)s ska vara under 100 %% (fick %(value)s)")
                % {"what": what, "value": value},
            )
            return None
        return number / 100

    def text(self, data: dict, key: str, path: tuple, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem((*path, key), translated("”%(key)s” saknas") % {"key": key})
            return ""
        if isinstance(value, (dict, list)):
            self.problem((*path, key), translated("”%(key)s” ska vara en text") % {"key": key})
            return ""
        return str(value).strip()

    def mapping(self, data: Any, path: tuple, what: str) -> dict:
        if not isinstance(data, dict):
            self.problem(
                path, translated("%(what)s ska vara en mappning (nyckel: värde)") % {"what": what}
            )
            return {}
        return data

    def unknown(self, data: dict, allowed: set[str], path: tuple) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    translated("okänd nyckel ”%(key)s” (tillåtna: %(allowed)s)")
                    % {"key": key, "allowed": ", ".join(sorted(allowed))},
                )

    # -- structures ---------------------------------------------------------------------
    def actors(self, data: Any, path: tuple) -> tuple[Actor, ...]:
        if not isinstance(data, list) or not data:
            self.problem(path, translated("”actors” ska vara en lista med minst en aktör"))
            return ()
        out, seen = [], set()
        for i, item in enumerate(data):
            ipath = (*path, i)
            if not isinstance(item, dict):
                self.problem(ipath, translated("en aktör ska ha ”code” och ”name”"))
                continue
            self.unknown(item, {"code", "name", "public"}, ipath)
            code = self.code(item, ipath, seen, translated("aktören"))
            name = self.text(item, "name", ipath, required=True)
            public = item.get("public", True)
            if not isinstance(public, bool):
                self.problem((*ipath, "public"), translated("”public” ska vara true eller false"))
                public = True
            if code and name:
                out.append(Actor(code, name, public))
        return tuple(out)

    def statuses(self, data: Any, path: tuple) -> tuple[Status, ...]:
        if not isinstance(data, list) or not data:
            self.problem(path, translated("”statuses” ska vara en lista med minst en status"))
            return ()
        out, seen = [], set()
        for i, item in enumerate(data):
            ipath = (*path, i)
            if not isinstance(item, dict):
                self.problem(ipath, translated("en status ska ha ”code” och ”name”"))
                continue
            self.unknown(item, {"code", "name"}, ipath)
            code = self.code(item, ipath, seen, translated("statusen"))
            name = self.text(item, "name", ipath, required=True)
            if code and name:
                out.append(Status(code, name))
        return tuple(out)

    def code(self, item: dict, path: tuple, seen: set, what: str) -> str:
        code = self.text(item, "code", path, required=True)
        if not code:
            return ""
        if not CODE_RE.match(code) or code == SOCIETY:
            message = (
                translated(
                    "koden ”%(code)s” för %(what)s får bara innehålla a–z, siffror och "
                    "understreck och får inte vara ”%(society)s”"
                )
                if code == SOCIETY
                else translated(
                    "koden ”%(code)s” för %(what)s får bara innehålla a–z, siffror och understreck"
                )
            )
            self.problem(
                (*path, "code"), message % {"code": code, "what": what, "society": SOCIETY}
            )
            return ""
        if code in seen:
            self.problem(
                (*path, "code"),
                translated("koden ”%(code)s” förekommer två gånger") % {"code": code},
            )
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
            self.problem(
                path, translated("”unit_costs” ska vara en lista med minst en enhetskostnad")
            )
            return ()
        actor_codes = [a.code for a in actors]
        status_codes = [s.code for s in statuses]
        out = []
        for i, item in enumerate(data):
            ipath = (*path, i)
            if not isinstance(item, dict):
                self.problem(
                    ipath,
                    translated(
                        "en enhetskostnad ska vara en mappning med status, aktör, belopp och år"
                    ),
                )
                continue
            self.unknown(item, UNIT_KEYS, ipath)
            ok = True
            status = self.text(item, "status", ipath, required=True)
            if status and status not in status_codes:
                self.problem(
                    (*ipath, "status"),
                    translated("okänd status ”%(code)s” (kända: %(known)s)")
                    % {"code": status, "known": ", ".join(status_codes)},
                )
                ok = False
            name = self.text(item, "name", ipath, required=True)
            raw_kind = self.text(item, "kind", ipath, required=True)
            kind = KIND_ALIASES.get(raw_kind.lower(), "") if raw_kind else ""
            if raw_kind and not kind:
                self.problem(
                    (*ipath, "kind"),
                    translated(
                        "”kind” ska vara resource (resursförbrukning), production (produktion) "
                        "eller transfer (transferering), inte ”%(kind)s”"
                    )
                    % {"kind": raw_kind},
                )
            actor = self.actor_ref(item, "actor", ipath, actor_codes)
            receiver = ""
            if kind == "transfer":
                receiver = self.actor_ref(item, "to", ipath, actor_codes)
                if receiver and receiver == actor:
                    self.problem(
                        (*ipath, "to"),
                        translated(
                            "en transferering går från en aktör till en annan (”actor” och ”to” "
                            "är samma)"
                        ),
                    )
                    ok = False
            elif item.get("to") not in (None, ""):
                self.problem(
                    (*ipath, "to"),
                    translated("”to” (mottagare) anges bara för transfereringar"),
                )
                ok = False
            amount = None
            if "amount" not in item or item.get("amount") in (None, ""):
                self.problem((*ipath, "amount"), translated("beloppet (”amount”) saknas"))
            else:
                amount = self.number(
                    item["amount"], (*ipath, "amount"), what=translated("beloppet")
                )
                if amount is not None and amount < 0:
                    self.problem(
                        (*ipath, "amount"),
                        translated(
                            "beloppet kan inte vara negativt; välj ”production” för ett värde "
                            "som skapas"
                        ),
                    )
                    amount = None
            year = None
            if item.get("year") in (None, ""):
                self.problem((*ipath, "year"), translated("enhetskostnaden saknar prisår (”year”)"))
            else:
                year = self.integer(
                    item["year"], (*ipath, "year"), what=translated("prisåret"), low=1900, high=2100
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
            self.problem(
                (*path, key),
                translated("okänd aktör ”%(code)s” (kända: %(known)s)")
                % {"code": code, "known": ", ".join(known)},
            )
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
            self.problem(
                path,
                translated("%(what)s saknas; ange andelar i procent som summerar till 100 %%")
                % {"what": what},
            )
            return {}
        mapping = self.mapping(data, path, what)
        out: dict[str, Decimal] = {}
        valid = True
        for code, value in mapping.items():
            code = str(code)
            if code not in known:
                unknown = (
                    translated("okänd aktör ”%(code)s” (kända: %(known)s)")
                    if kind == "aktör"
                    else translated("okänd status ”%(code)s” (kända: %(known)s)")
                )
                self.problem((*path, code), unknown % {"code": code, "known": ", ".join(known)})
                valid = False
                continue
            share = self.percent(
                value, (*path, code), what=translated("andelen för ”%(code)s”") % {"code": code}
            )
            if share is None:
                valid = False
                continue
            if share:
                out[code] = share
        if mapping and valid:
            total = sum(out.values(), ZERO) * 100
            if abs(total - 100) > TOLERANCE:
                shown = total.quantize(Decimal("0.01"))
                self.problem(
                    path,
                    translated("%(what)s summerar till %(total)s %%, ska vara 100 %%")
                    % {"what": what, "total": format_number(shown, decimals_of(shown))},
                )
            elif exact and out:
                out = _exactly_one(out)
        elif not mapping and isinstance(data, dict):
            self.problem(
                path,
                translated("%(what)s är tom; ange andelar som summerar till 100 %%")
                % {"what": what},
            )
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


def quote(value: Any, limit: int = 40) -> str:
    """The value as the user wrote it, shortened when it is long."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
