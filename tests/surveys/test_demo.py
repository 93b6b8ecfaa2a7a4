"""The demo cohort reproduces the seed's published figures when imported as a file."""

from decimal import Decimal

import pytest

from kompass.lib.numbers import format_number
from kompass.surveys import demo_data
from kompass.surveys.domain.results import survey_results
from kompass.surveys.report import build_cohort_report


@pytest.fixture(scope="module")
def lfr_survey(django_db_setup, django_db_blocker):
    """The demo survey, imported once for this module's tests (they only read it) inside a
    transaction that is rolled back after the last of them; each test's own changes roll
    back to it as usual."""
    from django.db import transaction

    from kompass.surveys.demo import load_lfr

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_lfr()
        transaction.set_rollback(True)


@pytest.fixture
def results(db, lfr_survey):
    return survey_results(lfr_survey)


def _fmt(value) -> str:
    return format_number(value, 2)


def test_answer_counts_match_the_seed(results):
    assert [results.size(w) for w in ("2012-10", "2013-05", "2014")] == [259, 234, 35]
    role = {"2012-10": (136, 117, 6), "2013-05": (111, 105, 18), "2014": (17, 17, 1)}
    for wave, (ledning, stod, none) in role.items():
        assert results.size(wave, {"role": "ledning"}) == ledning
        assert results.size(wave, {"role": "stöd"}) == stod
        assert results.size(wave, {"role": None}) == none
    assert [results.size(w, {"urval": "ja"}) for w in ("2012-10", "2013-05", "2014")] == [
        68,
        63,
        35,
    ]


def test_table_2_means_and_changes_to_two_decimals(results):
    for item, (october, may, change) in demo_data.TABLE2.items():
        position = results.item_position(item)
        oct_stat = results.stat(position, results.cell("2012-10"))
        may_stat = results.stat(position, results.cell("2013-05"))
        assert _fmt(oct_stat.mean) == october.replace(".", ",")
        assert _fmt(may_stat.mean) == may.replace(".", ",")
        assert _fmt(results.change(position, "2012-10", "2013-05").diff) == change.replace(".", ",")


def test_table_1_statement_8_for_selected_municipalities(results):
    position = results.item_position("8")
    selected = {"urval": "ja"}
    means = [
        _fmt(results.stat(position, results.cell(w, selected)).mean)
        for w in ("2012-10", "2013-05", "2014")
    ]
    assert means == ["3,17", "4,52", "4,23"]
    assert _fmt(results.change(position, "2012-10", "2013-05", selected).diff) == "1,35"
    assert _fmt(results.change(position, "2012-10", "2014", selected).diff) == "1,06"


def test_diagram_10_statement_5_by_role_where_shown(results):
    position = results.item_position("5")
    expected = {
        ("2012-10", "ledning"): "4,6",
        ("2012-10", "stöd"): "3,6",
        ("2013-05", "ledning"): "5,0",
        ("2013-05", "stöd"): "5,2",
        ("2014", "ledning"): "5,0",
        ("2014", "stöd"): "4,2",
    }
    people = demo_data.respondents()
    selected = {c for c, _n, _w in demo_data.SELECTED}
    for (wave, role), mean in expected.items():
        values = [
            p["5"]
            for p in people
            if p["wave"] == wave and p["role"] == role and p["code"] in selected
        ]
        assert format_number(Decimal(sum(values)) / len(values), 1) == mean
        stat = results.stat(position, results.cell(wave, {"urval": "ja", "role": role}))
        if stat.shown:
            assert format_number(stat.mean, 1) == mean


def test_cohort_report_shows_table_2_marked_with_largest_and_smallest_changes(lfr_survey, results):
    report = build_cohort_report(lfr_survey, results)
    table = next(
        t
        for t in report.tables()
        if t.caption.startswith("Genomsnitt och förändring per påstående")
    )
    rows = {row[0].display.split(".")[0]: row for row in table.rows}
    assert [rows["13"][1].emphasis, rows["13"][2].emphasis] == ["high", "high"]
    assert [rows["16"][1].emphasis, rows["16"][2].emphasis, rows["16"][3].emphasis] == [
        "low",
        "low",
        "low",
    ]
    assert rows["8"][3].emphasis == "high"
    assert [c.display for c in rows["8"][1:]] == ["3,45", "4,33", "+0,88"]
    lists = [
        b
        for s in report.sections
        for b in s.blocks
        if getattr(b, "title", "").startswith(("Störst", "Minst"))
    ]
    largest = [item.split(".")[0] for item in lists[0].items]
    smallest = [item.split(".")[0] for item in lists[1].items]
    assert largest == ["8", "1", "5"]
    assert smallest[:2] == ["16", "14"]
    assert "19." in lists[1].items[2]  # 17 and 19 tie at 0,35


def test_follow_up_wave_carries_a_caution(results):
    codes = [c.code for c in results.rate_row("2014")["cautions"]]
    assert "low_rate" in codes and "falling_rate" in codes
