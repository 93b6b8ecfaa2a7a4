"""Status analysis (kompass.analytics.status): percentiles with ties, quartiles, ranking,
the gap to target, the trend signal, and thin data said plainly, never a crash."""

import math
import random

import polars as pl
import pytest

from kompass.analytics import status as st
from kompass.analytics.status import FigureSpec, analyse_status, frame_from_rows

from .status_reference import reference_rows


def _values(rows):
    return frame_from_rows(rows)


def _single(rows, *, organisation="A", year=2023, figures, peers, **kwargs):
    return analyse_status(
        organisation=organisation,
        year=year,
        figures=figures,
        values=_values(rows),
        peers=peers,
        **kwargs,
    )


def test_ties_count_half_and_the_organisation_is_not_its_own_peer():
    rows = [("A", "x", 2023, 3.0)] + [
        (org, "x", 2023, v) for org, v in zip("BCDE", [1.0, 3.0, 3.0, 5.0], strict=True)
    ]
    # "A" is in the set it is given, but never counted: 4 peers, 1 worse, 2 equal.
    result = _single(rows, figures=[FigureSpec("x", direction="higher")], peers="ABCDE")
    row = result.rows[0]
    assert (row.peers.n, row.peers.worse, row.peers.equal) == (4, 1, 2)
    assert row.percentile == 100 * (1 + 0.5 * 2) / 4 == 50.0
    assert result.peer_count == 4


def test_lower_is_better_turns_the_comparison_round():
    rows = [("A", "x", 2023, 2.0)] + [
        (org, "x", 2023, v) for org, v in zip("BCDEF", [1.0, 4.0, 5.0, 6.0, 2.0], strict=True)
    ]
    higher = _single(rows, figures=[FigureSpec("x", direction="higher")], peers="BCDEF")
    lower = _single(rows, figures=[FigureSpec("x", direction="lower")], peers="BCDEF")
    assert higher.rows[0].percentile == 100 * (1 + 0.5) / 5
    assert lower.rows[0].percentile == 100 * (3 + 0.5) / 5


def test_quartiles_are_linear_interpolation_as_duckdb_quantile_cont():
    peers = [7.0, 1.0, 3.0, 10.0, 4.0, 4.0]
    rows = [("A", "x", 2023, 5.0)] + [(f"P{i}", "x", 2023, v) for i, v in enumerate(peers, start=1)]
    result = _single(
        rows, figures=[FigureSpec("x", direction="higher")], peers={f"P{i}" for i in range(1, 7)}
    )
    stats = result.rows[0].peers
    # sorted 1 3 4 4 7 10; h = 5q: p25 at 1.25 -> 3 + .25(4-3); median at 2.5 -> 4; p75 at 3.75
    assert (stats.p25, stats.median, stats.p75) == (3.25, 4.0, 6.25)


def test_ranking_worst_first_then_unranked_then_neutral():
    rows = []
    peers = "BCDEFG"
    for metric, own in (("good", 9.0), ("bad", 1.0), ("middle", 5.0), ("plain", 5.0)):
        rows.append(("A", metric, 2023, own))
        rows += [(org, metric, 2023, float(i)) for i, org in enumerate(peers, start=2)]
    rows.append(("B", "nothing", 2023, 3.0))  # "A" has no value: unranked
    figures = [
        FigureSpec("plain"),
        FigureSpec("nothing", direction="higher"),
        FigureSpec("good", direction="higher"),
        FigureSpec("middle", direction="higher"),
        FigureSpec("bad", direction="higher"),
    ]
    result = _single(rows, figures=figures, peers=peers)
    assert [r.metric for r in result.rows] == ["bad", "middle", "good", "nothing", "plain"]
    assert [r.metric for r in result.ranked] == ["bad", "middle", "good"]
    assert [r.metric for r in result.unranked] == ["nothing"]
    assert [r.metric for r in result.neutral] == ["plain"]
    assert result.neutral[0].percentile is None
    assert result.neutral[0].peers.n == 6  # neutral figures still show their peers


def test_ties_in_percentile_keep_the_given_order():
    rows = []
    for metric in ("m1", "m2", "m3"):
        rows.append(("A", metric, 2023, 1.0))
        rows += [(org, metric, 2023, 2.0) for org in "BCDEF"]
    figures = [FigureSpec(m, direction="higher") for m in ("m2", "m3", "m1")]
    result = _single(rows, figures=figures, peers="BCDEF")
    assert [r.metric for r in result.rows] == ["m2", "m3", "m1"]
    assert {r.percentile for r in result.rows} == {0.0}


