"""The baseline of `bench_charts`: the charts as Kompass drew them with matplotlib until
December 2026 (kept here, outside the product, so that the benchmark can put the
Vega-Lite renderer's figures against it in the same process). matplotlib is a dev
dependency only."""

from __future__ import annotations

import io

from kompass.lib.numbers import format_number
from kompass.reports.charts import (
    PALETTE,
    SEQUENTIAL,
    BarChart,
    DeviationChart,
    LineChart,
    StackedBarChart,
)

HATCHES = ["", "//", "..", "xx", "\\\\", "--", "++", "oo"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "svg.fonttype": "none",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#444444",
            "axes.labelcolor": "#1b1f24",
            "xtick.color": "#1b1f24",
            "ytick.color": "#1b1f24",
            "legend.frameon": False,
        }
    )
    return plt


def _fmt(decimals: int):
    def formatter(value, _pos=None):
        return format_number(value, decimals)

    return formatter


def _draw_bar(plt, spec: BarChart):
    import numpy as np

    n_cat, n_ser = len(spec.categories), max(1, len(spec.series))
    long_labels = spec.horizontal
    height = max(2.6, 0.28 * n_cat * max(1, n_ser * 0.8) + 1.2) if long_labels else 3.4
    fig, ax = plt.subplots(figsize=(7.2, height), layout="constrained")
    positions = np.arange(n_cat)
    width = 0.8 / n_ser
    for index, series in enumerate(spec.series):
        values = [v if v is not None else 0 for v in series.values]
        offset = positions + (index - (n_ser - 1) / 2) * width
        kwargs = {
            "color": PALETTE[index % len(PALETTE)],
            "hatch": HATCHES[index % len(HATCHES)],
            "edgecolor": "white" if index == 0 else "#333333",
            "linewidth": 0.4,
            "label": series.name,
        }
        bars = (
            ax.barh(offset, values, height=width, **kwargs)
            if spec.horizontal
            else ax.bar(offset, values, width=width, **kwargs)
        )
        if spec.show_values:
            labels = [
                format_number(v, spec.decimals) if v is not None else "–" for v in series.values
            ]
            ax.bar_label(bars, labels=labels, padding=2, fontsize=7)
    labels = [_wrap(c, 40 if spec.horizontal else 14) for c in spec.categories]
    value_axis = ax.xaxis if spec.horizontal else ax.yaxis
    value_axis.set_major_formatter(_fmt(spec.decimals))
    if spec.horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        if spec.max_value is not None:
            ax.set_xlim(0, spec.max_value * 1.08)
        ax.set_xlabel(spec.value_label)
        if spec.reference_line is not None:
            ax.axvline(
                spec.reference_line,
                color="#a3191f",
                linestyle="--",
                linewidth=1,
                label=spec.reference_label or None,
            )
    else:
        ax.set_xticks(positions, labels)
        if spec.max_value is not None:
            ax.set_ylim(0, spec.max_value * 1.08)
        ax.set_ylabel(spec.value_label)
        if spec.reference_line is not None:
            ax.axhline(
                spec.reference_line,
                color="#a3191f",
                linestyle="--",
                linewidth=1,
                label=spec.reference_label or None,
            )
    if n_ser > 1 or spec.reference_label:
        fig.legend(loc="outside lower center", ncol=min(3, n_ser + 1))
    return fig


def _draw_stacked(plt, spec: StackedBarChart):
    import numpy as np

    n_cat = len(spec.categories)
    fig, ax = plt.subplots(figsize=(7.2, max(1.8, 0.42 * n_cat + 1.3)), layout="constrained")
    positions = np.arange(n_cat)
    left = np.zeros(n_cat)
    colors = spec.colors or (SEQUENTIAL if len(spec.segments) == 7 else PALETTE)
    for index, segment in enumerate(spec.segments):
        values = np.array([(v or 0) * 100 for v in segment.values])
        bars = ax.barh(
            positions,
            values,
            left=left,
            color=colors[index % len(colors)],
            edgecolor="white",
            linewidth=0.6,
            label=segment.name,
        )
        labels = [format_number(v, 0) if v >= 6 else "" for v in values]
        ax.bar_label(bars, labels=labels, label_type="center", fontsize=7, color="#111111")
        left += values
    ax.set_yticks(positions, [_wrap(c, 30) for c in spec.categories])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(spec.value_label)
    ax.xaxis.set_major_formatter(_fmt(0))
    fig.legend(loc="outside lower center", ncol=min(7, len(spec.segments)), fontsize=7)
    return fig


