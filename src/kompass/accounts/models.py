"""Users and what they may reach: administrators, evaluators and organisation members."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Administrators are superusers; evaluators are flagged."""

    is_evaluator = models.BooleanField(
        _("utvärderare"),
        default=False,
        help_text=_("Får tilldelas utvärderingar och sätta poäng i dem."),
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.is_superuser

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one organisation. Readers read, editors also change, owners also
    manage the organisation's members."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Ägare")
        EDITOR = "editor", _("Redigerare")
        READER = "reader", _("Läsare")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices, default=Role.READER)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role in (self.Role.OWNER, self.Role.EDITOR)
