"""Surveys: an instrument asked of a cohort of organisations in waves.

The models are thin; the rules live in `domain/`. Answers are stored once per respondent,
packed one byte per item (see `kompass.analytics.survey_counts`), and without anything
that ties them to a person or orders them in time: no timestamp, no invitation, no
session, and a random id (`random_id`) instead of a running number, so the database's
order cannot be laid next to an access log. Personal invitations only record *that*
someone answered. `GroupCounts` is a cache of counts per fine group
that the analysis reads instead of the respondents; `CountsState` says which respondents
it covers.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def random_id() -> int:
    """A random 63-bit primary key (1 .. 2**63 - 1) for responses and free-text answers:
    a running number would tell the order of the answers, and with an access log or the
    moment an invitation turned to "answered", whose answers they are."""
    return secrets.randbelow(2**63 - 1) + 1


def default_min_group() -> int:
    return settings.KOMPASS_MIN_GROUP_SIZE


class Survey(models.Model):
    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("instrument"),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    min_group = models.PositiveSmallIntegerField(
        _("minsta gruppstorlek (k)"),
        default=default_min_group,
        validators=[MinValueValidator(3)],
        help_text=_("Resultat visas bara för grupper med minst så många svar (aldrig under 3)."),
    )
    codebook = models.JSONField(_("kodbok"), default=list)
    attributes = models.JSONField(_("bakgrundsfrågor"), default=list)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="owned_surveys", verbose_name=_("ägare")
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation", through="CohortMember", related_name="surveys"
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)
    config_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "name"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    """An organisation taking part, with its organisation-level attribute values
    (e.g. selected for follow-up: ja/nej)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "organisation"], name="cohort_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} i enkät {self.survey_id}"


class Wave(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    code = models.CharField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=100)
    date = models.DateField(_("datum"))
    opens = models.DateField(_("öppnar"), null=True, blank=True)
    closes = models.DateField(_("stänger"), null=True, blank=True)
    closed = models.BooleanField(_("stängd"), default=False)
    # When the wave was closed and its results released (after a second person approved);
    # retention of its recipient lists and free-text answers counts from then.
    closed_at = models.DateTimeField(_("stängd den"), null=True, blank=True)
    # The instrument version the wave was asked with (the survey's when the wave was
    # added). Its texts and theme names are what the analysis of the wave shows; an
    # instrument in use never changes its codes or scales (a change makes a new version).
    framework = models.ForeignKey(
        "frameworks.Framework",
        on_delete=models.PROTECT,
        related_name="waves",
        verbose_name=_("instrumentversion"),
        null=True,
    )

    class Meta:
        ordering = ["survey", "date", "code"]
        verbose_name = _("omgång")
        verbose_name_plural = _("omgångar")
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="wave_unique_code")]

    def __str__(self) -> str:
        return self.name

    def is_closed(self, today: datetime.date | None = None) -> bool:
        """Closed for good: by the owner, or its last day has passed. Only then are its
        results computed and shown (until then its respondents are only counted)."""
        today = today or timezone.localdate()
        return self.closed or (self.closes is not None and self.closes < today)

    def takes_answers(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.is_closed(today) and (self.opens is None or self.opens <= today)


class Invited(models.Model):
    """How many were asked, per organisation and wave, and per value of the split
    attribute (role) or for all (`group` empty)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invited")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invited")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(max_length=80, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "organisation", "group"], name="invited_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.group or 'alla'}: {self.count}"


class AnswerLink(models.Model):
    """An anonymous link for one organisation and wave: anyone with it may answer while
    it is active (the owner may close a link that went astray)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="links")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(_("öppen"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "organisation"], name="link_unique")]

    def __str__(self) -> str:
        return f"länk {self.organisation_id}/{self.wave_id}"


class PersonalInvitation(models.Model):
    """A personal link. Only a hash of the token is stored (it is shown once), and the
    invitation records whether its holder has answered, never which answers are theirs."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("mottagare"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    answered = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation__name", "label"]

    def __str__(self) -> str:
        return self.label


class Draft(models.Model):
    """Answers saved to finish later. `code` is a random code (anonymous links) or, for a
    personal invitation, a hash of its token that differs from the invitation's own
    (`domain.privacy.draft_key`): nothing stored ties a draft to an invitation or a name.
    Deleted in the transaction that stores the response."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=64, unique=True)
    data = models.JSONField(default=dict)
    updated = models.DateField(auto_now=True)

    def __str__(self) -> str:
        return f"utkast {self.pk}"


class SubmittedDraft(models.Model):
    """A draft code (anonymous links) whose answers were sent, kept only as a hash: when
    its continue-later link is opened again the respondent is told that the answers are
    already in, instead of getting an empty form. Nothing else is kept: no wave, no
    organisation, no date, no reference to the response."""

    code_hash = models.CharField(max_length=64, primary_key=True)

    def __str__(self) -> str:
        return self.code_hash[:8]


class Respondent(models.Model):
    """One response. `key` is, for an imported row, a keyed hash of survey, wave and the
    file's respondent id (`domain.privacy.respondent_keys`: the id itself is not stored),
    or "web:" and a random submission id (which makes a double submit store one
    response). The id is random (`random_id`) and nothing finer than the wave says when
    it came; `counted` only says whether `GroupCounts` includes it yet (it turns true at
    the next reading of the counts, see `domain/counts.py`)."""

    class Source(models.TextChoices):
        IMPORT = "i", _("import")
        WEB = "w", _("webb")

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+", db_index=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    key = models.CharField(max_length=100)
    attrs = models.BinaryField(default=b"")
    answers = models.BinaryField(default=b"")
    source = models.CharField(max_length=1, choices=Source.choices)
    counted = models.BooleanField(default=False, db_default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "wave", "key"], name="respondent_unique_key")
        ]
        indexes = [
            models.Index(
                fields=["survey"], condition=models.Q(counted=False), name="respondent_uncounted"
            )
        ]

    def __str__(self) -> str:
        return f"svarande {self.pk}"


class Comment(models.Model):
    """A free-text answer; shown only for groups that reach the survey's k. Its id is
    random too (`random_id`), so free-text answers have no order of arrival either."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    # DO_NOTHING keeps deleting respondents a single SQL statement (no per-row cascade);
    # comments go first, through their survey or in `domain.surveys.delete_wave`.
    respondent = models.ForeignKey(Respondent, on_delete=models.DO_NOTHING, related_name="comments")
    item = models.CharField(max_length=40)
    text = models.TextField()

    def __str__(self) -> str:
        return self.text[:60]


class GroupCounts(models.Model):
    """Counts of every answer code per item for one fine group (wave, organisation and
    respondent attributes): the table the analysis reads."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+", db_index=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    attrs = models.BinaryField(default=b"")
    respondents = models.PositiveIntegerField()
    counts = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "wave", "organisation", "attrs"], name="groupcounts_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.organisation_id}: {self.respondents}"


class CountsState(models.Model):
    """Which respondents `GroupCounts` covers: how many were counted (those marked
    `counted`), a version that grows with every change of the counts (the results cache
    is keyed on it), and the layout (codebook and attributes) they were counted with (see
    `domain/counts.py`)."""

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, primary_key=True, related_name="counts_state"
    )
    respondents = models.PositiveIntegerField(default=0)
    version = models.PositiveBigIntegerField(default=0)
    layout = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.respondents} svarande"


# Recipient lists and e-mail live in their own module; importing them here makes them
# models of this app.
from kompass.surveys.models_mail import Delivery, Mailing, Recipient, WaveMail  # noqa: E402, F401
from kompass.surveys.models_reports import WaveReportFile  # noqa: E402, F401
