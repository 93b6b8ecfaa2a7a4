"""The statistics behind the tables: t quantiles, Welch intervals, highest/lowest,
largest/smallest changes and response-rate cautions."""

import math

import numpy as np
import pytest

from kompass.analytics.survey_stats import (
    RateCaution,
    extremes,
    ranked_changes,
    rate_cautions,
    t_quantile,
    welch_interval,
)


@pytest.mark.parametrize(
    ("df", "expected"), [(1, 12.7062), (2, 4.3027), (10, 2.2281), (30, 2.0423), (1000, 1.9623)]
)
def test_t_quantile_matches_tables(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_welch_interval_matches_a_hand_computation():
    diff, low, high, df = welch_interval(3.0, 1.0, 10, 4.0, 2.0, 20)
    se = math.sqrt(1 / 10 + 4 / 20)
    dof = (0.1 + 0.2) ** 2 / (0.1**2 / 9 + 0.2**2 / 19)
    assert float(diff) == pytest.approx(1.0)
    assert float(df) == math.floor(dof)
    assert float(high - low) == pytest.approx(2 * t_quantile(0.975, math.floor(dof)) * se)


def test_welch_interval_is_undefined_with_a_single_answer():
    _, low, high, _ = welch_interval(
        np.array([3.0]),
        np.array([0.0]),
        np.array([1]),
        np.array([4.0]),
        np.array([1.0]),
        np.array([5]),
    )
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_extremes_mark_ties_at_the_shown_precision():
    found = extremes([3.454, 3.449, 4.78, None, 3.22])
    assert found.high == {2}
    assert found.low == {4}
    assert extremes([0.351, 0.349, 0.88]).low == {0, 1}  # both show 0,35


def test_extremes_mark_nothing_in_a_flat_column():
    assert extremes([1.0, 1.0]).high == frozenset()


def test_ranked_changes_name_the_seeds_statements():
    table2 = {
        "1": 0.79,
        "3": 0.36,
        "5": 0.75,
        "8": 0.88,
        "14": 0.30,
        "15": 0.37,
        "16": 0.24,
        "17": 0.351,
        "18": 0.69,
        "19": 0.349,
    }
    largest, smallest = ranked_changes(list(table2.items()))
    assert largest == [["8"], ["1"], ["5"]]
    assert smallest == [["16"], ["14"], ["17", "19"]]


def test_rate_cautions_follow_the_seeds_falling_answers():
    codes = [
        c.code for c in rate_cautions(respondents=35, invited=None, k=5, previous_respondents=63)
    ]
    assert codes == ["falling_count"]
    codes = [
        c.code
        for c in rate_cautions(
            respondents=35, invited=72, k=5, previous_respondents=63, previous_invited=66
        )
    ]
    assert codes == ["low_rate", "falling_rate"]
    assert rate_cautions(respondents=7, invited=8, k=5) == [RateCaution("small_group", 7)]
    assert (
        rate_cautions(respondents=68, invited=70, k=5, previous_respondents=60, previous_invited=62)
        == []
    )


def test_rate_cautions_are_data_and_worded_where_shown():
    cautions = rate_cautions(
        respondents=35, invited=72, k=5, previous_respondents=63, previous_invited=66
    )
    assert [(c.code, round(c.value, 4), c.previous and round(c.previous, 4)) for c in cautions] == [
        ("low_rate", 0.4861, None),
        ("falling_rate", 0.4861, 0.9545),
    ]
    from django.utils import translation

    from kompass.surveys.report import caution_text

    with translation.override("sv"):
        assert caution_text(cautions[1]) == (
            "svarsfrekvensen har sjunkit från 95\u00a0% till 49\u00a0%"
        )
        assert caution_text(RateCaution("falling_count", 35, 63)) == (
            "antalet svar har sjunkit från 63 till 35"
        )


def test_welch_interval_uses_the_level_also_in_the_normal_limit():
    from statistics import NormalDist

    n = 10_000_000  # so many degrees of freedom that the normal limit is used
    se = math.sqrt(2 / n)
    for level in (0.9, 0.99):
        diff, low, high, df = welch_interval(3.0, 1.0, n, 3.1, 1.0, n, level=level)
        assert float(df) > 100_000 and float(diff) == pytest.approx(0.1)
        z = NormalDist().inv_cdf(0.5 + level / 2)
        assert float(high - low) == pytest.approx(2 * z * se, rel=1e-9)


def test_t_quantile_approaches_the_normal_quantile():
    from statistics import NormalDist

    assert t_quantile(0.95, 10**9) == pytest.approx(NormalDist().inv_cdf(0.95), abs=1e-8)
    assert t_quantile(0.025, 60) == pytest.approx(-2.0003, abs=1e-4)
