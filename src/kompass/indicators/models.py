"""Key ratios and indicators.

Two kinds of figures live here:

* **Key ratios** (nyckeltal): yearly figures per organisation, collected in a
  `RatioTable` (a benchmark such as the Lund review of 2020, or the figures fetched
  from Kolada). A table defines its `Metric`s; some metrics are *derived* (a ratio of
  other metrics, defined as data: numerator keys, denominator keys, factor), so
  "employees per manager" is computed, never typed. Comparability notes stay beside the
  figures (`Value.note`, `ComparabilityNote`).
* **Indicators** (indikatorer): an organisation's own measures followed over time
  (year, quarter, month or week), with a baseline, a target and phases, drawn as run
  and control charts by `kompass.analytics.spc`.

Logic lives in `indicators/domain/`; these models stay thin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompass.core.models import Tracked


class Direction(models.TextChoices):
    """Which way is an improvement."""

    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")
    NEUTRAL = "neutral", _("Varken högre eller lägre är bättre")


class Perspective(models.TextChoices):
    """The five perspectives of balanced measurement (seed 002, after Region Jönköping)."""

    CITIZEN = "citizen", _("Medborgare/kund (effekter)")
    EFFICIENCY = "efficiency", _("Effektivitet (kostnad och flöde)")
    STAFF = "staff", _("Medarbetare")
    LEARNING = "learning", _("Lärande och förnyelse")
    ECONOMY = "economy", _("Ekonomi")


class Measures(models.TextChoices):
    """What an indicator measures (seed 002: effects, not only activities)."""

    EFFECT = "effect", _("Effekt")
    ACTIVITY = "activity", _("Aktivitet")


class PeriodType(models.TextChoices):
    YEAR = "year", _("År")
    QUARTER = "quarter", _("Kvartal")
    MONTH = "month", _("Månad")
    WEEK = "week", _("Vecka")


class ChartType(models.TextChoices):
    RUN = "run", _("Körschema (median)")
    I = "i", _("Styrdiagram I/XmR")  # noqa: E741
    P = "p", _("Styrdiagram P (andel)")
    U = "u", _("Styrdiagram U (antal per enhet)")


# --------------------------------------------------------------------------- indicators


class Indicator(Tracked):
    """A measure an organisation follows over time, e.g. "Andel nöjda brukare"."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.CharField(
        _("enhet"), max_length=60, blank=True, help_text=_("T.ex. ”%”, ”dagar”, ”kr”.")
    )
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(
        _("källa"), max_length=300, blank=True, help_text=_("Varifrån värdena kommer.")
    )
    kolada_kpi = models.CharField(
        _("Kolada-id"), max_length=20, blank=True, help_text=_("T.ex. N00945, om från Kolada.")
    )
    perspective = models.CharField(_("perspektiv"), max_length=12, choices=Perspective.choices)
    measures = models.CharField(
        _("mäter"),
        max_length=10,
        choices=Measures.choices,
        blank=True,
        help_text=_(
            "Effekt: vad de som verksamheten finns till för kan göra eller uppleva. "
            "Aktivitet: vad verksamheten gör eller levererar."
        ),
    )
    period_type = models.CharField(
        _("periodtyp"), max_length=8, choices=PeriodType.choices, default=PeriodType.YEAR
    )
    chart_type = models.CharField(
        _("diagramtyp"), max_length=3, choices=ChartType.choices, default=ChartType.RUN
    )
    baseline_period = models.CharField(
        _("basperiod"),
        max_length=10,
        blank=True,
        help_text=_("Perioden som förändringen mäts från, t.ex. 2020, 2021-K1, 2021-03, 2021-V05."),
    )
    target = models.FloatField(_("målvärde"), null=True, blank=True)
    target_note = models.CharField(_("om målet"), max_length=300, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=1)
    is_example = models.BooleanField(
        _("exempeldata"),
        default=False,
        help_text=_("Syntetiska data för demonstration; märks ”Exempeldata” överallt."),
    )

    class Meta:
        ordering = ["organisation__name", "perspective", "name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="indicator_unique_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class IndicatorValue(models.Model):
    """One period's value. `period` is the canonical label (2023, 2023-K1, 2023-03,
    2023-V05); `period_start` orders the series. `denominator` is the number of cases
    (P chart) or the exposure (U chart)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indikator")
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("periodens början"))
    value = models.FloatField(_("värde"))
    denominator = models.FloatField(_("nämnare"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="indicator_value_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period}: {self.value}"


class IndicatorPhase(models.Model):
    """A change in the process from `start_period` on (e.g. a new working method); the
    charts recalculate the centre line and limits from here."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="phases", verbose_name=_("indikator")
    )
    start_period = models.CharField(_("från period"), max_length=10)
    start_date = models.DateField(_("periodens början"))
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        ordering = ["indicator", "start_date"]
        verbose_name = _("fas")
        verbose_name_plural = _("faser")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "start_period"], name="indicator_phase_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.name} från {self.start_period}"


