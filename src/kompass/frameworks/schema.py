"""The framework (instrument) schema: YAML in, validated frozen dataclasses out.

An instrument is data, not code: a tree of areas > sub-areas > items, each with a
maximum (points) or a scale (agreement 1..7, yes/partly/no ...). This module knows
nothing of Django; it parses a YAML text, reports every problem with file, path, line
and a message (Swedish, or the reader's language through kompass.lib's translation
hook), and returns a `Framework` that the rest of the system reads.
The format is documented in docs/frameworks.md; tests keep that document honest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from kompass.lib.numbers import NumberError, check_number
from kompass.lib.problems import InputError, InputProblem, Problems
from kompass.lib.problems import format_path as _format_path
from kompass.lib.problems import translated as _
from kompass.lib.yamlfile import YamlLines, load_yaml

# `_` (kompass.lib's translation hook) says the messages in the language being rendered:
# Django's gettext once the core app is ready, as written without Django; the name marks
# them for makemessages.
SCHEMA = "kompass-framework/1"
KINDS = ("evaluation", "survey", "checklist")
SCALE_TYPES = ("points", "agreement", "choice", "text")  # text: a free-text answer
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

TOP_KEYS = {
    "schema",
    "id",
    "family",
    "version",
    "name",
    "kind",
    "publisher",
    "language",
    "description",
    "about",
    "source",
    "scales",
    "default_scale",
    "max",
    "areas",
    "attributes",
}
AREA_KEYS = {"code", "name", "aliases", "description", "help", "max", "subareas", "items"}
SUBAREA_KEYS = {"code", "name", "aliases", "description", "help", "max", "items"}
ITEM_KEYS = {"code", "text", "aliases", "help", "scale", "max", "reverse"}
SCALE_KEYS = {"type", "min", "max", "labels", "dont_know", "options"}


def Problem(file: str, path: str, message: str, line: int | None = None) -> InputProblem:
    """One thing wrong in a framework file: an InputProblem whose field is the YAML path."""
    return InputProblem(message, field=path, line=line, file=file)


class FrameworkError(InputError):
    """Raised with every problem found, so a user can fix a file in one go."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Scale:
    """How an item is answered: points 0..max, agreement min..max, or named options."""

    id: str
    type: str
    min: int | None = None
    max: int | None = None
    labels: dict[int, str] = field(default_factory=dict)
    dont_know: str | None = None
    options: tuple[Option, ...] = ()

    @property
    def steps(self) -> tuple[int, ...]:
        if self.type == "choice" or self.min is None or self.max is None:
            return ()
        return tuple(range(self.min, self.max + 1))

    def label(self, step: int) -> str:
        return self.labels.get(step, str(step))


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    scale: Scale | None = None
    max: Decimal | None = None
    help: str = ""
    aliases: tuple[str, ...] = ()
    reverse: bool = False


@dataclass(frozen=True)
class SubArea:
    code: str
    name: str
    max: Decimal | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    help: str = ""
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    max: Decimal | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    help: str = ""
    subareas: tuple[SubArea, ...] = ()
    items: tuple[Item, ...] = ()

    @property
    def all_items(self) -> tuple[Item, ...]:
        return self.items + tuple(i for s in self.subareas for i in s.items)


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: str
    kind: str
    areas: tuple[Area, ...]
    family: str = ""
    publisher: str = ""
    language: str = "sv"
    description: str = ""
    about: str = ""
    source: str = ""
    scales: dict[str, Scale] = field(default_factory=dict)
    max: Decimal | None = None
    attributes: tuple[dict, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def subareas(self) -> tuple[SubArea, ...]:
        return tuple(s for a in self.areas for s in a.subareas)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for a in self.areas for i in a.all_items)

    def area(self, code: str) -> Area:
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(code)

    def subarea(self, code: str) -> SubArea:
        for sub in self.subareas:
            if sub.code == code:
                return sub
        raise KeyError(code)

    def area_of(self, subarea_code: str) -> Area:
        for area in self.areas:
            if any(s.code == subarea_code for s in area.subareas):
                return area
        raise KeyError(subarea_code)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def theme_of(self, item_code: str) -> Area:
        for area in self.areas:
            if any(i.code == item_code for i in area.all_items):
                return area
        raise KeyError(item_code)

    def resolve(self, code_or_name: str) -> str | None:
        """The code of the node whose code, name or alias matches (case-insensitively)."""
        wanted = str(code_or_name).strip().casefold()
        for node in self._nodes():
            names = (node.code, getattr(node, "name", ""), getattr(node, "text", ""), *node.aliases)
            if any(wanted == n.casefold() for n in names if n):
                return node.code
        return None

    def _nodes(self) -> Iterator[Area | SubArea | Item]:
        for area in self.areas:
            yield area
            yield from area.items
            for sub in area.subareas:
                yield sub
                yield from sub.items


