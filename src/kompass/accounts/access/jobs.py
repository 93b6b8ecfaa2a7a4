"""Background jobs: a job and its result files belong to the user who started it
(administrators see every job). Everyone else gets 404, as for any object they may not
read; nobody "edits" a job."""

import uuid

from kompass.jobs.models import Job


def visible_jobs(user):
    qs = Job.objects.all()
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(user=user)


def own_jobs(user):
    """The jobs `user` started (the "Mina jobb" page, also for administrators)."""
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(user=user)


def can_see_job(user, job: Job) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_administrator or job.user_id == user.pk)


def lookup_job(key) -> Job | None:
    try:
        uuid.UUID(str(key))
    except ValueError:
        return None
    return Job.objects.filter(pk=key).first()
