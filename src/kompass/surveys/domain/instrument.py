"""What a survey takes from its instrument: the codebook (how each item's answers are
coded), the themes, and the respondent attributes it declares.

The codebook is copied onto the survey when it is created, so stored answers keep their
meaning even if the instrument file is edited later; texts and theme names are read from
the instrument each time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kompass.analytics.survey_analysis import AnalysisSpec, AttributeSpec, ThemeSpec
from kompass.analytics.survey_counts import Codebook, ItemCode
from kompass.core.errors import InputError, InputProblem
from kompass.frameworks.schema import Framework as FrameworkTree

ATTRIBUTE_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
RESERVED = {"respondent", "wave", "organisation"}
LEVELS = ("respondent", "organisation")


def codebook_for(tree: FrameworkTree) -> Codebook:
    """One entry per item of the instrument, in its order."""
    items = []
    problems = []
    for item in tree.items:
        scale = item.scale
        if scale is None:
            problems.append(InputProblem(f"påståendet {item.code} saknar skala", field=item.code))
            continue
        if scale.type == "text":
            items.append(ItemCode(item.code, "text", ("text",)))
        elif scale.type == "choice":
            steps = tuple(o.value for o in scale.options)
            items.append(ItemCode(item.code, "choice", steps, scale.dont_know is not None))
        else:
            items.append(
                ItemCode(item.code, "numeric", tuple(scale.steps), scale.dont_know is not None)
            )
    if problems:
        raise InputError(problems)
    if not items:
        raise InputError("instrumentet har inga frågor")
    return Codebook(tuple(items))


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching answers: "Stöd" == "stod"."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_attributes(raw, *, source: str = "bakgrundsfrågor") -> list[dict]:
    """Validate declared attributes; returns them in the stored form or raises InputError."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(f"{source}: ska vara en lista")
    problems: list[InputProblem] = []
    out: list[dict] = []
    seen: set[str] = set()
    splits = 0
    for index, spec in enumerate(raw):
        where = f"{source}[{index}]"
        if not isinstance(spec, dict):
            problems.append(
                InputProblem("ska vara en mappning med code, label och options", field=where)
            )
            continue
        code = str(spec.get("code", "")).strip()
        if not ATTRIBUTE_CODE_RE.match(code) or code in RESERVED:
            problems.append(
                InputProblem(
                    f"koden ”{code}” ska börja med a–z och bara innehålla a–z, 0–9 och _ "
                    f"(och inte vara {', '.join(sorted(RESERVED))})",
                    field=where,
                )
            )
            continue
        if code in seen:
            problems.append(InputProblem(f"koden ”{code}” förekommer två gånger", field=where))
            continue
        seen.add(code)
        level = str(spec.get("level", "respondent"))
        if level not in LEVELS:
            problems.append(
                InputProblem("”level” ska vara respondent eller organisation", field=where)
            )
            continue
        options = []
        values: set[str] = set()
        for o_index, option in enumerate(spec.get("options") or []):
            if isinstance(option, (str, int)):
                option = {"value": str(option), "label": str(option)}
            value = str(option.get("value", "")).strip() if isinstance(option, dict) else ""
            if not value or "=" in value or "\x1f" in value or value in values:
                problems.append(
                    InputProblem(
                        f"alternativ {o_index + 1} behöver ett unikt ”value” utan likhetstecken",
                        field=where,
                    )
                )
                continue
            values.add(value)
            aliases = option.get("aliases") or []
            options.append(
                {
                    "value": value,
                    "label": str(option.get("label") or value),
                    "aliases": [str(a) for a in aliases],
                }
            )
        if len(options) < 2:
            problems.append(InputProblem("behöver minst två svarsalternativ", field=where))
            continue
        split = bool(spec.get("split", False))
        splits += split
        out.append(
            {
                "code": code,
                "label": str(spec.get("label") or code),
                "question": str(spec.get("question") or spec.get("label") or code),
                "level": level,
                "split": split,
                "required": bool(spec.get("required", False)),
                "options": options,
            }
        )
    if splits > 1:
        problems.append(InputProblem("högst en bakgrundsfråga får ha split: true", field=source))
    if problems:
        raise InputError(problems)
    return out


def default_attributes(tree: FrameworkTree) -> list[dict]:
    return normalise_attributes(list(tree.attributes), source=f"{tree.id}: attributes")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    keys: frozenset[str]


