"""One request for approval and its decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Approval(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Väntar på godkännande")
        APPROVED = "approved", _("Godkänd")
        REJECTED = "rejected", _("Avvisad")
        WITHDRAWN = "withdrawn", _("Återkallad")

    class What(models.TextChoices):
        PUBLISH = "publish", _("publicering")
        RELEASE = "release", _("att släppa resultaten")
        APPROVE = "approve", _("godkännande av kalkylen")

    object_kind = models.CharField(max_length=60)  # "evaluations.evaluation"
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(_("objekt"), max_length=300)
    what = models.CharField(_("gäller"), max_length=10, choices=What.choices)
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begärd av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The names as they were: the report names the two people even if an account is
    # renamed or erased later (a published report is the authority's record of who
    # stood behind it; docs/privacy.md).
    requested_by_name = models.CharField(_("begärd av (namn)"), max_length=200)
    requested_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslutad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by_name = models.CharField(_("beslutad av (namn)"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    reason = models.TextField(_("motivering"), blank=True)
    # What the confirmation page showed when it was approved (key figures), so that the
    # record says what the approver saw.
    shown = models.JSONField(_("visat vid godkännandet"), default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("godkännande")
        verbose_name_plural = _("godkännanden")
        indexes = [models.Index(fields=["object_kind", "object_id", "what"])]
        constraints = [
            models.UniqueConstraint(
                fields=["object_kind", "object_id", "what"],
                condition=Q(state="pending"),
                name="approval_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_label}: {self.get_what_display()} ({self.get_state_display()})"
