"""Charts are drawn once per content: the cache must never hand out a picture of other
data, another language or an older version of the drawing code, and the same content is
drawn once whichever page (id prefix) shows it."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from kompass.reports import charts
from kompass.reports.charts import BarChart, Series


@pytest.fixture(autouse=True)
def memory_only_afterwards():
    yield
    charts.use_cache_dir(None)
    charts._MEMORY.clear()


def spec(values, label="Antal"):
    return BarChart(categories=["A", "B"], series=[Series("Svar", values)], value_label=label)


def test_same_content_is_drawn_once(tmp_path, monkeypatch):
    charts.use_cache_dir(tmp_path)
    drawn = []
    draw = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda *a: drawn.append(a) or draw(*a))
    charts._MEMORY.clear()
    first = charts.to_svg(spec([1, 2]), key="c1")
    again = charts.to_svg(spec([1, 2]), key="c1")
    assert first == again and len(drawn) == 1
    # Another page showing the same chart under another key uses the same drawing.
    charts.to_svg(spec([1, 2]), key="other")
    assert len(drawn) == 1
    # Another process (an empty memory) reads the same picture from disk.
    charts._MEMORY.clear()
    assert charts.to_svg(spec([1, 2]), key="c1") == first and len(drawn) == 1
    assert len(list(tmp_path.glob("*.svg"))) == 1


def test_other_data_format_or_language_is_drawn_anew(tmp_path):
    charts.use_cache_dir(tmp_path)
    charts._MEMORY.clear()
    base = charts.to_svg(spec([1, 2]), key="c1")
    assert charts.to_svg(spec([1, 3]), key="c1") != base
    assert charts.to_png(spec([1, 2]), key="c1").startswith(b"\x89PNG")
    label = gettext_lazy("Antal")
    with translation.override("sv"):
        swedish = charts._cache_key(spec([1, 2], label), "svg", 150)
    with translation.override("en"):
        english = charts._cache_key(spec([1, 2], label), "svg", 150)
    assert swedish != english
    # The number format follows the language even when every text is plain.
    with translation.override("sv"):
        swedish = charts._cache_key(spec([1, 2]), "svg", 150)
    with translation.override("en"):
        english = charts._cache_key(spec([1, 2]), "svg", 150)
    assert swedish != english
    # The key never depends on where an object happens to sit in memory.
    assert "0x" not in charts._canonical(spec([1, 2], label))


def test_a_broken_cache_folder_still_draws(tmp_path):
    charts.use_cache_dir(tmp_path)
    charts._MEMORY.clear()
    digest = charts._cache_key(spec([5, 6]), "svg", 150)
    (tmp_path / f"{digest}.svg").mkdir()  # unreadable as a file
    assert "<svg" in charts.to_svg(spec([5, 6]), key="c9")


def test_the_disk_keeps_only_the_newest_renderings(tmp_path):
    import os

    for n in range(5):
        path = tmp_path / f"{n}.svg"
        path.write_text("x")
        os.utime(path, (1000 + n, 1000 + n))
    charts._prune(tmp_path, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3.svg", "4.svg"]
