"""Running jobs through Django's tasks interface (`django-tasks` with its database
backend): one task, `run_job`, executes any declared job by id.

Exactly once: a worker claims a task row under a row lock (PostgreSQL: SELECT ... FOR
UPDATE SKIP LOCKED; SQLite: an exclusive transaction), and `run_job` additionally moves
the job from "queued" to "running" with one conditional UPDATE, so a task delivered twice
runs the job's function only once per attempt.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task, task_backends

from kompass.core.errors import InputError
from kompass.jobs.definitions import JobContext, definition_of

logger = logging.getLogger("kompass.jobs")

# Errors that another attempt cannot fix: bad input, missing access.
FINAL_ERRORS = (InputError, Http404, PermissionDenied, LookupError, ValueError)


def enqueue(function, *, user, title: str, arguments: dict):
    from kompass.jobs.models import Job

    definition = definition_of(function)
    job = Job.objects.create(
        user=user if user is not None and user.pk else None,
        title=title[:300],
        function=definition.path,
        arguments=arguments,
        language=translation.get_language() or "sv",
        max_attempts=1 + definition.retries,
    )
    submit(job, queue=definition.queue)
    job.refresh_from_db()
    return job


def enqueue_part(function, *, parent, index: int, count: int, arguments: dict):
    """One part of a fanned-out job: run by any worker, for the same user, hidden from
    "Mina jobb" (the person follows the job itself)."""
    from kompass.jobs.models import Job

    definition = definition_of(function)
    job = Job.objects.create(
        user=parent.user,
        parent=parent,
        title=f"{parent.title} ({index}/{count})"[:300],
        function=definition.path,
        arguments=arguments,
        language=parent.language,
        max_attempts=1 + definition.retries,
    )
    submit(job, queue=definition.queue)
    return job


def finish_parent(parent_id) -> None:
    """Complete a fanned-out job whose parts are all done: run its finish function (in
    this worker), then mark it done, or failed with the finish's error."""
    from kompass.jobs.models import Job

    parent = Job.objects.select_related("user").get(pk=parent_id)
    if parent.finished:
        return
    try:
        definition = definition_of(parent.finish_function)
        with translation.override(parent.language):
            definition.function(JobContext(parent), **parent.finish_arguments)
    except Exception as exc:
        with translation.override(parent.language):
            message = _user_message(exc)
        Job.objects.filter(pk=parent.pk).update(
            status=Job.Status.FAILED, error=message, finished_at=timezone.now()
        )
        if not isinstance(exc, FINAL_ERRORS):
            logger.exception("job %s failed while finishing", parent.pk)
        return
    Job.objects.filter(pk=parent.pk).update(
        status=Job.Status.SUCCEEDED, error="", finished_at=timezone.now()
    )


def _part_done(job, *, failed_message: str | None = None) -> None:
    """A part finished (or failed for good): count it on its job under a row lock, so
    exactly one part sees the count reach zero; that one finishes the job."""
    from kompass.jobs.models import Job

    with transaction.atomic():
        parent = Job.objects.select_for_update().get(pk=job.parent_id)
        if failed_message is not None and not parent.finished:
            parent.status, parent.error = Job.Status.FAILED, failed_message
            parent.finished_at = timezone.now()
        parent.parts_left = max(0, parent.parts_left - 1)
        parent.save(update_fields=["parts_left", "status", "error", "finished_at"])
        last = parent.parts_left == 0 and not parent.finished
    if last:
        finish_parent(parent.pk)


def submit(job, *, queue: str = "default", run_after: datetime.datetime | None = None) -> None:
    """Hand the job to the task backend (again, for a retry: after `run_after`)."""
    from kompass.jobs.models import Job

    deferrable = task_backends[run_job.backend].supports_defer
    task_ = run_job.using(queue_name=queue, run_after=run_after if deferrable else None)
    result = task_.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


@task(queue_name="default")
def run_job(job_id: str) -> str:
    return execute(job_id)


def _user_message(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        return "\n".join(exc.messages)
    if isinstance(exc, (Http404, PermissionDenied)):
        return _("Du har inte längre tillgång till det som jobbet gällde.")
    if isinstance(exc, (LookupError, ValueError)):
        return str(exc).strip("'\"")
    return _("Ett oväntat fel stoppade jobbet (%(error)s).") % {"error": type(exc).__name__}


def execute(job_id: str) -> str:
    """Run one attempt of the job; returns what happened ("succeeded", "retry", ...)."""
    from kompass.jobs.models import Job

    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        next_attempt_at=None,
    )
    if not claimed:
        logger.warning("job %s is not queued any more; not run again", job_id)
        return "skipped"
    job = Job.objects.select_related("user").get(pk=job_id)
    try:
        definition = definition_of(job.function)
        with translation.override(job.language):
            definition.function(JobContext(job), **job.arguments)
    except Exception as exc:
        with translation.override(job.language):
            message = _user_message(exc)
        if not isinstance(exc, FINAL_ERRORS) and job.attempts < job.max_attempts:
            delay = definition.delay(job.attempts)
            when = timezone.now() + datetime.timedelta(seconds=delay)
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.QUEUED, error=message, next_attempt_at=when
            )
            logger.warning("job %s failed (attempt %s), retrying", job.pk, job.attempts)
            submit(job, queue=definition.queue, run_after=when)
            return "retry"
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=message, finished_at=timezone.now()
        )
        if not isinstance(exc, FINAL_ERRORS):
            logger.exception("job %s failed", job.pk)
        if job.parent_id:
            _part_done(job, failed_message=message)
        return "failed"
    fanned_out = Job.objects.filter(pk=job.pk).exclude(finish_function="").exists()
    if not fanned_out:
        # A job that fanned out is completed by its last part (`finish_parent`).
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.SUCCEEDED, error="", finished_at=timezone.now()
        )
    if job.parent_id:
        _part_done(job)
    return "succeeded"
