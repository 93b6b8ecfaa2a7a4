"""I charts as the reference implementation draws them (qicharts2, Anhøj): moving ranges
screened before the limits (Nelson 1982) and the exact factor 3/1,128. The worked example
is the one in docs/indicators.md."""

import itertools
import statistics

import pytest

from kompass.analytics import spc

YEARS = [str(y) for y in range(2012, 2024)]
WORKED = [20, 22, 21, 23, 22, 36, 22, 20, 21, 22, 21, 29]


def test_worked_example_with_screened_moving_ranges():
    result = spc.analyse(periods=YEARS, values=[float(v) for v in WORKED], chart="i")
    assert round(result.current.centre, 2) == 23.25
    assert (round(result.current.lower, 2), round(result.current.upper, 2)) == (17.64, 28.86)
    assert [p.period for p in result.outside_points()] == ["2017", "2023"]
    assert result.to_dict()["screened_moving_ranges"] is True


def test_worked_example_without_screening():
    # Kompass before screening (2,66, all ranges) drew 11,88–34,62; with 3/1,128 and the
    # switch off the limits are 11,89–34,61, and only 2017 lies outside either way.
    mean, mr_bar = 23.25, 47 / 11
    assert (round(mean - 2.66 * mr_bar, 2), round(mean + 2.66 * mr_bar, 2)) == (11.88, 34.62)
    result = spc.analyse(
        periods=YEARS, values=[float(v) for v in WORKED], chart="i", screen_moving_ranges=False
    )
    assert (round(result.current.lower, 2), round(result.current.upper, 2)) == (11.89, 34.61)
    assert [p.period for p in result.outside_points()] == ["2017"]
    assert result.to_dict()["screened_moving_ranges"] is False


def test_factor_is_three_over_d2_not_the_rounded_textbook_value():
    assert round(spc.XMR_FACTOR, 6) == 2.659574
    values = [10.0, 12.0] * 5  # every moving range is 2, none is screened
    result = spc.analyse(periods=[str(i) for i in range(10)], values=values, chart="i")
    assert result.current.upper - result.current.centre == pytest.approx(2 * 3 / 1.128)


def test_screening_recomputes_the_average_from_the_kept_ranges_only():
    values = [5.0, 6.0, 5.0, 6.0, 5.0, 6.0, 5.0, 40.0, 5.0, 6.0]
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    cut = 3.267 * statistics.fmean(ranges)
    kept = [r for r in ranges if r <= cut]
    assert len(kept) == len(ranges) - 2  # the jump up and the jump back
    assert spc.screened_mean_range(values) == pytest.approx(statistics.fmean(kept))
    assert spc.screened_mean_range(values, screened=False) == pytest.approx(
        statistics.fmean(ranges)
    )


def test_screening_is_a_no_op_without_large_jumps_and_never_empties_the_ranges():
    steady = [float(v) for v in (3, 4, 3, 5, 4, 3, 4, 5)]
    assert spc.screened_mean_range(steady) == spc.screened_mean_range(steady, screened=False)
    # Seven ranges of 0 and one of 99: the average is 12,375, the cut 40,4, so the 99 goes
    # and the seven zeros remain (as in qicharts2, the limits then lie on the centre line).
    flat_then_jump = [1.0] * 8 + [100.0]
    assert spc.screened_mean_range(flat_then_jump) == 0


def test_minimum_points_for_limits_is_unchanged_by_screening():
    short = spc.analyse(periods=YEARS[:7], values=[float(v) for v in WORKED[:7]], chart="i")
    assert short.current.lower is None
    assert "minst 8 punkter" in short.current.limits_reason
