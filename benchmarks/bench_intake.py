"""Web intake on PostgreSQL: acknowledged submissions per second, p95, none lost or doubled.

The respondents' form as production serves it: gunicorn (`KOMPASS_BENCH_WORKERS`
processes of `KOMPASS_BENCH_THREADS` threads, persistent database connections as
docs/settings.md advises for PostgreSQL) in front of PostgreSQL, loaded on loopback by the
light asyncio client of `survey_load` (`KOMPASS_BENCH_CONCURRENCY` connections in flight,
each submission with its own random id, retried with the same id after a failure). Three
runs against one database of its own, which the benchmark drops and creates
(`KOMPASS_BENCH_POSTGRES`, default postgres://postgres@127.0.0.1:5432/kompass_bench_intake):

1. undisturbed;
2. the whole app (master and workers) killed with SIGKILL after a third of the
   submissions were acknowledged, and started again; afterwards every acknowledged
   submission must be in the database (read with psycopg, not through the app) and no
   row may be there that was not acknowledged (none stored twice);
3. the baseline, in this process: the same rows INSERTed straight through psycopg, one
   transaction per row (each acknowledged only once committed, as the form's are) over
   as many connections as the client keeps in flight: what PostgreSQL on this machine
   takes when nothing but the row is written. For scale, one COPY of as many rows in a
   single transaction is printed too.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks import survey_load

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get(
    "KOMPASS_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/kompass_bench_intake"
)
TOTAL = int(os.environ.get("KOMPASS_BENCH_INTAKE_SUBMISSIONS", "6000"))
# Long enough for a restart of the app on a loaded machine (20 s at load 19) within the run.
SECONDS = 120.0
WORKERS = int(os.environ.get("KOMPASS_BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("KOMPASS_BENCH_THREADS", "4"))
CONCURRENCY = int(os.environ.get("KOMPASS_BENCH_CONCURRENCY", "16"))


def _load() -> str:
    """The load average, noted beside the figures: the machine is shared."""
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _admin_url(url: str) -> tuple[str, str]:
    """The maintenance database's URL on the same server and the benchmark database's name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _fresh_database() -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(DATABASE_URL)
    if not name.startswith("kompass_") or "bench" not in name:
        raise SystemExit(
            f"KOMPASS_BENCH_POSTGRES must name a benchmark database (kompass_…bench…), not {name!r}: "
            "the benchmark drops it"
        )
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "KOMPASS_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "kompass.settings",
        "DATABASE_URL": DATABASE_URL,
        "LOG_LEVEL": "ERROR",
    }


