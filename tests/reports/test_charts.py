"""What every chart promises, checked on the drawings themselves (kompass.reports.charts
through Vega-Lite and vl-convert): axes that count in whole numbers, numbers written as
the page writes them, series told apart by more than colour, pictures a strict
Content-Security-Policy lets through, and ids unique on a page of many charts."""

import re
import struct

import pytest
from django.utils import translation

from kompass.reports import charts
from kompass.reports.charts import (
    BarChart,
    DeviationChart,
    HLine,
    LineChart,
    Series,
    StackedBarChart,
)


@pytest.fixture(autouse=True)
def memory_only():
    charts.use_cache_dir(None)
    charts._MEMORY.clear()
    yield
    charts._MEMORY.clear()


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def axis_labels(svg: str) -> list[str]:
    """The tick labels of the value axis on the left (the only right-aligned texts of a
    chart with upright bars or lines)."""
    return re.findall(r'<text[^>]*text-anchor="end"[^>]*>([^<]*)</text>', svg)


SPECS = {
    "bar": BarChart(
        categories=["A. Styrning", "B. Medborgare som medskapare", "C. Lärande"],
        series=[Series("Leksand 2024", [55, 62.5, None]), Series("Riket", [48, 70, 30])],
        value_label="Poäng",
        max_value=100,
        horizontal=True,
    ),
    "stacked": StackedBarChart(
        categories=["Alla", "Chefer"],
        segments=[Series(str(i), [1 / 7, 0.1 if i < 7 else 0.4]) for i in range(1, 8)],
        colors=charts.SEQUENTIAL,
    ),
    "line": LineChart(
        x=[f"2024-{m:02d}" for m in range(1, 13)],
        series=[Series("Väntetid", [10.0, 11, 12, 13, 9, 8, 7, 9, 10, 11, 12, 13])],
        value_label="dagar",
        lines=[HLine(12, "Mål", "dashed")],
        steps=[Series("Median", [10.0] * 6 + [9.0] * 6)],
        highlight=[4, 5, 6],
        highlight_label="Signal",
        phase_starts=[6],
        decimals=1,
    ),
    "deviation": DeviationChart(
        labels=["Sjukfrånvaro", "Kostnad per elev", "Nöjd medborgarindex"],
        positions=[-2.0, 0.4, 1.3],
        medians=[0.5, 0.5, None],
    ),
}


@pytest.mark.parametrize("name", SPECS)
def test_every_kind_draws_an_inline_svg_a_strict_policy_allows(name):
    svg = charts.to_svg(SPECS[name], key=f"k-{name}")
    assert svg.startswith('<svg aria-hidden="true" focusable="false" ')
    assert "style" not in svg and "<script" not in svg
    assert 'font-family="DejaVu Sans"' in svg
    png = charts.to_png(SPECS[name], key=f"k-{name}", dpi=150)
    width, height = struct.unpack(">II", png[16:24])
    assert png.startswith(b"\x89PNG") and width > 1000 and height > 150


def test_counts_get_whole_numbers_on_their_axis():
    """The issue's status chart read "0, 0, 0, 1, 1, 1" for counts 0 and 1."""
    spec = BarChart(["Ej påbörjad", "Pågår", "Klar"], [Series("Åtgärder", [0, 1, 1])])
    labels = axis_labels(charts.to_svg(spec, key="status"))
    assert labels == ["0", "1"]
    line = LineChart(
        x=["2024", "2025", "2026"],
        series=[Series("Uppnådd grad", [0, 1, 2])],
        integer_ticks=True,
    )
    assert axis_labels(charts.to_svg(line, key="degrees")) == ["0", "1", "2"]
    # With decimals, ticks never go finer than the decimals shown.
    shares = BarChart(["a", "b"], [Series("x", [0.1, 0.3])], decimals=1)
    shown = axis_labels(charts.to_svg(shares, key="shares"))
    assert len(shown) == len(set(shown)) > 1


def test_numbers_follow_the_language():
    spec = BarChart(["a", "b"], [Series("kr", [12345.5, 23456.25])], decimals=1)
    with translation.override("sv"):
        swedish = charts.to_svg(spec, key="sv")
    with translation.override("en"):
        english = charts.to_svg(spec, key="en")
    # Bar labels (format_number) and axis ticks (the renderer's locale) agree.
    assert "12\u00a0345,5" in texts(swedish) and "12,345.5" in texts(english)
    assert any(re.fullmatch(r"\d+\u00a0000,0", t) for t in axis_labels(swedish))
    assert any(re.fullmatch(r"\d+,000\.0", t) for t in axis_labels(english))
    negative = LineChart(x=["1", "2"], series=[Series("s", [-2000, 3000])], zero_line=True)
    with translation.override("sv"):
        assert any(t.startswith("−") for t in axis_labels(charts.to_svg(negative, key="n")))


