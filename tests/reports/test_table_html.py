"""A report table as HTML (`{{ table|report_table }}`): headers, row headers, numbers,
totals, notes for screen readers and footnotes, with everything shown escaped."""

from kompass.reports.document import Cell, Column, Table
from kompass.reports.templatetags.reports import report_table


def test_table_html_has_its_parts_and_escapes_what_it_shows():
    table = Table(
        "Kostnad <per> år",
        [Column("Aktör"), Column("Kronor", numeric=True)],
        [
            [Cell.text("Region & kommun"), Cell.number(1200, 0)],
            [
                Cell.text("Dold"),
                Cell(value=None, display="–", emphasis="suppressed", note="färre än 5"),
            ],
            [Cell.text("Summa", "high"), Cell.number(1200, 0)],
        ],
        total_rows=1,
        footnotes=["Källa: <exempel>"],
    )
    html = str(report_table(table))
    assert 'aria-label="Kostnad &lt;per&gt; år"' in html
    assert "<caption>Kostnad &lt;per&gt; år</caption>" in html
    assert '<th scope="col">Aktör</th><th scope="col" class="num">Kronor</th>' in html
    assert '<tr><th scope="row" class="">Region &amp; kommun</th>' in html
    assert '<td class="num ">1\u00a0200</td>' in html
    assert '<td class="num suppressed">–<span class="visually-hidden"> (färre än 5)</span>' in html
    assert '<tr class="total"><th scope="row" class="high">Summa</th>' in html
    assert html.count('class="total"') == 1
    assert '<p class="muted table-note">Källa: &lt;exempel&gt;</p>' in html
    assert '<table class="cols-few">' in html


def test_wide_tables_get_their_width_class():
    columns = [Column(f"K{i}", numeric=True) for i in range(10)]
    table = Table("Bred", columns, [[Cell.number(i) for i in range(10)]], row_headers=False)
    html = str(report_table(table))
    assert '<table class="cols-many">' in html and 'scope="row"' not in html
