"""Run charts and control charts (kompass.analytics.spc) against the rule definitions:
the Anhøj rules recomputed independently on generated series, the false-alarm rate on
random data, detection of known shifts, limits, phases and the Swedish sentences."""

import itertools
import math
import random
import statistics

import pytest

from kompass.analytics import spc

# ------------------------------------------------------------------ a reference implementation


def reference_limits(n: int) -> tuple[int, int]:
    runs = math.floor(math.log2(n) + 3 + 0.5)
    trials = n - 1
    cumulative = 0.0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k) / 2**trials
        if cumulative >= 0.05:
            return runs, k
    return runs, trials


def reference_runs(values, centre):
    sides = [1 if v > centre else -1 for v in values if v != centre]
    longest, current, crossings = 0, 0, 0
    for i, side in enumerate(sides):
        if i and side != sides[i - 1]:
            crossings += 1
            current = 1
        else:
            current += 1
        longest = max(longest, current)
    return len(sides), longest, crossings


def periods(n):
    return [f"p{i:03d}" for i in range(n)]


# ------------------------------------------------------------------ limits


@pytest.mark.parametrize(
    "n, runs, crossings",
    [
        (10, 6, 2),
        (12, 7, 3),
        (15, 7, 4),
        (20, 7, 6),
        (24, 8, 8),
        (30, 8, 10),
        (50, 9, 19),
        (100, 10, 41),
    ],
)
def test_limits_match_anhoj_table(n, runs, crossings):
    assert spc.longest_run_limit(n) == runs
    assert spc.crossings_limit(n) == crossings
    assert reference_limits(n) == (runs, crossings)


def test_limits_agree_with_reference_for_every_n():
    for n in range(2, 200):
        assert (spc.longest_run_limit(n), spc.crossings_limit(n)) == reference_limits(n)


# ------------------------------------------------------------------ agreement with the rules


def test_run_signals_agree_with_rule_definitions_on_random_series():
    rng = random.Random(20240501)
    checked = 0
    for trial in range(600):
        n = rng.randint(10, 60)
        if trial % 3 == 0:  # integers: many points land on the median
            values = [float(rng.randint(1, 5)) for _ in range(n)]
        elif trial % 3 == 1:  # a shift of random size at a random place
            at = rng.randint(1, n - 1)
            size = rng.uniform(0, 3)
            values = [rng.gauss(size if i >= at else 0, 1) for i in range(n)]
        else:  # a trend
            slope = rng.uniform(-0.2, 0.2)
            values = [rng.gauss(slope * i, 1) for i in range(n)]
        result = spc.analyse(periods=periods(n), values=values)
        median = statistics.median(values)
        useful, longest, crossings = reference_runs(values, median)
        assert result.current.centre == median
        assert result.current.useful == useful
        if useful < spc.MIN_RUN_POINTS:
            assert result.signal is False
            assert result.too_short
            continue
        runs_limit, crossings_limit = reference_limits(useful)
        expected = longest > runs_limit or crossings < crossings_limit
        assert (result.current.longest_run, result.current.crossings) == (longest, crossings)
        assert (result.current.longest_run_limit, result.current.crossings_limit) == (
            runs_limit,
            crossings_limit,
        )
        assert result.signal is expected
        checked += 1
    assert checked > 400


def test_false_alarm_rate_on_random_series_is_near_the_design():
    """Anhøj's rules are designed for a false-alarm rate of roughly 5 % on random data
    (each rule near its 5 % limit, the pair a little more or less depending on n)."""
    rng = random.Random(7)
    alarms = total = 0
    for n in (12, 16, 20, 24, 30, 40, 60):
        for _ in range(600):
            values = [rng.gauss(0, 1) for _ in range(n)]
            alarms += spc.analyse(periods=periods(n), values=values).signal
            total += 1
    rate = alarms / total
    assert 0.01 <= rate <= 0.10, rate


def test_known_shift_is_detected_almost_always():
    rng = random.Random(11)
    detected = 0
    for _ in range(300):
        values = [rng.gauss(0, 1) for _ in range(12)] + [rng.gauss(3, 1) for _ in range(12)]
        detected += spc.analyse(periods=periods(24), values=values).signal
    assert detected / 300 >= 0.9


def _from_sides(sides):
    return [1.0 if s == "+" else -1.0 for s in sides]


