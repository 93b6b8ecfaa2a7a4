"""Expert evaluations (Kommunkompassen and other points-based frameworks).

Exact scores are stored per sub-area; what is shown comes from
`kompass.analytics.scoring.shown_scores` (see `domain/scores.py`). Every change to a
score or a text goes through `domain/` functions, which record it in the audit trail
(`kompass.audit`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompass.core.models import Tracked


class Evaluation(Tracked):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        REVIEW = "review", _("Granskning")
        PUBLISHED = "published", _("Publicerad")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("organisation"),
    )
    framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("ramverk"),
    )
    date = models.DateField(_("utvärderingsdatum"))
    fieldwork = models.CharField(
        _("genomförd"),
        max_length=100,
        blank=True,
        help_text=_("När utvärderingen gjordes, t.ex. ”augusti 2023”."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_evaluations",
        verbose_name=_("tilldelade utvärderare"),
    )
    evaluator_names = models.JSONField(_("utvärderare (namn)"), default=list, blank=True)
    evaluator_organisation = models.CharField(
        _("utvärderarnas organisation"), max_length=200, blank=True
    )
    interviewees = models.PositiveIntegerField(_("antal intervjuade"), null=True, blank=True)
    interview_groups = models.JSONField(_("intervjuade grupper"), default=list, blank=True)
    documents_reviewed = models.JSONField(_("granskade dokument"), default=list, blank=True)
    method = models.TextField(_("genomförande"), blank=True)
    summary = models.TextField(_("sammanfattande kommentarer"), blank=True)
    is_example = models.BooleanField(
        _("exempeldata"),
        default=False,
        help_text=_("Syntetiska data för demonstration; märks ”Exempeldata” överallt."),
    )
    source_checksum = models.CharField(max_length=64, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "organisation__name"]
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        indexes = [
            models.Index(fields=["framework", "status"]),
            models.Index(fields=["organisation", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} {self.date:%Y} ({self.framework.name})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def earlier(self):
        """Evaluations of the same organisation with the same family of framework, before this."""
        return (
            Evaluation.objects.filter(
                organisation_id=self.organisation_id,
                framework__family=self.framework.family,
                date__lt=self.date,
            )
            .exclude(pk=self.pk)
            .order_by("-date")
        )

    @property
    def is_first(self) -> bool:
        """First evaluation, derived from history: no earlier one of the same organisation."""
        return not self.earlier().exists()


class SubareaScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    code = models.CharField(max_length=40)
    score = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="score_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.score}"


class Evidence(models.Model):
    """A note behind a score, tagged by where it came from."""

    class Source(models.TextChoices):
        INTERVIEW = "interview", _("Intervju")
        DOCUMENT = "document", _("Styrdokument")
        WEBSITE = "website", _("Webbplats/sociala medier")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evidence")
    subarea_code = models.CharField(max_length=40)
    source = models.CharField(_("källa"), max_length=12, choices=Source.choices)
    text = models.TextField(_("anteckning"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subarea_code", "created_at", "pk"]
        verbose_name = _("underlag")
        verbose_name_plural = _("underlag")

    def __str__(self) -> str:
        return f"{self.subarea_code} ({self.source}): {self.text[:60]}"


class AreaText(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="area_texts")
    area_code = models.CharField(max_length=40)
    analysis = models.TextField(_("sammanfattande analys"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "area_code"], name="areatext_unique")
        ]

    def __str__(self) -> str:
        return f"{self.area_code}: {self.analysis[:60]}"


class Finding(models.Model):
    """A strength or an improvement opportunity of one area. Improvement opportunities are
    what action plans start from (followup app), and what the next evaluation follows up."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Styrka")
        IMPROVEMENT = "improvement", _("Förbättringsmöjlighet")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    area_code = models.CharField(max_length=40)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["area_code", "kind", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class GoodExample(models.Model):
    """Another organisation named as a good example for an area (and a sub-area)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="good_examples"
    )
    area_code = models.CharField(max_length=40)
    subarea_code = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(max_length=200)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["area_code", "pk"]

    def __str__(self) -> str:
        return self.name
