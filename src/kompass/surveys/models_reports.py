"""The reports of a closed wave, built all at once (`kompass.surveys.jobs`): each file
kept for the organisation it is about (None: the cohort report), so that organisation's
owners can fetch theirs on its download page. Imported by `models.py`."""

from __future__ import annotations

from django.core.files.storage import storages
from django.db import models


def _storage():
    return storages["jobs"]


def _path(instance, filename: str) -> str:
    return f"enkater/{instance.survey_id}/{instance.job_id}/{filename}"


class WaveReportFile(models.Model):
    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey("surveys.Wave", on_delete=models.CASCADE, related_name="report_files")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, related_name="+")
    fmt = models.CharField(max_length=8)
    name = models.CharField(max_length=255)
    file = models.FileField(storage=_storage, upload_to=_path, max_length=400)
    mimetype = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "name"]

    def __str__(self) -> str:
        return self.name
