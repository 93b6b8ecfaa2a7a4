"""A long report as PDF: a cover page of its own, a table of contents whose page numbers
are the pages its sections begin on, key figures and two columns side by side within the
margins, and "Sida n av m" on every page. The print layout is kept lean for speed (no
flex rows or column balancing for WeasyPrint); these are what it must still give."""

import io
import re
import threading

import pytest

from kompass.reports.document import (
    BulletList,
    Columns,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
)
from kompass.reports.render import _collector_paused, render_pdf

PROSE = "Kommunen informerar, är öppen med beslut och resultat och låter invånarna påverka. " * 12


def _report() -> Report:
    sections = [
        Section(
            f"Område {n}",
            blocks=[
                KeyFigures([KeyFigure("Poäng", f"{40 + n} / 100"), KeyFigure("Max", "100")]),
                Columns(
                    "Styrkor",
                    [BulletList([f"Styrka {n}.{i}" for i in range(1, 5)])],
                    "Förbättringsmöjligheter",
                    [BulletList([f"Möjlighet {n}.{i}" for i in range(1, 5)])],
                ),
                *[Paragraph(PROSE) for _ in range(n + 2)],
            ],
        )
        for n in range(1, 6)
    ]
    return Report(
        title="Analys av Provkommun",
        subtitle="2023-11-23",
        meta=[("Datum", "2023-11-23"), ("Ramverk", "Kommunkompassen 2020")],
        sections=sections,
        language="sv",
    )


@pytest.mark.pdf
def test_cover_contents_with_page_numbers_and_numbered_pages():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf(_report())))
    texts = [page.extract_text() for page in reader.pages]
    pages = len(texts)
    assert pages > 5, "the sections should span several pages"
    # The cover holds the title and its facts, nothing of the contents or sections.
    assert "Analys av Provkommun" in texts[0] and "Ramverk" in texts[0]
    assert "Innehåll" not in texts[0] and "Område 1" not in texts[0]
    # The contents are on a page of their own, each entry with the page its section
    # begins on (no section starts on the contents page).
    assert "Innehåll" in texts[1]
    for n in range(1, 6):
        found = re.search(rf"Område {n}\s*\.+\s*(\d+)", texts[1])
        assert found, texts[1]
        number = int(found.group(1))
        assert 3 <= number <= pages
        assert f"Område {n}" in texts[number - 1], (n, number)
        assert f"Område {n}" not in texts[number - 2] or (n == 1 and number == 3)
    for number, text in enumerate(texts, start=1):
        assert f"Sida {number} av {pages}" in text


@pytest.mark.pdf
def test_key_figures_and_columns_sit_side_by_side():
    from weasyprint import HTML

    from kompass.reports.render import render_html

    document = HTML(string=render_html(_report(), pictures=True)).render()
    found: dict[str, list] = {"key-figures": [], "two-col": []}

    def walk(box, container=None):
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        for name in found:
            if name in classes and container is None:
                container = (name, element)
        if container is not None and element is not None and element in list(container[1]):
            found[container[0]].append((box.position_x, box.position_y))
            return
        for child in getattr(box, "children", ()):
            walk(child, container)

    walk(document.pages[2]._page_box)
    for name, places in found.items():
        assert places, name
        # Two boxes of one row: the second to the right of the first, on the same line.
        (x1, y1), (x2, y2) = places[0], places[1]
        assert x2 > x1 and abs(y2 - y1) < 1, (name, places)


def test_the_collector_runs_again_after_renderings_even_overlapping_or_failing():
    import gc

    assert gc.isenabled()
    inside = threading.Event()
    release = threading.Event()

    def other_rendering():
        with _collector_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other_rendering)
    thread.start()
    inside.wait(5)
    assert not gc.isenabled()
    with pytest.raises(ValueError), _collector_paused():
        raise ValueError("a rendering that fails")
    assert not gc.isenabled(), "the other rendering is still under way"
    release.set()
    thread.join(5)
    assert gc.isenabled()

    # A process that runs without the collector keeps it off.
    gc.disable()
    try:
        with _collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
