"""The instrument editor: an organisation writes its own survey instrument in the
browser, starts from a copy of a shipped one, or imports and exports it as the framework
YAML (docs/frameworks.md).

What the editor holds (`Draft`) is deliberately smaller than the YAML format: sections
of statements on one scale 1..N with labels at both ends and an optional "vet ej",
free-text questions, and background questions (attributes). It is turned into the
framework YAML and validated by the one framework parser, so an instrument made here is
read by the answer form, the import and the analysis exactly like a shipped one.

Versions: a survey copies its instrument's codebook when it is created and stores
answers by position in it, so an instrument that a survey uses never changes its codes,
scales or background questions. Saving such a change stores a new version (a new id in
the same family) and leaves the old one as it was: the surveys and waves that used it
keep it. Texts alone (a typo, a clearer heading) change in place.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

import yaml
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.frameworks.domain.loading import in_use, structure
from kompass.frameworks.models import Framework
from kompass.frameworks.schema import CODE_RE, SCHEMA, parse_framework
from kompass.frameworks.schema import Framework as FrameworkTree
from kompass.lib.yamlfile import load_yaml
from kompass.surveys.domain.instrument import normalise_attributes

MAX_STEPS = 11
MAX_FILE_BYTES = 1_000_000
SCALE = "skala"
FREE_TEXT = "fritext"


@dataclass
class Line:
    """A statement or a free-text question: its code (kept from the instrument it came
    from; blank for a new one, which gets the next free code) and its text."""

    code: str
    text: str


@dataclass
class Section:
    name: str
    code: str = ""
    statements: list[Line] = field(default_factory=list)
    questions: list[Line] = field(default_factory=list)


@dataclass
class Draft:
    name: str
    description: str = ""
    steps: int = 5
    low: str = ""
    high: str = ""
    dont_know: bool = False
    sections: list[Section] = field(default_factory=list)
    attributes: list[dict] = field(default_factory=list)
    # Kept from the instrument the draft was made from (not edited in the form).
    about: str = ""
    source: str = ""


# -- From an instrument to the editor --------------------------------------------------


def fits_editor(tree: FrameworkTree) -> list[str]:
    """Why the editor cannot show this instrument without losing something (empty: it
    can). Such an instrument is changed as YAML: export, edit, import."""
    reasons = []
    if tree.kind != "survey":
        reasons.append(_("det är inte ett enkätinstrument"))
        return reasons
    scales = {
        (i.scale.type, i.scale.min, i.scale.max, i.scale.dont_know, tuple(i.scale.labels.items()))
        for i in tree.items
        if i.scale is not None and i.scale.type != "text"
    }
    if len(scales) > 1:
        reasons.append(_("påståendena har olika skalor"))
    for item in tree.items:
        scale = item.scale
        if scale is not None and scale.type not in ("agreement", "text"):
            reasons.append(_("påstående %(code)s har en annan sorts skala") % {"code": item.code})
        elif scale is not None and scale.type == "agreement" and scale.min != 1:
            reasons.append(_("skalan börjar inte på 1"))
        elif scale is not None and scale.type == "agreement" and scale.max > MAX_STEPS:
            reasons.append(_("skalan har fler än %(n)s steg") % {"n": MAX_STEPS})
        if item.help or item.aliases or item.reverse or item.max is not None:
            reasons.append(
                _("påstående %(code)s har hjälptext, alias eller omvänd skala")
                % {"code": item.code}
            )
    if tree.subareas:
        reasons.append(_("instrumentet har delområden"))
    return sorted(set(reasons))


def draft_from_tree(tree: FrameworkTree, *, copy: bool = False) -> Draft:
    """The editor's view of an instrument (see `fits_editor` for what it leaves out)."""
    scale = next(
        (i.scale for i in tree.items if i.scale is not None and i.scale.type != "text"), None
    )
    draft = Draft(
        name=_("Kopia av %(name)s") % {"name": tree.name} if copy else tree.name,
        description=tree.description,
        about=tree.about,
        source=tree.source,
    )
    if scale is not None and scale.max is not None:
        draft.steps = scale.max
        draft.low = scale.labels.get(scale.min or 1, "")
        draft.high = scale.labels.get(scale.max, "")
        draft.dont_know = scale.dont_know is not None
    for area in tree.areas:
        section = Section(name=area.name, code=area.code)
        for item in area.all_items:
            line = Line(item.code, item.text)
            if item.scale is not None and item.scale.type == "text":
                section.questions.append(line)
            else:
                section.statements.append(line)
        draft.sections.append(section)
    draft.attributes = [dict(a) for a in tree.attributes]
    return draft


