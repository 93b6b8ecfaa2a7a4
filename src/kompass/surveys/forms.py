"""Forms for running surveys (the respondents' form is built from the instrument in
`answer_views.py`, not here)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kompass.accounts.access import visible_instruments
from kompass.frameworks.models import Framework


class SurveyCreateForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=Framework.objects.filter(kind=Framework.Kind.SURVEY).order_by("name"),
        empty_label=None,
        help_text=_(
            "De som följer med Kompass och er organisations egna (Enkäter › Instrument: "
            "skriv ett eget eller gör en kopia)."
        ),
    )
    name = forms.CharField(
        label=_("Namn"), max_length=200, required=False, help_text=_("Tomt: instrumentets namn.")
    )
    # Checked by the domain (`create_survey`), which words its own message; blank makes
    # one from the name.
    slug = forms.CharField(
        label=_("Kortnamn"),
        max_length=80,
        required=False,
        help_text=_(
            "Används i adresser och på kommandoraden, t.ex. lfr-2024. Tomt: görs av namnet."
        ),
        widget=forms.TextInput(attrs={"data-slug-from": "id_name", "autocomplete": "off"}),
    )
    min_group = forms.IntegerField(
        label=_("Minsta gruppstorlek (k)"),
        min_value=3,
        initial=settings.KOMPASS_MIN_GROUP_SIZE,
        help_text=_("Resultat visas bara för grupper med minst så många svar (aldrig under 3)."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # the shipped instruments and the user's organisations' own
            self.fields["framework"].queryset = (
                visible_instruments(user).filter(kind=Framework.Kind.SURVEY).order_by("name")
            )


class SettingsForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    min_group = forms.IntegerField(label=_("Minsta gruppstorlek (k)"), min_value=3)


class AttributeForm(forms.Form):
    code = forms.RegexField(
        label=_("Kod"),
        regex=r"^[a-z][a-z0-9_]{0,39}$",
        help_text=_("a–z, 0–9 och _, t.ex. operating_area. Blir kolumnnamnet vid import."),
        error_messages={"invalid": _("Börja med a–z och använd bara a–z, 0–9 och _.")},
    )
    label = forms.CharField(label=_("Rubrik"), max_length=100)
    question = forms.CharField(label=_("Fråga till den svarande"), max_length=200, required=False)
    level = forms.ChoiceField(
        label=_("Vem anger värdet"),
        choices=[
            ("respondent", _("Varje svarande")),
            ("organisation", _("Enkätens ägare, per organisation (t.ex. utvalda kommuner)")),
        ],
    )
    options = forms.CharField(
        label=_("Svarsalternativ, ett per rad"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Skriv ”värde | rubrik” eller bara rubriken."),
    )

    def attribute(self) -> dict:
        options = []
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            value, sep, label = line.partition("|")
            value, label = value.strip(), label.strip()
            if not sep:
                label = value
            options.append({"value": value, "label": label or value})
        return {
            "code": self.cleaned_data["code"],
            "label": self.cleaned_data["label"],
            "question": self.cleaned_data["question"] or self.cleaned_data["label"],
            "level": self.cleaned_data["level"],
            "options": options,
        }


class WaveForm(forms.Form):
    code = forms.CharField(label=_("Kod"), max_length=40, help_text=_("T.ex. 2024-10."))
    name = forms.CharField(
        label=_("Namn"), max_length=100, required=False, help_text=_("Tomt: från koden.")
    )
    date = forms.DateField(
        label=_("Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opens = forms.DateField(
        label=_("Öppnar för svar"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes = forms.DateField(
        label=_("Stänger"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class WaveEditForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=100)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    opens = forms.DateField(
        label=_("Öppnar för svar"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes = forms.DateField(
        label=_("Stänger"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CohortForm(forms.Form):
    organisations = forms.CharField(
        label=_("Organisationer, en per rad"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kommunkod eller namn, t.ex. 0127, Botkyrka eller Botkyrka kommun. Namn som inte "
            "hittas visas här med förslag; de andra läggs till."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "En rad per svarande: respondent, wave, organisation, bakgrundsfrågor och q1..qN."
        ),
    )
    close = forms.BooleanField(
        label=_("Begär att omgångarna i filen stängs efter importen"),
        required=False,
        help_text=_(
            "Resultaten räknas och visas först när en omgång har stängt; en stängd omgång tar "
            "inte emot fler svar. En annan ägare av enkäten eller en administratör godkänner "
            "att resultaten släpps. Låt bli om fler svar ska komma (fler filer eller webbsvar)."
        ),
    )


class RecipientsForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    recipients = forms.CharField(
        label=_("Mottagare, en per rad"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Namn eller e-post. Länkarna visas en gång; spara dem."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]


class RecipientListForm(forms.Form):
    file = forms.FileField(
        label=_("Mottagarlista (CSV eller XLSX)"),
        help_text=_(
            "En rad per person: email, organisation och en kolumn per bakgrundsfråga "
            "(t.ex. role). Adresser som redan finns uppdateras."
        ),
    )


class RecipientForm(forms.Form):
    email = forms.CharField(label=_("E-postadress"), max_length=254)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, help_text=_("Kommunkod eller namn.")
    )

    def __init__(self, *args, attributes=(), **kwargs):
        super().__init__(*args, **kwargs)
        for attribute in attributes:
            self.fields[f"attr_{attribute.code}"] = forms.ChoiceField(
                label=attribute.label,
                required=False,
                choices=[("", "–")] + [(o.value, o.label) for o in attribute.options],
            )


class MailTextsForm(forms.Form):
    invitation_subject = forms.CharField(label=_("Inbjudan: ämne"), max_length=200)
    invitation_body = forms.CharField(
        label=_("Inbjudan: text"), widget=forms.Textarea(attrs={"rows": 10})
    )
    reminder_subject = forms.CharField(label=_("Påminnelse: ämne"), max_length=200)
    reminder_body = forms.CharField(
        label=_("Påminnelse: text"), widget=forms.Textarea(attrs={"rows": 10})
    )
    invitation_subject_en = forms.CharField(
        label=_("Inbjudan på engelska: ämne (valfritt)"), max_length=200, required=False
    )
    invitation_body_en = forms.CharField(
        label=_("Inbjudan på engelska: text (valfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reminder_subject_en = forms.CharField(
        label=_("Påminnelse på engelska: ämne (valfritt)"), max_length=200, required=False
    )
    reminder_body_en = forms.CharField(
        label=_("Påminnelse på engelska: text (valfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reminder_days = forms.CharField(
        label=_("Påminnelser, dagar efter inbjudan"),
        required=False,
        help_text=_(
            "T.ex. 5, 10: påminnelser går automatiskt till dem som inte har svarat. "
            "Tomt: bara när du skickar en själv."
        ),
    )

    def clean_reminder_days(self):
        text = self.cleaned_data.get("reminder_days") or ""
        return [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]
