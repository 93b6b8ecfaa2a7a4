"""Which functions are jobs, and what a running job may do (report progress, add files).

A job function takes a `JobContext` and keyword arguments that are plain JSON. It is
found again in the worker by its dotted path, and only functions declared with `@job`
are run: a job row cannot name arbitrary code.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

QUEUES = ("default", "export", "import")


@dataclass(frozen=True)
class JobDefinition:
    function: Callable
    path: str
    retries: int = 0  # attempts after the first when it fails unexpectedly
    backoff: float = 30.0  # seconds before the first retry; doubled for each later one
    queue: str = "default"
    # A periodic job: the worker starts it once per period (`kompass.jobs.periodic`).
    every: datetime.timedelta | None = None

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1, 2, ...)."""
        return self.backoff * 2 ** (attempt - 1)


_definitions: dict[str, JobDefinition] = {}


def job(
    *,
    retries: int = 0,
    backoff: float = 30.0,
    queue: str = "default",
    every: datetime.timedelta | None = None,
):
    """Declare a job function. `retries` only covers unexpected errors (a lost database
    connection, a full disk); bad input (InputError) and missing access fail at once.
    `every` makes it periodic: running workers start it once per period (it then takes
    no arguments and acts as the system)."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    if every is not None and every < datetime.timedelta(minutes=1):
        raise ValueError("a periodic job runs at most once a minute")

    def register(function: Callable) -> Callable:
        path = f"{function.__module__}.{function.__qualname__}"
        _definitions[path] = JobDefinition(function, path, retries, backoff, queue, every)
        function.job_path = path
        return function

    return register


def periodic_definitions() -> list[JobDefinition]:
    return [d for d in _definitions.values() if d.every is not None]


def definition_of(function_or_path) -> JobDefinition:
    path = function_or_path
    if callable(path):
        path = getattr(path, "job_path", f"{path.__module__}.{path.__qualname__}")
    if path not in _definitions:
        module, _, _name = str(path).rpartition(".")
        with contextlib.suppress(ImportError, ValueError):
            importlib.import_module(module)
    try:
        return _definitions[path]
    except KeyError:
        raise LookupError(f"{path} är inget jobb (saknar @job)") from None


class JobContext:
    """Handed to a running job: who it runs for, and how it reports back."""

    # Progress is written at most this often (seconds), and always at the end.
    PROGRESS_INTERVAL = 0.5

    def __init__(self, job):
        self.job = job
        self._last_write = 0.0

    @property
    def user(self):
        """The user the job acts for; a job from the command line acts as the trusted
        command line (like `kompass report`)."""
        if self.job.user is not None:
            return self.job.user
        from kompass.accounts.models import User

        return User(username="kompass", is_superuser=True, is_active=True)

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        from kompass.jobs.models import Job

        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last_write < self.PROGRESS_INTERVAL:
            return
        self._last_write = now
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message[:300])

    def advance(self, step: int = 1, message: str = "") -> None:
        """A part's progress counted on its job (the one the person follows)."""
        from django.db.models import F

        from kompass.jobs.models import Job

        target = self.job.parent_id or self.job.pk
        Job.objects.filter(pk=target).update(done=F("done") + step, message=message[:300])

    def fan_out(
        self, function, parts: list[dict], *, finish, total: int | None = None, **finish_arguments
    ) -> None:
        """Split the job into parts that any worker may run at the same time: `function`
        (a `@job`) once per dict of arguments in `parts`. When the last part is done,
        `finish(ctx, **finish_arguments)` completes this job (e.g. zips what the parts
        made) in the worker that ran that part, and the job is done; if a part fails for
        good, the job fails. `total` is the progress to expect (parts call `advance`)."""
        from kompass.jobs.models import Job
        from kompass.jobs.runner import enqueue_part

        finish_path = definition_of(finish).path
        Job.objects.filter(pk=self.job.pk).update(
            parts_left=len(parts),
            finish_function=finish_path,
            finish_arguments=finish_arguments,
            done=0,
            total=total if total is not None else len(parts),
        )
        self.job.parts_left = len(parts)
        if not parts:
            from kompass.jobs.runner import finish_parent

            finish_parent(self.job.pk)
            return
        for index, arguments in enumerate(parts, start=1):
            enqueue_part(
                function, parent=self.job, index=index, count=len(parts), arguments=arguments
            )

    def add_file(self, name: str, content: bytes, mimetype: str):
        """Keep `content` as a result file that the job's owner can download."""
        from django.core.files.base import ContentFile

        from kompass.jobs.models import JobFile

        return JobFile.objects.create(
            job=self.job,
            name=name,
            file=ContentFile(content, name=name),
            mimetype=mimetype,
            size=len(content),
        )
