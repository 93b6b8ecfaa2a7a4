"""`kompass analysis status --format json`: the documented JSON, checked against an
independent computation (plain Python and DuckDB, tests/analytics/status_reference.py) for
a table of 30 organisations x 8 figures x 9 years with ties and missing values."""

import io
import json
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompass.indicators.domain.keyratios import define_table, import_values
from kompass.organisations.models import Organisation
from tests.analytics.status_reference import reference_rows

YEARS = list(range(2015, 2024))
REPORTED = {
    "m1": ("higher", 4.0, 0),
    "m2": ("lower", 3.0, 0),
    "m3": ("higher", None, 0),
    "m4": ("neutral", None, 0),
    "m5": ("lower", 2.5, 1),
    "m6": ("higher", None, 0),
    "m7": ("neutral", 5.0, 0),
}
DERIVED = ("d1", "higher", 150.0, 1)  # 100 x m1 / m2

DEFINITION = """
table: status-test
name: Testtabell
metrics:
  - {key: m1, name: Mått 1, direction: higher, target: 4}
  - {key: m2, name: Mått 2, direction: lower, target: 3}
  - {key: m3, name: Mått 3, direction: higher}
  - {key: m4, name: Mått 4}
  - {key: m5, name: Mått 5, direction: lower, target: 2.5, decimals: 1}
  - {key: m6, name: Mått 6, direction: higher}
  - {key: m7, name: Mått 7, direction: neutral, target: 5}
derived:
  - {key: d1, name: Kvot, numerator: m1, denominator: m2, factor: 100, direction: higher, target: 150}
"""


@pytest.fixture
def table_data(base_data):
    codes = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .order_by("code")
        .values_list("code", flat=True)[:30]
    )
    rng = random.Random(2024)
    values = []
    for code in codes:
        for metric in REPORTED:
            for year in YEARS:
                if rng.random() < 0.1:
                    continue  # missing values, also in the analysed year
                values.append((code, metric, year, float(rng.randint(1, 6))))  # many ties
    table, _ = define_table(text=DEFINITION)
    lines = ["kommun;nyckeltal;år;värde"]
    lines += [f"{c};{m};{y};{str(v).replace('.', ',')}" for c, m, y, v in values]
    import_values(table=table, data="\n".join(lines).encode("utf-8"), filename="test.csv")
    return codes, values


def _with_derived(values):
    by = {(c, m, y): v for c, m, y, v in values}
    derived = []
    for code, metric, year, value in values:
        if metric != "m1":
            continue
        denominator = by.get((code, "m2", year))
        if denominator:  # present and not zero
            derived.append((code, "d1", year, 100 * value / denominator))
    return values + derived


def _shown_gap(value, target, decimals):
    shown = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(shown - Decimal(repr(target)))


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("analysis", "status", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.django_db
def test_status_json_matches_an_independent_computation(table_data):
    codes, values = table_data
    everything = _with_derived(values)
    figures = [(k, d) for k, (d, _t, _dec) in REPORTED.items()] + [(DERIVED[0], DERIVED[1])]
    targets = {k: (t, dec) for k, (_d, t, dec) in REPORTED.items()}
    targets[DERIVED[0]] = (DERIVED[2], DERIVED[3])
    for code in codes[:5]:
        printed = json.loads(
            _run(
                "--organisation",
                code,
                "--table",
                "status-test",
                "--year",
                "2023",
                "--peers",
                "table",
                "--format",
                "json",
            )
        )
        assert list(printed) == ["organisation", "year", "rows"]
        assert (printed["organisation"], printed["year"]) == (code, 2023)
        expected = reference_rows(
            everything, organisation=code, year=2023, figures=figures, peers=set(codes)
        )
        assert [r["metric"] for r in printed["rows"]] == [e["metric"] for e in expected]
        for row, want in zip(printed["rows"], expected, strict=True):
            assert list(row) == [
                "metric",
                "value",
                "direction",
                "peers",
                "percentile",
                "target_gap",
                "trend",
            ]
            assert list(row["peers"]) == ["n", "median", "p25", "p75"]
            assert list(row["trend"]) == ["signal", "text"]
            assert row["value"] == want["value"]
            assert row["direction"] == want["direction"]
            assert row["peers"]["n"] == want["peers"]["n"]
            for key in ("median", "p25", "p75"):
                assert row["peers"][key] == pytest.approx(want["peers"][key], abs=1e-9)
            if want["percentile"] is None:
                assert row["percentile"] is None
            else:
                assert row["percentile"] == pytest.approx(want["percentile"], abs=1e-9)
            target, decimals = targets[row["metric"]]
            if target is None or row["value"] is None:
                assert row["target_gap"] is None
            else:
                assert row["target_gap"] == pytest.approx(
                    _shown_gap(row["value"], target, decimals), abs=1e-9
                )
            # Nine yearly values can never give the ten points off the median that the
            # run-chart rules need: the sentence says so, in Swedish.
            own_years = [y for c, m, y, v in everything if c == code and m == row["metric"]]
            assert row["trend"]["signal"] == ("too_short" if own_years else "no_data")
            assert row["trend"]["text"]
        neutral = [r for r in printed["rows"] if r["direction"] == "neutral"]
        assert printed["rows"][-len(neutral) :] == neutral
        assert all(r["percentile"] is None for r in neutral)
        ranked = [r["percentile"] for r in printed["rows"] if r["percentile"] is not None]
        assert ranked == sorted(ranked)


@pytest.mark.django_db
def test_status_table_format_and_bad_input(table_data):
    codes, _values = table_data
    text = _run("--organisation", codes[0], "--table", "status-test")
    assert "Nulägesanalys 2023" in text
    assert "utan riktning" in text
    with pytest.raises(CommandError, match="ingen nyckeltalstabell ”saknas”"):
        _run("--organisation", codes[0], "--table", "saknas")
    with pytest.raises(CommandError, match="jämförelsegruppen ”group-99999” finns inte"):
        _run("--organisation", codes[0], "--table", "status-test", "--peers", "group-99999")
    with pytest.raises(CommandError):
        _run("--organisation", "Ingenstans", "--table", "status-test")


@pytest.mark.django_db
def test_status_for_a_year_without_values_says_so(table_data):
    codes, _values = table_data
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "analysis",
        "status",
        "--organisation",
        codes[0],
        "--table",
        "status-test",
        "--year",
        "2030",
        "--format",
        "json",
        stdout=out,
        stderr=err,
    )
    printed = json.loads(out.getvalue())
    assert printed["year"] == 2030
    assert all(r["value"] is None and r["percentile"] is None for r in printed["rows"])
    assert "Det finns inga värden för 2030" in err.getvalue()