def _run(command: list[str], data_dir: Path) -> str:
    done = subprocess.run(
        command, env=_env(data_dir), cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return done.stdout


def _stored(submissions: set[str]) -> set[str]:
    """Which submissions are in the database, read with psycopg (not through the app)."""
    import psycopg

    keys = [f"web:{s}" for s in submissions]
    with psycopg.connect(DATABASE_URL) as connection:
        rows = connection.execute(
            "SELECT key FROM surveys_respondent WHERE key = ANY(%s)", (keys,)
        ).fetchall()
    return {key[4:] for (key,) in rows}


def _web_keys() -> list[str]:
    """The submission ids of every web response stored, one entry per row."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        rows = connection.execute(
            "SELECT key FROM surveys_respondent WHERE key LIKE 'web:%%'"
        ).fetchall()
    return [key[4:] for (key,) in rows]


def _check(result, before: list[str]) -> tuple[int, int, int]:
    """(acknowledged but not stored, stored twice or never sent, stored but not
    acknowledged): the last are answers whose receipt the kill took away and whose
    retry (with the same id) had not come back when the run's time bound ended."""
    earlier = set(before)
    keys = [k for k in _web_keys() if k not in earlier]
    lost = len(result.acknowledged - _stored(result.acknowledged))
    wrong = (len(keys) - len(set(keys))) + len(set(keys) - result.sent)
    unacknowledged = len(set(keys) - result.acknowledged)
    return lost, wrong, unacknowledged


def _raw_inserts(rows: list[tuple], connections: int) -> float:
    """Rows per second INSERTed through psycopg, one transaction per row, over
    `connections` connections in threads (psycopg waits without the GIL)."""
    import psycopg

    chunks = [rows[i::connections] for i in range(connections)]
    barrier = threading.Barrier(connections + 1)
    errors: list[BaseException] = []

    def insert(chunk: list[tuple]) -> None:
        try:
            with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
                barrier.wait()
                for row in chunk:
                    connection.execute(
                        "INSERT INTO surveys_respondent "
                        "(id, survey_id, wave_id, organisation_id, key, attrs, answers, source, counted) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, false)",
                        row,
                    )
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=insert, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return len(rows) / (time.perf_counter() - started)


def _copy(rows: list[tuple]) -> float:
    """Rows per second through one COPY in one transaction."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            cursor.copy(
                "COPY surveys_respondent "
                "(id, survey_id, wave_id, organisation_id, key, attrs, answers, source, counted) "
                "FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row((*row, False))
        connection.commit()
        return len(rows) / (time.perf_counter() - started)


def _baseline_rows(n: int, prefix: str) -> list[tuple]:
    """`n` rows like the form's (a sample of what it stored), with new random ids and keys."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as connection:
        sample = connection.execute(
            "SELECT survey_id, wave_id, organisation_id, attrs, answers, source "
            "FROM surveys_respondent WHERE key LIKE 'web:%%' LIMIT 1000"
        ).fetchall()
    return [
        (secrets.randbelow(2**63 - 1) + 1, s, w, o, f"{prefix}:{uuid.uuid4().hex}", a, b, src)
        for (s, w, o, a, b, src) in (sample[i % len(sample)] for i in range(n))
    ]


def _figures(report, label: str, result, lost: int, doubled: int, baseline: float | None) -> None:
    report(
        f"{label}: acknowledged submissions per second",
        result.throughput,
        "/s",
        target=300,
        lower_is_better=False,
        baseline=baseline,
    )
    report(f"{label}: p50 latency", result.percentile(0.5) * 1000, "ms")
    report(f"{label}: p95 latency", result.percentile(0.95) * 1000, "ms", target=300)
    report(f"{label}: acknowledged but not stored", lost, "", target=0)
    report(f"{label}: stored twice or never sent", doubled, "", target=0)


def run(report) -> None:
    work = Path(tempfile.mkdtemp(prefix="kompass-bench-intake-"))
    try:
        _fresh_database()
        _run([str(BIN / "kompass"), "setup"], work)
        setup = json.loads(
            _run([str(BIN / "python"), "-m", "benchmarks.survey_tasks", "setup-web"], work)
            .strip()
            .splitlines()[-1]
        )
        print(
            f"  (gunicorn: {WORKERS} processes x {THREADS} threads, DB_CONN_MAX_AGE=60; "
            f"client: {CONCURRENCY} connections, {TOTAL:,} submissions; {_load()})",
            flush=True,
        )
        port = survey_load.free_port()
        server = survey_load.Server(
            work,
            port,
            workers=WORKERS,
            threads=THREADS,
            env={**_env(work), "DB_CONN_MAX_AGE": "60"},
        )
        load = {
            "port": port,
            "token": setup["token"],
            "total": TOTAL,
            "duration": SECONDS,
            "concurrency": CONCURRENCY,
            "items": setup["items"],
            "attributes": setup["attributes"],
        }

        server.start()
        try:
            cpu = server.cpu_seconds()
            calm = survey_load.run_load(**load)
            cpu = server.cpu_seconds() - cpu
        finally:
            server.stop()
        calm_checked = _check(calm, [])
        print(
            f"  (undisturbed: {len(calm.acknowledged):,} of {TOTAL:,} acknowledged in "
            f"{calm.elapsed:.1f} s, {calm.failed_attempts} failed attempts, {calm.rejected} "
            f"rejected; {_load()})",
            flush=True,
        )

        killed = {"done": False, "down": 0.0}

        def crash(acknowledged: int) -> None:
            if not killed["done"] and acknowledged >= TOTAL // 3:
                killed["done"] = True
                started = time.perf_counter()
                server.kill()
                server.start()
                killed["down"] = time.perf_counter() - started

        before = _web_keys()
        server.start()
        try:
            crashed = survey_load.run_load(**load, on_progress=crash)
        finally:
            server.stop()
        crashed_checked = _check(crashed, before)
        print(
            f"  (kill -9 of the app after {TOTAL // 3:,} acknowledgements, back after "
            f"{killed['down']:.1f} s: {len(crashed.acknowledged):,} of {TOTAL:,} acknowledged, "
            f"{crashed.failed_attempts} failed attempts retried, {crashed_checked[2]} stored "
            f"whose receipt the kill took and whose retry the time bound cut off; {_load()})",
            flush=True,
        )

        raw = _raw_inserts(_baseline_rows(TOTAL, "raw"), CONCURRENCY)
        copied = _copy(_baseline_rows(TOTAL, "copy"))
        print(f"  (baseline done; {_load()})", flush=True)
        _figures(report, "web form", calm, *calm_checked[:2], raw)
        report(
            "web form: CPU of the app per acknowledged submission",
            1000 * cpu / max(1, len(calm.acknowledged)),
            "ms",
        )
        _figures(report, "web form, app killed and restarted", crashed, *crashed_checked[:2], raw)
        for label, result in (("web form", calm), ("web form, app killed", crashed)):
            report(
                f"{label}: submissions not acknowledged within the bound",
                TOTAL - len(result.acknowledged),
                "",
                target=0,
            )
        report(
            "baseline: raw INSERT, one commit per row (psycopg)", raw, "/s", lower_is_better=False
        )
        report("for scale: one COPY of as many rows (psycopg)", copied, "/s", lower_is_better=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from benchmarks.__main__ import main

    sys.exit(main(["benchmarks", "bench_intake"]))
