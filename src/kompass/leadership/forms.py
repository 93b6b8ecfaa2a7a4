import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kompass.core.fields import QuickRadioSelect
from kompass.leadership.domain.assessments import choices_for
from kompass.leadership.models import Activity


class AssessmentForm(forms.Form):
    date = forms.DateField(
        label=_("Datum"),
        initial=datetime.date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    group = forms.CharField(
        label=_("Vem bedömde"), max_length=200, help_text=_("T.ex. ”Kommunledningsgruppen”.")
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = framework.tree
        for item in self.tree.items:
            self.fields[f"a_{item.code}"] = forms.ChoiceField(
                label=item.text,
                choices=choices_for(item),
                required=False,
                widget=QuickRadioSelect,
                help_text=item.help,
            )

    def groups(self):
        """Per principle: its question, the statement and the options (with their fields)."""
        out = []
        for area in self.tree.areas:
            parts = [(None, [self[f"a_{i.code}"] for i in area.items])]
            parts += [(s.name, [self[f"a_{i.code}"] for i in s.items]) for s in area.subareas]
            out.append((area, parts))
        return out

    def answers(self) -> dict[str, tuple[str, str]]:
        return {
            item.code: (self.cleaned_data.get(f"a_{item.code}") or "", "")
            for item in self.tree.items
        }


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    purpose = forms.CharField(
        label=_("Syfte"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(
        label=_("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Till"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    followup_survey = forms.ChoiceField(
        label=_("Uppföljning med självskattning (princip 7)"),
        required=False,
        help_text=_("En enkät som organisationen deltar i, t.ex. Leda för resultat."),
    )

    def __init__(self, *args, surveys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followup_survey"].choices = [("", _("Ingen"))] + [
            (str(s.pk), s.name) for s in surveys
        ]


class ActivityForm(forms.Form):
    level = forms.ChoiceField(label=_("Nivå"), choices=Activity.Level.choices)
    kind = forms.ChoiceField(label=_("Slags metod"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Aktivitet"), max_length=300)
    when = forms.CharField(label=_("När"), max_length=100, required=False)
    responsible = forms.CharField(label=_("Ansvarig"), max_length=200, required=False)
