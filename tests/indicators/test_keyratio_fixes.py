"""What a walkthrough found in key-ratio tables: decimals follow the figures unless chosen
(249,5 is not shown as 250), a comment on a wide row is kept once for the row (not beside
every figure of it), and storing a large import writes in batches."""

import pytest

from kompass.indicators.domain.keyratios import comparison, define_table, import_values
from kompass.indicators.models import ComparabilityNote, Metric, Value
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db

DEFINITION = """
table: egna-tal
name: Egna tal
metrics:
  - {key: kostnad, name: Kostnad per brukare, unit: tkr}
  - {key: brukare, name: Brukare, unit: antal, decimals: 0}
derived:
  - {key: kostnad_per_100, name: Kostnad per 100 brukare, numerator: kostnad, denominator: brukare, factor: 100}
"""


@pytest.fixture
def table(base_data):
    return define_table(text=DEFINITION)[0]


def _shown(table, key, year=2023):
    return {r.organisation.name: r.figures[key].display for r in comparison(table, year=year).rows}


def test_decimals_follow_the_figures_unless_chosen(table):
    data = "kommun;år;kostnad;brukare\nLeksand;2023;249,5;100,4\nRättvik;2023;301;80\n"
    import_values(table=table, data=data.encode(), filename="tal.csv")
    assert _shown(table, "kostnad") == {"Leksand": "249,5", "Rättvik": "301,0"}
    assert _shown(table, "brukare") == {"Leksand": "100", "Rättvik": "80"}  # chosen: 0
    kostnad = Metric.objects.get(table=table, key="kostnad")
    assert (kostnad.auto_decimals, kostnad.decimals) == (True, 1)


def test_a_wide_row_comment_is_kept_once_for_the_row(table):
    data = (
        "kommun;år;kostnad;brukare;kommentar\n"
        "Leksand;2023;249,5;100;Endast hemtjänst\n"
        "Rättvik;2023;301;80;\n"
    )
    import_values(table=table, data=data.encode(), filename="tal.csv")
    assert not Value.objects.filter(metric__table=table).exclude(note="").exists()
    note = ComparabilityNote.objects.get(table=table)
    assert (note.organisation.code, note.metric, note.text) == ("2029", None, "Endast hemtjänst")
    rows = {r.organisation.name: r for r in comparison(table, year=2023).rows}
    assert rows["Leksand"].notes == ["Endast hemtjänst"]
    assert rows["Leksand"].figures["kostnad"].note == ""
    import_values(table=table, data=data.encode(), filename="tal.csv")  # again: not twice
    assert ComparabilityNote.objects.filter(table=table).count() == 1


def test_storing_writes_in_batches(table, django_assert_max_num_queries):
    codes = list(Organisation.objects.exclude(code="").values_list("code", flat=True)[:290])
    lines = ["kommun;år;kostnad;brukare"]
    lines += [
        f"{code};{year};{100 + i};{10 + i}"
        for i, code in enumerate(codes)
        for year in range(2015, 2025)
    ]
    data = "\n".join(lines).encode()
    # 5800 values: on SQLite at most 166 per INSERT (999 parameters), so ~35 inserts;
    # never one query per value.
    with django_assert_max_num_queries(80):
        result = import_values(table=table, data=data, filename="stort.csv")
    assert result.created == len(codes) * 10 * 2
