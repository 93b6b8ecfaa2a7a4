"""Collaboration: the socio-economic account (pure) and the project report and page.

The account is computed in exact decimals month by month, with about twenty sensitivity
variants; the project page renders the whole project report (charts included) on every
view, so both must stay well within a page load.
"""

import io
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _example_text() -> str:
    import re

    doc = (ROOT / "docs" / "formats" / "socio-account.md").read_text(encoding="utf-8")
    return re.search(r"```yaml\n(.*?)```", doc.split("<!-- example:start -->")[1], re.S).group(1)


def run(report) -> None:
    import django

    django.setup()
    from kompass.analytics.socio.calculation import calculate
    from kompass.analytics.socio_input.account import load_account, parse_account
    from kompass.collaboration.domain.account import shipped_defaults

    example = load_account(_example_text())
    seconds = _timed(lambda: calculate(example))
    report("calculate(): docs example, 10 years, sensitivity", seconds * 1000, "ms", target=250)

    long = parse_account(
        {
            "participants": 160,
            "intervention": {
                "cost_per_year": [9000000] * 5,
                "financing": {"forsakringskassan": 50, "region": 25, "kommun": 25},
            },
            "before": {"forsorjningsstod": 50, "sjukersattning": 30, "arbetsloshet": 20},
            "after": {
                "arbete": 15,
                "subventionerad": 5,
                "studier": 5,
                "forsorjningsstod": 40,
                "sjukersattning": 25,
                "arbetsloshet": 10,
            },
            "effect": {"starts_after_months": 6, "lasts_years": 20, "drop_off": 5},
            "horizons": [1, 3, 4, 5, 10, 20, 50],
            "discount_rates": [0, 3.5],
        },
        defaults=shipped_defaults(),
    )
    seconds = _timed(lambda: calculate(long))
    report(
        "calculate(): defaults, 7 actors, 50 years, sensitivity", seconds * 1000, "ms", target=2000
    )

    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _with_database(report)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _with_database(report) -> None:
    from kompass.collaboration.demo import NAME
    from kompass.collaboration.demo import load as load_demo
    from kompass.collaboration.models import Project
    from kompass.collaboration.report import build_project_report
    from kompass.frameworks.domain.loading import load_shipped_frameworks
    from kompass.organisations.demo import load as load_users
    from kompass.organisations.domain.register import load_register
    from kompass.reports.render import render, render_html_fragment

    load_register()
    load_shipped_frameworks()
    load_users(io.StringIO())
    load_demo(io.StringIO())
    project = Project.objects.get(name=NAME)
    seconds = _timed(lambda: render_html_fragment(build_project_report(project)))
    report("project page: report built and rendered (5 charts)", seconds * 1000, "ms", target=3000)
    seconds = _timed(lambda: render(build_project_report(project), "pdf"), repeat=1)
    report("project report as PDF", seconds * 1000, "ms", target=15000)
    seconds = _timed(lambda: render(build_project_report(project), "docx"), repeat=1)
    report("project report as DOCX", seconds * 1000, "ms", target=8000)