# -- From the editor to YAML ----------------------------------------------------------


def _next_code(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    taken.add(f"{prefix}{n}")
    return f"{prefix}{n}"


def check_draft(draft: Draft) -> None:
    """Every problem with the draft, named by the field as the editor shows it.

    The field names are the editor form's (`name`, `low`, `sections-0-statements`,
    `attributes-1-options` ...), so the form puts each message at its field."""
    problems: list[InputProblem] = []

    def problem(where: str, message: str) -> None:
        problems.append(InputProblem(message, field=where))

    if not draft.name.strip():
        problem("name", _("Ange instrumentets namn."))
    elif len(draft.name) > 200:
        problem("name", _("Namnet får vara högst 200 tecken."))
    if not 2 <= draft.steps <= MAX_STEPS:
        problem("steps", _("Skalan ska ha 2–%(n)s steg.") % {"n": MAX_STEPS})
    if not draft.low.strip():
        problem("low", _("Skriv vad skalans lägsta steg (1) betyder, t.ex. ”Stämmer inte alls”."))
    if not draft.high.strip():
        problem("high", _("Skriv vad skalans högsta steg betyder, t.ex. ”Stämmer helt”."))
    seen: dict[str, str] = {}
    statements = 0
    for index, section in enumerate(draft.sections):
        prefix = f"sections-{index}-"
        if not section.name.strip():
            problem(f"{prefix}name", _("Ange avsnittets rubrik."))
        if not section.statements and not section.questions:
            problem(
                f"{prefix}statements",
                _("Avsnittet behöver minst ett påstående eller en fritextfråga."),
            )
        statements += len(section.statements)
        for key, lines in (("statements", section.statements), ("questions", section.questions)):
            for number, line in enumerate(lines, start=1):
                if line.code and not CODE_RE.match(line.code):
                    problem(
                        f"{prefix}{key}",
                        _(
                            "Rad %(n)s: koden ”%(code)s” får bara innehålla bokstäver a–z, "
                            "siffror, punkt, bindestreck och understreck."
                        )
                        % {"n": number, "code": line.code},
                    )
                elif line.code and line.code in seen:
                    problem(
                        f"{prefix}{key}",
                        _("Rad %(n)s: koden ”%(code)s” används redan (%(where)s).")
                        % {"n": number, "code": line.code, "where": seen[line.code]},
                    )
                elif line.code:
                    seen[line.code] = section.name or str(index + 1)
                if not line.text.strip():
                    problem(f"{prefix}{key}", _("Rad %(n)s saknar text.") % {"n": number})
                elif len(line.text) > 1000:
                    problem(
                        f"{prefix}{key}",
                        _("Rad %(n)s är längre än 1 000 tecken.") % {"n": number},
                    )
    if not draft.sections:
        problem("sections-0-name", _("Lägg till minst ett avsnitt med påståenden."))
    elif statements == 0:
        problem("sections-0-statements", _("Instrumentet behöver minst ett påstående."))
    for index, attribute in enumerate(draft.attributes):
        try:
            normalise_attributes([attribute], source=_("Bakgrundsfråga %(n)s") % {"n": index + 1})
        except InputError as exc:
            for p in exc.problems:
                problem(f"attributes-{index}-{_attribute_field(p.message)}", p.message)
    codes = [a.get("code") for a in draft.attributes]
    for index, code in enumerate(codes):
        if code and codes.index(code) != index:
            problem(
                f"attributes-{index}-code",
                _("Koden ”%(code)s” används redan av en annan bakgrundsfråga.") % {"code": code},
            )
    if sum(bool(a.get("split")) for a in draft.attributes) > 1:
        problem(
            "attributes-0-split",
            _("Högst en bakgrundsfråga kan visas sida vid sida i tabellerna."),
        )
    if problems:
        raise InputError(problems)


def _attribute_field(message: str) -> str:
    if "koden" in message:
        return "code"
    return "options"


def draft_document(
    draft: Draft, *, identifier: str, family: str, version: str, reserved: frozenset = frozenset()
) -> dict:
    """The framework YAML (as data) for a checked draft. New statements get the next
    free code (q1, q2 ...), new sections T1, T2 ..., so codes never move; `reserved`
    codes (those the instrument had before) are never given to something new."""
    taken = {line.code for s in draft.sections for line in s.statements + s.questions if line.code}
    taken |= set(reserved)
    section_codes = {s.code for s in draft.sections if s.code}
    taken |= section_codes
    labels = {1: draft.low.strip(), draft.steps: draft.high.strip()}
    scales: dict = {SCALE: {"type": "agreement", "min": 1, "max": draft.steps, "labels": labels}}
    if draft.dont_know:
        scales[SCALE]["dont_know"] = "Vet ej"
    if any(s.questions for s in draft.sections):
        scales[FREE_TEXT] = {"type": "text"}
    areas = []
    for section in draft.sections:
        code = section.code or _next_code("T", taken)
        items = [
            {"code": line.code or _next_code("q", taken), "text": line.text.strip()}
            for line in section.statements
        ]
        items += [
            {
                "code": line.code or _next_code("q", taken),
                "text": line.text.strip(),
                "scale": FREE_TEXT,
            }
            for line in section.questions
        ]
        areas.append({"code": code, "name": section.name.strip(), "items": items})
    document: dict = {
        "schema": SCHEMA,
        "id": identifier,
        "family": family,
        "version": version,
        "name": draft.name.strip(),
        "kind": "survey",
        "language": "sv",
    }
    if draft.description.strip():
        document["description"] = draft.description.strip()
    if draft.about.strip():
        document["about"] = draft.about.strip()
    if draft.source.strip():
        document["source"] = draft.source.strip()
    document["scales"] = scales
    document["default_scale"] = SCALE
    if draft.attributes:
        document["attributes"] = draft.attributes
    document["areas"] = areas
    return document


def dump(document: dict) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


# -- Saving: new instruments, changes and new versions ----------------------------------


def _unique_identifier(base: str) -> str:
    base = (slugify(base).replace("_", "-").strip("-") or "instrument")[:80].strip("-")
    candidate, n = base, 2
    # Nor the name of an existing family: a family is one organisation's (or the shipped
    # ones', which other apps find by family).
    while Framework.objects.filter(Q(identifier=candidate) | Q(family=candidate)).exists():
        candidate = f"{base[: 80 - len(str(n)) - 1]}-{n}"
        n += 1
    return candidate


def _next_version(family: str) -> str:
    numbers = [
        int(v)
        for v in Framework.objects.filter(family=family).values_list("version", flat=True)
        if str(v).isdigit()
    ]
    count = Framework.objects.filter(family=family).count()
    return str(max([*numbers, count]) + 1)


def shape(tree: FrameworkTree) -> tuple:
    """What stored answers depend on: the codes and scales in order (the framework
    loader's `structure`) and the background questions with their values."""
    attributes = tuple(
        (
            a.get("code"),
            tuple(str(o.get("value")) for o in a.get("options") or () if isinstance(o, dict)),
        )
        for a in tree.attributes
    )
    return structure(tree), attributes


def _validated(document: dict, filename: str) -> tuple[str, FrameworkTree]:
    text = dump(document)
    tree = parse_framework(text, filename)
    if tree.kind != "survey":
        raise InputError(
            [InputProblem(_("Instrumentet ska vara en enkät (kind: survey)."), field="kind")]
        )
    normalise_attributes(list(tree.attributes), source="attributes")
    return text, tree


def _store(*, text: str, tree: FrameworkTree, organisation, user, instance: Framework | None):
    """Write a validated instrument (inside the caller's transaction) and record it."""
    new = instance is None
    if new:
        instance = Framework(identifier=tree.id, organisation=organisation, created_by=user)
    recording = contextlib.nullcontext() if new else trail.changing(user=user, obj=instance)
    with recording:
        instance.family = tree.family
        instance.version = tree.version
        instance.name = tree.name
        instance.kind = tree.kind
        instance.source_text = text
        instance.checksum = Framework.checksum_of(text)
        instance.save()
    if new:
        trail.created(user=user, obj=instance)
    return instance


@dataclass(frozen=True)
class Saved:
    framework: Framework
    new_version: bool  # a change of an instrument in use was stored as a new version
    previous: Framework | None = None


def save_draft(*, draft: Draft, organisation, user, instance: Framework | None = None) -> Saved:
    """Store a draft as a new instrument of `organisation`, or as a change of `instance`
    (one of that organisation's): in place when no survey uses it or only texts changed,
    otherwise as a new version in its family. Raises InputError with every problem."""
    check_draft(draft)
    if instance is not None and instance.organisation_id is None:
        raise InputError(_("Ett instrument som följer med Kompass kan inte ändras; gör en kopia."))
    if instance is None:
        identifier = _unique_identifier(draft.name)
        document = draft_document(draft, identifier=identifier, family=identifier, version="1")
        text, tree = _validated(document, identifier)
        with transaction.atomic():
            return Saved(
                _store(text=text, tree=tree, organisation=organisation, user=user, instance=None),
                False,
            )
    return _change(
        document=draft_document(
            draft,
            identifier=instance.identifier,
            family=instance.family,
            version=instance.version,
            reserved=frozenset(n.code for n in instance.tree._nodes()),
        ),
        instance=instance,
        user=user,
    )


def _change(*, document: dict, instance: Framework, user) -> Saved:
    text, tree = _validated(document, instance.identifier)
    with transaction.atomic():
        locked = Framework.objects.select_for_update().get(pk=instance.pk)
        if shape(tree) == shape(locked.tree) or not in_use(locked):
            return Saved(
                _store(
                    text=text,
                    tree=tree,
                    organisation=locked.organisation,
                    user=user,
                    instance=locked,
                ),
                False,
            )
        version = _next_version(locked.family)
        identifier = _unique_identifier(f"{locked.family}-v{version}")
        document = {**document, "id": identifier, "family": locked.family, "version": version}
        text, tree = _validated(document, identifier)
        created = _store(
            text=text, tree=tree, organisation=locked.organisation, user=user, instance=None
        )
        return Saved(created, True, locked)


def copy_instrument(*, source: Framework, organisation, user) -> Saved:
    """A copy of `source` (shipped or the organisation's own) as a new instrument of
    `organisation`, to change from there. Everything of the source is kept, also what
    the editor does not show."""
    data = load_yaml(source.source_text, source.identifier)
    name = _("Kopia av %(name)s") % {"name": source.name}
    identifier = _unique_identifier(f"{source.family}-{organisation.code or organisation.pk}")
    data.update({"id": identifier, "family": identifier, "version": "1", "name": name})
    data.pop("publisher", None)
    text, tree = _validated(data, identifier)
    with transaction.atomic():
        return Saved(
            _store(text=text, tree=tree, organisation=organisation, user=user, instance=None), False
        )


def read_upload(content: bytes, filename: str) -> str:
    """An uploaded YAML file as text, refused in Swedish when too big or not UTF-8."""
    if len(content) > MAX_FILE_BYTES:
        raise InputError([InputProblem(_("Filen är större än 1 MB."), file=filename, field="file")])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            [InputProblem(_("Filen är inte UTF-8-kodad."), file=filename, field="file")]
        ) from None


