"""Kolada import over HTTP: 290 municipalities x 20 years x 10 KPIs from the v3 stand-in.

The stand-in (tests/indicators/kolada_standin.py, real sockets on 127.0.0.1) serves the
recorded metadata and, for this run, ten synthetic KPIs (ids BENCH01-BENCH10, values made
up, labelled so) for all 290 municipalities, Riket and a region, 2005-2024, every tenth
value marked deleted and every 50th missing. Kompass imports each KPI for all years
(`import_kpi`: fetch, check, store in one transaction, against a throw-away database).
Printed: requests made, values imported, the time, and the ratio against a baseline that
fetches the same pages over the same sockets and loads the JSON with Polars directly
(explode, filter deleted and missing) without storing anything.
"""

import io
import time

YEARS = list(range(2005, 2025))
KPIS = [f"BENCH{n:02d}" for n in range(1, 11)]


def _standin():
    from tests.indicators.kolada_standin import KoladaStandIn

    standin = KoladaStandIn()
    standin.data.clear()
    codes = [m["id"] for m in standin.municipalities]
    for k, kpi in enumerate(KPIS):
        standin.kpis[kpi] = {
            "id": kpi,
            "title": f"Syntetiskt nyckeltal {k + 1} för mätning, antal",
            "description": "Påhittade värden för prestandamätningen (inte Koladas).",
            "auspice": None,
            "has_ou_data": False,
            "is_divided_by_gender": False,
            "municipality_type": "K",
            "operating_area": "Mätning",
        }
        for i, code in enumerate(codes):
            for year in YEARS:
                n = (i * 31 + year * 7 + k) % 100
                standin.data[(kpi, code, year)] = [
                    {
                        "count": 1,
                        "gender": "T",
                        "isdeleted": n % 10 == 0,
                        "status": "Saknas" if n % 50 == 1 else "",
                        "value": None if n % 50 == 1 else float(1000 + i + year + k),
                    }
                ]
    return standin.start()


def _baseline(url: str, codes: list[str]) -> int:
    """The same pages, fetched with httpx and loaded with Polars: rows kept (municipalities
    of the register only, as the import keeps)."""
    import httpx
    import polars as pl

    kept = 0
    with httpx.Client(timeout=60) as http:
        for kpi in KPIS:
            next_url = f"{url}/data/kpi/{kpi}/year/{','.join(map(str, YEARS))}?per_page=5000"
            while next_url:
                body = http.get(next_url).content
                frame = pl.read_json(io.BytesIO(body))
                rows = (
                    frame.select("values")
                    .explode("values")
                    .unnest("values")
                    .explode("values")
                    .unnest("values")
                    .filter(
                        ~pl.col("isdeleted")
                        & pl.col("value").is_not_null()
                        & pl.col("municipality").is_in(codes)
                    )
                )
                kept += rows.height
                links = frame.get_column("next_url") if "next_url" in frame.columns else None
                next_url = links[0] if links is not None and links[0] else None
    return kept


def run(report) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    standin = _standin()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from kompass.indicators.kolada.client import KoladaClient
        from kompass.indicators.kolada.importer import import_kpi
        from kompass.indicators.models import Value
        from kompass.organisations.domain.register import load_register
        from kompass.organisations.models import Organisation

        load_register()
        codes = list(Organisation.objects.values_list("code", flat=True))
        started = time.perf_counter()
        before = len(standin.log)
        kept = _baseline(standin.url, codes)
        baseline = time.perf_counter() - started
        baseline_requests = len(standin.log) - before

        client = KoladaClient(standin.url)
        started = time.perf_counter()
        deleted = missing = 0
        for kpi in KPIS:
            outcome = import_kpi(client=client, kpi_id=kpi, years=YEARS)
            deleted += outcome.skipped_deleted
            missing += outcome.skipped_missing
        seconds = time.perf_counter() - started
        stored = Value.objects.count()
        assert stored == kept, (stored, kept)
        report("Kolada requests made (10 KPIs, 290 x 20)", client.requests, "requests")
        report("  of which data pages (baseline fetched the same)", baseline_requests, "pages")
        report("values imported (live)", stored, "values", lower_is_better=False)
        report("values left out (deleted / missing)", deleted + missing, "values")
        report(
            "import 290 municipalities x 20 years x 10 KPIs",
            seconds,
            "s",
            baseline=baseline,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        standin.stop()
