"""Forms for indicators, key-ratio tables and peer groups. They only collect input; the
`domain/` functions validate it and report problems per field in Swedish."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kompass.core.fields import NumberField
from kompass.indicators.models import ChartType, Direction, Measures, PeriodType, Perspective
from kompass.lib.numbers import decimals_of, format_number
from kompass.organisations.models import PeerGroup


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    perspective = forms.ChoiceField(
        label=_("Perspektiv"),
        choices=Perspective.choices,
        help_text=_("Balanserad styrning i fem perspektiv (Region Jönköpings modell)."),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.CharField(
        label=_("Enhet"), required=False, max_length=60, help_text=_("T.ex. %, dagar, kr.")
    )
    direction = forms.ChoiceField(label=_("Vilket håll är bättre?"), choices=Direction.choices)
    measures = forms.ChoiceField(
        label=_("Mäter indikatorn en effekt eller en aktivitet?"),
        choices=[("", _("Inte angivet")), *Measures.choices],
        required=False,
        help_text=_(
            "Effekt: vad de som verksamheten finns till för kan göra eller uppleva. "
            "Aktivitet: vad verksamheten gör. En handlingsplan bör följa minst en effekt."
        ),
    )
    period_type = forms.ChoiceField(label=_("Periodtyp"), choices=PeriodType.choices)
    chart_type = forms.ChoiceField(
        label=_("Diagram"),
        choices=ChartType.choices,
        help_text=_(
            "Körschema passar de flesta serier. P: andel (antal av nämnare), U: antal per enhet "
            "(antal och exponering); båda kräver en nämnare per värde."
        ),
    )
    baseline_period = forms.CharField(
        label=_("Basperiod"),
        required=False,
        max_length=20,
        help_text=_(
            "Utgångsläget som förändringen mäts från, t.ex. 2020, 2021-K1, 2021-03 eller 2021-V05."
        ),
    )
    target = NumberField(
        label=_("Målvärde"), required=False, max_length=30, help_text=_("Decimalkomma går bra.")
    )
    target_note = forms.CharField(label=_("Om målet"), required=False, max_length=300)
    decimals = forms.IntegerField(
        label=_("Decimaler som visas"), min_value=0, max_value=4, initial=1
    )
    source = forms.CharField(label=_("Källa"), required=False, max_length=300)
    kolada_kpi = forms.CharField(
        label=_("Kolada-id (om värdena kommer från Kolada)"), required=False, max_length=20
    )

    @classmethod
    def initial_for(cls, indicator) -> dict:
        initial = {name: getattr(indicator, name) for name in cls.base_fields}
        initial["target"] = (
            ""
            if indicator.target is None
            else format_number(indicator.target, decimals_of(indicator.target))
        )
        return initial


class ValuesForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        required=False,
        help_text=_(
            "Kolumner: period, value och vid P- och U-diagram denominator. Semikolon eller komma, UTF-8 eller Windows-1252."
        ),
    )
    text = forms.CharField(
        label=_("Eller klistra in värden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "En rad per period: period;värde eller period;antal;nämnare, t.ex. 2023-03;84,5."
        ),
    )
    replace = forms.BooleanField(
        label=_("Ersätt hela serien (perioder som inte finns med tas bort)"), required=False
    )


class PhaseForm(forms.Form):
    start_period = forms.CharField(label=_("Från period"), max_length=20)
    name = forms.CharField(
        label=_("Vad ändrades?"),
        max_length=200,
        help_text=_("T.ex. ”Nytt arbetssätt med fast omsorgskontakt”."),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TableDefinitionForm(forms.Form):
    file = forms.FileField(
        label=_("Definition (YAML)"),
        help_text=_(
            "Nyckeltal, beräknade nyckeltal, målvärden och jämförbarhet; se docs/formats/key-ratios.md."
        ),
    )


class TableImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med nyckeltal (CSV eller XLSX)"),
        help_text=_(
            "Excel-mallen från tabellens sida, eller lång form med kolumnerna organisation, "
            "nyckeltal, år och värde (valfritt enhet, källa, kommentar), eller bred form med en "
            "kolumn per nyckeltal eller per organisation."
        ),
    )
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1900,
        max_value=2200,
        help_text=_("Behövs om filen saknar kolumnen år."),
    )
    source = forms.CharField(label=_("Källa för värdena"), required=False, max_length=300)
    create_metrics = forms.BooleanField(
        label=_("Skapa nyckeltal som inte finns i tabellen"), required=False
    )


class PeerGroupForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Grund"), choices=PeerGroup.Kind.choices)
    criterion = forms.CharField(
        label=_("Urval"),
        required=False,
        max_length=40,
        help_text=_(
            "Invånarintervall (t.ex. 20001-50000 eller -20000), länskod (t.ex. 20) eller kommungrupp (t.ex. C9)."
        ),
    )
    members = forms.CharField(
        label=_("Organisationer (handplockad lista)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("En kommunkod eller ett namn per rad."),
    )
    owner = forms.ChoiceField(label=_("Gruppen tillhör"), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, owners=(), allow_shared=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Alla (gemensam grupp)"))] if allow_shared else []
        choices += [(str(o.pk), o.name) for o in owners]
        self.fields["owner"].choices = choices


# --------------------------------------------------------------------------- Kolada

GENDER_CHOICES = [("T", _("Totalt")), ("K", _("Kvinnor")), ("M", _("Män"))]


class KoladaSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök nyckeltal i Kolada"),
        required=False,
        max_length=100,
        help_text=_("Ord i nyckeltalets namn, t.ex. hemtjänst eller invånare."),
    )
    grupp = forms.CharField(
        label=_("Eller sök en nyckeltalsgrupp"),
        required=False,
        max_length=100,
        help_text=_("T.ex. KKiK (Kommunens kvalitet i korthet) eller Öppna jämförelser."),
    )


class KoladaImportForm(forms.Form):
    """What to import and where. The targets and Kolada's groups are offered by the view
    (what the user may change; what Kolada has)."""

    target = forms.ChoiceField(label=_("Importera till"))
    municipalities = forms.CharField(
        label=_("Kommuner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En kommunkod eller ett namn per rad, t.ex. 2029 eller Leksand."),
    )
    groups = forms.MultipleChoiceField(
        label=_("Kommungrupper i Kolada"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alla medlemmar i de valda grupperna importeras."),
    )
    save_groups = forms.BooleanField(
        label=_("Spara de valda grupperna som jämförelsegrupper för tabellens ägare"),
        required=False,
    )
    years = forms.CharField(
        label=_("År"),
        max_length=100,
        help_text=_("Ett år, flera med komma eller ett intervall, t.ex. 2015-2024."),
    )
    genders = forms.MultipleChoiceField(
        label=_("Kön"),
        choices=GENDER_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=["T"],
        help_text=_("Totalt, och kvinnor och män för nyckeltal som Kolada delar upp på kön."),
    )

    def __init__(self, *args, targets=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)
        self.fields["groups"].choices = list(groups)


# --------------------------------------------------------------------------- table form


class TableForm(forms.Form):
    name = forms.CharField(label=_("Tabellens namn"), max_length=200)
    slug = forms.CharField(
        label=_("Kortnamn"),
        max_length=80,
        required=False,
        help_text=_(
            "Används i adressen och på kommandoraden: a–z, 0–9, - och _. Tomt: bildas av namnet."
        ),
    )
    owner = forms.ChoiceField(label=_("Tabellen tillhör"), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(label=_("Källa"), required=False, max_length=300)
    comparability = forms.CharField(
        label=_("Jämförbarhet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Vad som skiljer organisationerna åt och gör siffrorna svåra att jämföra."),
    )

    def __init__(self, *args, owners=(), allow_shared=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Alla (gemensam tabell)"))] if allow_shared else []
        choices += [(o.code, o.name) for o in owners]
        self.fields["owner"].choices = choices


class MetricForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    key = forms.CharField(
        label=_("Nyckel"),
        max_length=80,
        required=False,
        help_text=_("Kolumnrubrik i filer: a–z, 0–9, - och _. Tomt: bildas av namnet."),
    )
    unit = forms.CharField(label=_("Enhet"), max_length=60, required=False)
    decimals = forms.IntegerField(
        label=_("Decimaler"),
        min_value=0,
        max_value=6,
        required=False,
        help_text=_("Tomt: så många decimaler som värdena har."),
    )
    direction = forms.ChoiceField(
        label=_("Vilket håll är bättre?"), choices=Direction.choices, initial=Direction.NEUTRAL
    )
    target = forms.CharField(
        label=_("Målvärde"), max_length=30, required=False, help_text=_("Decimalkomma går bra.")
    )
    target_note = forms.CharField(label=_("Om målet"), max_length=300, required=False)
    group = forms.CharField(
        label=_("Grupp"),
        max_length=100,
        required=False,
        help_text=_("Rubrik som nyckeltalet står under i jämförelsen."),
    )
    kolada = forms.CharField(
        label=_("Kolada-id"),
        max_length=20,
        required=False,
        help_text=_("T.ex. N01951: en import från Kolada fyller då detta nyckeltal."),
    )


class DerivedForm(MetricForm):
    numerator = forms.CharField(
        label=_("Täljare"),
        max_length=500,
        help_text=_("Nycklar eller namn på nyckeltalen ovan, flera med +, t.ex. hr + ekonomi."),
    )
    denominator = forms.CharField(
        label=_("Nämnare"),
        max_length=500,
        required=False,
        help_text=_("Som täljaren; tomt: bara täljaren gånger faktorn."),
    )
    factor = forms.CharField(
        label=_("Faktor"),
        max_length=30,
        required=False,
        help_text=_("T.ex. 100 för ”per 100 medarbetare”; tomt: 1."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kolada"]
        self.fields["decimals"].help_text = _("Tomt: 1 decimal.")


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Anmärkning"), max_length=500)
    organisation = forms.CharField(
        label=_("Gäller organisation"),
        max_length=200,
        required=False,
        help_text=_("Kommunkod eller namn; tomt: gäller alla."),
    )
    metric = forms.CharField(
        label=_("Gäller nyckeltal"),
        max_length=200,
        required=False,
        help_text=_("Nyckel eller namn; tomt: gäller alla nyckeltal."),
    )


MetricFormSet = forms.formset_factory(MetricForm, extra=2, can_delete=True, max_num=200)
DerivedFormSet = forms.formset_factory(DerivedForm, extra=1, can_delete=True, max_num=200)
NoteFormSet = forms.formset_factory(NoteForm, extra=1, can_delete=True, max_num=200)
