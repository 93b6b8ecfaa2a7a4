"""Charts drawn server-side: one matplotlib figure per spec, saved as SVG for pages and
PDF and as PNG for Word, so every rendering shows the same picture, offline.

Specs are plain dataclasses (no drawing code in the reports that build them). Colours
come from the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; series are also told apart by hatching or markers, never colour alone.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

from kompass.lib.numbers import format_number

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "--", "++", "oo"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
SEQUENTIAL = ["#b2182b", "#ef8a62", "#fddbc7", "#d9d9d9", "#d1e5f0", "#67a9cf", "#2166ac"]

_lock = threading.Lock()  # matplotlib's pyplot state is not thread-safe

# Drawing a chart costs matplotlib about half a second; the same content is drawn once.
# A rendering is keyed by a hash of its spec, format, id prefix and resolution, salted
# with this module's own source so that a change to the drawing code never serves an old
# picture. Renderings live in memory (per process) and, when a folder is set, on disk, so
# the page, the PDF, the Word file and the other web processes share them.
_SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
_MEMORY: OrderedDict[str, bytes] = OrderedDict()
_MEMORY_SIZE = 512
_DISK_FILES = 5000  # renderings kept on disk; the oldest go first
_cache_dir: Path | None = None
_stored = 0


def use_cache_dir(path: Path | str | None) -> None:
    """Keep renderings in `path` too (None: memory only). Called once at start-up."""
    global _cache_dir
    _cache_dir = Path(path) if path else None
    if _cache_dir is not None:
        _cache_dir.mkdir(parents=True, exist_ok=True)


def _canonical(value) -> str:
    """A spec as text that depends on its content only: lazily translated strings are
    resolved in the active language, other objects by their text, never by address."""
    if is_dataclass(value) and not isinstance(value, type):
        parts = ",".join(f"{f.name}={_canonical(getattr(value, f.name))}" for f in fields(value))
        return f"{type(value).__name__}({parts})"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_canonical(k)}:{_canonical(v)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    return repr(str(value))


def _cache_key(spec, fmt: str, key: str, dpi: int) -> str:
    text = f"{_SOURCE_HASH}|{_canonical(spec)}|{fmt}|{key}|{dpi}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cached(digest: str, fmt: str) -> bytes | None:
    with _lock:
        if digest in _MEMORY:
            _MEMORY.move_to_end(digest)
            return _MEMORY[digest]
    if _cache_dir is not None:
        try:
            data = (_cache_dir / f"{digest}.{fmt}").read_bytes()
        except OSError:
            return None
        _remember(digest, data)
        return data
    return None


def _remember(digest: str, data: bytes) -> None:
    with _lock:
        _MEMORY[digest] = data
        _MEMORY.move_to_end(digest)
        while len(_MEMORY) > _MEMORY_SIZE:
            _MEMORY.popitem(last=False)


def _store(digest: str, fmt: str, data: bytes) -> None:
    _remember(digest, data)
    if _cache_dir is None:
        return
    # Written under a temporary name and renamed: another process never reads half a file.
    target = _cache_dir / f"{digest}.{fmt}"
    partial = _cache_dir / f".{digest}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
    global _stored
    _stored += 1
    if _stored % 200 == 0:
        _prune(_cache_dir, _DISK_FILES)


def _prune(folder: Path, keep: int) -> None:
    """Keep the `keep` most recently written renderings in `folder`."""
    try:
        files = sorted(folder.glob("*.*"), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned at the same time


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class BarChart:
    """Grouped bars: one group per category, one bar per series.

    `horizontal=True` suits long category names (sub-areas, statements)."""

    categories: list[str]
    series: list[Series]
    value_label: str = ""
    max_value: float | None = None
    horizontal: bool = False
    decimals: int = 0
    reference_line: float | None = None
    reference_label: str = ""
    show_values: bool = True


@dataclass
class StackedBarChart:
    """Shares per category that add up to 100 % (answer distributions per scale step)."""

    categories: list[str]
    segments: list[Series]  # one per scale step, values are shares 0..1
    value_label: str = "Andel svar (%)"
    colors: list[str] | None = None


@dataclass
class HLine:
    y: float
    label: str
    style: str = "solid"  # "solid", "dashed", "dotted"
    color: str = "#444444"


@dataclass
class LineChart:
    """Values over time (run charts, control charts, cumulative results).

    `lines` are horizontal lines over the whole chart; `steps` are per-point lines that
    may change between phases (a centre line recalculated after a change)."""

    x: list[str]
    series: list[Series]
    value_label: str = ""
    lines: list[HLine] = field(default_factory=list)
    steps: list[Series] = field(default_factory=list)
    highlight: list[int] = field(default_factory=list)  # indices of points to mark
    highlight_label: str = ""
    phase_starts: list[int] = field(default_factory=list)
    zero_line: bool = False
    decimals: int = 0
    integer_ticks: bool = False  # only whole numbers on the value axis (levels 0..3)


@dataclass
class DeviationChart:
    """One row per figure against its peers: the peers' middle half as a band from the
    worse quartile (0) to the better one (1), the median as a tick, the organisation as
    a dot. Right is better for every figure, so deviations line up whatever the unit.
    Positions outside `limits` are drawn at the edge with an arrow."""

    labels: list[str]
    positions: list[float | None]
    medians: list[float | None]
    band_label: str = "Mellersta hälften av jämförelsegruppen"
    median_label: str = "Median"
    value_label: str = "Organisationen"
    axis_label: str = "Läge mot jämförelsegruppen (höger är bättre)"
    worse_label: str = "Sämre"
    better_label: str = "Bättre"
    worse_quartile_label: str = "sämre kvartil"
    better_quartile_label: str = "bättre kvartil"
    limits: tuple[float, float] = (-1.5, 2.5)


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


def _render(spec, fmt: str, key: str, dpi: int = 150) -> bytes:
    digest = _cache_key(spec, fmt, key, dpi)
    data = _cached(digest, fmt)
    if data is None:
        data = _draw(spec, fmt, key, dpi)
        _store(digest, fmt, data)
    return data


def _draw(spec, fmt: str, key: str, dpi: int) -> bytes:
    with _lock:
        plt = _pyplot()
        plt.rcParams["svg.hashsalt"] = key or "kompass"
        fig = _DRAWERS[type(spec)](plt, spec)
        buffer = io.BytesIO()
        try:
            fig.savefig(buffer, format=fmt, bbox_inches="tight", dpi=dpi, metadata=_metadata(fmt))
        finally:
            plt.close(fig)
    return buffer.getvalue()


def _metadata(fmt: str) -> dict:
    if fmt == "svg":
        return {"Date": None, "Creator": "Kompass"}
    if fmt == "png":
        return {"Software": "Kompass"}
    return {}


def to_svg(spec, key: str = "") -> str:
    """The chart as an inline SVG element (no XML prolog), with ids unique to `key`."""
    text = _render(spec, "svg", key).decode("utf-8")
    text = text[text.index("<svg") :]
    safe = re.sub(r"[^a-zA-Z0-9_-]", "-", key or "chart")
    # matplotlib's ids are only unique within one file; prefix them for pages with many.
    text = re.sub(r'id="([^"]+)"', rf'id="{safe}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{safe}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{safe}-\1"', text)
    text = _without_inline_styles(text)
    return text.replace(
        "<svg ",
        '<svg aria-hidden="true" focusable="false" stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )


def _without_inline_styles(svg: str) -> str:
    """matplotlib writes `style="fill: ..."` attributes and a `<style>` element; the
    Content-Security-Policy (`kompass.core.security`) refuses both in a page. The same
    properties as SVG presentation attributes draw the same picture and are allowed (the
    `<style>` element's rule moves to the `<svg>` element, whose attributes inherit)."""
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)

    def attributes(match: re.Match) -> str:
        pairs = []
        for declaration in match.group(1).split(";"):
            name, sep, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if not sep or not name:
                continue
            if name == "font":  # "10px 'DejaVu Sans'"
                size, _, family = value.partition(" ")
                pairs += [("font-size", size), ("font-family", family)]
            else:
                pairs.append((name, value))
        return " ".join(f'{name}="{value.replace(chr(34), chr(39))}"' for name, value in pairs)

    return re.sub(r'style="([^"]*)"', attributes, svg)


def to_png(spec, key: str = "", dpi: int = 150) -> bytes:
    return _render(spec, "png", key, dpi)