def test_random_table_matches_an_independent_computation():
    rng = random.Random(7)
    organisations = [f"{1000 + i}" for i in range(30)]
    metrics = [f"m{i}" for i in range(8)]
    directions = ["higher", "lower", "higher", "neutral", "lower", "higher", "lower", "neutral"]
    values = []
    for org in organisations:
        for metric in metrics:
            for year in range(2015, 2024):
                roll = rng.random()
                if roll < 0.08:
                    continue  # missing row
                value = None if roll < 0.12 else float(rng.randint(1, 6))  # many ties
                values.append((org, metric, year, value))
    figures = [FigureSpec(m, direction=d) for m, d in zip(metrics, directions, strict=True)]
    peers = set(organisations)
    for organisation in organisations[:6]:
        result = _single(values, organisation=organisation, year=2023, figures=figures, peers=peers)
        expected = reference_rows(
            values,
            organisation=organisation,
            year=2023,
            figures=list(zip(metrics, directions, strict=True)),
            peers=peers,
        )
        got = [
            {
                "metric": r.metric,
                "value": r.value,
                "direction": r.direction,
                "peers": {
                    "n": r.peers.n,
                    "median": r.peers.median,
                    "p25": r.peers.p25,
                    "p75": r.peers.p75,
                },
                "percentile": r.percentile,
            }
            for r in result.rows
        ]
        _close(got, expected)


