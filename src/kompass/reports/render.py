"""Renderers for `document.Report`: HTML (in the app and for PDF), PDF, DOCX and XLSX.

They only lay out what the report holds; no figure is computed here.
"""

from __future__ import annotations

import base64
import gc
import io
import re
import threading
import zlib
from contextlib import contextmanager

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from kompass.lib.text import shorten
from kompass.reports import charts
from kompass.reports.document import (
    BulletList,
    Chart,
    Columns,
    Heading,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from kompass.reports.sheets import put

MIME = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _block_kind(block) -> str:
    return type(block).__name__.lower()


class _HtmlBlock:
    """Wraps a block for the template: its kind and, for charts, the picture.

    In an app page (`linked`) a chart is an image at its own address (the chart view,
    `kompass.reports.views.chart`): the page only publishes what it takes to draw it,
    and the browser fetches the pictures after the text, from a cache shared with the
    PDF and Word renderings. A standalone document has the SVG inline (the HTML
    download) or, with `pictures` (the PDF), as an image of its own: WeasyPrint then
    draws the same vector picture without running the page's style rules over each of
    its hundreds of elements (a third of the layout time of a feedback report)."""

    def __init__(self, block, index: str, pictures: bool = False, linked: bool = False):
        self.block = block
        self.kind = _block_kind(block)
        self.key = index
        if isinstance(block, Chart) and linked:
            self.published = charts.publish(block.spec)
            self.src = reverse("chart", args=[self.published.digest])
        elif isinstance(block, Chart):
            self.svg = charts.to_svg(block.spec, key=block.key or index)
            if pictures:
                self.picture = "data:image/svg+xml;base64," + base64.b64encode(
                    self.svg.encode("utf-8")
                ).decode("ascii")
        if isinstance(block, Columns):
            self.left = [
                _HtmlBlock(b, f"{index}l{i}", pictures, linked) for i, b in enumerate(block.left)
            ]
            self.right = [
                _HtmlBlock(b, f"{index}r{i}", pictures, linked) for i, b in enumerate(block.right)
            ]


def _language(report: Report) -> str:
    """The report's language: what its builder wrote it in, else the active one."""
    if not report.language:
        report.language = translation.get_language() or "sv"
    return report.language


def html_context(report: Report, *, pictures: bool = False, linked: bool = False) -> dict:
    sections = [
        {
            "section": section,
            "blocks": [
                _HtmlBlock(b, f"s{si}b{bi}", pictures, linked)
                for bi, b in enumerate(section.blocks)
            ],
        }
        for si, section in enumerate(report.sections)
    ]
    return {"report": report, "sections": sections}


def render_html_fragment(report: Report, request=None) -> str:
    """The report body, to embed in an app page (`{{ report_html }}`)."""
    with translation.override(_language(report)):
        return render_to_string(
            "reports/report_body.html", html_context(report, linked=True), request=request
        )


def render_blocks_html(blocks: list, request=None, *, prefix: str = "b") -> str:
    """Some blocks of a report (charts with their data tables, say) laid out as in the
    report, for an app page that shows them among its own content. `prefix` keeps the
    ids of several such groups on one page apart."""
    items = [_HtmlBlock(b, f"{prefix}{i}", linked=True) for i, b in enumerate(blocks)]
    # Each piece is a rendered (escaped) template, so the joined whole is safe.
    return mark_safe(
        "".join(
            render_to_string("reports/blocks/block.html", {"b": item}, request=request)
            for item in items
        )
    )


def render_html(report: Report, *, pictures: bool = False) -> str:
    """A standalone HTML document (also the source of the PDF, with `pictures`)."""
    with translation.override(_language(report)):
        context = html_context(report, pictures=pictures)
        context["stylesheet"] = _print_css()
        return render_to_string("reports/report_standalone.html", context)


def _print_css() -> str:
    from pathlib import Path

    return (Path(__file__).parent / "templates" / "reports" / "print.css").read_text(
        encoding="utf-8"
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_html(report, pictures=True)
    _deflate_at_level_six()
    with _collector_paused():
        return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


class _Deflate:
    """zlib as the PDF writer (pydyf) sees it, compressing at level 6 where it asks for
    9: a sixth of the time WeasyPrint takes to write a long report went to level 9, for
    files 4 % smaller (194 KB against 202 KB for the evaluation report). Everything
    else is zlib's own."""

    def __getattr__(self, name: str):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = 6, *args, **kwargs):
        return zlib.compressobj(min(level, 6), *args, **kwargs)

    @staticmethod
    def compress(data, level: int = 6):
        return zlib.compress(data, min(level, 6))


def _deflate_at_level_six() -> None:
    import pydyf

    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _Deflate()


_pause_lock = threading.Lock()
_pauses = 0  # renderings under way that paused the cyclic garbage collector
_resume = False  # whether the collector was running when the first of them began


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while WeasyPrint lays a document out.

    Laying out a report makes hundreds of thousands of small objects (boxes, styles,
    text runs) that live until the document is written; the collector, started every
    few hundred allocations, walks them again and again: a seventh of a long report's
    time, for nothing, as they are freed when the rendering ends (and the cycles among
    them at the collector's next run afterwards). The collector is process-wide: with
    renderings in several threads it runs again when the last of them has ended, and
    only if it ran before."""
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


# -- DOCX ---------------------------------------------------------------------------


def render_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.language = _language(report)
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    with translation.override(_language(report)):
        page_word, of_word = gettext("Sida"), gettext("av")
    for section in doc.sections:
        _docx_page_setup(section, footer_text=report.title, page_word=page_word, of_word=of_word)

    doc.add_heading(report.title, level=0)
    if report.subtitle:
        doc.add_paragraph(report.subtitle, style="Subtitle")
    if report.notice:
        p = doc.add_paragraph()
        run = p.add_run(report.notice)
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x4B, 0x00)
    for label, value in report.meta:
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)

    def add_table(table: Table, container=doc):
        if table.caption:
            cap = (
                container.add_paragraph(style="Caption")
                if "Caption" in [s.name for s in doc.styles]
                else container.add_paragraph()
            )
            cap.add_run(table.caption).bold = True
        t = container.add_table(rows=1, cols=len(table.columns))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, column in zip(t.rows[0].cells, table.columns, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(column.label)
            run.bold = True
            if column.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        first_total = len(table.rows) - table.total_rows
        for row_index, row in enumerate(table.rows):
            cells = t.add_row().cells
            for cell, value, column in zip(cells, row, table.columns, strict=True):
                cell.text = ""
                para = cell.paragraphs[0]
                run = para.add_run(value.display)
                run.bold = value.emphasis == "high" or row_index >= first_total
                run.italic = value.emphasis in ("low", "suppressed")
                if column.numeric:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for note in table.footnotes:
            p = container.add_paragraph(note)
            p.runs[0].italic = True

    def add_blocks(blocks, container=doc):
        for block in blocks:
            if isinstance(block, Heading):
                container.add_heading(block.text, level=min(block.level, 4))
            elif isinstance(block, Paragraph):
                for kind, content in block.parts():
                    if kind != "p":
                        for item in content:
                            container.add_paragraph(
                                item, style="List Number" if kind == "ol" else "List Bullet"
                            )
                        continue
                    p = container.add_paragraph(content)
                    if block.style in ("caution",) and p.runs:
                        p.runs[0].bold = True
                    if block.style == "muted" and p.runs:
                        p.runs[0].italic = True
            elif isinstance(block, BulletList):
                if block.title:
                    container.add_paragraph().add_run(block.title).bold = True
                for item in block.items:
                    container.add_paragraph(
                        item, style="List Number" if block.ordered else "List Bullet"
                    )
            elif isinstance(block, Table):
                add_table(block, container)
            elif isinstance(block, Chart):
                cap = container.add_paragraph()
                cap.add_run(block.caption).bold = True
                with translation.override(_language(report)):  # the axes' number format
                    png = charts.to_png(block.spec, key=block.key or block.caption)
                container.add_picture(io.BytesIO(png), width=Cm(16))
                # Word keeps the description as the picture's alternative text.
                shapes = doc.inline_shapes
                if len(shapes):
                    shapes[-1]._inline.docPr.set("descr", block.description)
                container.add_paragraph(block.description).runs[0].italic = True
                if block.table is not None:
                    add_table(block.table, container)
            elif isinstance(block, Columns):
                t = container.add_table(rows=1, cols=2)
                t.style = "Table Grid"
                for cell, title, inner in (
                    (t.cell(0, 0), block.left_title, block.left),
                    (t.cell(0, 1), block.right_title, block.right),
                ):
                    cell.text = ""
                    cell.paragraphs[0].add_run(title).bold = True
                    for b in inner:
                        if isinstance(b, BulletList):
                            for item in b.items:
                                cell.add_paragraph(item, style="List Bullet")
                        elif isinstance(b, Paragraph):
                            cell.add_paragraph(b.text)
            elif isinstance(block, KeyFigures):
                t = container.add_table(rows=2, cols=len(block.items))
                t.style = "Table Grid"
                for i, item in enumerate(block.items):
                    t.cell(0, i).text = item.label
                    t.cell(1, i).text = ""
                    run = t.cell(1, i).paragraphs[0].add_run(item.value)
                    run.bold = True
                    run.font.size = Pt(16)
                    if item.detail:
                        t.cell(1, i).add_paragraph(item.detail)
            elif isinstance(block, Section):
                container.add_heading(block.title, level=min(block.level, 4))
                add_blocks(block.blocks, container)

    for section in report.sections:
        doc.add_heading(section.title, level=min(section.level - 1 or 1, 4))
        add_blocks(section.blocks)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_page_setup(section, *, footer_text: str, page_word: str, of_word: str) -> None:
    """A4 with 2.2 cm margins and a footer "<title> · Sida n av m": Word fills in the
    numbers through PAGE and NUMPAGES fields when it lays the document out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    paragraph = section.footer.paragraphs[0]
    paragraph.text = ""

    def add(text: str):
        run = paragraph.add_run(text)
        run.font.size = Pt(8.5)
        return run

    def field(instruction: str) -> None:
        run = add("")
        for kind in ("begin", None, "separate", "end"):
            if kind is None:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {instruction} "
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
            if kind == "separate":
                number = OxmlElement("w:t")
                number.text = "1"
                run._r.append(number)

    add(f"{footer_text} · {page_word} ")
    field("PAGE")
    add(f" {of_word} ")
    field("NUMPAGES")


# -- XLSX ---------------------------------------------------------------------------


def render_xlsx(tables: list[Table], *, title: str = "", notice: str = "") -> bytes:
    """Every table on its own sheet; numbers stay numbers so they can be reused."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for index, table in enumerate(tables, start=1):
        name = _sheet_name(
            table.sheet or table.caption or gettext("Tabell %(n)s") % {"n": index}, used
        )
        ws = wb.create_sheet(name)
        row = 1
        if title:
            put(ws, row, 1, title).font = Font(bold=True, size=12)
            row += 1
        if notice:
            put(ws, row, 1, notice).font = Font(bold=True, color="8A4B00")
            row += 1
        put(ws, row, 1, table.caption).font = Font(bold=True)
        row += 1
        for col, column in enumerate(table.columns, start=1):
            cell = put(ws, row, col, column.label)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_row = row
        first_total = len(table.rows) - table.total_rows
        for r_index, cells in enumerate(table.rows):
            row += 1
            for col, value in enumerate(cells, start=1):
                content = value.value if value.numeric else value.display
                cell = put(ws, row, col, content)
                if value.numeric:
                    cell.number_format = _number_format(value)
                if value.emphasis == "high" or r_index >= first_total:
                    cell.font = Font(bold=True)
                elif value.emphasis in ("low", "suppressed"):
                    cell.font = Font(italic=True)
        for note in table.footnotes:
            row += 2
            put(ws, row, 1, note).font = Font(italic=True)
        for col, column in enumerate(table.columns, start=1):
            width = max([len(column.label)] + [len(r[col - 1].display) for r in table.rows] + [6])
            ws.column_dimensions[get_column_letter(col)].width = min(60, width + 2)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if not tables:
        ws = wb.create_sheet(gettext("Tomt"))
        put(ws, 1, 1, gettext("Inga tabeller att exportera."))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _number_format(cell) -> str:
    """The Excel format showing as many decimals as the report does."""
    decimals = cell.decimals
    if decimals is None:  # a numeric cell built by hand: count what its text shows
        match = re.search(r"[.,](\d+)\D*$", cell.display)
        decimals = len(match.group(1)) if match else 0
    return "0" if decimals == 0 else "0." + "0" * decimals


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's sheet names hold 31 characters: a longer name is cut at a word with "…"
    (never "Effektivitet (kostnad och flöde"); a name taken already gets a number."""
    clean = shorten(re.sub(r"[\[\]\*\?/\\:]", " ", name), width=31) or "Tabell"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = shorten(clean, width=31 - len(suffix)) + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def render(report: Report, fmt: str) -> tuple[str, str, bytes]:
    """(filename, mimetype, content) for `fmt` in html, pdf, docx, xlsx."""
    if fmt == "html":
        content = render_html(report).encode("utf-8")
    elif fmt == "pdf":
        content = render_pdf(report)
    elif fmt == "docx":
        content = render_docx(report)
    elif fmt == "xlsx":
        with translation.override(_language(report)):
            content = render_xlsx(report.tables(), title=report.title, notice=report.notice)
    else:
        raise ValueError(f"okänt format ”{fmt}” (välj html, pdf, docx eller xlsx)")
    return f"{report.filename}.{fmt}", MIME[fmt], content