def test_series_differ_in_more_than_colour():
    bars = charts.vega_lite(SPECS["bar"])
    shapes = [layer["encoding"].get("shape") for layer in bars["layer"]]
    assert any(s and s["scale"]["range"][:2] == ["circle", "square"] for s in shapes)
    lines = charts.vega_lite(
        LineChart(x=["1", "2"], series=[Series("a", [1, 2]), Series("b", [2, 3])])
    )
    encodings = [layer["encoding"] for layer in lines["layer"]]
    assert any("strokeDash" in e for e in encodings) and any("shape" in e for e in encodings)
    # Reference lines carry their label beside them.
    line_svg = charts.to_svg(SPECS["line"], key="spc")
    assert "Mål" in texts(line_svg) and "Median" in texts(line_svg)
    assert "Signal" in texts(line_svg)  # the legend of the marked points


def test_ids_are_unique_on_a_page_and_stable():
    spec = SPECS["bar"]  # a fixed maximum clips the bars: the SVG holds a clip path
    first, second = charts.to_svg(spec, key="s0b1"), charts.to_svg(spec, key="s1b1")
    ids = re.findall(r'\bid="([^"]+)"', first + second)
    assert ids and len(ids) == len(set(ids))
    for svg in (first, second):
        for ref in re.findall(r"url\(#([^)]+)\)", svg):
            assert f'id="{ref}"' in svg
    charts._MEMORY.clear()
    assert charts.to_svg(spec, key="s0b1") == first  # the same page, the same text


def test_empty_and_missing_values_still_draw():
    assert "<svg" in charts.to_svg(BarChart([], []), key="empty")
    assert "–" in texts(charts.to_svg(SPECS["bar"], key="missing"))
    nothing = LineChart(x=["2024"], series=[Series("s", [None])])
    assert "<svg" in charts.to_svg(nothing, key="none")
    assert "<svg" in charts.to_svg(DeviationChart([], [], []), key="nodev")


def test_the_pdf_source_holds_each_chart_as_a_picture_with_its_description():
    """The PDF draws each chart from an image of its own (WeasyPrint then skips the
    style cascade over the chart's elements); the app page links each chart's picture
    (the chart view draws it), and the HTML download keeps the SVG inline."""
    import base64

    from kompass.reports.document import Chart, Report, Section
    from kompass.reports.render import render_html, render_html_fragment

    chart = Chart(SPECS["stacked"], caption="Svar", description="Alla svarade 4.", key="fig")
    report = Report(title="Rapport", sections=[Section("Resultat", [chart])])
    pdf_source = render_html(report, pictures=True)
    assert "<svg" not in pdf_source
    found = re.search(
        r'<img class="chart-picture" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)">',
        pdf_source,
    )
    assert found and found.group(2) == "Alla svarade 4."
    assert base64.b64decode(found.group(1)).decode().startswith("<svg")
    page = render_html_fragment(report)
    assert "<svg" not in page and "data:image" not in page
    assert re.search(r'<img class="chart-picture" src="/diagram/[0-9a-f]{64}\.svg" alt="Alla', page)
    standalone = render_html(report)
    assert "<svg" in standalone and '<img class="chart-picture"' not in standalone


@pytest.mark.pdf
def test_word_pictures_use_the_reports_language_for_numbers():
    """A report written in English gets English axis numbers in Word too, whatever the
    language of the process that renders it (a worker, the command line)."""
    from kompass.reports.document import Chart, Report, Section
    from kompass.reports.render import render_docx

    spec = BarChart(["a", "b"], [Series("kr", [12345.5, 23456.25])], decimals=1)
    chart = Chart(spec, caption="Cost", description="Two costs.", key="cost")
    report = Report(title="Report", sections=[Section("Costs", [chart])], language="en")
    with translation.override("sv"):
        render_docx(report)
        swedish = charts._cache_key(spec, "png", 150)
    with translation.override("en"):
        english = charts._cache_key(spec, "png", 150)
    assert english in charts._MEMORY and swedish not in charts._MEMORY


def test_labels_are_text_never_markup():
    spec = BarChart(
        ['<script>alert(1)</script> & "x"', "O'Brien"],
        [Series("a<b", [1, 2]), Series("c&d", [2, 3])],
    )
    svg = charts.to_svg(spec, key="hostile")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "a&lt;b" in svg and "c&amp;d" in svg