# --------------------------------------------------------------------------- key ratios


class RatioTable(Tracked):
    """A set of key ratios for several organisations, e.g. a benchmark or a Kolada
    extract. `owner` decides who may read it; without an owner the table is public to
    every logged-in user and only administrators change it."""

    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ratio_tables",
        verbose_name=_("ägare"),
    )
    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    comparability = models.TextField(
        _("jämförbarhet"),
        blank=True,
        help_text=_("Vad som skiljer organisationerna åt och gör siffrorna svåra att jämföra."),
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("nyckeltalstabell")
        verbose_name_plural = _("nyckeltalstabeller")

    def __str__(self) -> str:
        return self.name


class Metric(models.Model):
    """A key ratio of a table. Reported metrics carry `Value`s; derived metrics are
    computed as factor x sum(numerator) / sum(denominator) over other metrics' keys."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Rapporterat")
        DERIVED = "derived", _("Beräknat")

    table = models.ForeignKey(
        RatioTable, on_delete=models.CASCADE, related_name="metrics", verbose_name=_("tabell")
    )
    key = models.SlugField(_("nyckel"), max_length=80)
    name = models.CharField(_("namn"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices, default=Kind.REPORTED)
    numerator = models.JSONField(_("täljare"), default=list, blank=True)
    denominator = models.JSONField(_("nämnare"), default=list, blank=True)
    factor = models.FloatField(_("faktor"), default=1)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=1)
    # Decimals not chosen by anyone: they follow the figures (the most decimals any stored
    # value of the metric has, at most 3), so 249,5 is never shown as 250.
    auto_decimals = models.BooleanField(_("decimaler efter värdena"), default=False)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.NEUTRAL
    )
    target = models.FloatField(_("målvärde"), null=True, blank=True)
    target_note = models.CharField(_("om målet"), max_length=300, blank=True)
    group = models.CharField(
        _("grupp"), max_length=100, blank=True, help_text=_("Rubrik i jämförelsetabellen.")
    )
    kolada_kpi = models.CharField(_("Kolada-id"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["table", "order", "name"]
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        constraints = [
            models.UniqueConstraint(fields=["table", "key"], name="metric_unique_key_per_table")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_derived(self) -> bool:
        return self.kind == self.Kind.DERIVED


class Value(models.Model):
    """A reported figure: one organisation, one metric, one year."""

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="values", verbose_name=_("nyckeltal")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="ratio_values",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.FloatField(_("värde"))
    source = models.CharField(_("källa"), max_length=300, blank=True)
    note = models.CharField(
        _("anmärkning"), max_length=300, blank=True, help_text=_("T.ex. ”8+3”, ”67 enhetschefer”.")
    )

    class Meta:
        ordering = ["metric", "organisation__name", "year"]
        verbose_name = _("nyckeltalsvärde")
        verbose_name_plural = _("nyckeltalsvärden")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "organisation", "year"], name="ratio_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric.name} {self.organisation.name} {self.year}: {self.value}"


class ComparabilityNote(models.Model):
    """Why figures may not compare: for an organisation's scope ("Endast äldreomsorg"),
    for a metric, or both. Shown next to the figures, never in a footnote far away."""

    table = models.ForeignKey(
        RatioTable, on_delete=models.CASCADE, related_name="notes", verbose_name=_("tabell")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    metric = models.ForeignKey(
        Metric,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("nyckeltal"),
    )
    text = models.CharField(_("anmärkning"), max_length=500)

    class Meta:
        ordering = ["table", "organisation__name", "id"]
        verbose_name = _("jämförbarhetsanmärkning")
        verbose_name_plural = _("jämförbarhetsanmärkningar")

    def __str__(self) -> str:
        return self.text
