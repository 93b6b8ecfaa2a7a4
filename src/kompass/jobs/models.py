"""A job: long work (many documents, a large import) that a worker runs in the
background, with who started it, its progress and its result files.

The queue itself is Django's tasks interface (the `django-tasks` backport with its
database backend); a `Job` is what the person who started the work sees of it.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def _job_storage():
    return storages["jobs"]


def _file_path(instance, filename: str) -> str:
    return f"{instance.job_id}/{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        SUCCEEDED = "succeeded", _("Klart")
        FAILED = "failed", _("Misslyckades")

    # A random id: job addresses cannot be guessed or counted.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        help_text=_("Den som startade jobbet; tomt för jobb från kommandoraden."),
    )
    title = models.CharField(_("rubrik"), max_length=300)
    function = models.CharField(_("funktion"), max_length=200)
    arguments = models.JSONField(_("argument"), default=dict)
    language = models.CharField(_("språk"), max_length=10, default="sv")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("högst antal försök"), default=1)
    done = models.PositiveIntegerField(_("klart"), default=0)
    total = models.PositiveIntegerField(_("totalt"), null=True, blank=True)
    message = models.CharField(_("meddelande"), max_length=300, blank=True)
    error = models.TextField(_("fel"), blank=True)
    task_id = models.CharField(_("uppgiftens id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    # Fan-out (`JobContext.fan_out`): a part knows its job; the job counts the parts still
    # to finish and names the function that completes it when the last part is done.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts"
    )
    parts_left = models.PositiveIntegerField(default=0)
    finish_function = models.CharField(max_length=200, blank=True)
    finish_arguments = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jobb")
        verbose_name_plural = _("jobb")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class JobFile(models.Model):
    """A result file of a job, kept in the `jobs` storage (under the data directory)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("filnamn"), max_length=255)
    file = models.FileField(storage=_job_storage, upload_to=_file_path, max_length=400)
    mimetype = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("resultatfil")
        verbose_name_plural = _("resultatfiler")

    def __str__(self) -> str:
        return self.name


class PeriodicRun(models.Model):
    """That a periodic job was started for one period (`kompass.jobs.periodic`). The
    unique (job, period) pair lets any number of workers try to start it: the first
    insert wins, the others get an integrity error and start nothing."""

    function = models.CharField(max_length=200)
    period = models.BigIntegerField()  # whole periods since 1970-01-01 UTC
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["function", "period"], name="periodic_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.function} #{self.period}"
