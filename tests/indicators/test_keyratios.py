"""Key-ratio tables: seed 001's benchmark comes out as printed (ratios, gap to target,
chart and XLSX export), imports in every layout, and bad files store nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from kompass.accounts.models import Membership
from kompass.analytics.ratios import gap_to_target
from kompass.core.errors import InputError
from kompass.indicators.domain.keyratios import (
    comparison,
    define_table,
    figures_for,
    import_values,
)
from kompass.indicators.models import Metric, RatioTable, Value
from kompass.indicators.report import build_table_report
from kompass.lib.numbers import decimals_of
from kompass.reports.render import render, render_html

SEED_RATIOS = {
    "Lund": "34",
    "Uppsala": "33",
    "Helsingborg": "34",
    "Södertälje": "30",
    "Uddevalla": "30",
}
SEED_GAPS = {"Lund": 4, "Uppsala": 3, "Helsingborg": 4, "Södertälje": 0, "Uddevalla": 0}

pytestmark = pytest.mark.django_db


def _by_name(comp, key):
    return {row.organisation.name: row.figures[key] for row in comp.rows}


def test_benchmark_ratios_come_out_as_the_seed_prints_them(benchmark):
    comp = comparison(benchmark)
    assert comp.year == 2020
    figures = _by_name(comp, "medarbetare_per_chef")
    assert {name: f.display for name, f in figures.items()} == SEED_RATIOS
    assert {name: int(f.gap.difference) for name, f in figures.items()} == SEED_GAPS
    assert figures["Lund"].gap.text == "4 medarbetare per chef över målvärdet 30"
    assert figures["Lund"].gap.met is False
    assert figures["Södertälje"].gap.text == "på målvärdet 30"
    assert figures["Lund"].value == pytest.approx(2578 / 76)


def test_benchmark_support_staff_per_100_employees_by_function(benchmark):
    comp = comparison(benchmark)
    hr = _by_name(comp, "hr_per_100")
    assert hr["Lund"].display == "0,43"  # 100 x (8+3) / 2578
    assert hr["Helsingborg"].display == "0,43"  # 100 x 12 / 2800
    total = _by_name(comp, "stod_per_100")
    assert total["Lund"].value == pytest.approx(100 * (11 + 6 + 8 + 2 + 1 + 41 + 11) / 2578)
    communication = _by_name(comp, "kommunikation_per_100")
    assert communication["Uppsala"].value == pytest.approx(100 * 2.5 / 1969)
    assert Metric.objects.filter(table=benchmark, kind=Metric.Kind.DERIVED).count() == 9


def test_benchmark_keeps_comparability_notes_beside_the_figures(benchmark):
    comp = comparison(benchmark)
    rows = {r.organisation.name: r for r in comp.rows}
    assert rows["Lund"].figures["hr"].note == "8+3"
    assert rows["Lund"].figures["chefer"].note == "varav 67 enhetschefer"
    assert rows["Uppsala"].figures["mpc_sarskilt_boende"].note == "plus biträdande chefer"
    assert rows["Södertälje"].notes == ["Endast äldreomsorg"]
    assert rows["Uddevalla"].notes == ["Endast hemtjänst och särskilt boende"]
    assert "indikation snarare än fakta" in benchmark.comparability
    # Missing inputs are not guessed: Uddevalla reported no turnover.
    assert rows["Uddevalla"].figures["omsattning"].value is None
    table = build_table_report(benchmark).tables()[0]
    labels = [row[0].display for row in table.rows]
    hr_row = table.rows[labels.index("HR (årsarbetare)")]
    assert [c.display for c in hr_row[1:]] == ["12", "11 (8+3)", "3", "2", "5"]
    assert table.rows[-1][0].display == "Jämförbarhet"
    assert table.rows[-1][3].display == "Endast äldreomsorg"


def test_benchmark_chart_and_xlsx_export(benchmark):
    report = build_table_report(benchmark)
    html = render_html(report)
    assert "<svg" in html
    assert (
        "Medarbetare per chef, totalt 2020: Helsingborg 34, Lund 34, Södertälje 30, Uddevalla 30, Uppsala 33. Målvärde 30."
        in html
    )
    filename, _mimetype, content = render(report, "xlsx")
    assert filename == "nyckeltal-lund-aldreomsorg-2020.xlsx"
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Jämförelse"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    ratio = next(r for r in rows if r[0] == "Medarbetare per chef, totalt (medarbetare per chef)")
    assert [round(v) for v in ratio[1:6]] == [34, 34, 30, 30, 33]
    gap = rows[rows.index(ratio) + 1]
    assert gap[0] == "– avvikelse från målvärdet 30"
    assert gap[1:6] == [4, 4, 0, 0, 3]
    chart_sheet = workbook["Medarbetare per chef, totalt"]
    texts = [row for row in chart_sheet.iter_rows(values_only=True) if row[0] == "Lund"]
    assert texts[0][3] == "4 medarbetare per chef över målvärdet 30"


def test_import_wide_by_organisation_windows_1252_semicolon_decimal_comma(benchmark):
    data = "Kommun;År;hr;Kommunikation\nLeksand;2021;2;0,5\nRättvik;2021;1;1,25\n".encode("cp1252")
    result = import_values(table=benchmark, data=data, filename="bred.csv")
    assert (result.created, result.layout) == (4, "wide-organisations")
    assert (
        Value.objects.get(metric__key="kommunikation", organisation__code="2031", year=2021).value
        == 1.25
    )


def test_import_wide_by_metric_like_the_seed_table(benchmark):
    data = b'nyckeltal,Leksand,2031\nchefer,12,9\nmedarbetare,"380,5",301\n'
    result = import_values(table=benchmark, data=data, filename="som-seed.csv", year=2022)
    assert (result.created, result.layout, result.years) == (4, "wide-metrics", [2022])
    comp = comparison(benchmark, year=2022)
    assert _by_name(comp, "medarbetare_per_chef")["Leksand"].display == "32"


def test_import_xlsx_long_with_unit_and_source(benchmark):
    wb = Workbook()
    ws = wb.active
    ws.append(["organisation", "metric", "year", "value", "unit", "source"])
    ws.append(["2029", "Antal chefer", 2021, 11, "antal", "Egen enkät"])
    ws.append(["Leksands kommun", "medarbetare", 2021, 350.0, "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    import_values(
        table=benchmark, data=buffer.getvalue(), filename="lång.xlsx", source="Standardkälla"
    )
    values = {v.metric.key: v for v in Value.objects.filter(organisation__code="2029", year=2021)}
    assert values["chefer"].source == "Egen enkät"
    assert values["medarbetare"].source == "Standardkälla"


def test_import_again_updates_without_duplicates(benchmark):
    data = b"organisation;metric;year;value\nLund;chefer;2020;77\nLund;hr;2020;11\n"
    result = import_values(table=benchmark, data=data, filename="rättelse.csv")
    assert (result.created, result.updated) == (0, 2)  # notes of the seed file are replaced
    assert Value.objects.get(organisation__code="1281", metric__key="chefer", year=2020).value == 77


@pytest.mark.parametrize(
    "content, messages",
    [
        (
            "organisation;metric;year;value\nLund;chefer;2021;många\n",
            ["rad 2, kolumn value: ”många” är inte ett tal"],
        ),
        (
            "organisation;metric;year;value\nAtlantis;chefer;2021;3\n",
            ["rad 2, kolumn organisation: okänd organisation ”Atlantis”"],
        ),
        (
            "organisation;metric;year;value\nLund;kaffe;2021;3\n",
            ["rad 2, kolumn metric: okänt nyckeltal ”kaffe” (kända: omsattning, chefer"],
        ),
        (
            "organisation;metric;year;value\nLund;chefer;2021;3\nLund;Antal chefer;2021;4\n",
            ["rad 3, kolumn value: Lund, Antal chefer 2021 finns redan på rad 2"],
        ),
        (
            "organisation;metric;year;value;unit\nLund;chefer;2021;3;procent\n",
            ["enheten ”procent” stämmer inte med nyckeltalets enhet ”antal”"],
        ),
        (
            "organisation;metric;year;value\nLund;medarbetare_per_chef;2021;3\n",
            ["beräknas ur andra nyckeltal och kan inte importeras"],
        ),
        (
            "organisation;metric;value\nLund;chefer;3\n",
            ["kolumnen year (år) saknas"],
        ),
        (
            "organisation;metric;year;value\nLund;chefer;tjugo;3\n",
            ["”tjugo” är inget år"],
        ),
        ("kaffe;te\n1;2\n", ["rubrikraden känns inte igen"]),
        ("organisation;metric;year;value\n", ["rubrikrad men inga värden"]),
    ],
)
def test_bad_input_gives_swedish_messages_and_stores_nothing(benchmark, content, messages):
    before = Value.objects.count()
    with pytest.raises(InputError) as info:
        import_values(table=benchmark, data=content.encode(), filename="fel.csv")
    text = "\n".join(info.value.messages)
    for message in messages:
        assert message in text
    assert Value.objects.count() == before


def test_one_bad_row_among_good_ones_stores_nothing(benchmark):
    before = Value.objects.count()
    content = "organisation;metric;year;value\nLund;chefer;2021;70\nLund;medarbetare;2021;2600\nUppsala;chefer;2021;x\n"
    with pytest.raises(InputError):
        import_values(table=benchmark, data=content.encode(), filename="fel.csv")
    assert Value.objects.count() == before


def test_create_missing_metrics_on_request(benchmark):
    data = b"organisation;metric;year;value;unit\nLund;Sjukfranvaro chefer;2020;6,1;%\n"
    result = import_values(table=benchmark, data=data, filename="ny.csv", create_metrics=True)
    assert result.new_metrics == ["Sjukfranvaro chefer"]
    metric = Metric.objects.get(table=benchmark, name="Sjukfranvaro chefer")
    assert (metric.key, metric.unit) == ("sjukfranvaro_chefer", "%")


def test_derived_ratio_without_inputs_says_what_is_missing(benchmark):
    comp = comparison(benchmark)
    lss = _by_name(comp, "mpc_lss")
    assert lss["Uppsala"].value is None
    Value.objects.filter(metric__key="chefer", organisation__code="1485").delete()
    figure = _by_name(comparison(benchmark), "medarbetare_per_chef")["Uddevalla"]
    assert figure.value is None and figure.reason == "saknar värde för Antal chefer"


DEFINITION = """
table: test
name: Test
metrics:
  - {key: a, name: A}
