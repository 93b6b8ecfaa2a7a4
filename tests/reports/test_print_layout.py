"""Reports fit to publish: every report kind prints on A4 with page numbers, and nothing
it prints reaches past the page margins; Word files are A4 with numbered pages; text
written as lists prints as lists."""

import io
import re

import pytest

from kompass.reports.document import Paragraph, Report, Section, text_parts
from kompass.reports.render import render_docx, render_html
from tests.reports.test_downloads import CASES, DATA_ONLY, _target

A4_POINTS = (595.3, 841.9)


def test_text_written_as_a_list_is_a_list():
    text = "Tre källor:\n\n- Intervjuer\n- Styrdokument\n  och planer\n\n1. Ett\n2. Två\nSlut."
    assert text_parts(text) == [
        ("p", "Tre källor:"),
        ("ul", ["Intervjuer", "Styrdokument och planer"]),
        ("ol", ["Ett", "Två"]),
        ("p", "Slut."),
    ]
    assert text_parts("-5 % mot 2022") == [("p", "-5 % mot 2022")]
    report = Report(title="T", sections=[Section("Om", blocks=[Paragraph(text)])])
    html = render_html(report)
    assert "<ul><li>Intervjuer</li><li>Styrdokument och planer</li></ul>" in html
    assert "- Intervjuer" not in html


HEADINGS = {"h2", "h3", "h4", "figcaption", "caption"}


def _inside(box, area) -> bool:
    """A box with content (text or a picture) that starts on this page."""
    return bool(getattr(box, "text", "").strip()) or getattr(box, "element_tag", "") in (
        "svg",
        "img",
    )


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


@pytest.mark.pdf
@pytest.mark.parametrize("case", [c for c in CASES if c not in DATA_ONLY])
def test_every_kind_prints_on_a4_with_page_numbers_inside_the_margins(
    request, cast, client_for, case
):
    from pypdf import PdfReader
    from weasyprint import HTML

    kind, key, query = _target(request, case)
    client = client_for(cast["admin"])
    response = client.get(f"/rapporter/{kind}/{key}/?{query}&format=pdf")
    reader = PdfReader(io.BytesIO(response.content))
    pages = len(reader.pages)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == A4_POINTS
    last = reader.pages[-1].extract_text()
    assert re.search(rf"Sida {pages} av {pages}", last), last[-200:]

    # The same document laid out again: every box stays inside the page's content area.
    html = client.get(f"/rapporter/{kind}/{key}/?{query}&format=html").content.decode()
    document = HTML(string=html).render()
    for number, page in enumerate(document.pages, start=1):
        area = page._page_box.children[0]  # the page area inside the margins
        right = area.content_box_x() + area.width + 0.5
        for box in _boxes(area):
            if getattr(box, "width", None) is None or box.position_x is None:
                continue
            edge = box.position_x + box.margin_width()
            caption = box.element.findtext("caption") or ""
            where = f"{box.element_tag}.{box.element.get('class')} {caption[:40]} {len(box.element.findall('.//th'))}"
            assert edge <= right, f"{case}: page {number}: {where} ends at {edge:.0f} > {right:.0f}"
        # A heading never ends a page: what it introduces (a chart, a table) follows it.
        for heading in _boxes(area):
            if getattr(heading, "element_tag", None) not in HEADINGS or heading.height is None:
                continue
            bottom = heading.position_y + heading.margin_height() - 0.5
            assert any(
                getattr(box, "element_tag", None) not in HEADINGS
                and getattr(box, "position_y", None) is not None
                and box.position_y >= bottom
                and _inside(box, area)
                for box in _boxes(area)
            ), (
                f"{case}: page {number} ends with {heading.element_tag} {''.join(heading.element.itertext())[:80]!r} at {heading.position_y:.0f}+{heading.margin_height():.0f} of {area.content_box_y() + area.height:.0f}"
            )


@pytest.mark.pdf
@pytest.mark.parametrize("case", [c for c in CASES if c not in DATA_ONLY])
def test_every_kind_as_word_is_a4_with_page_numbers(request, cast, client_for, case):
    from docx import Document

    kind, key, query = _target(request, case)
    response = client_for(cast["admin"]).get(f"/rapporter/{kind}/{key}/?{query}&format=docx")
    document = Document(io.BytesIO(response.content))
    for section in document.sections:
        assert round(section.page_width.cm, 1) == 21.0
        assert round(section.page_height.cm, 1) == 29.7
        footer = section.footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer and "Sida" in footer


@pytest.mark.pdf
def test_word_footer_speaks_the_report_language():
    from docx import Document

    report = Report(title="Plan", language="en", sections=[Section("A", blocks=[])])
    footer = Document(io.BytesIO(render_docx(report))).sections[0].footer._element.xml
    assert "Page" in footer and " of " in footer


def _header_breaks(html: str) -> list[str]:
    """Lines of table headers that end inside a word with a hyphen the text lacks."""
    from weasyprint import HTML

    breaks = []
    for page in HTML(string=html).render().pages:
        for box in _boxes(page._page_box):
            text = getattr(box, "text", None)
            if text is None or box.element_tag != "th":
                continue
            if text.rstrip().endswith(("\u2010", "\u00ad", "-")) and "-" not in (
                box.element.text or ""
            ):
                breaks.append(text)
    return breaks


@pytest.mark.pdf
def test_headers_are_never_hyphenated_inside_words():
    """Narrow columns of long Swedish words ("Sjukersättning", "Ansvarig") print whole
    words on their lines, never "Sjuk-er-sätt-ning"."""
    from kompass.reports.document import Cell, Column, Table

    words = ["Sjukersättning", "Ansvarig", "Arbetsförmedlingen", "Försörjningsstöd"]
    columns = [Column("Post")] + [Column(w, numeric=True) for w in words * 2]
    rows = [[Cell.text("Rad")] + [Cell.number(1234567.0, 0) for _ in words * 2]]
    report = Report(
        title="T", language="sv", sections=[Section("S", blocks=[Table("Tabell", columns, rows)])]
    )
    html = render_html(report)
    assert _header_breaks(html) == []
    # The check itself sees hyphenation where the style allows it.
    hyphenating = html.replace("</style>", "th { hyphens: auto !important; }</style>", 1)
    assert _header_breaks(hyphenating)


@pytest.mark.pdf
def test_text_written_as_a_list_is_a_list_in_word_too():
    from docx import Document

    text = "Tre källor:\n\n- Intervjuer\n- Styrdokument\n\n1. Ett\n2. Två"
    report = Report(title="T", sections=[Section("Om", blocks=[Paragraph(text)])])
    paragraphs = Document(io.BytesIO(render_docx(report))).paragraphs
    styled = [(p.style.name, p.text) for p in paragraphs if p.text in TEXTS]
    assert styled == [
        ("Normal", "Tre källor:"),
        ("List Bullet", "Intervjuer"),
        ("List Bullet", "Styrdokument"),
        ("List Number", "Ett"),
        ("List Number", "Två"),
    ]
    assert not any(p.text.startswith("- ") for p in paragraphs)


TEXTS = {"Tre källor:", "Intervjuer", "Styrdokument", "Ett", "Två"}
