"""Follow-up: action plans with actions, the people responsible, and systematic dialogues.

An action plan belongs to an organisation. It may start from an evaluation: then each
improvement opportunity it works on is kept as an `Opportunity` that points at the
evaluation's `Finding` *and* keeps a copy of its text, so the plan still reads right if
the evaluation's texts are edited later. The next evaluation of the same framework family
shows, per earlier improvement opportunity, the actions and their status (see
`domain/followthrough.py`).

Systematic dialogues (seed 001: planned, structured, recurring and documented talks
between a manager and each manager reporting to them, e.g. 6-8 a year) are logged per
`Person`, whose planned frequency decides who is behind (`domain/dialogues.py`).

Logic lives in `domain/`; these models stay thin.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kompass.core.models import Tracked


class Person(models.Model):
    """Someone in the organisation who owns actions or takes part in dialogues: a manager
    (with the number of dialogues planned a year) or another responsible person."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="followup_people",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(
        _("befattning"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. ”Enhetschef hemtjänst Norr” eller ”HR-chef”."),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("närmaste chef"),
        help_text=_("Den som håller de systematiska dialogerna med personen."),
    )
    dialogues_per_year = models.PositiveSmallIntegerField(
        _("planerade dialoger per år"),
        null=True,
        blank=True,
        help_text=_("T.ex. 6–8 för enhetschefer. Tomt: dialogerna följs inte upp."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="followup_person_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name


class ActionPlan(Tracked):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("syfte och bakgrund"), blank=True)
    evaluation = models.ForeignKey(
        "evaluations.Evaluation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("utvärdering"),
        help_text=_("Utvärderingen vars förbättringsmöjligheter planen arbetar med."),
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def __str__(self) -> str:
        return self.title


class Opportunity(models.Model):
    """An improvement opportunity a plan works on: from an evaluation (`finding` set) or
    written by the organisation itself. `text` and `area_*` are copies, so the plan keeps
    its wording even if the finding is later edited or removed."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="opportunities")
    finding = models.ForeignKey(
        "evaluations.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_opportunities",
    )
    area_code = models.CharField(_("område"), max_length=40, blank=True)
    area_name = models.CharField(_("områdets namn"), max_length=200, blank=True)
    text = models.TextField(_("förbättringsmöjlighet"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("förbättringsmöjlighet i plan")
        verbose_name_plural = _("förbättringsmöjligheter i plan")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "finding"],
                condition=models.Q(finding__isnull=False),
                name="followup_opportunity_unique_finding",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return f"{self.area_code}. {self.text}" if self.area_code else self.text


class Action(Tracked):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Klar")
        CANCELLED = "cancelled", _("Avbruten")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("förbättringsmöjlighet"),
    )
    title = models.CharField(_("åtgärd"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="actions", verbose_name=_("ansvarig")
    )
    start_date = models.DateField(_("startdatum"))
    due_date = models.DateField(_("klart senast"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("klar datum"), null=True, blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="followup_actions",
        verbose_name=_("indikatorer"),
    )

    class Meta:
        ordering = ["plan", "due_date", "pk"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)


class ActionNote(models.Model):
    """A dated note on an action, possibly with a status change: the action's history."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("anteckning"), blank=True)
    status_from = models.CharField(max_length=12, blank=True, choices=Action.Status.choices)
    status_to = models.CharField(max_length=12, blank=True, choices=Action.Status.choices)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("anteckning")
        verbose_name_plural = _("anteckningar")

    # The note Kompass writes when an action is added (stored in Swedish, shown in the
    # reader's language by `shown_text`).
    ADDED = gettext_noop("Åtgärden lades till.")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.text[:60]}"

    @property
    def shown_text(self) -> str:
        """The note as the reader sees it: Kompass's own note in their language, what
        people wrote as written."""
        return gettext(self.text) if self.text == self.ADDED else self.text


class Dialogue(Tracked):
    """One systematic dialogue with a manager: planned, then held (or cancelled)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="followup_dialogues",
        verbose_name=_("organisation"),
    )
    manager = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="dialogues",
        verbose_name=_("chef"),
        help_text=_("Den chef dialogen hålls med."),
    )
    held_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogues_led",
        verbose_name=_("leds av"),
    )
    planned_on = models.DateField(_("planerat datum"), null=True, blank=True)
    held_on = models.DateField(_("hölls"), null=True, blank=True)
    cancelled = models.BooleanField(_("inställd"), default=False)
    participants = models.JSONField(_("övriga deltagare"), default=list, blank=True)
    agenda = models.TextField(_("dagordning"), blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    agreements = models.JSONField(_("överenskomna uppföljningar"), default=list, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("dialog")
        verbose_name_plural = _("dialoger")
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        when = self.held_on or self.planned_on
        return f"{self.manager.name} {when:%Y-%m-%d}" if when else self.manager.name

    @property
    def date(self):
        return self.held_on or self.planned_on
