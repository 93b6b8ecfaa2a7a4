"""Surveys at national scale: import, summary, analysis core vs pandas, memory, web form.

1.2 million respondents x 19 statements x 290 municipalities x 3 roles (two waves) are
generated into a CSV file in a temporary directory (never committed), imported with
`kompass survey import` into SQLite, summarised with `kompass survey summary --format
json`; both run as their own processes so that wall time and peak memory (RSS, from
wait4) are theirs alone. The analysis core and a straightforward pandas
melt-and-groupby over the raw answers run in one process and are compared there. Then a
gunicorn server takes a bounded load of web submissions on loopback, once undisturbed
and once while the whole app (master and workers) is killed and restarted; every
acknowledged submission must be found in the database.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import survey_load

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
KOMPASS = ROOT / ".venv" / "bin" / "kompass"
RESPONDENTS = int(os.environ.get("KOMPASS_BENCH_RESPONDENTS", "1200000"))
WEB_TOTAL = int(os.environ.get("KOMPASS_BENCH_WEB_SUBMISSIONS", "6000"))
WEB_SECONDS = 60.0
# One worker process per core, two threads each, eight connections in flight: more
# connections only queue (and SQLite serialises the writes anyway).
CONCURRENCY = 8
GIB = 1024**3


def _env(data_dir: Path) -> dict:
    return {
        **os.environ,
        "KOMPASS_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "kompass.settings",
        "LOG_LEVEL": "ERROR",
    }


def _measured(command: list[str], data_dir: Path, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """(wall seconds, peak RSS in bytes) of one process, measured by a small launcher
    (see measure.py: a child of this big process would count this process's memory)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        figures_path = Path(handle.name)
    try:
        done = subprocess.run(
            [str(PYTHON), "-m", "benchmarks.measure", str(figures_path), *command],
            env=_env(data_dir),
            cwd=ROOT,
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
        )
        figures = json.loads(figures_path.read_text(encoding="utf-8"))
    finally:
        figures_path.unlink(missing_ok=True)
    if done.returncode or figures["status"]:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.decode()[-2000:]}")
    return figures["seconds"], figures["maxrss"]


