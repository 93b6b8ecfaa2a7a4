"""Key-ratio tables without YAML: the form (metrics, derived ratios, targets, notes) with
problems beside their fields in Swedish and what was typed kept; the Excel template, filled
in and uploaded through the table import, and filled in wrongly (unknown organisation, text
in a number column, decimal comma or point, merged cells): a Swedish message, nothing
stored."""

import io

import pytest
from openpyxl import load_workbook

from kompass.core.errors import InputError
from kompass.indicators.domain.keyratios import comparison, import_values
from kompass.indicators.domain.template import table_template
from kompass.indicators.models import ComparabilityNote, Metric, RatioTable, Value

pytestmark = pytest.mark.django_db


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def post_data(**changes) -> dict:
    data = {
        "name": "Hemtjänst i Leksand",
        "slug": "",
        "owner": "2029",
        "comparability": "Olika sätt att räkna timmar.",
        **formset(
            "metrics",
            [
                {"name": "Kostnad", "unit": "tkr", "direction": "lower", "kolada": ""},
                {"name": "Brukare", "unit": "antal", "decimals": "0", "direction": "neutral"},
                {"name": "", "direction": "neutral"},  # an empty extra row
            ],
        ),
        **formset(
            "derived",
            [
                {
                    "name": "Kostnad per brukare",
                    "numerator": "Kostnad",
                    "denominator": "brukare",
                    "factor": "1000",
                    "direction": "lower",
                    "target": "249,5",
                }
            ],
        ),
        **formset("notes", [{"text": "Endast hemtjänst", "organisation": "Leksand", "metric": ""}]),
    }
    data.update(changes)
    return data


