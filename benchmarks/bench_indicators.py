"""Key ratios and indicators: SPC analysis, a national key-ratio import, the comparison
and an organisation's dashboard.

Pure analysis runs in memory; the rest against a throw-away test database (in memory on
SQLite): 290 municipalities x 20 metrics x 10 years = 58 000 figures in one CSV file
(semicolon, decimal comma), then the comparison of one year with three derived ratios,
and Leksand's dashboard with the demo indicators and a peer table.
"""

import random
import time


def _timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def run(report) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from kompass.analytics import spc

    rng = random.Random(1)
    series = [[rng.gauss(50, 5) for _ in range(24)] for _ in range(1000)]
    periods = [f"p{i}" for i in range(24)]
    seconds = _timed(lambda: [spc.analyse(periods=periods, values=s) for s in series])
    report("run chart, 1 000 series of 24 points", seconds * 1000, "ms", target=500)
    long = [rng.gauss(50, 5) for _ in range(10_000)]
    seconds = _timed(
        lambda: spc.analyse(periods=[str(i) for i in range(10_000)], values=long, chart="i")
    )
    report("I chart, one series of 10 000 points", seconds * 1000, "ms", target=500)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _with_database(report)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _with_database(report) -> None:
    from kompass.accounts.models import User
    from kompass.indicators.demo import leksand_indicators, peer_table
    from kompass.indicators.domain.dashboard import build_dashboard
    from kompass.indicators.domain.keyratios.comparisons import comparison
    from kompass.indicators.domain.keyratios.definitions import define_table
    from kompass.indicators.domain.keyratios.importing import import_values
    from kompass.organisations.domain.register import load_register
    from kompass.organisations.models import Organisation

    load_register()
    metrics = [f"m{i:02d}" for i in range(20)]
    definition = "table: nationell\nname: Nationell\nmetrics:\n" + "".join(
        f"  - {{key: {m}, name: Mått {m}, unit: antal}}\n" for m in metrics
    )
    definition += (
        "derived:\n"
        "  - {key: k1, name: K1, numerator: m00, denominator: m01}\n"
        "  - {key: k2, name: K2, numerator: [m02, m03], denominator: m04, factor: 100}\n"
        "  - for_each: [m05, m06]\n    key: '{key}_per_100'\n    name: '{name} per 100'\n"
        "    numerator: '{key}'\n    denominator: m07\n    factor: 100\n"
    )
    table, _ = define_table(text=definition)
    rng = random.Random(2)
    codes = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
            "code", flat=True
        )
    )
    lines = ["kommun;nyckeltal;år;värde"]
    for code in codes:
        for metric in metrics:
            for year in range(2014, 2024):
                lines.append(f"{code};{metric};{year};{rng.uniform(1, 5000):.2f}".replace(".", ","))
    data = "\n".join(lines).encode("cp1252")

    started = time.perf_counter()
    result = import_values(table=table, data=data, filename="nationell.csv")
    seconds = time.perf_counter() - started
    assert result.created == len(codes) * 20 * 10
    report(f"key-ratio import, {result.created} figures (new)", seconds, "s", target=20)
    started = time.perf_counter()
    again = import_values(table=table, data=data, filename="nationell.csv")
    seconds = time.perf_counter() - started
    assert again.unchanged == result.created
    report(
        f"key-ratio import, {result.created} figures (again, unchanged)", seconds, "s", target=20
    )

    seconds = _timed(lambda: comparison(table, year=2023))
    report("comparison, 290 organisations x 24 metrics", seconds * 1000, "ms", target=2000)

    leksand = Organisation.objects.get(code="2029")
    leksand_indicators(leksand)
    peer_table(leksand)
    admin = User.objects.create_superuser("bench", password="bench-lösenord-123")
    seconds = _timed(lambda: build_dashboard(organisation=leksand, user=admin, peer_key="skr"))
    report("dashboard: 6 indicators, 2 tables with peers", seconds * 1000, "ms", target=1500)
