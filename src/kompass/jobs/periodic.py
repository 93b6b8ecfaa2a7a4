"""Periodic jobs: a job declared with `@job(every=timedelta(days=1))` is started once per
period by whichever worker looks first.

Every running `kompass worker` calls `start_due()` when it starts and then once a minute
(from a thread beside the task loop). Periods are counted from 1970-01-01 UTC, so "every
day" means once per UTC day. A `PeriodicRun` row per (job, period), unique in the
database, makes the start happen once however many workers look: the first insert wins.
A day when no worker runs is skipped, not made up twice: the next period runs the job,
and the retention job, for one, catches up by itself because it deletes by age.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from kompass.jobs.definitions import periodic_definitions

logger = logging.getLogger("kompass.jobs")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def period_of(now: datetime.datetime, every: datetime.timedelta) -> int:
    return int((now - EPOCH) // every)


def start_due(*, now: datetime.datetime | None = None) -> list:
    """Start every periodic job whose current period has not been started; returns the
    jobs started (by this call)."""
    from kompass.jobs.models import PeriodicRun
    from kompass.jobs.runner import enqueue

    now = now or timezone.now()
    started = []
    for definition in periodic_definitions():
        period = period_of(now, definition.every)
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(function=definition.path, period=period)
        except IntegrityError:
            continue  # another worker (or an earlier look) started it
        title = (definition.function.__doc__ or definition.path).strip().splitlines()[0]
        job = enqueue(definition.function, user=None, title=title[:300], arguments={})
        PeriodicRun.objects.filter(pk=run.pk).update(job=job)
        logger.info("periodic job %s started for period %s", definition.path, period)
        started.append(job)
    return started