def _run(command: list[str], data_dir: Path) -> str:
    done = subprocess.run(
        command, env=_env(data_dir), cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return done.stdout


def _scale(report, work: Path) -> None:
    data_dir = work / "scale"
    data_dir.mkdir()
    _run([str(KOMPASS), "setup"], data_dir)
    _run([str(PYTHON), "-m", "benchmarks.survey_tasks", "setup-scale"], data_dir)
    path = work / "national.csv"
    started = time.perf_counter()
    # In its own process: this one stays small (see measure.py).
    _run(
        [
            str(PYTHON),
            "-c",
            "import sys; from pathlib import Path; from benchmarks.survey_data import generate; "
            "generate(Path(sys.argv[1]), int(sys.argv[2]))",
            str(path),
            str(RESPONDENTS),
        ],
        data_dir,
    )
    print(
        f"  (generated {RESPONDENTS:,} respondents, {path.stat().st_size / 1e6:.0f} MB, in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )

    seconds, rss = _measured(
        [str(KOMPASS), "survey", "import", "--survey", "bench", str(path)], data_dir
    )
    report("import 1.2 M respondents from CSV into SQLite", seconds, "s", target=60)
    report("import: peak memory (RSS)", rss / GIB, "GiB", target=2)

    with open(work / "summary.json", "wb") as out:
        seconds, rss = _measured(
            [str(KOMPASS), "survey", "summary", "bench", "--format", "json"], data_dir, stdout=out
        )
    size = (work / "summary.json").stat().st_size
    cells = len(json.loads((work / "summary.json").read_text(encoding="utf-8"))["cells"])
    print(f"  (summary: {cells:,} cells, {size / 1e6:.1f} MB of JSON)", flush=True)
    report("kompass survey summary --format json, end to end", seconds, "s", target=5)
    report("summary: peak memory (RSS)", rss / GIB, "GiB", target=2)

    started = time.perf_counter()
    with open(work / "core.json", "wb") as out:
        _seconds, core_rss = _measured(
            [str(PYTHON), "-m", "benchmarks.survey_tasks", "core", str(path)], data_dir, stdout=out
        )
    figures = json.loads((work / "core.json").read_text(encoding="utf-8").strip().splitlines()[-1])
    print(
        f"  (core: {figures['fine_groups']:,} fine groups, {figures['cells']:,} cells, "
        f"{figures['hidden']:,} hidden statement cells, {figures['hidden_groups']:,} hidden "
        f"group sizes, {figures['rounds']} rounds of the disclosure check; "
        f"{time.perf_counter() - started:.0f} s incl. loading pandas)",
        flush=True,
    )
    report(
        "analysis core on counts (best of 5)",
        figures["core"],
        "s",
        target=0.5,
        baseline=figures["pandas"],
    )
    report(
        "  of which disclosure control (complements + check)",
        figures["suppression"],
        "s",
        baseline=figures["pandas"],
    )
    report("pandas melt-and-groupby on raw answers (baseline)", figures["pandas"], "s")
    report(
        "analysis core speed-up over pandas",
        figures["pandas"] / figures["core"],
        "x",
        target=10,
        lower_is_better=False,
    )
    report(
        "counting raw answers into the count table (once, at import)",
        figures["counting"],
        "s",
        baseline=figures["pandas"],
    )
    report("core process incl. pandas baseline: peak memory (RSS)", core_rss / GIB, "GiB")


def _web(report, work: Path) -> None:
    data_dir = work / "web"
    data_dir.mkdir()
    _run([str(KOMPASS), "setup"], data_dir)
    setup = json.loads(
        _run([str(PYTHON), "-m", "benchmarks.survey_tasks", "setup-web"], data_dir)
        .strip()
        .splitlines()[-1]
    )
    items, attributes = setup["items"], setup["attributes"]
    database = data_dir / "kompass.sqlite3"

    port = survey_load.free_port()
    server = survey_load.Server(data_dir, port)
    server.start()
    try:
        result = survey_load.run_load(
            port=port,
            token=setup["token"],
            total=WEB_TOTAL,
            duration=WEB_SECONDS,
            concurrency=CONCURRENCY,
            items=items,
            attributes=attributes,
        )
    finally:
        server.stop()
    lost = len(result.acknowledged - survey_load.stored(database, result.acknowledged))
    print(
        f"  (undisturbed: {len(result.acknowledged):,} of {WEB_TOTAL:,} acknowledged in {result.elapsed:.1f} s, {result.failed_attempts} failed attempts, {result.rejected} rejected)",
        flush=True,
    )
    report(
        "web form: acknowledged submissions per second",
        result.throughput,
        "/s",
        target=200,
        lower_is_better=False,
    )
    report("web form: p95 latency", result.percentile(0.95) * 1000, "ms", target=300)
    report("web form: acknowledged but not stored", lost, "", target=0)
    report(
        "web form: submissions not acknowledged within the bound",
        WEB_TOTAL - len(result.acknowledged),
        "",
        target=0,
    )

    server = survey_load.Server(data_dir, port)
    server.start()
    killed = {"done": False, "at": 0.0, "down": 0.0}

    def crash(acknowledged: int) -> None:
        if not killed["done"] and acknowledged >= WEB_TOTAL // 3:
            killed["done"] = True
            started = time.perf_counter()
            server.kill()
            server.start()
            killed["down"] = time.perf_counter() - started

    before = _web_rows(database)
    try:
        result = survey_load.run_load(
            port=port,
            token=setup["token"],
            total=WEB_TOTAL,
            duration=WEB_SECONDS,
            concurrency=CONCURRENCY,
            items=items,
            attributes=attributes,
            on_progress=crash,
        )
    finally:
        server.stop()
    found = survey_load.stored(database, result.acknowledged)
    added = _web_rows(database) - before
    print(
        f"  (kill -9 of the app after {WEB_TOTAL // 3:,} acknowledgements, back after {killed['down']:.1f} s: "
        f"{len(result.acknowledged):,} acknowledged, {result.failed_attempts} failed attempts retried, "
        f"{added:,} rows stored)",
        flush=True,
    )
    report("web form with kill and restart: submissions per second", result.throughput, "/s")
    report(
        "web form with kill and restart: acknowledged but not stored",
        len(result.acknowledged - found),
        "",
        target=0,
    )
    report(
        "web form with kill and restart: stored twice or unasked",
        added - len(result.acknowledged),
        "",
        target=0,
    )


def _web_rows(database: Path) -> int:
    import sqlite3

    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM surveys_respondent WHERE key LIKE 'web:%'"
        ).fetchone()[0]


def run(report) -> None:
    work = Path(tempfile.mkdtemp(prefix="kompass-bench-surveys-"))
    try:
        _scale(report, work)
        _web(report, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from benchmarks.__main__ import main

    sys.exit(main(["benchmarks", "bench_surveys"]))