def _close(got, expected) -> None:
    assert [g["metric"] for g in got] == [e["metric"] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g["value"] == e["value"]
        assert g["direction"] == e["direction"]
        assert g["peers"]["n"] == e["peers"]["n"]
        for key in ("median", "p25", "p75"):
            if e["peers"][key] is None:
                assert g["peers"][key] is None
            else:
                assert g["peers"][key] == pytest.approx(e["peers"][key], abs=1e-12)
        if e["percentile"] is None:
            assert g["percentile"] is None
        else:
            assert g["percentile"] == pytest.approx(e["percentile"], abs=1e-12)


def test_target_gap_is_taken_from_the_shown_value():
    rows = [("A", "x", 2023, 2.45), ("A", "y", 2023, 34.4), ("B", "x", 2023, 1.0)]
    figures = [
        FigureSpec("x", direction="higher", target=2, decimals=1),
        FigureSpec("y", direction="lower", target=30, decimals=0),
    ]
    result = _single(rows, figures=figures, peers="B")
    by = {r.metric: r for r in result.rows}
    assert by["x"].target_gap == 0.5  # 2,45 is shown as 2,5
    assert by["x"].target_met is True
    assert by["y"].target_gap == 4.0  # 34 shown, target 30
    assert by["y"].target_met is False


def test_small_and_empty_peer_groups_are_said_plainly():
    rows = [("A", "x", 2023, 2.0), ("B", "x", 2023, 1.0), ("C", "x", 2023, 3.0)]
    result = _single(rows, figures=[FigureSpec("x", direction="higher")], peers="BC")
    assert result.rows[0].percentile == 50.0
    notice = next(n for n in result.rows[0].notices if n.code == st.SMALL_PEER_GROUP)
    assert notice.params == {"n": 2, "minimum": 5}

    alone = _single(rows, figures=[FigureSpec("x", direction="higher")], peers=["A"])
    assert alone.notice_codes() == (st.NO_PEERS_GIVEN,)
    assert alone.rows[0].percentile is None
    assert st.NO_PEER_VALUES in alone.rows[0].notice_codes()
    assert alone.rows[0].peers == st.PeerStats(0)


def test_missing_years_value_and_data_are_notices():
    rows = [("A", "x", y, float(y - 2000)) for y in (2015, 2016, 2019, 2020)]
    rows += [("B", "x", y, 1.0) for y in range(2015, 2024)]
    rows += [("B", "y", 2023, 1.0)]
    figures = [
        FigureSpec("x", direction="higher"),
        FigureSpec("y", direction="higher"),
        FigureSpec("z", direction="sideways"),
    ]
    result = _single(rows, figures=figures, peers="B")
    by = {r.metric: r for r in result.rows}
    assert by["x"].value is None
    codes = by["x"].notice_codes()
    assert st.NO_VALUE in codes
    missing = next(n for n in by["x"].notices if n.code == st.MISSING_YEARS)
    assert missing.params == {"years": [2017, 2018, 2021, 2022]}  # 2023: no_value
    assert by["x"].trend.years == (2015, 2016, 2019, 2020)
    assert by["y"].trend.signal == st.NO_DATA
    assert st.NOT_IN_DATA in by["z"].notice_codes()
    assert by["z"].direction == "neutral"
    unknown = next(n for n in by["z"].notices if n.code == st.UNKNOWN_DIRECTION)
    assert unknown.params == {"direction": "sideways"}


def test_year_and_organisation_without_data():
    rows = [("B", "x", 2020, 1.0), ("B", "x", 2021, 2.0)]
    result = _single(rows, year=2023, figures=[FigureSpec("x", direction="higher")], peers="B")
    codes = result.notice_codes()
    assert st.ORGANISATION_WITHOUT_DATA in codes
    year = next(n for n in result.notices if n.code == st.YEAR_WITHOUT_DATA)
    assert year.params == {"year": 2023, "years": [2020, 2021]}
    early = _single(rows, year=2010, figures=[FigureSpec("x", direction="higher")], peers="B")
    assert next(n for n in early.notices if n.code == st.YEAR_WITHOUT_DATA).params["years"] == [
        2020,
        2021,
    ]


def test_no_figures_and_empty_values():
    empty = frame_from_rows([])
    result = analyse_status(organisation="A", year=2023, figures=[], values=empty, peers="BC")
    assert result.rows == ()
    assert st.NO_FIGURES in result.notice_codes()
    result = analyse_status(
        organisation="A", year=2023, figures=[FigureSpec("x")], values=empty, peers=""
    )
    assert result.rows[0].trend.signal == st.NO_DATA


def test_non_finite_and_duplicate_values_do_not_crash():
    rows = [
        ("A", "x", 2023, 2.0),
        ("B", "x", 2023, math.nan),
        ("C", "x", 2023, math.inf),
        ("D", "x", 2023, 1.0),
        ("D", "x", 2023, 9.0),  # a duplicate: the first is used
    ]
    result = _single(rows, figures=[FigureSpec("x", direction="higher")], peers="BCD")
    row = result.rows[0]
    assert row.peers.n == 1
    assert row.percentile == 100.0
    by = {n.code: n.params for n in result.notices}
    assert by[st.INVALID_VALUES] == {"count": 2}
    assert by[st.DUPLICATE_VALUES] == {"count": 2}


def test_missing_columns_are_a_programming_error():
    with pytest.raises(st.StatusInputError, match="value"):
        analyse_status(
            organisation="A",
            year=2023,
            figures=[FigureSpec("x")],
            values=pl.DataFrame({"organisation": ["A"], "metric": ["x"], "year": [2023]}),
            peers="B",
        )


@pytest.mark.parametrize(
    ("direction", "signal"),
    [("higher", st.IMPROVEMENT), ("lower", st.DETERIORATION), ("neutral", st.CHANGE)],
)
def test_trend_signal_follows_the_direction(direction, signal):
    rows = [("A", "x", y, float(y)) for y in range(2012, 2024)]  # 12 rising years
    rows += [("B", "x", 2023, 1.0)]
    result = _single(rows, figures=[FigureSpec("x", direction=direction)], peers="B")
    trend = result.rows[0].trend
    assert trend.signal == signal
    assert trend.useful == 12
    assert trend.latest_side == "above"


def test_trend_random_and_too_short():
    zigzag = [5, 1, 6, 2, 7, 1, 5, 2, 6, 3, 6, 2]
    rows = [("A", "x", 2012 + i, float(v)) for i, v in enumerate(zigzag)]
    rows += [("A", "y", 2015 + i, float(i)) for i in range(9)]
    rows += [("B", "x", 2023, 1.0), ("B", "y", 2023, 1.0)]
    result = _single(
        rows,
        figures=[FigureSpec("x", direction="higher"), FigureSpec("y", direction="higher")],
        peers="B",
    )
    by = {r.metric: r.trend for r in result.rows}
    assert by["x"].signal == st.RANDOM
    assert by["y"].signal == st.TOO_SHORT
    assert (by["y"].useful, by["y"].centre, by["y"].latest_side) == (8, 4.0, "above")


def test_band_position_puts_better_to_the_right():
    rows = [("A", "x", 2023, 2.0), ("A", "y", 2023, 2.0)]
    for org, v in zip("BCDEF", [1.0, 2.0, 3.0, 4.0, 5.0], strict=True):
        rows += [(org, "x", 2023, v), (org, "y", 2023, v)]
    figures = [FigureSpec("x", direction="higher"), FigureSpec("y", direction="lower")]
    by = {r.metric: r for r in _single(rows, figures=figures, peers="BCDEF").rows}
    # p25 = 2, p75 = 4: "A" sits on the worse quartile when higher is better ...
    assert by["x"].band_position == 0.0
    # ... and on the better one when lower is better.
    assert by["y"].band_position == 1.0
