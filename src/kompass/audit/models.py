"""The audit trail's one table. Rows are written by `kompass.audit.trail` only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change: who (a user, or the command line and who ran it), when, which object
    (kind, id and the label it had), what was done, and the changed fields before and
    after (JSON, field by field)."""

    class Action(models.TextChoices):
        CREATE = "create", _("skapad")
        UPDATE = "update", _("ändrad")
        DELETE = "delete", _("borttagen")
        IMPORT = "import", _("importerad")
        STATUS = "status", _("ny status")
        REQUEST = "request", _("begärd granskning")
        APPROVE = "approve", _("godkänd")
        WITHDRAW = "withdraw", _("godkännande återkallat")
        REJECT = "reject", _("avvisad")
        CLOSE = "close", _("stängd")
        RELEASE = "release", _("resultat släppta")
        RETENTION = "retention", _("gallrad enligt lagringsregel")
        ERASE = "erase", _("personuppgifter raderade")
        EXPORT = "export", _("personuppgifter lämnade ut")

    class Via(models.TextChoices):
        USER = "user", _("inloggad användare")
        COMMAND_LINE = "cli", _("kommandoraden")
        SYSTEM = "system", _("systemet")

    at = models.DateTimeField(_("när"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    who = models.CharField(_("vem"), max_length=200)
    via = models.CharField(_("via"), max_length=6, choices=Via.choices, default=Via.USER)
    action = models.CharField(_("händelse"), max_length=12, choices=Action.choices)
    object_kind = models.CharField(_("slag"), max_length=60)
    object_id = models.CharField(_("id"), max_length=64)
    object_label = models.CharField(_("objekt"), max_length=300)
    # The object whose page shows this entry too (a survey for its waves, an evaluation
    # for its notes); the object itself when it stands alone.
    root_kind = models.CharField(max_length=60)
    root_id = models.CharField(max_length=64)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    before = models.JSONField(_("före"), default=dict, blank=True)
    after = models.JSONField(_("efter"), default=dict, blank=True)
    # The object is a person (a user, a membership, a person in the follow-up): the
    # retention rule for audit entries about people applies to it.
    about_person = models.BooleanField(default=False)
    anonymised = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("ändring")
        verbose_name_plural = _("ändringslogg")
        indexes = [
            models.Index(fields=["object_kind", "object_id"]),
            models.Index(fields=["root_kind", "root_id"]),
            models.Index(fields=["organisation", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.who}: {self.action} {self.object_label}"
