"""Chart lines and bars are graphics a reader needs: each series colour keeps 3:1 contrast
against the white page (WCAG 1.4.11), the collaboration account's "Individen" line too."""

import re

from kompass.reports import charts
from kompass.reports.charts import LineChart, Series


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(colour: str, background: str = "#ffffff") -> float:
    high, low = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert round(contrast("#000000"), 1) == 21.0
    assert round(contrast("#F0E442"), 2) == 1.32  # the yellow the walkthrough found


def test_every_series_colour_has_three_to_one_against_white():
    for colour in charts.PALETTE:
        assert contrast(colour) >= 3, colour


def test_an_account_chart_with_every_actor_draws_each_line_readably():
    actors = ["Samhället", "Kommunen", "Regionen", "Försäkringskassan", "Övrig stat"]
    actors += ["Arbetsförmedlingen", "Individen", "Rättsväsendet"]
    spec = LineChart(
        x=["År 1", "År 2", "År 3"],
        series=[Series(name, [1.0 * i, 2.0 * i, 3.0 * i]) for i, name in enumerate(actors)],
        value_label="Kronor",
    )
    text = str(charts.vega_lite(spec))
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}\b", text))
    series = {c for c in colours if c in charts.PALETTE}
    assert len(series) == len(actors)
    for colour in series:
        assert contrast(colour) >= 3, colour
