"""Forms of the instrument editor: the instrument and its scale, sections (formset) and
background questions (formset). They check what a form can check; the rules of an
instrument are in `domain.editor.check_draft`, which names the same fields."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kompass.surveys.domain.editor import (
    MAX_STEPS,
    Draft,
    Section,
    format_lines,
    parse_lines,
)


class InstrumentForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Visas i listor och i rapporterna."),
    )
    steps = forms.IntegerField(
        label=_("Antal skalsteg"),
        min_value=2,
        max_value=MAX_STEPS,
        initial=5,
        help_text=_("Skalan går från 1 till det här talet, t.ex. 5 eller 7."),
    )
    low = forms.CharField(
        label=_("Text för skalsteg 1"),
        max_length=80,
        initial=_("Stämmer inte alls"),
    )
    high = forms.CharField(
        label=_("Text för högsta skalsteget"),
        max_length=80,
        initial=_("Stämmer helt"),
    )
    dont_know = forms.BooleanField(
        label=_("Svarsalternativet ”Vet ej”"),
        required=False,
        help_text=_("Vet ej-svar räknas och redovisas men ingår aldrig i medelvärdet."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        if organisations:
            self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        else:  # a change: the instrument stays with its organisation
            del self.fields["organisation"]


class SectionForm(forms.Form):
    code = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    name = forms.CharField(label=_("Rubrik"), max_length=200)
    statements = forms.CharField(
        label=_("Påståenden, ett per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Besvaras på skalan. ”kod | text” behåller en kod; nya rader får en kod när "
            "instrumentet sparas."
        ),
    )
    questions = forms.CharField(
        label=_("Frågor med fritextsvar, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fritextsvar visas bara för grupper med minst k svar."),
    )


class AttributeEditorForm(forms.Form):
    label = forms.CharField(label=_("Rubrik"), max_length=100, help_text=_("T.ex. Funktion."))
    code = forms.CharField(
        label=_("Kod"),
        max_length=40,
        required=False,
        help_text=_("a–z, 0–9 och _, t.ex. role. Blir kolumnnamnet vid import. Tomt: av rubriken."),
    )
    question = forms.CharField(
        label=_("Fråga till den svarande"),
        max_length=200,
        required=False,
        help_text=_("Tomt: rubriken."),
    )
    options = forms.CharField(
        label=_("Svarsalternativ, ett per rad"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Skriv ”värde | rubrik” eller bara rubriken; ”värde | rubrik | annat namn” "
            "tar också emot det andra namnet i importfiler."
        ),
    )
    split = forms.BooleanField(
        label=_("Visa svaren sida vid sida i tabellerna (t.ex. ledning och stöd)"),
        required=False,
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=1, can_delete=True)
AttributeFormSet = forms.formset_factory(AttributeEditorForm, extra=1, can_delete=True)


def _attribute(data: dict) -> dict:
    options = []
    for line in (data.get("options") or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        value = parts[0]
        label = parts[1] if len(parts) > 1 and parts[1] else value
        aliases = [a.strip() for a in parts[2].split(",") if a.strip()] if len(parts) > 2 else []
        option = {"value": value, "label": label}
        if aliases:
            option["aliases"] = aliases
        options.append(option)
    code = (data.get("code") or "").strip() or slugify(data.get("label") or "").replace("-", "_")
    attribute = {
        "code": code,
        "label": (data.get("label") or "").strip(),
        "question": (data.get("question") or "").strip() or (data.get("label") or "").strip(),
        "options": options,
    }
    if data.get("split"):
        attribute["split"] = True
    return attribute


def _kept(formset) -> list[dict]:
    """The filled-in rows that are not marked for removal (blank extra rows are empty)."""
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def draft_from_forms(form, sections, attributes, *, base: Draft | None = None) -> Draft:
    """A draft from valid editor forms (texts kept from `base` that the form lacks)."""
    data = form.cleaned_data
    return Draft(
        name=data["name"],
        description=data.get("description", ""),
        steps=data["steps"],
        low=data["low"],
        high=data["high"],
        dont_know=data["dont_know"],
        sections=[
            Section(
                name=s["name"],
                code=s.get("code", ""),
                statements=parse_lines(s.get("statements", "")),
                questions=parse_lines(s.get("questions", "")),
            )
            for s in _kept(sections)
        ],
        attributes=[_attribute(a) for a in _kept(attributes)],
        about=base.about if base else "",
        source=base.source if base else "",
    )


def initial_from_draft(draft: Draft) -> tuple[dict, list[dict], list[dict]]:
    """The editor forms' initial values for a draft."""
    form = {
        "name": draft.name,
        "description": draft.description,
        "steps": draft.steps,
        "low": draft.low,
        "high": draft.high,
        "dont_know": draft.dont_know,
    }
    sections = [
        {
            "code": s.code,
            "name": s.name,
            "statements": format_lines(s.statements),
            "questions": format_lines(s.questions),
        }
        for s in draft.sections
    ]
    attributes = []
    for a in draft.attributes:
        lines = []
        for o in a.get("options") or []:
            if not isinstance(o, dict):
                lines.append(str(o))
                continue
            line = f"{o.get('value')} | {o.get('label', o.get('value'))}"
            if o.get("aliases"):
                line += " | " + ", ".join(str(x) for x in o["aliases"])
            lines.append(line)
        attributes.append(
            {
                "label": a.get("label", ""),
                "code": a.get("code", ""),
                "question": a.get("question", ""),
                "options": "\n".join(lines),
                "split": bool(a.get("split")),
            }
        )
    return form, sections, attributes


class ImportInstrumentForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    file = forms.FileField(
        label=_("YAML-fil"),
        help_text=_(
            "Ett instrument i ramverksformatet (se dokumentationen), t.ex. en export härifrån. "
            "Har filen samma id som ett av organisationens instrument blir den en ändring av det."
        ),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class CopyForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Kopian tillhör"), coerce=int)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
