"""Charts: the Vega-Lite renderer (vl-convert) against the old matplotlib drawing.

Every chart kind the reports use, with the sizes they have in practice (a feedback
report's 19 answer distributions, an evaluation's areas against two comparisons, a
status analysis's deviations, an SPC chart with phases, an account's actors over ten
years), drawn as SVG (pages, PDF) and PNG (Word) with a cold cache, by the product's
renderer and by matplotlib (`benchmarks/chart_baseline.py`) in the same process.
Times are CPU seconds of the process (all its threads: vl-convert draws on threads of
its own), so that other work on a shared machine does not blur the ratio.
"""

import statistics
import time

REPEAT = 3


def _specs():
    from kompass.reports.charts import (
        SEQUENTIAL,
        BarChart,
        DeviationChart,
        HLine,
        LineChart,
        Series,
        StackedBarChart,
    )

    steps = ["Instämmer inte alls", "2", "3", "4", "5", "6", "Instämmer helt"]
    groups = ["Leksand, alla", "Chefer", "Medarbetare", "Förtroendevalda"]

    def distribution(seed):
        shares = [[((seed + g * 3 + s * 5) % 9 + 1) for s in range(7)] for g in range(4)]
        totals = [sum(row) for row in shares]
        return [
            Series(step, [shares[g][s] / totals[g] for g in range(4)])
            for s, step in enumerate(steps)
        ]

    areas = [f"{c}. Område {c} med ett namn av vanlig längd" for c in "ABCDEFGH"]
    periods = [f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(36)]
    values = [10 + (m * 7 % 11) / 2 - (m > 20) * 3 for m in range(36)]
    return {
        "stacked (answer distribution)": [
            StackedBarChart(groups, distribution(i), colors=SEQUENTIAL) for i in range(19)
        ],
        "bar (areas vs comparisons)": [
            BarChart(
                areas,
                [
                    Series("Leksand 2025", [40 + (i + k) % 30 for k in range(8)]),
                    Series("Länet", [45 + (i * 2 + k) % 25 for k in range(8)]),
                    Series("Riket", [50 + (k * 3) % 20 for k in range(8)]),
                ],
                value_label="Poäng",
                max_value=100,
                horizontal=True,
            )
            for i in range(3)
        ],
        "deviation (status)": [
            DeviationChart(
                labels=[f"Nyckeltal {k} om något i kommunen" for k in range(15)],
                positions=[((k * 7 + i) % 40) / 10 - 1.5 for k in range(15)],
                medians=[0.5] * 15,
            )
            for i in range(3)
        ],
        "line (SPC, phases)": [
            LineChart(
                x=periods,
                series=[Series("Väntetid", [v + i / 10 for v in values])],
                value_label="dagar",
                steps=[
                    Series("Medelvärde", [12.0] * 20 + [9.0] * 16),
                    Series("Övre gräns", [16.0] * 20 + [13.0] * 16),
                    Series("Undre gräns", [8.0] * 20 + [5.0] * 16),
                ],
                highlight=[21, 22, 23, 24],
                highlight_label="Signal",
                phase_starts=[20],
                decimals=1,
            )
            for i in range(3)
        ],
        "line (account, 5 actors)": [
            LineChart(
                x=[str(y) for y in range(2025, 2036)],
                series=[
                    Series(name, [(k - 2) * 120_000 * y + i for y in range(11)])
                    for k, name in enumerate(
                        ["Kommunen", "Regionen", "Försäkringskassan", "Arbetsförm.", "Individen"]
                    )
                ],
                value_label="Kronor",
                zero_line=True,
                lines=[HLine(0, "Noll")],
            )
            for i in range(3)
        ],
    }


def _per_chart(draw, specs) -> float:
    """The median CPU seconds per chart over REPEAT rounds of drawing every spec once."""
    rounds = []
    for _ in range(REPEAT):
        started = time.process_time()
        for spec in specs:
            draw(spec)
        rounds.append((time.process_time() - started) / len(specs))
    return statistics.median(rounds)


def run(report) -> None:
    import django

    django.setup()
    from benchmarks import chart_baseline
    from kompass.reports import charts

    charts.use_cache_dir(None)

    def cold(fn):
        def draw(spec):
            charts._MEMORY.clear()  # a cold cache: every call draws
            return fn(spec)

        return draw

    specs = _specs()
    started = time.perf_counter()
    charts.to_svg(specs["bar (areas vs comparisons)"][0], key="warm")
    report(
        "vl-convert: first chart in a process (engine start, wall)",
        time.perf_counter() - started,
        "s",
    )
    chart_baseline.draw(specs["bar (areas vs comparisons)"][0], "svg")  # matplotlib's import

    everything = []
    for name, group in specs.items():
        everything += group
        for fmt in ("svg", "png"):
            if fmt == "svg":
                new = cold(lambda s: charts.to_svg(s, key="b"))
            else:
                new = cold(lambda s: charts.to_png(s, key="b", dpi=150))
            old = _per_chart(lambda s, fmt=fmt: chart_baseline.draw(s, fmt, 150), group)
            report(f"{name}, {fmt} (CPU)", _per_chart(new, group) * 1000, "ms", baseline=old * 1000)

    feedback = specs["stacked (answer distribution)"]
    old = _per_chart(lambda s: chart_baseline.draw(s, "svg"), feedback) * len(feedback)
    new = _per_chart(cold(lambda s: charts.to_svg(s, key="b")), feedback) * len(feedback)
    report("a feedback report's 19 charts as SVG (CPU)", new, "s", baseline=old)
    charts._MEMORY.clear()
