"""Chart specs (`kompass.reports.charts`) as Vega-Lite specifications.

Vega-Lite describes a chart as data plus encodings; `vl-convert` (a Vega engine compiled
into a Python extension, no browser, nothing fetched) draws it as SVG for pages and PDF
and as PNG for Word in a few milliseconds, where matplotlib's layout took half a second.

The specs keep the house style: Okabe-Ito colours, series told apart by more than colour
(a marker shape and a dash pattern per series, direct labels on reference lines), DejaVu
Sans, numbers formatted as the page formats them (the labels on marks are formatted here
with `format_number`; the axes get the same conventions through the renderer's locale),
and value axes that never repeat a tick label (no tick finer than the decimals shown, so
counts get whole numbers).
"""

from __future__ import annotations

from kompass.lib.numbers import format_number
from kompass.reports import charts as c

WIDTH = 640  # the whole picture, labels and legend included; pages scale it to fit
INK = "#1b1f24"
AXIS = "#444444"
ALERT = "#a3191f"
DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6]]
SHAPES = ["circle", "square", "triangle-up", "diamond", "triangle-down", "cross", "wedge", "stroke"]
LINE_DASHES = {"solid": [], "dashed": [6, 3], "dotted": [2, 2]}
# The median's legend symbol: a thin upright bar, like the tick drawn in the chart.
_TICK_SYMBOL = "M-0.25,-1H0.25V1H-0.25Z"


def build(spec) -> dict:
    """The Vega-Lite specification of a chart spec."""
    builders = {
        c.BarChart: _bar,
        c.StackedBarChart: _stacked,
        c.LineChart: _line,
        c.DeviationChart: _deviation,
    }
    vl = builders[type(spec)](spec)
    vl.setdefault("width", WIDTH)
    vl["autosize"] = {"type": "fit-x", "contains": "padding"}
    vl["config"] = _config()
    return vl


def _config() -> dict:
    return {
        "font": "DejaVu Sans",
        "background": "white",
        "aria": False,  # the picture is aria-hidden; the page carries its description
        "padding": 6,
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": 11,
            "titleFontSize": 11,
            "titleFontWeight": "normal",
            "labelColor": INK,
            "titleColor": INK,
            "domainColor": AXIS,
            "tickColor": AXIS,
            "gridColor": "#e4e4e4",
            "labelLimit": 320,
        },
        "legend": {
            "orient": "bottom",
            "direction": "horizontal",
            "title": None,
            "labelFontSize": 11,
            "labelColor": INK,
            "labelLimit": 320,
            "symbolSize": 90,
        },
        "text": {"fontSize": 10, "color": INK},
    }


