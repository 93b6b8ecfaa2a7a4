"""Retention rules an administrator edits: how long each kind of personal data is kept
(`kompass.core.retention.KINDS`). A kind without a rule keeps the period from
KOMPASS_RETENTION_DAYS or the built-in default."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompass.core.retention import KINDS


def check_days(value) -> None:
    if value is None or value < 1:
        raise ValidationError(
            _(
                "Lagringstiden måste vara minst en dag. Noll eller ett negativt antal dagar "
                "skulle radera uppgifterna direkt; ta bort regeln för att använda standardtiden."
            ),
            code="retention_days",
        )


class RetentionRule(models.Model):
    kind = models.CharField(
        _("sorts personuppgifter"),
        max_length=40,
        unique=True,
        choices=[(k, label) for k, (label, _days) in KINDS.items()],
    )
    # An IntegerField (not a positive one) so that zero and negative values reach the
    # validator and its Swedish message instead of a database error.
    days = models.IntegerField(
        _("lagringstid (dagar)"),
        validators=[check_days],
        help_text=_("Räknas från den tidpunkt som står i dataskyddsbeskrivningen för varje slag."),
    )
    reason = models.CharField(
        _("beslut eller motivering"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. diarienumret på nämndens dokumenthanteringsplan."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lagringsregel")
        verbose_name_plural = _("lagringsregler")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days}"

    def clean(self) -> None:
        check_days(self.days)