def _draw_line(plt, spec: LineChart):
    fig, ax = plt.subplots(figsize=(7.2, 3.4), layout="constrained")
    xs = list(range(len(spec.x)))
    for index, series in enumerate(spec.series):
        points = [(x, v) for x, v in zip(xs, series.values, strict=False) if v is not None]
        if not points:
            continue
        ax.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            marker=MARKERS[index % len(MARKERS)],
            markersize=4,
            linewidth=1.4,
            color=PALETTE[index % len(PALETTE)],
            label=series.name,
        )
    styles = {"solid": "-", "dashed": "--", "dotted": ":"}
    for line in spec.lines:
        ax.axhline(
            line.y,
            color=line.color,
            linestyle=styles.get(line.style, "-"),
            linewidth=1,
            label=line.label,
        )
    for index, step in enumerate(spec.steps):
        ax.step(
            xs,
            [v if v is not None else float("nan") for v in step.values],
            where="mid",
            color=["#444444", "#a3191f", "#a3191f"][index % 3],
            linestyle=["-", "--", "--"][index % 3],
            linewidth=1,
            label=step.name,
        )
    if spec.highlight and spec.series:
        first = spec.series[0].values
        pts = [(i, first[i]) for i in spec.highlight if i < len(first) and first[i] is not None]
        if pts:
            ax.scatter(
                [p[0] for p in pts],
                [p[1] for p in pts],
                s=60,
                facecolors="none",
                edgecolors="#a3191f",
                linewidths=1.6,
                label=spec.highlight_label or None,
                zorder=5,
            )
    for start in spec.phase_starts:
        ax.axvline(start - 0.5, color="#777777", linestyle=":", linewidth=1)
    if spec.zero_line:
        ax.axhline(0, color="#111111", linewidth=0.8)
    step = max(1, len(xs) // 14)
    ax.set_xticks(
        xs[::step],
        [spec.x[i] for i in xs[::step]],
        rotation=45 if len(xs) > 8 else 0,
        ha="right" if len(xs) > 8 else "center",
    )
    ax.yaxis.set_major_formatter(_fmt(spec.decimals))
    if spec.integer_ticks:
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(spec.value_label)
    fig.legend(loc="outside lower center", ncol=4, fontsize=7)
    return fig


def _draw_deviation(plt, spec: DeviationChart):
    rows = len(spec.labels)
    fig, ax = plt.subplots(figsize=(7.2, 0.9 + 0.32 * max(rows, 1)), layout="constrained")
    low, high = spec.limits
    ys = list(range(rows))[::-1]  # the first (worst) figure on top
    ax.axvspan(0, 1, color="#d1e5f0", label=spec.band_label, zorder=0)
    medians = [(m, y) for m, y in zip(spec.medians, ys, strict=False) if m is not None]
    if medians:
        ax.scatter(
            [min(max(m, low), high) for m, _ in medians],
            [y for _, y in medians],
            marker="|",
            s=140,
            color="#444444",
            label=spec.median_label,
            zorder=2,
        )
    inside = [(p, y) for p, y in zip(spec.positions, ys, strict=False) if p is not None]
    shown = [(min(max(p, low), high), y, p) for p, y in inside]
    within = [(x, y) for x, y, p in shown if low <= p <= high]
    if within:
        ax.scatter(
            [x for x, _ in within],
            [y for _, y in within],
            marker="o",
            s=36,
            color=PALETTE[0],
            label=spec.value_label,
            zorder=3,
        )
    for marker, points in (
        ("<", [(x, y) for x, y, p in shown if p < low]),
        (">", [(x, y) for x, y, p in shown if p > high]),
    ):
        if points:
            ax.scatter(
                [x for x, _ in points],
                [y for _, y in points],
                marker=marker,
                s=48,
                color=PALETTE[5],
                zorder=3,
            )
    ax.set_yticks(ys, [_wrap(label, 40).replace("\n", " ") for label in spec.labels])
    ax.set_xlim(low - 0.1, high + 0.1)
    ax.set_ylim(-0.7, rows - 0.3)
    ax.set_xticks([0, 1], [spec.worse_quartile_label, spec.better_quartile_label])
    ax.set_xlabel(spec.axis_label)
    ax.text(low, rows - 0.3, spec.worse_label, ha="left", va="bottom", fontsize=8)
    ax.text(high, rows - 0.3, spec.better_label, ha="right", va="bottom", fontsize=8)
    fig.legend(loc="outside lower center", ncol=3, fontsize=7)
    return fig


_DRAWERS = {
    BarChart: _draw_bar,
    StackedBarChart: _draw_stacked,
    LineChart: _draw_line,
    DeviationChart: _draw_deviation,
}


def draw(spec, fmt: str, dpi: int = 150) -> bytes:
    """One chart as SVG or PNG bytes, as the old renderer drew it (no cache)."""
    plt = _pyplot()
    fig = _DRAWERS[type(spec)](plt, spec)
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format=fmt, bbox_inches="tight", dpi=dpi)
    finally:
        plt.close(fig)
    return buffer.getvalue()
