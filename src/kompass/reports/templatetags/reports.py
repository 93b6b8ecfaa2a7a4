"""`{% report_url kind key fmt query %}`: a download link through the one export path;
`{{ table|report_table }}`: a report table as HTML."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from kompass.reports.exports import download_url

register = template.Library()


@register.simple_tag
def report_url(kind, key, fmt, query=""):
    return download_url(kind, key, fmt, query)


def _width_class(count: int) -> str:
    return "many" if count > 9 else "several" if count > 6 else "few"


@register.filter
def report_table(table) -> str:
    """The table's HTML, written here rather than by a template loop: a chart's data table
    has hundreds of cells, and a page of charts (the indicator dashboard) spent most of
    its time in the template engine's per-cell nodes. Everything shown is escaped."""
    e = conditional_escape
    caption = e(table.caption)
    parts = [
        f'<div class="table-scroll" tabindex="0" role="group" aria-label="{caption}">'
        f'<table class="cols-{_width_class(len(table.columns))}">\n'
        f"  <caption>{caption}</caption>\n  <thead><tr>"
    ]
    for column in table.columns:
        numeric = ' class="num"' if column.numeric else ""
        parts.append(f'<th scope="col"{numeric}>{e(column.label)}</th>')
    parts.append("</tr></thead>\n  <tbody>\n")
    first_total = len(table.rows) - table.total_rows
    for index, row in enumerate(table.rows):
        total = ' class="total"' if table.total_rows and index >= first_total else ""
        parts.append(f"  <tr{total}>")
        for position, cell in enumerate(row):
            if position == 0 and table.row_headers:
                parts.append(f'<th scope="row" class="{e(cell.emphasis)}">{e(cell.display)}</th>')
                continue
            num = "num " if cell.numeric or cell.emphasis == "suppressed" else ""
            note = f'<span class="visually-hidden"> ({e(cell.note)})</span>' if cell.note else ""
            parts.append(f'<td class="{num}{e(cell.emphasis)}">{e(cell.display)}{note}</td>')
        parts.append("</tr>\n")
    parts.append("  </tbody>\n</table></div>\n")
    for note in table.footnotes:
        parts.append(f'<p class="muted table-note">{e(note)}</p>')
    return mark_safe("".join(parts))  # every piece of text above is escaped
