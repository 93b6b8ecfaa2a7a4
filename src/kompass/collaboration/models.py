"""Collaboration projects (seed 004): partners and their financing, team, steering group,
implementation plan, dated assessments against checklist frameworks with the degree of
success reached and aimed for, and the project's socio-economic account.

Thin on purpose: validation and storage live in `collaboration.domain`, computation in
`kompass.analytics.socio`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompass.core.models import Tracked


class Degree(models.IntegerChoices):
    """Seed 004's three degrees of success (and "not yet")."""

    NONE = 0, _("Ingen eller bara skenbar framgång ännu")
    FIRST = 1, _("Första graden – projektet lyckas")
    SECOND = 2, _("Andra graden – organisationerna använder erfarenheterna")
    THIRD = 3, _("Tredje graden – organisationerna förändras")


class Project(Tracked):
    name = models.CharField(_("namn"), max_length=200)
    purpose = models.TextField(_("syfte och mål"), blank=True)
    target_group = models.TextField(_("målgrupp"), blank=True)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("samverkansprojekt")
        verbose_name_plural = _("samverkansprojekt")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """A partner organisation, its role, its financing share (per cent) and the actor of
    the socio-economic account its money and gains belong to."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="collaborations"
    )
    role = models.CharField(_("roll"), max_length=100, blank=True)
    actor = models.CharField(_("aktör i kalkylen"), max_length=40, blank=True)
    financing_share = models.DecimalField(
        _("finansieringsandel (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="partner_unique_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.organisation}"


class Person(models.Model):
    class Group(models.TextChoices):
        TEAM = "team", _("Projektteam")
        STEERING = "steering", _("Styrgrupp")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="people")
    group = models.CharField(_("grupp"), max_length=10, choices=Group.choices)
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "group", "order"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name


class PlanStep(models.Model):
    """One step of the implementation plan: what, who, by when, how far."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Klar")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plan_steps")
    action = models.CharField(_("åtgärd"), max_length=500)
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True)
    due = models.DateField(_("klart senast"), null=True, blank=True)
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.PLANNED)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order"]
        verbose_name = _("steg i implementeringsplanen")
        verbose_name_plural = _("implementeringsplan")

    def __str__(self) -> str:
        return self.action


class Assessment(models.Model):
    """A dated assessment of a project against a checklist framework."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("datum"))
    degree_reached = models.PositiveSmallIntegerField(
        _("uppnådd grad av framgång"), choices=Degree.choices, default=Degree.NONE
    )
    degree_aimed = models.PositiveSmallIntegerField(
        _("eftersträvad grad av framgång"), choices=Degree.choices, default=Degree.FIRST
    )
    comment = models.TextField(_("kommentar"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "date", "framework"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "framework", "date"], name="assessment_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.date:%Y-%m-%d} ({self.framework})"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_code = models.CharField(_("fråga"), max_length=40)
    value = models.CharField(_("svar"), max_length=20, blank=True)  # "" = unanswered
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_code"], name="answer_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.value}"


class SocioAccount(models.Model):
    """The project's socio-economic account in the file format `kompass-socio/1`
    (docs/formats/socio-account.md). The financing is not kept here: it comes from the
    partners' financing shares, so it is written in one place only."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="account")
    data = models.JSONField(_("kalkyl"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("samverkansbokslut")
        verbose_name_plural = _("samverkansbokslut")

    def __str__(self) -> str:
        return f"{self.project}: {self.data.get('name', '')}"