def wrap(text: str, width: int) -> str:
    """`text` broken into lines of at most `width` characters (three at most)."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")


def _unique(names) -> list[str]:
    """Names made distinct (a chart's scale would merge equal names into one)."""
    seen: set[str] = set()
    out = []
    for name in names:
        name = str(name)
        while name in seen:
            name += "\u200b"  # invisible, but another value for the scale
        seen.add(name)
        out.append(name)
    return out


def _value_axis(
    title, decimals: int, values, *, integer: bool = False, most: int = 6, zero: bool = True
) -> dict:
    """A value axis with at most `most` ticks, and never a tick finer than the decimals
    shown (or than 1 for counts), which would repeat a label ("0, 0, 0, 1, 1, 1").
    `values` are what the axis spans (with zero when `zero`)."""
    numbers = [float(v) for v in values if v is not None] + ([0.0] if zero else [])
    span = max(numbers) - min(numbers) if numbers else 0.0
    finest = 1.0 if integer else 10.0 ** -max(0, decimals)
    # d3 picks a step of 1, 2 or 5 x 10^k not below span / count: a count of at most
    # span / finest keeps the step at `finest` or coarser.
    count = max(1, min(most, int(span / finest + 1e-9)))
    return {
        "title": str(title) or None,
        "format": f",.{0 if integer else max(0, decimals)}f",
        "tickCount": count,
        "grid": True,
    }


def _category_axis(angle: int = 0) -> dict:
    return {
        "title": None,
        "labelExpr": "split(datum.label, '\\n')",
        "labelAngle": angle,
        "grid": False,
        "ticks": False,
        "labelPadding": 6,
    }


def _columns(names, most: int) -> int:
    """Legend entries per row so that a row fits the picture's width (a legend is laid
    out beside the plot, so the width the chart fits into does not hold it back): all
    in one row when they fit (a scale's steps read left to right), else as many
    columns of the widest entry as fit."""
    sizes = [len(str(n)) * 7 + 34 for n in names]
    if not sizes:
        return 1
    if sum(sizes) <= WIDTH - 20 and len(sizes) <= most:
        return len(sizes)
    return max(1, min(most, len(sizes), (WIDTH - 20) // max(sizes)))


def _series_scale(names: list[str], colours: list[str]) -> dict:
    return {"domain": names, "range": [colours[i % len(colours)] for i in range(len(names))]}


def _bar(spec: c.BarChart) -> dict:
    horizontal = spec.horizontal
    series = spec.series or [c.Series("", [])]
    names = _unique(s.name for s in series)
    cats = _unique(wrap(cat, 40 if horizontal else 14) for cat in spec.categories)
    many = len(series) > 1
    rows = []
    for name, s in zip(names, series, strict=True):
        for index, cat in enumerate(cats):
            v = s.values[index] if index < len(s.values) else None
            rows.append(
                {
                    "c": cat,
                    "s": name,
                    "v": v,
                    "end": v or 0,
                    "t": format_number(v, spec.decimals) if v is not None else "–",
                }
            )
    value, band = ("x", "y") if horizontal else ("y", "x")
    scale: dict = {"zero": True}
    if spec.max_value is not None:
        scale = {"domain": [0, spec.max_value * 1.08], "nice": False}
    colour = (
        {
            "field": "s",
            "type": "nominal",
            "scale": _series_scale(names, c.PALETTE),
            "legend": {"columns": _columns(names, 3)},
        }
        if many
        else {"value": c.PALETTE[0]}
    )
    shared = {
        band: {
            "field": "c",
            "type": "nominal",
            "sort": cats,
            "scale": {"domain": cats},
            "axis": _category_axis(),
        },
    }
    if many:
        shared[f"{band}Offset"] = {"field": "s", "type": "nominal", "sort": names}
    layers: list[dict] = [
        {
            # A value above a fixed maximum is cut at the edge, not drawn over the labels.
            "mark": {
                "type": "bar",
                "stroke": "white",
                "strokeWidth": 0.5,
                "clip": spec.max_value is not None,
            },
            "encoding": {
                **shared,
                value: {
                    "field": "v",
                    "type": "quantitative",
                    "scale": scale,
                    "axis": _value_axis(
                        spec.value_label,
                        spec.decimals,
                        [r["v"] for r in rows]
                        + [spec.reference_line, spec.max_value and spec.max_value * 1.08],
                        integer=spec.integer_ticks,
                        most=8 if horizontal else 6,
                    ),
                },
                "color": colour,
            },
        }
    ]
    if many:
        # A marker at the end of each bar, its shape naming the series as in the legend.
        layers.append(
            {
                "mark": {
                    "type": "point",
                    "filled": True,
                    "size": 44,
                    "stroke": INK,
                    "strokeWidth": 0.8,
                    "opacity": 1,
                },
                "transform": [{"filter": "datum.v != null"}],
                "encoding": {
                    **shared,
                    value: {"field": "end", "type": "quantitative"},
                    "color": colour,
                    "shape": {
                        "field": "s",
                        "type": "nominal",
                        "scale": _series_scale(names, SHAPES),
                        "legend": {"columns": _columns(names, 3)},
                    },
                },
            }
        )
    if spec.show_values:
        gap = 9 if many else 3
        mark = (
            {"type": "text", "align": "left", "baseline": "middle", "dx": gap}
            if horizontal
            else {"type": "text", "align": "center", "baseline": "bottom", "dy": -gap}
        )
        mark["fontSize"] = 9 if len(series) > 2 else 10
        layers.append(
            {
                "mark": mark,
                "encoding": {
                    **shared,
                    value: {"field": "end", "type": "quantitative"},
                    "text": {"field": "t"},
                },
            }
        )
    if spec.reference_line is not None:
        layers += _reference(spec, value)
    vl: dict = {"data": {"values": rows}, "layer": layers}
    if horizontal:
        vl["height"] = {"step": 17, "for": "offset"} if many else {"step": 24}
    else:
        vl["height"] = 240
    return vl


def _reference(spec: c.BarChart, value: str) -> list[dict]:
    """The reference line, with its label written beside it (no legend to look up)."""
    data = {"values": [{"r": spec.reference_line, "t": str(spec.reference_label)}]}
    layers = [
        {
            "data": data,
            "mark": {"type": "rule", "color": ALERT, "strokeDash": [6, 3], "strokeWidth": 1.5},
            "encoding": {value: {"field": "r", "type": "quantitative"}},
        }
    ]
    if spec.reference_label:
        place = (
            {"y": {"value": 0}, "align": "left", "dx": 4, "baseline": "bottom"}
            if value == "x"
            else {"x": {"value": "width"}, "align": "right", "baseline": "bottom", "dy": -3}
        )
        mark = {"type": "text", "color": ALERT, "fontSize": 10}
        mark.update({k: v for k, v in place.items() if k in ("align", "dx", "dy", "baseline")})
        encoding = {value: {"field": "r", "type": "quantitative"}, "text": {"field": "t"}}
        encoding.update({k: v for k, v in place.items() if k in ("x", "y")})
        layers.append({"data": data, "mark": mark, "encoding": encoding})
    return layers


def _contrast_ink(colour: str) -> str:
    """Black or white text, whichever reads better on `colour` (WCAG luminance)."""
    try:
        r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return INK

    def channel(x):
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#ffffff" if (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / 0.05) else "#111111"


def _stacked(spec: c.StackedBarChart) -> dict:
    colours = spec.colors or (c.SEQUENTIAL if len(spec.segments) == 7 else c.PALETTE)
    names = _unique(s.name for s in spec.segments)
    cats = _unique(wrap(cat, 30) for cat in spec.categories)
    rows = []
    for ci, cat in enumerate(cats):
        left = 0.0
        for si, (name, segment) in enumerate(zip(names, spec.segments, strict=True)):
            share = segment.values[ci] if ci < len(segment.values) else None
            v = (share or 0) * 100
            colour = colours[si % len(colours)]
            rows.append(
                {
                    "c": cat,
                    "s": name,
                    "o": si,
                    "v": v,
                    "mid": left + v / 2,
                    "t": format_number(v, 0) if v >= 6 else "",
                    "ink": _contrast_ink(colour),
                }
            )
            left += v
    y = {
        "field": "c",
        "type": "nominal",
        "sort": cats,
        "scale": {"domain": cats},
        "axis": _category_axis(),
    }
    return {
        "data": {"values": rows},
        "height": {"step": 26},
        "layer": [
            {
                "mark": {"type": "bar", "stroke": "white", "strokeWidth": 0.8},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "v",
                        "type": "quantitative",
                        "stack": "zero",
                        "scale": {"domain": [0, 100], "nice": False},
                        "axis": _value_axis(spec.value_label, 0, [100], most=10),
                    },
                    "color": {
                        "field": "s",
                        "type": "nominal",
                        "scale": _series_scale(names, colours),
                        "legend": {"columns": _columns(names, 7), "symbolType": "square"},
                    },
                    "order": {"field": "o", "type": "quantitative"},
                },
            },
            {
                "mark": {"type": "text", "align": "center", "baseline": "middle"},
                "encoding": {
                    "y": y,
                    "x": {"field": "mid", "type": "quantitative"},
                    "text": {"field": "t"},
                    "color": {"field": "ink", "type": "nominal", "scale": None},
                },
            },
        ],
    }


def _line(spec: c.LineChart) -> dict:
    n = len(spec.x)
    every = max(1, n // 14)
    names = _unique(s.name for s in spec.series)
    x_scale = {"domain": [-0.5, max(n, 1) - 0.5], "nice": False, "zero": False}
    slanted = n > 8
    x = {
        "field": "i",
        "type": "quantitative",
        "scale": x_scale,
        "axis": {
            "title": None,
            "values": list(range(0, n, every)),
            "labelExpr": "periods[datum.value]",
            "labelAngle": -45 if slanted else 0,
            "labelAlign": "right" if slanted else "center",
            "labelBaseline": "top",
            "grid": False,
        },
    }
    everything = [v for s in [*spec.series, *spec.steps] for v in s.values]
    everything += [line.y for line in spec.lines]
    y_axis = _value_axis(
        spec.value_label,
        spec.decimals,
        everything,
        integer=spec.integer_ticks,
        zero=spec.zero_line,
    )
    y = {"field": "v", "type": "quantitative", "scale": {"zero": False}, "axis": y_axis}
    layers: list[dict] = []
    for start in spec.phase_starts:
        layers.append(
            {
                "data": {"values": [{"i": start - 0.5}]},
                "mark": {"type": "rule", "color": "#777777", "strokeDash": [2, 3]},
                "encoding": {"x": {"field": "i", "type": "quantitative"}},
            }
        )
    if spec.zero_line:
        layers.append(
            {
                "data": {"values": [{"v": 0}]},
                "mark": {"type": "rule", "color": "#111111", "strokeWidth": 0.8},
                "encoding": {"y": {"field": "v", "type": "quantitative"}},
            }
        )
    for line in spec.lines:
        data = {"values": [{"v": line.y, "t": str(line.label)}]}
        layers += [
            {
                "data": data,
                "mark": {
                    "type": "rule",
                    "color": line.color,
                    "strokeDash": LINE_DASHES.get(line.style, []),
                    "strokeWidth": 1.2,
                },
                "encoding": {"y": {"field": "v", "type": "quantitative"}},
            },
            {
                "data": data,
                "mark": {
                    "type": "text",
                    "align": "right",
                    "baseline": "bottom",
                    "dy": -2,
                    "color": line.color,
                },
                "encoding": {
                    "y": {"field": "v", "type": "quantitative"},
                    "x": {"value": "width"},
                    "text": {"field": "t"},
                },
            },
        ]
    for index, step in enumerate(spec.steps):
        colour = ["#444444", ALERT, ALERT][index % 3]
        dash = [[], [6, 3], [6, 3]][index % 3]
        points = [{"i": i, "v": v} for i, v in enumerate(step.values) if v is not None]
        if not points:
            continue
        layers.append(
            {
                "data": {"values": points},
                "mark": {
                    "type": "line",
                    "interpolate": "step",
                    "color": colour,
                    "strokeDash": dash,
                    "strokeWidth": 1.2,
                },
                "encoding": {"x": {"field": "i", "type": "quantitative"}, "y": y},
            }
        )
        last = points[-1]
        layers.append(
            {
                "data": {"values": [{**last, "t": str(step.name)}]},
                "mark": {
                    "type": "text",
                    "align": "right",
                    "baseline": "bottom",
                    "dy": -2,
                    "dx": 8,
                    "color": colour,
                },
                "encoding": {
                    "x": {"field": "i", "type": "quantitative"},
                    "y": {"field": "v", "type": "quantitative"},
                    "text": {"field": "t"},
                },
            }
        )
    rows = [
        {"i": i, "s": name, "v": v}
        for name, s in zip(names, spec.series, strict=True)
        for i, v in enumerate(s.values[:n])
        if v is not None
    ]
    # Filled markers in the legend (a stroke would carry the line's dashes around them).
    legend = {"columns": _columns(names, 4), "symbolStrokeWidth": 0} if names else None
    channel = {"field": "s", "type": "nominal", "legend": legend}
    layers += [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "strokeWidth": 1.6},
            "encoding": {
                "x": x,
                "y": y,
                "color": {**channel, "scale": _series_scale(names, c.PALETTE)},
                # The legend shows the markers; the dashes repeat them along the line.
                "strokeDash": {**channel, "scale": _series_scale(names, DASHES), "legend": None},
            },
        },
        {
            "data": {"values": rows},
            "mark": {"type": "point", "filled": True, "size": 36, "opacity": 1},
            "encoding": {
                "x": x,
                "y": y,
                "color": {**channel, "scale": _series_scale(names, c.PALETTE)},
                "shape": {**channel, "scale": _series_scale(names, SHAPES)},
            },
        },
    ]
    if spec.highlight and spec.series:
        first = spec.series[0].values
        label = str(spec.highlight_label)
        marked = [
            {"i": i, "v": first[i], "h": label}
            for i in spec.highlight
            if i < len(first) and first[i] is not None
        ]
        if marked:
            layers.append(
                {
                    "data": {"values": marked},
                    "mark": {"type": "point", "size": 130, "strokeWidth": 1.8, "opacity": 1},
                    "encoding": {
                        "x": {"field": "i", "type": "quantitative"},
                        "y": {"field": "v", "type": "quantitative"},
                        "stroke": {
                            "field": "h",
                            "type": "nominal",
                            "scale": {"domain": [label], "range": [ALERT]},
                            "legend": {} if label else None,
                        },
                    },
                }
            )
    return {
        "params": [{"name": "periods", "value": [str(p) for p in spec.x]}],
        "height": 240,
        "layer": layers,
        "resolve": {"legend": {"stroke": "independent"}},
    }


