"""Charts drawn server-side: each spec becomes a Vega-Lite specification
(`kompass.reports.vegalite`) that `vl-convert` draws as SVG for pages and PDF and as PNG
for Word, so every rendering shows the same picture, offline, in milliseconds.

Specs are plain dataclasses (no drawing code in the reports that build them). Colours
come from the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; series are also told apart by marker shapes and dash patterns, and
reference lines carry their label beside them, never colour alone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

from kompass.lib.numbers import THOUSANDS, active_language

# Series colours: each has at least 3:1 contrast against the white background (WCAG 1.4.11,
# graphics); the orange, sky blue and yellow of Okabe-Ito are darkened or replaced (the
# yellow "Individen" line read 1.3:1). Markers, dashes and hatches tell series apart too.
PALETTE = ["#0072B2", "#AD6800", "#009E73", "#CC79A7", "#6A3D9A", "#D55E00", "#7A6E00", "#000000"]
SEQUENTIAL = ["#b2182b", "#ef8a62", "#fddbc7", "#d9d9d9", "#d1e5f0", "#67a9cf", "#2166ac"]

_lock = threading.Lock()  # guards the in-memory cache

# The same content is drawn once. A rendering is keyed by a hash of its spec, format,
# resolution and language (the number format), salted with the drawing code's
# own source so that a change to it never serves an old picture. Renderings live in
# memory (per process) and, when a folder is set, on disk, so the page, the PDF, the Word
# file and the other web processes share them.
_SOURCE_HASH = hashlib.sha256(
    Path(__file__).read_bytes() + (Path(__file__).parent / "vegalite.py").read_bytes()
).hexdigest()[:16]
VEGA_LITE_VERSION = "5.21"
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


# The digest also names a page's chart in an address that any signed-in user may ask for
# (`/diagram/<digest>.svg`). It is keyed with the installation's secret, so that it
# cannot be computed from a guess at the data: without the key, a user of one
# organisation cannot test guessed counts of another's chart against the addresses.
_key = b""


def use_secret(secret: str) -> None:
    """Key the digests with the installation's secret (its SECRET_KEY: every process of
    one installation has the same, so they share the renderings)."""
    global _key
    _key = hashlib.sha256(f"kompass.reports.charts|{secret}".encode()).digest()


def _cache_key(spec, fmt: str, dpi: int) -> str:
    text = f"{_SOURCE_HASH}|{_canonical(spec)}|{fmt}|{dpi}|{_number_language()}"
    return hmac.new(_key, text.encode("utf-8"), hashlib.sha256).hexdigest()


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
        _prune(_cache_dir, _DISK_FILES, "*.[ps][nv]g")
        _prune(_cache_dir, _SPEC_FILES, "*.json")


def _prune(folder: Path, keep: int, pattern: str = "*.*") -> None:
    """Keep the `keep` most recently written files matching `pattern` in `folder`
    (renderings and published specifications are counted apart: a page's pictures
    should outlive many drawings)."""
    try:
        files = sorted(folder.glob(pattern), key=lambda f: f.stat().st_mtime, reverse=True)
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
    integer_ticks: bool = False  # only whole numbers on the value axis (counts)


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


def _render(spec, fmt: str, dpi: int = 150) -> bytes:
    digest = _cache_key(spec, fmt, dpi)
    data = _cached(digest, fmt)
    if data is None:
        data = _draw(spec, fmt, dpi)
        _store(digest, fmt, data)
    return data


def _number_language() -> str:
    return "sv" if active_language().startswith("sv") else "en"


def format_locale(language: str) -> dict:
    """The axes' number format, as `kompass.lib.numbers.format_number` writes numbers:
    Swedish "1 234,5" (no-break space, decimal comma), English "1,234.5"; both with the
    minus sign "−"."""
    if language == "sv":
        return {"decimal": ",", "thousands": THOUSANDS, "grouping": [3], "currency": ["", " kr"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]}


def vega_lite(spec) -> dict:
    """The Vega-Lite specification a chart is drawn from."""
    from kompass.reports import vegalite

    return vegalite.build(spec)


def _draw(spec, fmt: str, dpi: int) -> bytes:
    return _draw_vega_lite(vega_lite(spec), _number_language(), fmt, dpi)


def _draw_vega_lite(vl: dict, language: str, fmt: str, dpi: int = 150) -> bytes:
    import vl_convert

    locale = format_locale(language)
    if fmt == "svg":
        svg = vl_convert.vegalite_to_svg(vl, vl_version=VEGA_LITE_VERSION, format_locale=locale)
        return _lean(svg).encode("utf-8")
    return vl_convert.vegalite_to_png(
        vl, vl_version=VEGA_LITE_VERSION, ppi=dpi, format_locale=locale
    )


_SVG = "http://www.w3.org/2000/svg"
_UNUSED = {"class", "role", "aria-roledescription", "aria-hidden", "aria-label", "pointer-events"}


def _lean(svg: str) -> str:
    """The renderer's SVG without what draws nothing: empty background and hidden
    foreground paths of every group, wrappers without attributes, interaction hints.
    A feedback report holds 19 charts; WeasyPrint visits every element of each, so a
    third fewer elements is a third less drawing time (and a lighter page)."""
    from xml.etree import ElementTree

    ElementTree.register_namespace("", _SVG)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(svg)

    def invisible(node) -> bool:
        kind = node.get("class", "")
        if node.tag != f"{{{_SVG}}}path" or kind not in ("background", "foreground"):
            return False
        return (
            node.get("display") == "none"
            or not node.get("d")
            or (node.get("fill") is None and node.get("stroke") is None)
        )

    def clean(parent) -> None:
        children = []
        for child in list(parent):
            if invisible(child):
                continue
            clean(child)
            for name in _UNUSED & set(child.attrib):
                del child.attrib[name]
            if child.get("opacity") == "1":
                del child.attrib["opacity"]
            if child.get("transform") == "translate(0,0)":
                del child.attrib["transform"]
            if child.tag == f"{{{_SVG}}}g" and not child.attrib:
                children.extend(child)  # a bare wrapper: its children take its place
            elif child.tag == f"{{{_SVG}}}g" and not len(child):
                continue  # an empty group draws nothing
            else:
                children.append(child)
        for child in list(parent):
            parent.remove(child)
        parent.extend(children)

    clean(root)
    for name in _UNUSED & set(root.attrib):
        del root.attrib[name]
    return ElementTree.tostring(root, encoding="unicode")


def to_svg(spec, key: str = "") -> str:
    """The chart as an inline SVG element (no XML prolog), with ids unique to `key`."""
    text = _render(spec, "svg").decode("utf-8")
    text = _without_inline_styles(_scoped_ids(text[text.index("<svg") :], key))
    return text.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _scoped_ids(svg: str, key: str) -> str:
    """The renderer numbers its ids (clip paths) per process; they are renamed after
    `key`, in order, so a page with many charts has unique ids and the same chart always
    the same text (the drawing itself is shared by every key)."""
    safe = re.sub(r"[^a-zA-Z0-9_-]", "-", key or "chart")
    names: dict[str, str] = {}
    for found in re.findall(r'\bid="([^"]+)"', svg):
        names.setdefault(found, f"{safe}-{len(names) + 1}")

    def rename(match: re.Match) -> str:
        return match.group(0).replace(match.group(1), names.get(match.group(1), match.group(1)))

    svg = re.sub(r'\bid="([^"]+)"', rename, svg)
    svg = re.sub(r"url\(#([^)]+)\)", rename, svg)
    return re.sub(r'href="#([^"]+)"', rename, svg)


def _without_inline_styles(svg: str) -> str:
    """The Content-Security-Policy (`kompass.core.security`) refuses `style` attributes
    and `<style>` elements in a page. The renderer writes presentation attributes only;
    should a style ever appear, the same properties as SVG presentation attributes draw
    the same picture and are allowed."""
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


# -- Charts as images of their own (pages) ---------------------------------------------
#
# A page does not draw its charts: it shows each as `<img src="/diagram/<digest>.svg">`,
# where the digest is the SVG rendering's cache key (so the page, the PDF and the chart
# view share one drawing). Showing a page only builds the Vega-Lite specification and
# keeps it under the digest, in memory and in the shared folder, so that whichever web
# process is asked for the picture can draw it; the browser fetches the pictures in
# parallel, after the page's text, and keeps them (the address changes with the content).

_DIGEST = re.compile(r"[0-9a-f]{64}")
_SPECS: OrderedDict[str, bytes] = OrderedDict()  # digest -> stored specification (JSON)
_SPEC_FILES = 20000  # specifications kept on disk (a few kilobytes each)
_SVG_SIZE = re.compile(rb'<svg[^>]*?\swidth="([0-9.]+)"[^>]*?\sheight="([0-9.]+)"')


@dataclass(frozen=True)
class Picture:
    """A chart published for a page: its digest and, when it has been drawn already,
    its size in pixels (the page then reserves the room before the picture arrives)."""

    digest: str
    width: int | None = None
    height: int | None = None


def publish(spec) -> Picture:
    """Keep what it takes to draw `spec` under its digest, without drawing it. The
    specification is kept even when the picture is drawn already (by the PDF, say), so
    the picture can be drawn again after the renderings have been pruned."""
    digest = _cache_key(spec, "svg", 150)
    with _lock:
        known = digest in _SPECS
    if not known and not (_cache_dir is not None and (_cache_dir / f"{digest}.json").exists()):
        data = json.dumps(
            {"language": _number_language(), "vega_lite": vega_lite(spec)},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        _keep_spec(digest, data)
    svg = _cached(digest, "svg")
    found = _SVG_SIZE.search(svg[:2000]) if svg is not None else None
    if found is None:
        return Picture(digest)
    return Picture(digest, round(float(found.group(1))), round(float(found.group(2))))


def _keep_spec(digest: str, data: bytes) -> None:
    with _lock:
        _SPECS[digest] = data
        while len(_SPECS) > _MEMORY_SIZE:
            _SPECS.popitem(last=False)
    if _cache_dir is None:
        return
    target = _cache_dir / f"{digest}.json"
    partial = _cache_dir / f".{digest}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)


def _stored_spec(digest: str) -> bytes | None:
    with _lock:
        data = _SPECS.get(digest)
    if data is None and _cache_dir is not None:
        try:
            data = (_cache_dir / f"{digest}.json").read_bytes()
        except OSError:
            return None
    return data


def published_svg(digest: str) -> bytes | None:
    """The SVG of a published chart (drawn now if no process has drawn it yet), or None
    when `digest` is not one: not 64 lowercase hex digits, or never published here (or
    its specification pruned since)."""
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        return None
    svg = _cached(digest, "svg")
    if svg is not None:
        return svg
    stored = _stored_spec(digest)
    if stored is None:
        return None
    try:
        content = json.loads(stored)
        svg = _draw_vega_lite(content["vega_lite"], content["language"], "svg")
    except (ValueError, KeyError, TypeError):
        return None  # a damaged file: as if never published
    _store(digest, "svg", svg)
    return svg


def to_png(spec, key: str = "", dpi: int = 150) -> bytes:
    """The chart as PNG (for Word); `key` is kept for symmetry with `to_svg`."""
    return _render(spec, "png", dpi)
