"""The promise of the job runner: with two `kompass worker` processes on one database,
50 queued jobs each run exactly once. Run against SQLite (a file in a fresh data
directory, copied from the migrated test database) and PostgreSQL (a fresh database,
migrated here and dropped afterwards), as real processes."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KOMPASS = [sys.executable, "-m", "kompass.cli"]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
JOBS = 50

ENQUEUE = """
import django, json, sys
django.setup()
from kompass.jobs import enqueue
from tests.jobs import probe
probe.create_probe_table()
ids = [str(enqueue(probe.record_run, user=None, title=f"Prov {n}", n=n, pause=0.05).pk)
       for n in range(JOBS)]
print(json.dumps(ids))
""".replace("JOBS", str(JOBS))

# Waits in one process (a process per look cost a second of CPU each) until every probe
# job has finished or the time is up, then prints who ran what.
READ_WHEN_DONE = """
import django, json, sys, time
django.setup()
from django.db import connection
from kompass.jobs.models import Job
from tests.jobs import probe
ids, deadline = json.loads(sys.argv[1]), time.monotonic() + float(sys.argv[2])
while True:
    status = {str(j.pk): [j.status, j.attempts] for j in Job.objects.all()}
    done = [i for i in ids if status.get(i, [""])[0] in ("succeeded", "failed")]
    if len(done) == len(ids) or time.monotonic() > deadline:
        break
    time.sleep(0.2)
with connection.cursor() as c:
    c.execute(f"SELECT job_id, pid FROM {probe.PROBE_TABLE}")
    runs = c.fetchall()
print(json.dumps({"runs": runs, "status": status}))
"""


def _postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


@pytest.fixture(params=["sqlite", "postgres"])
def database_env(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KOMPASS_TASKS")}
    env.update(
        KOMPASS_DATA_DIR=str(tmp_path),
        KOMPASS_TASKS="database",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="kompass.settings",
    )
    if request.param == "sqlite":
        # Migrated already: a copy of this process's test database (tests/conftest.py).
        env["KOMPASS_DATA_DIR"] = str(request.getfixturevalue("set_up_data_dir"))
        yield env
        return
    if not _postgres_available():
        pytest.skip("ingen PostgreSQL på 127.0.0.1:5432")
    import psycopg

    name = f"kompass_workers_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    try:
        _run([*KOMPASS, "migrate", "-v", "0"], env)
        yield env
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _run(args, env, timeout=300) -> str:
    done = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _wait_for_line(process, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if text in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"arbetaren avslutades: {process.stderr.read()[-2000:]}")
    raise AssertionError("arbetaren startade inte i tid")


@pytest.mark.subprocess
def test_two_workers_run_each_of_50_jobs_exactly_once(database_env, capsys):
    env = database_env
    workers = [
        subprocess.Popen(
            [*KOMPASS, "worker", "--sleep", "0.1", "--id", f"arbetare-{i}", "-v", "0"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in (1, 2)
    ]
    try:
        for worker in workers:
            _wait_for_line(worker, "tar jobb från köerna", timeout=120)
        started = time.monotonic()
        ids = json.loads(_run([sys.executable, "-c", ENQUEUE], env))
        assert len(set(ids)) == JOBS
        # Only the probe jobs count: a worker also starts the periodic jobs (retention).
        state = json.loads(
            _run([sys.executable, "-c", READ_WHEN_DONE, json.dumps(ids), "240"], env)
        )
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    runs_per_job = dict.fromkeys(ids, 0)
    pids = set()
    for job_id, pid in state["runs"]:
        runs_per_job[job_id] += 1
        pids.add(pid)
    assert sorted(set(runs_per_job.values())) == [1], runs_per_job
    assert len(state["runs"]) == JOBS
    assert {tuple(s) for s in state["status"].values()} == {("succeeded", 1)}
    assert len(pids) == 2, "both workers took jobs"
    with capsys.disabled():
        engine = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
        print(f"\n{engine}: {JOBS} jobb, 2 arbetare, {elapsed:.1f} s, per arbetare: ", end="")
        print(sorted(sum(1 for _j, p in state["runs"] if p == pid) for pid in pids))
