"""Forms for the status analysis: what to analyse, the decision (vägval), the causes."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kompass.core.fields import QuickSelect
from kompass.status.models import Cause, CauseAnalysis, Choice, Evidence

CAUSE_ROWS = 6
EVIDENCE_ROWS = 3  # evidence items per cause on a fresh form; one more empty than stored


class AnalysisForm(forms.Form):
    source = forms.ChoiceField(label=_("Underlag"))
    kpi_group = forms.CharField(
        label=_("Koladas nyckeltalsgrupp (id)"),
        required=False,
        max_length=40,
        help_text=_("Används när underlaget är en nyckeltalsgrupp i Kolada."),
    )
    peers = forms.ChoiceField(label=_("Jämförelsegrupp"))
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)

    def __init__(self, *args, sources=(), peers=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = list(sources)
        self.fields["peers"].choices = list(peers)
        self.fields["year"].choices = [("", _("Senaste året"))] + [(y, y) for y in years]


class ChoiceForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslut"), choices=Choice.Decision.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Varför arbetar ni med avvikelsen – eller varför lämnar ni den nu?"),
    )
    expected_effect = forms.CharField(
        label=_("Förväntad effekt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Vad ska bli bättre för dem verksamheten finns till för? Krävs om den prioriteras."
        ),
    )
    effort = forms.ChoiceField(
        label=_("Insats"),
        choices=[("", _("Välj")), *list(Choice.Effort.choices)],
        required=False,
        help_text=_("Hur mycket arbete det kräver. Krävs om den prioriteras."),
    )
    decided_by = forms.CharField(
        label=_("Beslutat av"),
        max_length=200,
        help_text=_("T.ex. ”Ledningsgruppen för vård och omsorg”."),
    )
    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        initial=datetime.date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CauseAnalysisForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Arbetssätt"),
        choices=CauseAnalysis.Method.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Orsaksområden: sortera orsakerna efter var de finns. Upprepade varför: fråga "
            "”varför?” om och om igen, varje rad svarar på raden ovanför."
        ),
    )
    problem = forms.CharField(
        label=_("Problemet"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Vad är problemet, så konkret som möjligt?"),
    )
    conclusion = forms.CharField(
        label=_("Slutsats"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Vilka orsaker ska åtgärdas först, och varför?"),
    )

    def __init__(
        self,
        *args,
        indicators=(),
        findings=(),
        rows=CAUSE_ROWS,
        evidence_rows=EVIDENCE_ROWS,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.evidence_rows = evidence_rows
        indicator_choices = [("", _("Ingen"))] + [(i.pk, i.name) for i in indicators]
        finding_choices = [("", _("Ingen"))] + [(f.pk, f.text[:90]) for f in findings]
        for n in range(1, rows + 1):
            self.fields[f"cause_{n}_area"] = forms.ChoiceField(
                label=_("Orsaksområde %(n)s") % {"n": n},
                choices=[("", _("Välj (orsaksområden)")), *list(Cause.Area.choices)],
                required=False,
                widget=QuickSelect,
            )
            self.fields[f"cause_{n}_text"] = forms.CharField(
                label=_("Orsak %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for m in range(1, evidence_rows + 1):
                names = {"n": n, "m": m}
                self.fields[f"cause_{n}_ev{m}_kind"] = forms.ChoiceField(
                    label=_("Belägg %(m)s för orsak %(n)s: slag") % names,
                    choices=[("", _("Välj")), *list(Evidence.Kind.choices)],
                    required=False,
                    widget=QuickSelect,
                )
                self.fields[f"cause_{n}_ev{m}_text"] = forms.CharField(
                    label=_("Belägg %(m)s för orsak %(n)s") % names,
                    required=False,
                    help_text=_(
                        "T.ex. ett nyckeltal, ett enkätresultat eller en iakttagelse i en "
                        "utvärdering."
                    )
                    if m == 1
                    else "",
                )
                self.fields[f"cause_{n}_ev{m}_indicator"] = forms.ChoiceField(
                    label=_("Belägg %(m)s för orsak %(n)s: indikator") % names,
                    choices=indicator_choices,
                    required=False,
                    widget=QuickSelect,
                )
                self.fields[f"cause_{n}_ev{m}_finding"] = forms.ChoiceField(
                    label=_("Belägg %(m)s för orsak %(n)s: iakttagelse i utvärdering") % names,
                    choices=finding_choices,
                    required=False,
                    widget=QuickSelect,
                )

    def cause_rows(self):
        """The fields of each cause row for the template: the cause, then its evidence
        items, each a list of fields."""
        return [
            {
                "cause": [self[f"cause_{n}_area"], self[f"cause_{n}_text"]],
                "evidence": [
                    [
                        self[f"cause_{n}_ev{m}_{name}"]
                        for name in ("kind", "text", "indicator", "finding")
                    ]
                    for m in range(1, self.evidence_rows + 1)
                ],
            }
            for n in range(1, self.rows + 1)
        ]

    def causes(self) -> list[dict]:
        """The cleaned rows as (text, area, evidence list) for `save_cause_analysis`;
        empty evidence items are dropped there."""
        data = self.cleaned_data
        return [
            {
                "text": data[f"cause_{n}_text"],
                "area": data[f"cause_{n}_area"],
                "evidence": [
                    {
                        "kind": data[f"cause_{n}_ev{m}_kind"],
                        "text": data[f"cause_{n}_ev{m}_text"],
                        "indicator": data[f"cause_{n}_ev{m}_indicator"] or None,
                        "finding": data[f"cause_{n}_ev{m}_finding"] or None,
                    }
                    for m in range(1, self.evidence_rows + 1)
                ],
            }
            for n in range(1, self.rows + 1)
        ]

    @staticmethod
    def initial_for(analysis: CauseAnalysis) -> dict:
        initial = {
            "method": analysis.method,
            "problem": analysis.problem,
            "conclusion": analysis.conclusion,
        }
        for n, cause in enumerate(analysis.causes.all(), start=1):
            initial[f"cause_{n}_area"] = cause.area
            initial[f"cause_{n}_text"] = cause.text
            for m, evidence in enumerate(cause.evidence.all(), start=1):
                initial[f"cause_{n}_ev{m}_kind"] = evidence.kind
                initial[f"cause_{n}_ev{m}_text"] = evidence.text
                initial[f"cause_{n}_ev{m}_indicator"] = evidence.indicator_id or ""
                initial[f"cause_{n}_ev{m}_finding"] = evidence.finding_id or ""
        return initial
