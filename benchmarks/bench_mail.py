"""Survey e-mail and a closed wave's reports: 10,000 invitations to a local SMTP server, and
every feedback report (PDF) plus the cohort report with one worker and with two.

- Invitations: a real SMTP server (aiosmtpd) in this process on 127.0.0.1; a separate
  process loads the recipient list and sends the round through Django's SMTP backend
  with no rate limit (KOMPASS_EMAIL_RATE=0) over four connections
  (KOMPASS_EMAIL_CONNECTIONS=4; KOMPASS_BENCH_MAIL_CONNECTIONS changes it).
  Target: 10,000 in at most 2 minutes.
- Reports: ORGS municipalities with 30 answers each; the wave's reports as one job that
  fans out into parts; `kompass worker` processes (1, then 2) take the parts. Target: 290
  organisations plus the cohort report in at most 10 minutes with two workers.
  KOMPASS_BENCH_MAIL_SCALE (default 0.1: 29 organisations) scales the cohort on a shared
  machine; the figure for 290 is then projected linearly from the measured one and
  labelled as projected. The workers' CPU time is measured too (from the kernel's
  accounting of each worker process), so that a run on a busy machine still tells what
  the reports cost: CPU seconds per report, and the wall time two workers would need on
  two idle cores.
- KOMPASS_BENCH_MAIL_PARTS=reports (or invitations) runs one half only;
  KOMPASS_BENCH_MAIL_WORKERS=2 the reports with two workers only (the run with one takes
  twice as long: at full scale the speed-up can be taken from a smaller run).
- The wait for the job is one process that looks at it once a second, so that waiting
  takes no CPU from the workers.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The interpreter running the benchmark (the project's virtual environment) and its
# `kompass` script.
PYTHON = Path(sys.executable)
KOMPASS = PYTHON.parent / "kompass"
INVITATIONS = int(os.environ.get("KOMPASS_BENCH_INVITATIONS", "10000"))
PARTS = os.environ.get("KOMPASS_BENCH_MAIL_PARTS", "invitations,reports").split(",")
SCALE = float(os.environ.get("KOMPASS_BENCH_MAIL_SCALE", "0.1"))
CONNECTIONS = int(os.environ.get("KOMPASS_BENCH_MAIL_CONNECTIONS", "4"))
WORKERS = [int(n) for n in os.environ.get("KOMPASS_BENCH_MAIL_WORKERS", "1,2").split(",")]
FULL = 290


def _env(data_dir: Path, **extra) -> dict:
    return {
        **os.environ,
        "KOMPASS_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "kompass.settings",
        "LOG_LEVEL": "ERROR",
        "KOMPASS_TASKS": "database",
        **extra,
    }


def _run(command: list, data_dir: Path, **extra) -> str:
    done = subprocess.run(
        [str(c) for c in command],
        env=_env(data_dir, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} failed: {done.stderr[-2000:]}")
    return done.stdout


class _Counter:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def _invitations(report, work: Path) -> None:
    from aiosmtpd.controller import Controller

    data_dir = work / "mail"
    _run([KOMPASS, "migrate", "-v", "0"], data_dir)
    _run([KOMPASS, "setup"], data_dir)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    counter = _Counter()
    server = Controller(counter, hostname="127.0.0.1", port=port)
    server.start()
    try:
        figures = json.loads(
            _run(
                [PYTHON, "-m", "benchmarks.mail_tasks", "invitations", INVITATIONS],
                data_dir,
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(port),
                KOMPASS_EMAIL_RATE="0",
                KOMPASS_EMAIL_CONNECTIONS=str(CONNECTIONS),
            )
        )
    finally:
        server.stop()
    if figures["sent"] != INVITATIONS or counter.count != INVITATIONS:
        raise RuntimeError(f"sent {figures['sent']}, received {counter.count}")
    report(f"recipient list of {INVITATIONS:,} loaded", figures["load_seconds"], "s")
    report(
        f"{INVITATIONS:,} invitations to a local SMTP server, {CONNECTIONS} connections",
        figures["seconds"],
        "s",
        target=120,
    )
    report("invitations per second", INVITATIONS / figures["seconds"], "/s", lower_is_better=False)


def _reports(report, work: Path) -> None:
    organisations = max(4, round(FULL * SCALE))
    data_dir = work / "reports"
    _run([KOMPASS, "migrate", "-v", "0"], data_dir)
    _run([KOMPASS, "setup"], data_dir)
    _run([PYTHON, "-m", "benchmarks.mail_tasks", "reports-setup", organisations], data_dir)
    seconds, cpu = {}, {}
    for workers in WORKERS:
        # Every run draws its charts anew (the second would find the first's on disk).
        shutil.rmtree(data_dir / "charts", ignore_errors=True)
        job_id = _run([PYTHON, "-m", "benchmarks.mail_tasks", "reports-enqueue"], data_dir).strip()
        started = time.perf_counter()
        processes = [
            subprocess.Popen(
                [str(KOMPASS), "worker", "--queue", "export", "--sleep", "0.2", "--id", f"w{i}"],
                env=_env(data_dir),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for i in range(workers)
        ]
        try:
            status = json.loads(
                _run([PYTHON, "-m", "benchmarks.mail_tasks", "reports-wait", job_id], data_dir)
            )
        finally:
            seconds[workers] = time.perf_counter() - started
            for process in processes:
                process.terminate()
            cpu[workers] = 0.0
            for process in processes:
                # The kernel's account of the worker: user + system CPU seconds.
                _pid, _status, usage = os.wait4(process.pid, 0)
                cpu[workers] += usage.ru_utime + usage.ru_stime
        if status["status"] != "succeeded":
            raise RuntimeError(f"the report job failed: {status['error']}")
        report(
            f"{organisations} feedback PDFs + cohort report, {workers} worker(s)",
            seconds[workers],
            "s",
        )
        report(
            f"  CPU of the worker(s), per report ({organisations + 1} reports)",
            cpu[workers] / (organisations + 1),
            "s",
        )
    if 1 in seconds and 2 in seconds:
        report(
            "two workers against one (speed-up)",
            seconds[1] / seconds[2],
            "x",
            lower_is_better=False,
        )
    if 2 not in seconds:
        return
    if organisations < FULL:
        projected = seconds[2] * FULL / organisations
        report(f"projected: {FULL} organisations, 2 workers (linear)", projected, "s", target=600)
    else:
        report(f"{FULL} organisations, 2 workers", seconds[2], "s", target=600)
    # What two workers need on two cores of their own: the CPU work split in two.
    idle = cpu[2] / (organisations + 1) * (FULL + 1) / 2
    report(f"projected from CPU time: {FULL} organisations, 2 idle cores", idle, "s")


def run(report) -> None:
    with tempfile.TemporaryDirectory(prefix="kompass-bench-mail-") as work:
        if "invitations" in PARTS:
            _invitations(report, Path(work))
        if "reports" in PARTS:
            _reports(report, Path(work))
