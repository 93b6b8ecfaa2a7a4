import random
from decimal import Decimal

import pytest

from kompass.analytics.scoring import AreaSpec, apportion, mean_scores, shown_scores

D = Decimal


def test_apportion_keeps_whole_numbers_unchanged():
    assert apportion([D(9), D(7), D(12)], 28) == [9, 7, 12]


def test_apportion_gives_the_extra_point_to_the_largest_remainder():
    assert apportion([D("6.4"), D("6.6")], 13) == [6, 7]


def test_apportion_breaks_ties_by_position():
    assert apportion([D("6.5"), D("6.5")], 13) == [7, 6]


def test_apportion_refuses_an_impossible_target():
    with pytest.raises(ValueError):
        apportion([D("6.5"), D("6.5")], 15)


def test_shown_scores_of_halves_add_up_where_rounding_each_would_not():
    # Rounding 6,5 and 6,5 separately shows 7 + 7 = 14 beside an area of 13: the
    # Leksand report's mistake. The shown parts must add up to the shown area.
    areas = [AreaSpec("4", "Effektivitet", (("4.1", "a", D(20)), ("4.2", "b", D(20))))]
    sheet = shown_scores(areas, {"4.1": D("6.5"), "4.2": D("6.5")})
    assert sheet.areas[0].shown == 13
    assert [s.shown for s in sheet.areas[0].subareas] == [7, 6]
    assert sheet.shown == 13


def test_shown_scores_treat_missing_as_unscored():
    areas = [AreaSpec("1", "A", (("1.1", "a", D(10)), ("1.2", "b", D(10))))]
    sheet = shown_scores(areas, {"1.1": D(4)})
    assert sheet.subarea("1.2").score is None
    assert sheet.subarea("1.2").shown == 0
    assert sheet.complete is False
    assert sheet.scored_count == 1


def _random_framework(rng):
    areas = []
    for a in range(rng.randint(1, 9)):
        subs = tuple(
            (f"{a}.{s}", "x", D(rng.choice([5, 10, 15, 20, 25, 30, 40])))
            for s in range(rng.randint(1, 6))
        )
        areas.append(AreaSpec(str(a), "x", subs))
    return areas


@pytest.mark.parametrize("seed", range(20))
def test_shown_scores_always_add_up_and_stay_within_one(seed):
    rng = random.Random(seed)
    for _ in range(100):
        areas = _random_framework(rng)
        scores = {}
        for area in areas:
            for code, _, maximum in area.subareas:
                if rng.random() < 0.9:
                    steps = rng.choice([1, 2, 4, 10, 100])
                    scores[code] = D(rng.randint(0, int(maximum) * steps)) / steps
        sheet = shown_scores(areas, scores)
        assert sum(a.shown for a in sheet.areas) == sheet.shown
        assert abs(sheet.shown - sheet.score) < 1
        for area in sheet.areas:
            assert sum(s.shown for s in area.subareas) == area.shown
            assert abs(area.shown - area.score) < 1
            for sub in area.subareas:
                assert abs(sub.shown - (sub.score or 0)) < 1


def test_mean_scores_of_subareas_add_up_to_the_mean_of_the_area():
    maps = [{"1.1": D(3), "1.2": D(4)}, {"1.1": D(6), "1.2": D(5)}, {"1.1": D(1), "1.2": D(1)}]
    means = mean_scores(maps, ["1.1", "1.2"])
    assert means == {"1.1": D(10) / 3, "1.2": D(10) / 3}


def test_mean_scores_leave_unscored_subareas_out():
    means = mean_scores([{"1.1": D(2)}, {"1.1": None, "1.2": D(5)}], ["1.1", "1.2", "1.3"])
    assert means == {"1.1": D(2), "1.2": D(5)}