def test_run_one_longer_than_the_limit_signals_and_at_the_limit_does_not():
    # n = 20 useful points, limit 7; ten above and ten below keep the median at 0.
    at_limit = "+++++++-------+-+-+-"  # runs of 7: no run signal
    over = "++++++++--------+-+-"  # run of 8: signal
    assert spc.longest_run_limit(20) == 7
    quiet = spc.analyse(periods=periods(20), values=_from_sides(at_limit))
    assert quiet.current.longest_run == 7 and not quiet.current.run_signal
    loud = spc.analyse(periods=periods(20), values=_from_sides(over))
    assert loud.current.longest_run == 8 and loud.current.run_signal
    assert [p.in_signal_run for p in loud.points[:8]] == [True] * 8


def test_too_few_crossings_signal():
    sides = "+++++-----+++++-----"  # 3 crossings, limit 6 for n = 20
    result = spc.analyse(periods=periods(20), values=_from_sides(sides))
    assert result.current.crossings == 3
    assert result.current.crossings_signal and not result.current.run_signal
    assert "korsas bara 3 gånger (färre än 6" in result.text


def test_points_on_the_median_neither_break_nor_extend_a_run():
    values = [1, 1, 1, 0, 1, 1, 1, 1, -1, -1, -1, -1, 0, -1, -1, -1, -1, 1, -1, 1, 0]
    result = spc.analyse(periods=periods(len(values)), values=[float(v) for v in values])
    assert result.current.centre == 0
    assert result.current.useful == len(values) - 3
    assert result.current.longest_run == 8


# ------------------------------------------------------------------ sentences


def test_shift_up_reads_as_improvement_when_higher_is_better():
    values = [50.0 + (i % 3) for i in range(12)] + [60.0 + (i % 3) for i in range(12)]
    better = spc.analyse(periods=periods(24), values=values, direction="higher")
    worse = spc.analyse(periods=periods(24), values=values, direction="lower")
    neutral = spc.analyse(periods=periods(24), values=values)
    assert better.text.startswith("Sannolikt en verklig förbättring: 12 punkter i rad")
    assert worse.text.startswith("Sannolikt en verklig försämring")
    assert neutral.text.startswith("Sannolikt en verklig förändring")
    assert better.current.word == "förbättring"


def test_random_series_reads_as_random():
    values = [5, 7, 4, 6, 5, 8, 3, 6, 5, 7, 4, 6, 5, 7, 6, 4]
    result = spc.analyse(periods=periods(16), values=[float(v) for v in values])
    assert result.signal is False
    assert result.text.startswith("Variationen ser slumpmässig ut")


def test_series_too_short_says_why_and_has_no_signal():
    values = [10.0, 12.0, 30.0, 31.0, 32.0, 33.0]
    result = spc.analyse(periods=periods(6), values=values, direction="higher")
    data = result.to_dict()
    assert data["signal"] is False
    assert data["longest_run_limit"] is None and data["crossings_limit"] is None
    assert "För få punkter för att skilja en trend från slumpen" in data["too_short"]
    assert "reglerna kräver minst 10" in data["text"]
    assert "Diagrammet visas utan signal" in data["text"]
    assert len(data["points"]) == 6  # the chart is still drawn


def test_json_has_the_keys_the_issue_lists():
    result = spc.analyse(periods=periods(12), values=[float(i % 4) for i in range(12)])
    data = result.to_dict()
    for key in (
        "chart",
        "centre",
        "longest_run",
        "longest_run_limit",
        "crossings",
        "crossings_limit",
        "signal",
        "text",
    ):
        assert key in data
    assert data["chart"] == "run"
    control = spc.analyse(
        periods=periods(12), values=[float(i % 4) for i in range(12)], chart="i"
    ).to_dict()
    for key in ("lower", "upper", "outside"):
        assert key in control


# ------------------------------------------------------------------ control charts


def test_i_chart_limits_are_mean_plus_minus_3_over_d2_screened_average_moving_range():
    values = [10.0, 12.0, 11.0, 13.0, 12.0, 11.0, 10.0, 12.0, 11.0, 25.0, 12.0, 11.0]
    result = spc.analyse(periods=periods(12), values=values, chart="i", direction="lower")
    mean = statistics.fmean(values)
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    mr = statistics.fmean(r for r in ranges if r <= 3.267 * statistics.fmean(ranges))
    assert result.current.centre == pytest.approx(mean)
    assert result.current.upper == pytest.approx(mean + 3 / 1.128 * mr)
    assert result.current.lower == pytest.approx(mean - 3 / 1.128 * mr)
    outside = result.to_dict()["outside"]
    assert [o["period"] for o in outside] == ["p009"]
    assert outside[0]["side"] == "above"
    assert result.text.startswith(
        "Sannolikt en verklig försämring: 1 punkt utanför styrgränserna (p009)"
    )


