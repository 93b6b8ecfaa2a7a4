"""Pages: every page each demo user reaches from the start page, on its first visit.

The crawler (`kompass.core.crawl`) follows links and GET forms as each demo role, through
Django's test client in this process, and times each answer. Before each role's crawl
every content cache is emptied (the chart renderings and published chart specifications
in memory and on disk, which point at a new empty folder, the survey results and their
rendered HTML), so each page is timed as the first visit after a deploy, not a warm
repeat. The surveys' analyses kept on disk (`surveys.domain.stored_results`, in a folder
of this run) are not emptied: they are computed when the data changes (the import, the
release of a wave), not by a page view, and survive a deploy the way they would in
production unless the analysis code changed. A page's charts are images of their own (`/diagram/<digest>.svg`): the crawler
fetches them as it fetches any image, but they are not pages and not in the figures. Rendered documents (PDF,
DOCX, XLSX) are not pages; the evaluation PDF is timed on its own, cold. The
administrator, who sees every organisation's copy of each page, is sampled: the first 25
addresses of each URL pattern.

Baseline: the sign-in page fetched anonymously through the same client in the same
process (median of 50): the whole middleware, session, template and security-header
stack with no data behind it, the least any page can cost here. A page's ratio to it
says how many "empty pages" of its own work it does; the targets (200 ms on the demo
data, 300 ms on national data) are absolute, from the issue.

Two data sets: the demo data (`kompass demo`), then the national one on top of it: the
register's 290 municipalities, 10 years of 20 key ratios for all of them (the generator
of bench_indicators), 35 evaluations and a national staff survey of 1.2 M respondents
(benchmarks/survey_data.py; `BENCH_PAGES_RESPONDENTS` sets a smaller number on a busy
machine, and the figure printed says which). On national data each URL pattern is
sampled (the first 5 addresses found per pattern and role): every organisation has its
copy of the same page, and the first ones found are the ones with the most data.
Runs on the database configured (SQLite by default, `DATABASE_URL` for PostgreSQL), in a
test database created and dropped here.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

ROLES = ["admin", "utvarderare", "leksand", "lasare", "botkyrka", "samverkan"]
ROLES = os.environ.get("BENCH_PAGES_ROLES", ",".join(ROLES)).split(",")
TARGET_DEMO_MS = 200
TARGET_NATIONAL_MS = 300
TARGET_PDF_S = 2
NATIONAL_PER_ROUTE = 5
# The administrator sees every organisation's copy of each page (thousands even on the
# demo data): the first 25 of each kind, as in tests/core/test_crawl.py.
ADMIN_PER_ROUTE = 25
RESPONDENTS = int(os.environ.get("BENCH_PAGES_RESPONDENTS", "1200000"))


def run(report) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    # The process is set up as a server's worker is (kompass.wsgi: the views imported,
    # then what start-up built frozen out of the garbage collector's way).
    import kompass.wsgi  # noqa: F401

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as work:
            _with_database(report, Path(work))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _with_database(report, work: Path) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from kompass.surveys.domain import stored_results

    # Analyses computed when the data changes, in this run's folder: none from an
    # earlier run is found.
    stored_results.use_dir(work / "survey_results", settings.SECRET_KEY)
    started = time.perf_counter()
    call_command("setup", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    print(f"  (demo data loaded in {time.perf_counter() - started:.0f} s)", flush=True)
    baseline = _baseline_ms()
    print(f"  baseline: sign-in page, anonymous, median of 50: {baseline:.1f} ms", flush=True)
    _crawl_roles(report, work / "demo", baseline, TARGET_DEMO_MS, "demo", per_route=None)
    _evaluation_pdf(report, work / "pdf")

    started = time.perf_counter()
    _national_data(work)
    print(f"  (national data added in {time.perf_counter() - started:.0f} s)", flush=True)
    baseline = _baseline_ms()
    _crawl_roles(
        report, work / "national", baseline, TARGET_NATIONAL_MS, "national", NATIONAL_PER_ROUTE
    )


def _cold(folder: Path) -> None:
    """Empty every content cache: the next visit of each page is its first."""
    from kompass.reports import charts
    from kompass.surveys import views as survey_views
    from kompass.surveys.domain import results

    folder.mkdir(parents=True, exist_ok=True)
    charts.use_cache_dir(Path(tempfile.mkdtemp(dir=folder)))
    for cache in (
        getattr(charts, "_MEMORY", None),
        getattr(charts, "_SPECS", None),
        getattr(survey_views, "_html_cache", None),
        getattr(results, "_cache", None),
    ):
        if cache is not None:
            cache.clear()


def _baseline_ms() -> float:
    from django.test import Client

    client = Client()
    client.get("/konto/logga-in/")
    times = []
    for _ in range(50):
        started = time.perf_counter()
        response = client.get("/konto/logga-in/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(times) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _crawl_roles(report, folder: Path, baseline: float, target: int, label: str, per_route):
    from django.test import Client

    from kompass.accounts.models import User
    from kompass.core.crawl import broken, crawl

    everything = []
    for username in ROLES:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"  ({username}: no such demo user)")
            continue
        _cold(folder)
        started = time.perf_counter()
        sample = per_route or (ADMIN_PER_ROUTE if username == "admin" else None)
        visits = crawl(Client(), user=user, per_route=sample)
        elapsed = time.perf_counter() - started
        pages = [v for v in visits.values() if v.is_page]
        times = [v.seconds * 1000 for v in pages]
        everything.extend((username, v) for v in pages)
        bad = broken(visits)
        print(
            f"  {label}, {username}: {len(pages)} pages ({len(visits)} addresses, "
            f"{len({v.route for v in pages})} kinds) in {elapsed:.1f} s; "
            f"{len(bad)} broken{': ' + ', '.join(f'{v.status} {v.url}' for v in bad[:5]) if bad else ''}",
            flush=True,
        )
        if not pages:
            continue
        name = f"{label} {username}:"
        median = statistics.median(times)
        report(f"{name} median page", median, "ms")
        report(f"{name} p95 page", _percentile(times, 0.95), "ms")
        report(f"{name} slowest page", max(times), "ms", target=target)
        report(f"{name} median page / sign-in page (baseline)", median / baseline, "x")
    print(f"  {label}: the 10 slowest pages (first visit, cold caches):")
    for username, visit in sorted(everything, key=lambda p: -p[1].seconds)[:10]:
        print(f"    {visit.seconds * 1000:8.1f} ms  {username:<12} {visit.url}")


def _evaluation_pdf(report, folder: Path) -> None:
    """The first evaluation of the demo (Leksand 2023, the complete one) as PDF through
    the download view, with cold chart caches, then again with them warm."""
    from django.test import Client
    from pypdf import PdfReader

    from kompass.accounts.models import User
    from kompass.evaluations.models import Evaluation

    evaluation = Evaluation.objects.order_by("pk").first()
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    url = f"/rapporter/utvardering/{evaluation.pk}/?format=pdf"
    _cold(folder)
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    report(f"evaluation PDF ({pages} pages), cold chart cache", seconds, "s", target=TARGET_PDF_S)
    started = time.perf_counter()
    client.get(url)
    report("evaluation PDF again (charts cached)", time.perf_counter() - started, "s")


def _national_data(work: Path) -> None:
    """290 municipalities' key ratios for 10 years, 35 evaluations, a national survey."""
    from django.core.management import call_command

    from kompass.evaluations.models import Evaluation
    from kompass.indicators.domain.keyratios import define_table, import_values
    from kompass.organisations.models import Organisation

    codes = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
            "code", flat=True
        )
    )
    metrics = [f"m{i:02d}" for i in range(20)]
    definition = "table: nationell\nname: Nationell\nmetrics:\n" + "".join(
        f"  - {{key: {m}, name: Mått {m}, unit: antal}}\n" for m in metrics
    )
    table, _ = define_table(text=definition)
    rng = random.Random(2)
    lines = ["kommun;nyckeltal;år;värde"]
    for code in codes:
        for metric in metrics:
            for year in range(2014, 2024):
                lines.append(f"{code};{metric};{year};{rng.uniform(1, 5000):.2f}".replace(".", ","))
    import_values(table=table, data="\n".join(lines).encode("cp1252"), filename="nationell.csv")

    _evaluations(35 - Evaluation.objects.count(), codes)

    from benchmarks.survey_data import generate
    from benchmarks.survey_tasks import setup_scale

    setup_scale()
    path = generate(work / "national.csv", RESPONDENTS)
    started = time.perf_counter()
    call_command("survey", "import", "--survey", "bench", str(path), stdout=io.StringIO())
    print(
        f"  (survey: {RESPONDENTS:,} respondents imported in {time.perf_counter() - started:.0f} s)",
        flush=True,
    )


def _evaluations(missing: int, codes: list[str]) -> None:
    """Published synthetic evaluations of municipalities that have none, up to 35."""
    from kompass.evaluations import demo
    from kompass.evaluations.models import Evaluation
    from kompass.frameworks.models import Framework

    framework = Framework.objects.get(identifier="kommunkompassen-2020")
    rng = random.Random(35)
    taken = set(Evaluation.objects.values_list("organisation__code", flat=True))
    for code in [c for c in codes if c not in taken][: max(0, missing)]:
        level = rng.uniform(0.4, 0.7)
        demo._create(framework, code, "2025-05-15", level, rng, Evaluation.Status.PUBLISHED)
