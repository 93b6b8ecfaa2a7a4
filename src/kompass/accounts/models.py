"""Users and what they may reach: administrators, evaluators and organisation members."""

import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def new_session_generation() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    """A person who logs in. Administrators are superusers; evaluators are flagged."""

    is_evaluator = models.BooleanField(
        _("utvärderare"),
        default=False,
        help_text=_("Får tilldelas utvärderingar och sätta poäng i dem."),
    )
    session_generation = models.CharField(
        max_length=32,
        default=new_session_generation,
        editable=False,
        help_text="Part of every session's check value; a new value ends all sessions.",
    )
    # The interface language the user last chose; empty until they choose one. Kept on the
    # user, not only in a browser cookie, so it follows them to every device they sign in on.
    language = models.CharField(
        _("språk"),
        max_length=8,
        blank=True,
        default="",
        choices=[("sv", "Svenska"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.is_superuser

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        # Django checks this value on every request against the one stored at sign-in
        # (and flushes the session when they differ). Besides the password it covers the
        # session generation, so "sign out everywhere" only has to change the generation.
        return salted_hmac(
            "kompass.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


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
    from_sign_in_rule = models.BooleanField(
        _("från inloggningsregel"),
        default=False,
        help_text=_(
            "Satt av en regel för gruppanspråk vid inloggning; ändras eller tas bort vid nästa inloggning."
        ),
    )

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


class SignInRule(models.Model):
    """Maps one group value from an identity provider to what it grants in Kompass.

    Applied at every sign-in through that provider: the user gets exactly what the rules
    matching their groups grant (memberships added, changed and removed; the evaluator
    and administrator flags set or cleared). A sign-in whose groups match no rule is
    refused.
    """

    provider = models.CharField(
        _("identitetsleverantör"),
        max_length=40,
        help_text=_("Leverantörens id som det står i KOMPASS_OIDC_PROVIDERS."),
    )
    claim_value = models.CharField(
        _("gruppvärde"),
        max_length=255,
        help_text=_("Värdet i leverantörens gruppanspråk, t.ex. gruppens namn eller objekt-id."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sign_in_rules",
    )
    role = models.CharField(_("roll"), max_length=10, choices=Membership.Role.choices, blank=True)
    grants_evaluator = models.BooleanField(_("ger utvärderarroll"), default=False)
    grants_administrator = models.BooleanField(_("ger administratörsroll"), default=False)

    class Meta:
        verbose_name = _("inloggningsregel")
        verbose_name_plural = _("inloggningsregler")
        ordering = ["provider", "claim_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "claim_value", "organisation"], name="sign_in_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.claim_value}"

    def clean(self) -> None:
        if self.organisation_id and not self.role:
            raise ValidationError({"role": _("Välj vilken roll gruppen ger i organisationen.")})
        if self.role and not self.organisation_id:
            raise ValidationError({"organisation": _("Välj organisationen som rollen gäller.")})
        if not (self.organisation_id or self.grants_evaluator or self.grants_administrator):
            raise ValidationError(
                _(
                    "Regeln ger ingenting: välj en organisation och roll, utvärderarroll eller administratörsroll."
                )
            )


class ApiToken(models.Model):
    """A personal key for scripts calling the API as its user. Only a SHA-256 digest of the
    key is stored (the key is random and long, so a slow hash adds nothing); the key is
    shown once when it is created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("början av nyckeln"), max_length=16)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
