"""Recipient lists and e-mail: who is asked in a wave, what they are sent and what the
mail server said. Imported by `models.py` (the models belong to the surveys app).

A recipient list is personal data (e-mail addresses): it is kept while the wave runs and
deleted a set period after the wave ends (`kompass.surveys.retention`, docs/privacy.md).
A recipient holds a personal invitation (`PersonalInvitation`), which records only
*that* its holder answered; no response refers to a recipient, an invitation or a mail.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return secrets.token_hex(16)


class Recipient(models.Model):
    """One person asked in a wave. The personal link's token is derived from `secret`
    and the server's SECRET_KEY (`domain.recipients.token_of`), so the link can be sent
    again in a reminder while the database alone holds no working link."""

    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey("surveys.Wave", on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-postadress"), max_length=254)
    # Respondent-level attribute values from the list ({"role": "ledning"}): the groups
    # of the invited counts and the live response rates.
    values = models.JSONField(default=dict, blank=True)
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    invitation = models.OneToOneField(
        "surveys.PersonalInvitation", on_delete=models.CASCADE, related_name="recipient"
    )
    opted_out = models.BooleanField(_("avanmäld"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "email"]
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        constraints = [
            models.UniqueConstraint(fields=["wave", "email"], name="recipient_unique_email")
        ]

    def __str__(self) -> str:
        return self.email


class WaveMail(models.Model):
    """The organiser's mail texts for a wave (Swedish; English optional, sent below the
    Swedish) and the reminder schedule in days after the invitations went out."""

    wave = models.OneToOneField("surveys.Wave", on_delete=models.CASCADE, related_name="mail")
    invitation_subject = models.CharField(_("ämne för inbjudan"), max_length=200)
    invitation_body = models.TextField(_("text för inbjudan"))
    invitation_subject_en = models.CharField(max_length=200, blank=True)
    invitation_body_en = models.TextField(blank=True)
    reminder_subject = models.CharField(_("ämne för påminnelse"), max_length=200)
    reminder_body = models.TextField(_("text för påminnelse"))
    reminder_subject_en = models.CharField(max_length=200, blank=True)
    reminder_body_en = models.TextField(blank=True)
    reminder_days = models.JSONField(_("påminnelsedagar"), default=list, blank=True)

    def __str__(self) -> str:
        return f"utskick {self.wave_id}"


class Mailing(models.Model):
    """One round of mail in a wave: the invitations (number 0, one round per wave, to
    which later recipients are added) or reminder number 1, 2, ...; `day` is the
    scheduled day that started a reminder (None: started by hand)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("inbjudan")
        REMINDER = "reminder", _("påminnelse")

    wave = models.ForeignKey("surveys.Wave", on_delete=models.CASCADE, related_name="mailings")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(default=0)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["wave", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "kind", "number"], name="mailing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class Delivery(models.Model):
    """One mail of a round to one recipient. `sent` is set only after the mail server
    accepted the message; `sending` means handed over and not yet confirmed (a worker
    that died in between leaves it so, and it is not sent again without a person's say)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("väntar")
        SENDING = "sending", _("skickas")
        SENT = "sent", _("skickat")
        FAILED = "failed", _("misslyckades")
        SKIPPED = "skipped", _("hoppades över")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    claim = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "recipient"], name="delivery_unique"),
        ]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.status}"
