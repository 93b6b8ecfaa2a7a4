import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompass.accounts.models import User
from kompass.evaluations.models import Evidence
from kompass.frameworks.models import Framework
from kompass.organisations.models import Organisation


def _lines(text: str) -> list[str]:
    return [
        line.strip().lstrip("•-* ").strip() for line in (text or "").splitlines() if line.strip()
    ]


class EvaluationCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
    )
    framework = forms.ModelChoiceField(
        label=_("Ramverk"),
        queryset=Framework.objects.filter(kind=Framework.Kind.EVALUATION),
    )
    date = forms.DateField(
        label=_("Utvärderingsdatum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("ÅÅÅÅ-MM-DD"),
    )
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Utvärderare"),
        queryset=User.objects.filter(is_evaluator=True, is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("Datumet ligger i framtiden; ange när utvärderingen gjordes.")
            )
        return value


class DetailsForm(forms.Form):
    fieldwork = forms.CharField(
        label=_("Genomförd (t.ex. ”augusti 2023”)"), required=False, max_length=100
    )
    evaluator_names = forms.CharField(
        label=_("Utvärderare, en per rad"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evaluator_organisation = forms.CharField(label=_("Utvärderarnas organisation"), required=False)
    interviewees = forms.IntegerField(label=_("Antal intervjuade"), required=False, min_value=0)
    interview_groups = forms.CharField(
        label=_("Intervjuade grupper, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    documents_reviewed = forms.CharField(
        label=_("Granskade dokument och källor, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    method = forms.CharField(label=_("Genomförande"), required=False, widget=forms.Textarea)
    summary = forms.CharField(
        label=_("Sammanfattande kommentarer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    LIST_FIELDS = ("evaluator_names", "interview_groups", "documents_reviewed")

    @classmethod
    def initial_for(cls, evaluation) -> dict:
        initial = {name: getattr(evaluation, name) for name in cls.base_fields}
        for name in cls.LIST_FIELDS:
            initial[name] = "\n".join(initial[name] or [])
        return initial

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in self.LIST_FIELDS:
            data[name] = _lines(data[name])
        return data


class AreaTextForm(forms.Form):
    analysis = forms.CharField(
        label=_("Sammanfattande analys"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    strengths = forms.CharField(
        label=_("Styrkor, en per rad"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    improvements = forms.CharField(
        label=_("Förbättringsmöjligheter, en per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    good_examples = forms.CharField(
        label=_("Goda exempel i andra organisationer, ett per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Skriv ”Organisation (delområde): vad som är bra”, t.ex. ”Höganäs (1.4): Lättläst årsredovisning”. Delområdet kan utelämnas."
        ),
    )

    LINE = re.compile(r"^(?P<name>[^:(]+?)\s*(?:\((?P<sub>[^)]*)\))?\s*(?::\s*(?P<text>.*))?$")

    def __init__(self, *args, tree=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree

    @classmethod
    def format_examples(cls, examples) -> str:
        return "\n".join(
            f"{g.name}"
            + (f" ({g.subarea_code})" if g.subarea_code else "")
            + (f": {g.text}" if g.text else "")
            for g in examples
        )

    def clean_good_examples(self):
        from kompass.organisations.domain.register import OrganisationResolver

        resolver = OrganisationResolver()
        examples, errors = [], []
        for number, line in enumerate(_lines(self.cleaned_data["good_examples"]), start=1):
            match = self.LINE.match(line)
            if not match:
                errors.append(
                    _("Rad %(n)s: skriv ”Organisation (delområde): text”.") % {"n": number}
                )
                continue
            sub = (match["sub"] or "").strip()
            if sub and self.tree is not None:
                try:
                    self.tree.subarea(sub)
                except KeyError:
                    errors.append(
                        _("Rad %(n)s: okänt delområde ”%(sub)s”.") % {"n": number, "sub": sub}
                    )
                    continue
            name = match["name"].strip()
            try:
                organisation = resolver(name)
            except LookupError:
                organisation = None
            examples.append(
                {
                    "name": organisation.name if organisation else name,
                    "organisation": organisation,
                    "subarea_code": sub,
                    "text": (match["text"] or "").strip(),
                }
            )
        if errors:
            raise forms.ValidationError(errors)
        return examples

    def values(self) -> dict:
        return {
            "analysis": self.cleaned_data["analysis"],
            "strengths": _lines(self.cleaned_data["strengths"]),
            "improvements": _lines(self.cleaned_data["improvements"]),
        }


class EvidenceForm(forms.Form):
    source = forms.ChoiceField(label=_("Källa"), choices=Evidence.Source.choices)
    text = forms.CharField(label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (YAML eller JSON)"),
        help_text=_("Formatet beskrivs i dokumentationen (docs/formats/evaluation.md)."),
    )
    replace = forms.BooleanField(
        label=_("Ersätt en befintlig utvärdering av samma organisation och datum"), required=False
    )