def test_create_a_table_in_the_form(cast, client_for):
    response = client_for(cast["editor"]).post("/nyckeltal/tabeller/ny/", post_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    table = RatioTable.objects.get(slug="hemtjanst-i-leksand")
    assert table.owner.code == "2029" and response.url == "/nyckeltal/tabeller/hemtjanst-i-leksand/"
    metrics = {m.key: m for m in table.metrics.all()}
    assert list(metrics) == ["kostnad", "brukare", "kostnad_per_brukare"]
    assert metrics["kostnad"].auto_decimals and not metrics["brukare"].auto_decimals
    derived = metrics["kostnad_per_brukare"]
    assert (derived.numerator, derived.denominator, derived.factor, derived.target) == (
        ["kostnad"],
        ["brukare"],
        1000,
        249.5,
    )
    note = ComparabilityNote.objects.get(table=table)
    assert (note.organisation.code, note.text) == ("2029", "Endast hemtjänst")


def test_problems_name_the_field_as_the_page_does_and_keep_what_was_typed(cast, client_for):
    data = post_data(**{"derived-0-numerator": "Kostnadd", "derived-0-target": "mycket"})
    response = client_for(cast["editor"]).post("/nyckeltal/tabeller/ny/", data)
    text = response.content.decode()
    assert (
        response.status_code == 200 and not RatioTable.objects.filter(owner__code="2029").exists()
    )
    assert "Beräknat nyckeltal 1, Täljare: ”Kostnadd” är inget rapporterat nyckeltal" in text
    assert "Beräknat nyckeltal 1, Målvärde: målvärdet:" in text
    assert 'value="Kostnadd"' in text and 'value="mycket"' in text and 'value="Kostnad"' in text


def test_edit_a_table_and_who_may(cast, client_for):
    client_for(cast["editor"]).post("/nyckeltal/tabeller/ny/", post_data())
    page = client_for(cast["editor"]).get("/nyckeltal/tabeller/hemtjanst-i-leksand/andra/")
    assert 'value="249,5"' in page.content.decode()
    data = post_data(
        slug="hemtjanst-i-leksand",
        **{"derived-0-target": "240", "derived-0-key": "kostnad_per_brukare"},
        **{"metrics-0-key": "kostnad", "metrics-1-key": "brukare"},
        # the rows the page showed filled in (as a browser sends them)
        **{"metrics-INITIAL_FORMS": "2", "derived-INITIAL_FORMS": "1", "notes-INITIAL_FORMS": "1"},
    )
    response = client_for(cast["editor"]).post(
        "/nyckeltal/tabeller/hemtjanst-i-leksand/andra/", data
    )
    assert response.status_code == 302
    assert Metric.objects.get(key="kostnad_per_brukare").target == 240
    assert (
        client_for(cast["reader"]).get("/nyckeltal/tabeller/hemtjanst-i-leksand/andra/").status_code
        == 403
    )
    assert (
        client_for(cast["outsider"])
        .get("/nyckeltal/tabeller/hemtjanst-i-leksand/andra/")
        .status_code
        == 404
    )
    assert client_for(cast["reader"]).get("/nyckeltal/tabeller/ny/").status_code == 403
    # The outsider edits Rättvik, so may create tables, but not one owned by Leksand.
    response = client_for(cast["outsider"]).post("/nyckeltal/tabeller/ny/", post_data())
    assert response.status_code == 200 and RatioTable.objects.count() == 1


@pytest.fixture
def table(cast, client_for):
    client_for(cast["editor"]).post("/nyckeltal/tabeller/ny/", post_data())
    return RatioTable.objects.get(slug="hemtjanst-i-leksand")


def filled(table, rows, *, merge: str = "") -> bytes:
    workbook = load_workbook(io.BytesIO(table_template(table)))
    sheet = workbook["Värden"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c).value = value
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_template_downloads_and_comes_back_filled_in(table, cast, client_for):
    response = client_for(cast["editor"]).get(
        f"/rapporter/nyckeltalsmall/{table.slug}/?format=xlsx"
    )
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="nyckeltal-hemtjanst-i-leksand-mall.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content))["Värden"]
    header = [c.value for c in sheet[1]]
    assert header == ["Organisation (kod eller namn)", "År", "Kostnad", "Brukare", "Kommentar"]
    assert sheet["A2"].value == "2029"
    data = filled(
        table,
        [["2029", 2023, "249,5", 10, "Ny organisation"], ["Rättvik", 2023, "300.25", 12, None]],
    )
    result = import_values(table=table, data=data, filename="mall.xlsx")
    assert result.created == 4
    rows = {r.organisation.name: r for r in comparison(table, year=2023).rows}
    assert rows["Leksand"].figures["kostnad"].display == "249,50"  # as many as any value has
    assert rows["Rättvik"].figures["kostnad"].display == "300,25"
    assert rows["Leksand"].figures["kostnad_per_brukare"].display == "24\u00a0950,0"
    assert "Ny organisation" in rows["Leksand"].notes


@pytest.mark.parametrize(
    "rows, merge, message",
    [
        ([["Atlantis", 2023, 1, 2, None]], "", "Atlantis"),
        ([["2029", 2023, "mycket", 2, None]], "", "mycket"),
        (
            [["2029", 2023, 1, 2, None], ["2031", 2023, 3, 4, None]],
            "B2:B3",
            "sammanfogade celler (B2:B3)",
        ),
    ],
)
def test_a_template_filled_in_wrongly_stores_nothing(table, rows, merge, message):
    with pytest.raises(InputError) as caught:
        import_values(table=table, data=filled(table, rows, merge=merge), filename="mall.xlsx")
    assert message in str(caught.value)
    assert not Value.objects.filter(metric__table=table).exists()


def test_the_group_average_beside_the_focus_names_the_grouping_year(table, cast, client_for):
    data = filled(table, [["2029", 2023, 200, 10, None], ["2031", 2023, 300, 12, None]])
    import_values(table=table, data=data, filename="mall.xlsx")
    page = client_for(cast["reader"]).get(
        f"/nyckeltal/tabeller/{table.slug}/", {"organisation": "2029", "jamfor": "skr"}
    )
    text = page.content.decode()
    assert "Leksand och medelvärdet för Kommungruppen" in text and "(SKR 2023)" in text
    assert "Ovägt medelvärde för de övriga" in text
