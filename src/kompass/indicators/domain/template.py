"""The Excel template of a key-ratio table: one row per organisation, a column for the year,
one column per reported metric (headed by its name, which the import recognises) and a
comment column; a second sheet says what each metric is. Filled in and uploaded, it goes
through the table import (`keyratios.import_values`) like any other file: all or nothing.

Written through `kompass.reports.sheets`, so no text in it can run as a formula."""

from __future__ import annotations

import io

from kompass.indicators.models import Metric, RatioTable
from kompass.organisations.models import Organisation

ORGANISATION = "Organisation (kod eller namn)"
YEAR = "År"
COMMENT = "Kommentar"


def template_headers(metrics: list[Metric]) -> list[str]:
    """A metric's name heads its column; a name used twice, or one that reads as another
    column, falls back to the key."""
    names = [m.name for m in metrics]
    reserved = {ORGANISATION.casefold(), YEAR.casefold(), COMMENT.casefold()}
    return [
        m.key if names.count(m.name) > 1 or m.name.casefold() in reserved else m.name
        for m in metrics
    ]


def table_template(table: RatioTable, *, year: int | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kompass.reports.sheets import put

    metrics = [m for m in table.metrics.all() if not m.is_derived]
    organisations = list(
        Organisation.objects.filter(ratio_values__metric__table=table).distinct().order_by("name")
    )
    if table.owner is not None and table.owner not in organisations:
        organisations.insert(0, table.owner)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Värden"
    headers = [ORGANISATION, YEAR, *template_headers(metrics), COMMENT]
    for column, header in enumerate(headers, start=1):
        put(sheet, 1, column, header).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(
            12, min(40, len(header) + 2)
        )
    for row, organisation in enumerate(organisations, start=2):
        put(sheet, row, 1, organisation.code or organisation.name)
        if year is not None:
            put(sheet, row, 2, year)
    sheet.freeze_panes = "B2"

    about = workbook.create_sheet("Om nyckeltalen")
    rows = [
        ["Nyckeltalstabell", table.name],
        [
            "Så fyller du i",
            "En rad per organisation och år. Organisation: kommunkod eller namn. "
            "Värden som tal, med decimalkomma eller decimalpunkt. Lämna en cell tom om värdet "
            "saknas. Sammanfoga inga celler. Kommentar: en anmärkning om organisationens rad.",
        ],
        [
            "Ladda upp",
            "Nyckeltalstabellen › Importera värden. Allt kontrolleras först; hittas "
            "ett fel sparas ingenting.",
        ],
        [],
        ["Kolumn", "Nyckel", "Enhet", "Decimaler", "Beskrivning"],
    ]
    rows += [
        [header, m.key, m.unit, "" if m.auto_decimals else m.decimals, m.description]
        for header, m in zip(template_headers(metrics), metrics, strict=True)
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            put(about, r, c, value)
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