class _Parser:
    def __init__(self, text: str, filename: str):
        self.filename = filename
        self.text = text
        self.problems = Problems(filename, lines=lambda: YamlLines(text).get)
        self.codes: dict[str, tuple] = {}

    def problem(self, path: tuple, message: str) -> None:
        self.problems.at(path, message)

    # -- scalar helpers -------------------------------------------------------------
    def text_value(self, data: dict, key: str, path: tuple, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem((*path, key), _("”%(key)s” saknas") % {"key": key})
            return ""
        if isinstance(value, (dict, list)):
            self.problem((*path, key), _("”%(key)s” ska vara en text") % {"key": key})
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem((*path, key), _("”%(key)s” får inte vara tom") % {"key": key})
        return text

    def number(self, data: dict, key: str, path: tuple) -> Decimal | None:
        if data.get(key) is None:
            return None
        value = data[key]
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = check_number(Decimal(str(value)), text=value)
        except NumberError as exc:
            self.problem((*path, key), f"”{key}”: {exc}")
            return None
        except (InvalidOperation, ValueError):
            self.problem(
                (*path, key),
                _("”%(key)s” ska vara ett tal, inte %(value)s")
                % {"key": key, "value": repr(value)},
            )
            return None
        if number <= 0:
            self.problem((*path, key), _("”%(key)s” ska vara större än noll") % {"key": key})
            return None
        return number

    def aliases(self, data: dict, path: tuple) -> tuple[str, ...]:
        value = data.get("aliases") or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            self.problem((*path, "aliases"), _("”aliases” ska vara en lista med namn"))
            return ()
        return tuple(str(v).strip() for v in value)

    def unknown_keys(self, data: dict, allowed: set[str], path: tuple) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    _("okänd nyckel ”%(key)s” (tillåtna: %(allowed)s)")
                    % {"key": key, "allowed": ", ".join(sorted(allowed))},
                )

    def code(self, data: dict, path: tuple) -> str:
        raw = data.get("code")
        if raw is None or str(raw).strip() == "":
            self.problem((*path, "code"), _("”code” saknas"))
            return ""
        code = str(raw).strip()
        if not CODE_RE.match(code):
            self.problem(
                (*path, "code"),
                _(
                    "koden ”%(code)s” får bara innehålla bokstäver, siffror, punkt, bindestreck "
                    "och understreck"
                )
                % {"code": code},
            )
        elif code in self.codes:
            self.problem(
                (*path, "code"),
                _("koden ”%(code)s” används redan på %(where)s")
                % {"code": code, "where": _format_path(self.codes[code])},
            )
        else:
            self.codes[code] = path
        return code

    # -- structure ------------------------------------------------------------------
    def parse(self) -> Framework | None:
        try:
            data = load_yaml(self.text, self.filename)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None
        if not isinstance(data, dict):
            self.problems.add(
                _("filen ska innehålla en YAML-mappning med ramverkets nycklar"), line=1
            )
            return None
        root: tuple = ()
        self.unknown_keys(data, TOP_KEYS, root)
        schema = data.get("schema")
        if schema != SCHEMA:
            self.problem(
                ("schema",),
                _("”schema” ska vara %(expected)s, inte %(value)s")
                % {"expected": repr(SCHEMA), "value": repr(schema)},
            )
        fid = self.text_value(data, "id", root, required=True)
        if fid and not ID_RE.match(fid):
            self.problem(
                ("id",),
                _("id ”%(id)s” får bara innehålla små bokstäver a–z, siffror och bindestreck")
                % {"id": fid},
            )
        kind = self.text_value(data, "kind", root, required=True)
        if kind and kind not in KINDS:
            self.problem(
                ("kind",),
                _("”kind” ska vara en av %(allowed)s, inte ”%(kind)s”")
                % {"allowed": ", ".join(KINDS), "kind": kind},
            )
        scales = self.scales(data.get("scales") or {}, ("scales",))
        default_scale = None
        if data.get("default_scale") is not None:
            default_scale = self.scale_ref(data["default_scale"], scales, ("default_scale",))

        areas_data = data.get("areas")
        areas: list[Area] = []
        if not isinstance(areas_data, list) or not areas_data:
            self.problem(("areas",), _("”areas” ska vara en lista med minst ett område"))
        else:
            for index, area_data in enumerate(areas_data):
                area = self.area(area_data, ("areas", index), kind, scales, default_scale)
                if area is not None:
                    areas.append(area)

        total = self.number(data, "max", root)
        if kind == "evaluation" and areas:
            computed = sum((a.max or Decimal(0)) for a in areas)
            if total is not None and total != computed:
                self.problem(
                    ("max",),
                    _("”max” är %(total)s men områdenas maxpoäng summerar till %(computed)s")
                    % {"total": total, "computed": computed},
                )
            total = computed
        attributes = data.get("attributes") or []
        if not isinstance(attributes, list) or not all(isinstance(a, dict) for a in attributes):
            self.problem(("attributes",), _("”attributes” ska vara en lista med mappningar"))
            attributes = []

        if self.problems:
            return None
        return Framework(
            id=fid,
            family=self.text_value(data, "family", root) or fid,
            version=self.text_value(data, "version", root, required=True),
            name=self.text_value(data, "name", root, required=True),
            kind=kind,
            publisher=self.text_value(data, "publisher", root),
            language=self.text_value(data, "language", root) or "sv",
            description=self.text_value(data, "description", root),
            about=self.text_value(data, "about", root),
            source=self.text_value(data, "source", root),
            scales=scales,
            max=total,
            areas=tuple(areas),
            attributes=tuple(attributes),
        )

    def scales(self, data: Any, path: tuple) -> dict[str, Scale]:
        if not isinstance(data, dict):
            self.problem(path, _("”scales” ska vara en mappning från namn till skala"))
            return {}
        return {
            str(name): scale
            for name, spec in data.items()
            if (scale := self.scale(str(name), spec, (*path, name))) is not None
        }

    def scale(self, name: str, spec: Any, path: tuple) -> Scale | None:
        if not isinstance(spec, dict):
            self.problem(path, _("en skala ska vara en mappning med ”type”"))
            return None
        self.unknown_keys(spec, SCALE_KEYS, path)
        stype = spec.get("type")
        if stype not in SCALE_TYPES:
            self.problem(
                (*path, "type"),
                _("”type” ska vara en av %(allowed)s, inte %(value)s")
                % {"allowed": ", ".join(SCALE_TYPES), "value": repr(stype)},
            )
            return None
        dont_know = spec.get("dont_know")
        if dont_know is True:
            dont_know = "Vet ej"
        if stype == "text":
            return Scale(name, stype)
        if stype == "choice":
            options = spec.get("options")
            if not isinstance(options, list) or len(options) < 2:
                self.problem((*path, "options"), _("en valskala behöver minst två ”options”"))
                return None
            parsed = []
            for i, opt in enumerate(options):
                if not isinstance(opt, dict) or "value" not in opt or "label" not in opt:
                    self.problem(
                        (*path, "options", i), _("varje alternativ behöver ”value” och ”label”")
                    )
                    continue
                parsed.append(Option(str(opt["value"]), str(opt["label"])))
            return Scale(name, stype, dont_know=dont_know or None, options=tuple(parsed))
        low, high = spec.get("min", 0 if stype == "points" else None), spec.get("max")
        if (
            not isinstance(low, int)
            or not isinstance(high, int)
            or isinstance(low, bool)
            or low >= high
        ):
            self.problem(path, _("”min” och ”max” ska vara heltal med min < max"))
            return None
        labels: dict[int, str] = {}
        raw_labels = spec.get("labels") or {}
        if not isinstance(raw_labels, dict):
            self.problem(
                (*path, "labels"), _("”labels” ska vara en mappning från skalsteg till text")
            )
        else:
            for key, text in raw_labels.items():
                try:
                    step = int(key)
                except (TypeError, ValueError):
                    step = None
                if step is None or not low <= step <= high:
                    self.problem(
                        (*path, "labels", key),
                        _("skalsteget %(step)s ligger utanför %(low)s–%(high)s")
                        % {"step": repr(key), "low": low, "high": high},
                    )
                    continue
                labels[step] = str(text)
        return Scale(name, stype, low, high, labels, dont_know or None)

    def scale_ref(self, value: Any, scales: dict[str, Scale], path: tuple) -> Scale | None:
        if isinstance(value, dict):
            return self.scale(_format_path(path), value, path)
        if str(value) not in scales:
            self.problem(path, _("skalan ”%(name)s” finns inte under ”scales”") % {"name": value})
            return None
        return scales[str(value)]

    def area(self, data: Any, path: tuple, kind: str, scales, default_scale) -> Area | None:
        if not isinstance(data, dict):
            self.problem(path, _("ett område ska vara en mappning med ”code” och ”name”"))
            return None
        self.unknown_keys(data, AREA_KEYS, path)
        code = self.code(data, path)
        name = self.text_value(data, "name", path, required=True)
        subareas = []
        raw_subs = data.get("subareas") or []
        if not isinstance(raw_subs, list):
            self.problem((*path, "subareas"), _("”subareas” ska vara en lista"))
            raw_subs = []
        for index, sub in enumerate(raw_subs):
            parsed = self.subarea(sub, (*path, "subareas", index), kind, scales, default_scale)
            if parsed is not None:
                subareas.append(parsed)
        items = self.items(data.get("items"), (*path, "items"), kind, scales, default_scale)
        maximum = self.number(data, "max", path)
        if kind == "evaluation":
            if not subareas:
                self.problem(
                    (*path, "subareas"),
                    _("ett område i en utvärdering behöver delområden med maxpoäng"),
                )
            elif all(s.max is not None for s in subareas):
                computed = sum(s.max for s in subareas)
                if maximum is not None and maximum != computed:
                    self.problem(
                        (*path, "max"),
                        _(
                            "områdets max är %(max)s men delområdenas maxpoäng summerar till %(computed)s"
                        )
                        % {"max": maximum, "computed": computed},
                    )
                maximum = computed
        if kind == "survey" and not items and not any(s.items for s in subareas):
            self.problem(path, _("ett tema i en enkät behöver minst ett påstående under ”items”"))
        return Area(
            code=code,
            name=name,
            max=maximum,
            aliases=self.aliases(data, path),
            description=self.text_value(data, "description", path),
            help=self.text_value(data, "help", path),
            subareas=tuple(subareas),
            items=items,
        )

    def subarea(self, data: Any, path: tuple, kind: str, scales, default_scale) -> SubArea | None:
        if not isinstance(data, dict):
            self.problem(path, _("ett delområde ska vara en mappning med ”code” och ”name”"))
            return None
        self.unknown_keys(data, SUBAREA_KEYS, path)
        code = self.code(data, path)
        name = self.text_value(data, "name", path, required=True)
        maximum = self.number(data, "max", path)
        if kind == "evaluation" and maximum is None and "max" not in data:
            self.problem((*path, "max"), _("delområdet saknar ”max” (maxpoäng)"))
        return SubArea(
            code=code,
            name=name,
            max=maximum,
            aliases=self.aliases(data, path),
            description=self.text_value(data, "description", path),
            help=self.text_value(data, "help", path),
            items=self.items(data.get("items"), (*path, "items"), kind, scales, default_scale),
        )

    def items(self, data: Any, path: tuple, kind: str, scales, default_scale) -> tuple[Item, ...]:
        if data is None:
            return ()
        if not isinstance(data, list):
            self.problem(path, _("”items” ska vara en lista"))
            return ()
        out = []
        for index, item in enumerate(data):
            ipath = (*path, index)
            if not isinstance(item, dict):
                self.problem(ipath, _("en fråga ska vara en mappning med ”code” och ”text”"))
                continue
            self.unknown_keys(item, ITEM_KEYS, ipath)
            code = self.code(item, ipath)
            text = self.text_value(item, "text", ipath, required=True)
            scale = (
                self.scale_ref(item["scale"], scales, (*ipath, "scale"))
                if item.get("scale") is not None
                else default_scale
            )
            maximum = self.number(item, "max", ipath)
            if kind in ("survey", "checklist") and scale is None:
                self.problem(ipath, _("frågan saknar skala (ange ”scale” eller ”default_scale”)"))
            out.append(
                Item(
                    code=code,
                    text=text,
                    scale=scale,
                    max=maximum,
                    help=self.text_value(item, "help", ipath),
                    aliases=self.aliases(item, ipath),
                    reverse=bool(item.get("reverse", False)),
                )
            )
        return tuple(out)


def parse_framework(text: str, filename: str = "<text>") -> Framework:
    """Parse and validate a framework YAML text. Raises FrameworkError with all problems."""
    parser = _Parser(text, filename)
    framework = parser.parse()
    if parser.problems or framework is None:
        raise FrameworkError(parser.problems.problems)
    return framework