@dataclass(frozen=True)
class Attribute:
    code: str
    label: str
    question: str
    level: str
    split: bool
    required: bool
    options: tuple[Option, ...]

    @classmethod
    def from_json(cls, data: dict) -> Attribute:
        options = tuple(
            Option(
                o["value"],
                o["label"],
                frozenset(fold(k) for k in (o["value"], o["label"], *o.get("aliases", []))),
            )
            for o in data["options"]
        )
        return cls(
            data["code"],
            data["label"],
            data.get("question") or data["label"],
            data.get("level", "respondent"),
            bool(data.get("split")),
            bool(data.get("required")),
            options,
        )

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def label_of(self, value: str | None) -> str:
        if value is None or value == "":
            return _("Ej angiven")
        for option in self.options:
            if option.value == value:
                return option.label
        return value

    def match(self, text) -> str | None:
        """The option value for an answer given as value, label or alias; None if blank.
        Raises LookupError for anything else."""
        if text is None or str(text).strip() == "":
            return None
        wanted = fold(text)
        for option in self.options:
            if wanted in option.keys:
                return option.value
        raise LookupError(text)

    def code_of(self, value: str | None) -> int:
        """Stored byte: 0 = not stated, 1 + position of the option."""
        if value is None:
            return 0
        return 1 + self.values.index(value)


@dataclass(frozen=True)
class Layout:
    """A survey's coding: codebook, attributes (respondent-level ones are packed in this
    order, one byte each) and themes."""

    codebook: Codebook
    attributes: tuple[Attribute, ...]
    themes: tuple[ThemeSpec, ...]
    texts: dict[str, str]
    theme_names: dict[str, str]
    theme_of: dict[str, str]
    step_labels: dict[str, list[str]]  # item -> legend per step ("7 Instämmer helt")

    @property
    def respondent_attributes(self) -> tuple[Attribute, ...]:
        return tuple(a for a in self.attributes if a.level == "respondent")

    @property
    def org_attributes(self) -> tuple[Attribute, ...]:
        return tuple(a for a in self.attributes if a.level == "organisation")

    @property
    def split(self) -> Attribute | None:
        return next((a for a in self.attributes if a.split), None)

    def attribute(self, code: str) -> Attribute:
        for attribute in self.attributes:
            if attribute.code == code:
                return attribute
        raise KeyError(code)

    def decode_attrs(self, blob: bytes) -> dict[str, str | None]:
        out = {}
        for position, attribute in enumerate(self.respondent_attributes):
            byte = blob[position] if position < len(blob) else 0
            out[attribute.code] = attribute.options[byte - 1].value if byte else None
        return out

    def encode_attrs(self, values: dict[str, str | None]) -> bytes:
        return bytes(a.code_of(values.get(a.code)) for a in self.respondent_attributes)

    def spec(
        self,
        *,
        k: int,
        org_values: dict,
        waves: tuple[str, ...],
        organisations: tuple[str, ...] = (),
        open_waves: frozenset[str] = frozenset(),
    ) -> AnalysisSpec:
        split = self.split
        return AnalysisSpec(
            codebook=self.codebook,
            attributes=tuple(AttributeSpec(a.code, a.level, a.values) for a in self.attributes),
            themes=self.themes,
            split=split.code if split else None,
            k=k,
            org_values=org_values,
            waves=waves,
            organisations=organisations,
            open_waves=open_waves,
        )


def layout_of(survey, wave=None) -> Layout:
    """The survey's coding with the texts of the instrument version `wave` was asked
    with (the survey's instrument when no wave is named)."""
    framework = wave.framework if wave is not None and wave.framework_id else survey.framework
    return layout_for(framework.tree, survey.codebook, survey.attributes)


def layout_for(tree: FrameworkTree, codebook_json, attributes: list[dict]) -> Layout:
    """The coding of answers to `tree` with a stored codebook and attributes (a survey's,
    or an instrument's own for the editor's preview)."""
    codebook = Codebook.from_json(codebook_json)
    texts, theme_names, theme_of, step_labels = {}, {}, {}, {}
    themes = []
    positions = {item.code: i for i, item in enumerate(codebook.items)}
    for area in tree.areas:
        theme_names[area.code] = area.name
        members = []
        for item in area.all_items:
            texts[item.code] = item.text
            theme_of[item.code] = area.code
            step_labels[item.code] = _step_labels(item.scale)
            if item.code in positions:
                members.append(positions[item.code])
        if members:
            themes.append(ThemeSpec(area.code, tuple(members)))
    for item in codebook.items:
        texts.setdefault(item.code, item.code)
    return Layout(
        codebook=codebook,
        attributes=tuple(Attribute.from_json(a) for a in attributes),
        themes=tuple(themes),
        texts=texts,
        theme_names=theme_names,
        theme_of=theme_of,
        step_labels=step_labels,
    )


def _step_labels(scale) -> list[str]:
    if scale is None or scale.type == "text":
        return []
    if scale.type == "choice":
        return [o.label for o in scale.options]
    return [f"{s} {scale.labels[s]}" if s in scale.labels else str(s) for s in scale.steps]