def test_p_chart_limits_follow_each_denominator_and_stay_within_0_and_1():
    counts = [45, 40, 48, 44, 42, 47, 43, 46, 41, 44, 20, 9]
    sizes = [50, 50, 60, 55, 50, 52, 48, 51, 49, 53, 50, 10]
    result = spc.analyse(
        periods=periods(12),
        values=[float(c) for c in counts],
        denominators=[float(s) for s in sizes],
        chart="p",
    )
    p_bar = sum(counts) / sum(sizes)
    for point, n in zip(result.points, sizes, strict=True):
        sigma = math.sqrt(p_bar * (1 - p_bar) / n)
        assert point.upper == pytest.approx(min(1.0, p_bar + 3 * sigma))
        assert point.lower == pytest.approx(max(0.0, p_bar - 3 * sigma))
        assert 0 <= point.lower <= point.upper <= 1
    assert result.current.upper is None  # the limits vary, so there is no single pair
    assert "p010" in [p.period for p in result.outside_points()]


def test_u_chart_limits():
    counts = [8.0, 6.0, 9.0, 7.0, 8.0, 30.0, 7.0, 6.0, 8.0, 7.0]
    exposure = [2.0] * 10
    result = spc.analyse(periods=periods(10), values=counts, denominators=exposure, chart="u")
    u_bar = sum(counts) / sum(exposure)
    assert result.current.centre == pytest.approx(u_bar)
    assert result.current.upper == pytest.approx(u_bar + 3 * math.sqrt(u_bar / 2.0))
    assert [p.period for p in result.outside_points()] == ["p005"]


def test_control_limits_need_enough_points():
    result = spc.analyse(periods=periods(5), values=[1.0, 2.0, 3.0, 2.0, 1.0], chart="i")
    assert result.current.upper is None
    assert "Styrgränser beräknas först när fasen har minst 8 punkter" in result.text


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"chart": "p", "values": [5.0, 12.0], "denominators": [10.0, 10.0]}, "större än nämnaren"),
        (
            {"chart": "u", "values": [5.0, 2.0], "denominators": [1.0, 0.0]},
            "nämnaren måste vara ett tal större än 0",
        ),
        ({"chart": "p", "values": [5.0, 2.0]}, "kräver en nämnare"),
        ({"chart": "run", "values": [5.0, float("nan")]}, "inte ett tal"),
        ({"chart": "x", "values": [5.0, 1.0]}, "okänd diagramtyp"),
    ],
)
def test_bad_series_raise_swedish_problems(kwargs, message):
    with pytest.raises(spc.SpcInputError) as info:
        spc.analyse(periods=periods(len(kwargs["values"])), **kwargs)
    assert message in str(info.value)


# ------------------------------------------------------------------ phases


def test_phases_recalculate_the_centre_line():
    rng = random.Random(3)
    values = [rng.gauss(20, 1) for _ in range(14)] + [rng.gauss(12, 1) for _ in range(14)]
    result = spc.analyse(
        periods=periods(28),
        values=values,
        chart="i",
        phases=[(14, "Nytt arbetssätt")],
        first_phase="Före",
        direction="lower",
    )
    first, second = result.phases
    assert first.centre == pytest.approx(statistics.fmean(values[:14]))
    assert second.centre == pytest.approx(statistics.fmean(values[14:]))
    assert {p.centre for p in result.points[14:]} == {second.centre}
    assert result.text.startswith("Efter ”Nytt arbetssätt” (från p014) är medelvärdet")
    assert result.to_dict()["phases"][1]["start_period"] == "p014"
    # Without the phase the same series shows the shift as a signal.
    assert spc.analyse(periods=periods(28), values=values, direction="lower").signal


def test_phase_names_stay_with_their_starts_in_any_order():
    result = spc.analyse(
        periods=periods(30),
        values=[float(i % 5) for i in range(30)],
        phases=[(20, "Andra"), (10, "Första"), (20, "Dubblett"), (0, "Ingen"), (40, "Utanför")],
    )
    assert [(p.name, p.start, p.end) for p in result.phases] == [
        ("Före förändringen", 0, 10),
        ("Första", 10, 20),
        ("Andra", 20, 30),
    ]
    assert spc.analyse(periods=periods(3), values=[1.0, 2.0, 3.0]).phases[0].name == (
        "Hela perioden"
    )
