"""Leadership development over time: a management group's assessments against the seven
principles and the dialogue map (framework family `ledarskapsutveckling`), and programme
plans that place activities in the methods table, followed up (principle 7) by a linked
self-assessment survey such as Leda för resultat.

Logic lives in `domain/`; these models stay thin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompass.core.models import Tracked


class Assessment(Tracked):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="leadership_assessments",
        verbose_name=_("organisation"),
    )
    framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        related_name="leadership_assessments",
        verbose_name=_("ramverk"),
    )
    date = models.DateField(_("datum"))
    group = models.CharField(
        _("vem bedömde"),
        max_length=200,
        help_text=_("T.ex. ”Kommunledningsgruppen”."),
    )
    comment = models.TextField(_("kommentar"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["organisation", "date", "pk"]
        verbose_name = _("bedömning av ledarskapsutveckling")
        verbose_name_plural = _("bedömningar av ledarskapsutveckling")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework", "date", "group"],
                name="leadership_assessment_unique_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.date:%Y-%m-%d}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_code = models.CharField(max_length=40)
    value = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item_code"], name="leadership_answer_unique_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.value}"


class ProgrammePlan(Tracked):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="leadership_plans",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    purpose = models.TextField(_("syfte"), blank=True)
    starts_on = models.DateField(_("från"), null=True, blank=True)
    ends_on = models.DateField(_("till"), null=True, blank=True)
    followup_survey = models.ForeignKey(
        "surveys.Survey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppföljning med självskattning"),
        help_text=_("Enkäten vars resultat följer upp programmet (princip 7), t.ex. LfR."),
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["organisation", "-starts_on", "name"]
        verbose_name = _("programplan")
        verbose_name_plural = _("programplaner")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    class Level(models.TextChoices):
        LEADER = "L", _("Ledarutveckling (den enskilda chefen)")
        LEADERSHIP = "S", _("Ledarskapsutveckling (gruppen och organisationen)")

    class Kind(models.TextChoices):
        RELATIONS = "relationer", _("Utvecklande relationer")
        TASKS = "uppgifter", _("Utvecklande arbetsuppgifter")
        FEEDBACK = "feedback", _("Återkoppling")
        COURSES = "kurser", _("Kurser och program")
        SELF = "sjalv", _("Självutveckling")

    plan = models.ForeignKey(ProgrammePlan, on_delete=models.CASCADE, related_name="activities")
    level = models.CharField(_("nivå"), max_length=1, choices=Level.choices)
    kind = models.CharField(_("slags metod"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("aktivitet"), max_length=300)
    when = models.CharField(_("när"), max_length=100, blank=True)
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "level", "kind", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.title