def _deviation(spec: c.DeviationChart) -> dict:
    low, high = spec.limits
    labels = _unique(wrap(label, 40).replace("\n", " ") for label in spec.labels)
    kinds = [str(spec.band_label), str(spec.median_label), str(spec.value_label)]
    kinds = _unique(kinds)
    band_kind, median_kind, value_kind = kinds
    legend = {"columns": _columns(kinds, 3)}
    colour = {
        "field": "k",
        "type": "nominal",
        "scale": {"domain": kinds, "range": ["#d1e5f0", "#444444", c.PALETTE[0]]},
        "legend": legend,
    }
    shape = {
        "field": "k",
        "type": "nominal",
        "scale": {"domain": kinds, "range": ["square", _TICK_SYMBOL, "circle"]},
        "legend": legend,
    }
    y = {
        "field": "l",
        "type": "nominal",
        "sort": labels,
        "scale": {"domain": labels},
        "axis": _category_axis(),
    }
    x_scale = {"domain": [low - 0.1, high + 0.1], "nice": False, "zero": False}
    x = {
        "field": "x",
        "type": "quantitative",
        "scale": x_scale,
        "axis": {
            "title": str(spec.axis_label),
            "values": [0, 1],
            "labelExpr": "quartiles[datum.value]",
            "grid": True,
        },
    }
    medians = [
        {"l": label, "x": min(max(m, low), high), "k": median_kind}
        for label, m in zip(labels, spec.medians, strict=False)
        if m is not None
    ]
    points = [(label, p) for label, p in zip(labels, spec.positions, strict=False) if p is not None]
    within = [{"l": label, "x": p, "k": value_kind} for label, p in points if low <= p <= high]
    outside = [
        {
            "l": label,
            "x": low if p < low else high,
            "s": "triangle-left" if p < low else "triangle-right",
        }
        for label, p in points
        if not low <= p <= high
    ]
    layers: list[dict] = [
        {
            "data": {"values": [{"x": 0, "x2": 1, "k": band_kind}]},
            "mark": {"type": "rect"},
            "encoding": {"x": x, "x2": {"field": "x2"}, "color": colour},
        },
        {
            "data": {"values": medians},
            "mark": {"type": "tick", "thickness": 2, "size": 16, "opacity": 1},
            "encoding": {"x": x, "y": y, "color": colour},
        },
        {
            "data": {"values": within},
            "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
            "encoding": {"x": x, "y": y, "color": colour, "shape": shape},
        },
        {
            "data": {"values": outside},
            "mark": {
                "type": "point",
                "filled": True,
                "size": 70,
                "color": c.PALETTE[5],
                "opacity": 1,
            },
            "encoding": {
                "x": x,
                "y": y,
                "shape": {"field": "s", "type": "nominal", "scale": None, "legend": None},
            },
        },
    ]
    for value, text, align in ((low, spec.worse_label, "left"), (high, spec.better_label, "right")):
        layers.append(
            {
                "data": {"values": [{"x": value, "t": str(text)}]},
                "mark": {"type": "text", "align": align, "baseline": "bottom", "dy": -4},
                "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "t"}},
            }
        )
    return {
        "params": [
            {
                "name": "quartiles",
                "value": {
                    "0": str(spec.worse_quartile_label),
                    "1": str(spec.better_quartile_label),
                },
            }
        ],
        "height": {"step": 22},
        "layer": layers,
    }