def import_instrument(*, text: str, filename: str, organisation, user) -> Saved:
    """A framework YAML file as an instrument of `organisation`. Its `id` names which
    one: when it is one of the organisation's instruments the file is a change of it (a
    new version if a survey uses it and codes, scales or background questions differ);
    otherwise the file becomes a new instrument with an id of its own, so an import
    never touches a shipped instrument or another organisation's."""
    tree = parse_framework(text, filename)  # every problem, with line and path
    if tree.kind != "survey":
        raise InputError(
            [
                InputProblem(
                    _("Instrumentet ska vara en enkät (kind: survey)."), file=filename, field="kind"
                )
            ]
        )
    data = load_yaml(text, filename)
    existing = Framework.objects.filter(identifier=tree.id).first()
    if existing is not None and existing.organisation_id == organisation.pk:
        data.update({"id": existing.identifier, "family": existing.family})
        return _change(document=data, instance=existing, user=user)
    identifier = tree.id
    if existing is not None:
        identifier = _unique_identifier(f"{tree.id}-{organisation.code or organisation.pk}")
    family = tree.family
    if Framework.objects.filter(family=family).exclude(organisation=organisation).exists():
        family = identifier  # a family is one organisation's (or the shipped ones')
    data.update({"id": identifier, "family": family})
    text, tree = _validated(data, filename)
    with transaction.atomic():
        return Saved(
            _store(text=text, tree=tree, organisation=organisation, user=user, instance=None), False
        )


def delete_instrument(*, framework: Framework, user) -> None:
    """Remove one of an organisation's instruments that no survey or wave uses."""
    if framework.organisation_id is None:
        raise InputError(_("Ett instrument som följer med Kompass kan inte tas bort."))
    if in_use(framework):
        raise InputError(_("Instrumentet används av en enkät och kan inte tas bort."))
    with transaction.atomic():
        trail.deleted(user=user, obj=framework)
        framework.delete()


CODE_LINE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]{0,39})\s*\|\s*(.*)$")


def parse_lines(text: str) -> list[Line]:
    """The editor's statement lines: "kod | text" keeps a code, a line without a code
    gets a new one when saved."""
    lines = []
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        match = CODE_LINE.match(raw)
        if match:
            lines.append(Line(match.group(1), match.group(2).strip()))
        else:
            lines.append(Line("", raw.strip()))
    return lines


def format_lines(lines: list[Line]) -> str:
    return "\n".join(f"{line.code} | {line.text}" if line.code else line.text for line in lines)