derived:
  - key: b
    name: B
    numerator: a
    denominator: c
    direction: sideways
notes:
  - {organisation: Atlantis, text: x}
"""


def test_definition_errors_name_line_and_field(base_data):
    with pytest.raises(InputError) as info:
        define_table(text=DEFINITION, filename="test.yaml")
    text = "\n".join(info.value.messages)
    assert (
        "test.yaml, rad 10, fält ”derived[0].denominator”: ”c” är inget rapporterat nyckeltal"
        in text
    )
    assert "fält ”derived[0].direction”: riktningen ska vara higher, lower eller neutral" in text
    assert "okänd organisation ”Atlantis”" in text
    assert not RatioTable.objects.filter(slug="test").exists()


def test_definition_cannot_drop_a_metric_with_values(benchmark):
    text = "table: lund-aldreomsorg-2020\nname: X\nmetrics:\n  - {key: chefer, name: Chefer}\n"
    with pytest.raises(InputError, match="har värden och kan inte tas bort"):
        define_table(text=text)


def test_only_editors_define_tables_for_their_organisation(cast, leksand):
    text = "table: leksand-egna\nname: Egna\nowner: '2029'\nmetrics:\n  - {key: a, name: A}\n"
    with pytest.raises(PermissionDenied):
        define_table(text=text, user=cast["reader"])
    with pytest.raises(PermissionDenied):
        define_table(text=text.replace("owner: '2029'\n", ""), user=cast["editor"])
    table, created = define_table(text=text, user=cast["editor"])
    assert created and table.owner == leksand
    with pytest.raises(PermissionDenied):
        import_values(
            table=table, data=b"organisation;a;year\n2029;1;2020\n", user=cast["outsider"]
        )
    assert Membership.objects.filter(user=cast["editor"], organisation=leksand).exists()


def test_the_kolada_slug_is_reserved_for_the_kolada_import(cast, leksand):
    text = "table: kolada\nname: Egen\nowner: '2029'\nmetrics:\n  - {key: a, name: A}\n"
    with pytest.raises(InputError) as info:
        define_table(text=text, user=cast["editor"])
    assert any(
        p.field == "table"
        and "”kolada” är reserverat för nyckeltalen som hämtas från Kolada" in p.message
        for p in info.value.problems
    )
    assert not RatioTable.objects.filter(slug="kolada").exists()


def test_gap_is_shown_at_the_targets_precision_in_percentage_points():
    share = Metric(key="andel", name="Andel", unit="%", decimals=0, target=2.5, direction="lower")
    gap = figures_for([share], {"andel": 3.2}, {})["andel"].gap
    assert gap.text == "0,5 procentenheter över målvärdet 2,5\u00a0%"  # beside a shown 3
    assert gap_to_target(34.2, 30, direction="lower", decimals=0).text == "4 över målvärdet 30"
    assert [decimals_of(n) for n in (30, 2.5, 1e-05, 1e20, float("nan"))] == [0, 1, 5, 0, 0]


def test_a_national_table_is_charted_once_its_organisations_are_narrowed(base_data):
    """290 bars are neither readable nor quick to draw: past MAX_CHART_BARS organisations
    the chart section says how to get a chart and keeps the whole data table."""
    from kompass.indicators.report import MAX_CHART_BARS
    from kompass.organisations.models import Organisation
    from kompass.reports.document import Chart

    table, _ = define_table(
        text="table: bred\nname: Bred\nmetrics:\n  - {key: a, name: Antal, unit: st}\n"
    )
    codes = list(
        Organisation.objects.filter(code__gt="").order_by("code").values_list("code", flat=True)
    )
    lines = ["kommun;nyckeltal;år;värde"]
    lines += [f"{code};a;2024;{i}" for i, code in enumerate(codes[: MAX_CHART_BARS + 1])]
    import_values(table=table, data="\n".join(lines).encode(), filename="bred.csv")

    def charts(report):
        found = []
        for section in report.sections:
            found.extend(b for b in section.blocks if isinstance(b, Chart))
        return found

    wide = build_table_report(table)
    assert charts(wide) == []
    assert "Diagrammet ritas när högst 40 organisationer jämförs" in render_html(wide)
    assert len(wide.tables()[-1].rows) == MAX_CHART_BARS + 1
    few = comparison(table).rows[:MAX_CHART_BARS]
    narrow = build_table_report(table, organisation_ids={r.organisation.pk for r in few})
    assert len(charts(narrow)) == 1
