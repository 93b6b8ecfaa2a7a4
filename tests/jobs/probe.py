"""Jobs used by the tests. They are real jobs (declared with `@job`), found by their
dotted path in the worker processes, which get the repository on PYTHONPATH."""

import time

from django.db import connection

from kompass.core.errors import InputError, InputProblem
from kompass.jobs import job

PROBE_TABLE = "kompass_probe_runs"


@job(queue="default")
def record_run(ctx, *, n: int, pause: float = 0.0) -> None:
    """Counts its own executions in a table of its own, apart from the job bookkeeping."""
    import os

    time.sleep(pause)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PROBE_TABLE} (job_id, n, pid) VALUES (%s, %s, %s)",
            [str(ctx.job.pk), n, os.getpid()],
        )


@job()
def count_to(ctx, *, total: int) -> None:
    for i in range(1, total + 1):
        ctx.progress(i, total, f"steg {i}")
    ctx.add_file("svar.txt", f"räknade till {total}".encode(), "text/plain")


@job(retries=2, backoff=60)
def flaky(ctx, *, succeed_on: int) -> None:
    """Fails with an unexpected error until attempt `succeed_on`."""
    if ctx.job.attempts < succeed_on:
        raise ConnectionError("databasen svarade inte")
    ctx.add_file("klart.txt", b"ok", "text/plain")


@job(retries=3, backoff=60)
def bad_input(ctx) -> None:
    raise InputError([InputProblem("Raden saknar ett värde.", file="fil.csv", row=3)])


def create_probe_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {PROBE_TABLE} (job_id varchar(64), n integer, pid integer)")


@job()
def split(ctx, *, parts: int, fail_part: int = 0) -> None:
    """Fans out into `parts` parts, each adding one to the job's progress."""
    ctx.fan_out(
        part,
        [{"n": i, "fail": i == fail_part} for i in range(1, parts + 1)],
        finish=gather,
        total=parts,
        label="alla",
    )


@job()
def part(ctx, *, n: int, fail: bool = False) -> None:
    if fail:
        raise InputError([InputProblem(f"del {n} gick inte")])
    ctx.advance(1, f"del {n}")


@job()
def gather(ctx, *, label: str) -> None:
    done = ctx.job.parts.filter(status="succeeded").count()
    ctx.add_file("samlat.txt", f"{label}: {done}".encode(), "text/plain")
