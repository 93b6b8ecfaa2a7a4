"""What an organisation decided about its deviations, and why.

Seed 002 goes from the status analysis to a choice (*vägval*): which deviations to work
on, and which to leave for now, consciously. A `Choice` keeps that decision with the
figures as they were when it was made (the data may be revised later), who decided and
when. A decision is never edited away: a new decision on the same deviation `replaces`
the earlier one, which is kept, so the history of what was chosen stays readable.

For a prioritised deviation, a `CauseAnalysis` records what causes it: causes sorted
into areas or a chain of "why?", each with its evidence (figures, survey results,
evaluation findings, observations). It leads to an action plan in follow-up.

Logic lives in `domain/`; these models stay thin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompass.core.models import Tracked


class Choice(Tracked):
    class Decision(models.TextChoices):
        PRIORITISED = "prioritised", _("Prioriteras")
        LEFT = "left", _("Lämnas medvetet")

    class Effort(models.TextChoices):
        SMALL = "small", _("Liten")
        MEDIUM = "medium", _("Medel")
        LARGE = "large", _("Stor")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="status_choices",
        verbose_name=_("organisation"),
    )
    # The deviation, as it was analysed.
    source_kind = models.CharField(max_length=20)
    source_key = models.CharField(max_length=100)
    source_label = models.CharField(_("underlag"), max_length=300)
    metric = models.CharField(max_length=100)
    metric_name = models.CharField(_("nyckeltal"), max_length=300)
    unit = models.CharField(max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(default=1)
    direction = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField(_("år"))
    peers_key = models.CharField(max_length=40)
    peers_label = models.CharField(_("jämförelsegrupp"), max_length=300)
    peers_n = models.PositiveIntegerField(default=0)
    value = models.FloatField(null=True, blank=True)
    median = models.FloatField(null=True, blank=True)
    p25 = models.FloatField(null=True, blank=True)
    p75 = models.FloatField(null=True, blank=True)
    percentile = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    trend_signal = models.CharField(max_length=20, blank=True)
    # The decision.
    decision = models.CharField(_("beslut"), max_length=12, choices=Decision.choices)
    motivation = models.TextField(_("motivering"))
    expected_effect = models.TextField(_("förväntad effekt"), blank=True)
    effort = models.CharField(_("insats"), max_length=8, choices=Effort.choices, blank=True)
    decided_by = models.CharField(
        _("beslutat av"),
        max_length=200,
        help_text=_("Vem som beslutade, t.ex. ”Ledningsgruppen för vård och omsorg”."),
    )
    decided_on = models.DateField(_("beslutsdatum"))
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("ersätter"),
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("vägval")
        verbose_name_plural = _("vägval")
        indexes = [models.Index(fields=["organisation", "source_kind", "source_key", "metric"])]

    def __str__(self) -> str:
        return f"{self.metric_name} {self.year}: {self.get_decision_display()}"

    @property
    def is_prioritised(self) -> bool:
        return self.decision == self.Decision.PRIORITISED


class CauseAnalysis(Tracked):
    class Method(models.TextChoices):
        AREAS = "areas", _("Orsaksområden")
        WHYS = "whys", _("Upprepade varför")

    choice = models.OneToOneField(
        Choice, on_delete=models.CASCADE, related_name="cause_analysis", verbose_name=_("vägval")
    )
    method = models.CharField(_("arbetssätt"), max_length=8, choices=Method.choices)
    problem = models.TextField(
        _("problemet"), help_text=_("Vad är problemet, så konkret som möjligt?")
    )
    conclusion = models.TextField(
        _("slutsats"), blank=True, help_text=_("Vilka orsaker ska åtgärdas först, och varför?")
    )
    plan = models.ForeignKey(
        "followup.ActionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cause_analyses",
        verbose_name=_("handlingsplan"),
    )

    class Meta:
        verbose_name = _("orsaksanalys")
        verbose_name_plural = _("orsaksanalyser")

    def __str__(self) -> str:
        return self.problem[:80]


class Cause(models.Model):
    class Area(models.TextChoices):
        METHODS = "methods", _("Arbetssätt och processer")
        PEOPLE = "people", _("Kompetens och bemanning")
        ORGANISATION = "organisation", _("Organisation och ansvar")
        GOVERNANCE = "governance", _("Styrning och uppföljning")
        RESOURCES = "resources", _("Resurser och verktyg")
        SURROUNDINGS = "surroundings", _("Omvärld och målgrupp")

    analysis = models.ForeignKey(CauseAnalysis, on_delete=models.CASCADE, related_name="causes")
    position = models.PositiveIntegerField(default=0)
    area = models.CharField(_("område"), max_length=14, choices=Area.choices, blank=True)
    text = models.TextField(_("orsak"))

    class Meta:
        ordering = ["analysis", "position", "pk"]
        verbose_name = _("orsak")
        verbose_name_plural = _("orsaker")

    def __str__(self) -> str:
        return self.text[:80]


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FIGURE = "figure", _("Nyckeltal eller indikator")
        SURVEY = "survey", _("Enkätresultat")
        EVALUATION = "evaluation", _("Utvärdering")
        OBSERVATION = "observation", _("Iakttagelse")

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("slag"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("belägg"))
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator"),
    )
    finding = models.ForeignKey(
        "evaluations.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("iakttagelse i utvärdering"),
    )

    class Meta:
        ordering = ["cause", "pk"]
        verbose_name = _("belägg")
        verbose_name_plural = _("belägg")

    def __str__(self) -> str:
        return self.text[:80]
