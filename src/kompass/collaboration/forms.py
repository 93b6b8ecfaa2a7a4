"""Forms for collaboration projects. They only collect text; the domain functions
validate (one place for every rule) and the views put their problems back on the fields."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from kompass.collaboration.domain.account import percent_text
from kompass.collaboration.models import Degree
from kompass.core.errors import InputProblem
from kompass.lib.numbers import decimals_of, format_number, parse_number

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Projektets namn"), max_length=200)
    purpose = forms.CharField(
        label=_("Syfte och mål"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Vad ska projektet uppnå – och strävar det efter framgång av första, andra eller tredje graden?"
        ),
    )
    target_group = forms.CharField(
        label=_("Målgrupp"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vilka deltagarna är och vilka behov de har."),
    )
    start_date = forms.DateField(label=_("Startdatum"), required=False, widget=DATE)
    end_date = forms.DateField(
        label=_("Slutdatum"),
        required=False,
        widget=DATE,
        help_text=_("Erfarenheten är att tre år är en rimlig minsta projekttid."),
    )


class ProjectCreateForm(ProjectForm):
    organisation = forms.ModelChoiceField(
        label=_("Din organisation i projektet"),
        queryset=None,
        help_text=_(
            "Organisationen blir projektets första part. Fler parter lägger du till sedan."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class OrganisationForm(forms.Form):
    team = forms.CharField(
        label=_("Projektteam"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En person per rad: namn; roll; organisation."),
    )
    steering = forms.CharField(
        label=_("Styrgrupp"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En person per rad: namn; roll; organisation."),
    )
    plan = forms.CharField(
        label=_("Implementeringsplan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Ett steg per rad: åtgärd; ansvarig; klart senast (ÅÅÅÅ-MM-DD); läge (planerad, pågår eller klar)."
        ),
    )

    FIELDS = {"Projektteam": "team", "Styrgrupp": "steering", "Implementeringsplan": "plan"}


class AssessmentHeadForm(forms.Form):
    date = forms.DateField(label=_("Datum för bedömningen"), widget=DATE)
    degree_reached = forms.TypedChoiceField(
        label=_("Uppnådd grad av framgång"), choices=Degree.choices, coerce=int
    )
    degree_aimed = forms.TypedChoiceField(
        label=_("Eftersträvad grad av framgång"),
        choices=[c for c in Degree.choices if c[0] > 0],
        coerce=int,
    )
    comment = forms.CharField(
        label=_("Sammanfattande kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _split(text: str, pattern: str) -> list[str]:
    return [p for p in re.split(pattern, text.strip()) if p]


def _amount_text(value) -> str:
    """An amount in kronor as a Swede writes it (1 200 000,5), exactly as stored; text
    that is not a number (an incomplete account) is shown as it is."""
    try:
        number = parse_number(value)
    except ValueError:
        return str(value)
    return format_number(number, decimals_of(number))


class AssumptionsForm(forms.Form):
    """The account's assumptions; the statuses are fields of their own (before, after and
    a comparison group, in per cent)."""

    name = forms.CharField(label=_("Kalkylens namn"), max_length=200)
    participants = forms.CharField(label=_("Antal deltagare"))
    price_year = forms.CharField(
        label=_("Prisår"),
        required=False,
        help_text=_(
            "Året som kalkylens kronor avser. En ny kalkyl får enhetskostnadernas senaste "
            "prisår, så att inga prisår blandas; ett senare år räknas om bara med ett "
            "prisindex (”price_index” i kalkylfilen)."
        ),
    )
    cost_per_year = forms.CharField(
        label=_("Insatsens kostnad per projektår (kr)"),
        help_text=_("Ett belopp per år, åtskilda med semikolon: 1 200 000; 1 200 000; 1 200 000."),
    )
    starts_after_months = forms.CharField(
        label=_("Effekten börjar efter (månader från projektstart)")
    )
    lasts_years = forms.CharField(label=_("Effekten varar (år)"))
    drop_off = forms.CharField(
        label=_("Avtagande per år (%)"),
        help_text=_("Hur stor del av effekten som försvinner varje år efter det första."),
    )
    deadweight = forms.CharField(
        label=_("Dödvikt (%)"),
        help_text=_(
            "Den del av förändringen som skulle ha skett ändå. Oftast 0 med en jämförelsegrupp."
        ),
    )
    attribution = forms.CharField(
        label=_("Tillskrivning (%)"),
        help_text=_("Den del av förändringen som kan tillskrivas projektet (100 = allt)."),
    )
    displacement = forms.CharField(
        label=_("Undanträngning (%)"),
        help_text=_(
            "Den del av vinsten som bara flyttas, t.ex. ett jobb som annars gått till någon annan."
        ),
    )
    horizons = forms.CharField(
        label=_("Horisonter (år)"), help_text=_("T.ex. 1, 3, 4, 5, 10 (4 år = en mandatperiod).")
    )
    discount_rates = forms.CharField(
        label=_("Diskonteringsräntor (%)"),
        help_text=_("Åtskilda med semikolon, t.ex. 0; 3,5."),
    )
    main_horizon = forms.CharField(
        label=_("Huvudhorisont (år)"),
        help_text=_("Horisonten för nyckeltal, vinnare och förlorare och känslighetsanalys."),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = statuses
        for status in statuses:
            for prefix, label in (
                ("before", _("Före")),
                ("after", _("Efter")),
                ("comparison", _("Jämförelsegrupp")),
            ):
                self.fields[f"{prefix}_{status.code}"] = forms.CharField(
                    label=f"{label}: {status.name} (%)", required=False
                )

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        effect = data.get("effect") or {}
        intervention = data.get("intervention") or {}
        initial = {
            "name": data.get("name", ""),
            "participants": data.get("participants", ""),
            "price_year": data.get("price_year", ""),
            "cost_per_year": "; ".join(
                _amount_text(c) for c in intervention.get("cost_per_year") or []
            ),
            "starts_after_months": effect.get("starts_after_months", ""),
            "lasts_years": effect.get("lasts_years", ""),
            "drop_off": percent_text(effect.get("drop_off", 0)),
            "deadweight": percent_text(data.get("deadweight", 0)),
            "attribution": percent_text(data.get("attribution", 100)),
            "displacement": percent_text(data.get("displacement", 0)),
            "horizons": ", ".join(str(h) for h in data.get("horizons") or []),
            "discount_rates": "; ".join(percent_text(r) for r in data.get("discount_rates") or []),
            "main_horizon": data.get("main_horizon", ""),
            "description": data.get("description", ""),
        }
        for prefix in ("before", "after", "comparison"):
            for code, value in (data.get(prefix) or {}).items():
                initial[f"{prefix}_{code}"] = percent_text(value)
        return initial

    def to_data(self, base: dict) -> dict:
        """The account data with this form's values (text, validated by the domain)."""
        values = self.cleaned_data
        data = dict(base)
        for key in ("name", "description"):
            data[key] = values[key]
        data["participants"] = values["participants"]
        if values["price_year"].strip():
            data["price_year"] = values["price_year"]
        else:
            data.pop("price_year", None)
        intervention = dict(data.get("intervention") or {})
        intervention["cost_per_year"] = _split(values["cost_per_year"], r"\s*;\s*")
        intervention.pop("years", None)
        data["intervention"] = intervention
        data["effect"] = {
            "starts_after_months": values["starts_after_months"],
            "lasts_years": values["lasts_years"],
            "drop_off": values["drop_off"],
        }
        for key in ("deadweight", "attribution", "displacement", "main_horizon"):
            data[key] = values[key]
        data["horizons"] = _split(values["horizons"], r"[\s,;]+")
        data["discount_rates"] = _split(values["discount_rates"], r"[\s;]+")
        for prefix in ("before", "after", "comparison"):
            shares = {
                s.code: values[f"{prefix}_{s.code}"]
                for s in self.statuses
                if values.get(f"{prefix}_{s.code}", "").strip()
            }
            if prefix == "comparison" and not shares:
                data.pop("comparison", None)
            else:
                data[prefix] = shares
        return data

    FIELD_PATHS = {
        "intervention.cost_per_year": "cost_per_year",
        "effect.starts_after_months": "starts_after_months",
        "effect.lasts_years": "lasts_years",
        "effect.drop_off": "drop_off",
    }

    def add_problems(self, problems: list[InputProblem]) -> None:
        """Put each problem on its field (`after.arbete` -> after_arbete, `horizons[2]` ->
        horizons); the rest become errors of the whole form."""
        for problem in problems:
            path = re.sub(r"\[\d+\]$", "", problem.field)
            name = self.FIELD_PATHS.get(path) or path.replace(".", "_")
            if name in self.fields:
                self.add_error(name, problem.message)
            else:
                self.add_error(None, str(problem))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Kalkylfil (YAML eller JSON)"),
        required=False,
        help_text=_("Formatet kompass-socio/1, se dokumentationen. Ersätter hela kalkylen."),
    )
    text = forms.CharField(
        label=_("… eller klistra in kalkylen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Välj en fil eller klistra in en kalkyl."))
        return data
