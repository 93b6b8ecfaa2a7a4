"""The Kolada client against recorded answers (replayed with httpx.MockTransport, no
network): search, metadata, municipalities and groups, data, paging, empty, malformed
and rate-limited answers, the cache, and the import into key ratios and indicators."""

import pytest

from kompass.core.errors import InputError
from kompass.indicators.kolada.client import KoladaBadResponse, KoladaError, KoladaUnavailable
from kompass.indicators.kolada.importer import import_into_indicator, import_kpi, parse_years
from kompass.indicators.models import Metric, RatioTable, Value


def test_search_follows_next_page(kolada):
    client = kolada(per_page=2)
    kpis = client.search_kpis("hemtjänst")
    assert [k.id for k in kpis] == ["U21468", "N21026", "U21451", "U21452", "N21810"]
    assert len(client.log) == 3
    assert client.log[1].endswith("page=2")
    first = kpis[0]
    assert first.title == "Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)"
    assert first.unit == "andel (%)"
    assert first.operating_area == "Äldreomsorg, hemtjänst"
    assert first.is_divided_by_gender is True
    assert kpis[1].unit == "kr/brukare"


def test_search_without_hits_is_empty(kolada):
    assert kolada().search_kpis("zzzxq") == []


def test_kpi_metadata_and_unknown_kpi(kolada):
    client = kolada()
    kpi = client.kpi("u21468")
    assert (kpi.id, kpi.publication_date, kpi.municipality_type) == ("U21468", "2024-04-15", "K")
    assert "brukarundersökning" in kpi.description
    with pytest.raises(KoladaError, match="Kolada har inget nyckeltal med id X00000"):
        client.kpi("X00000")


def test_municipalities_and_groups(kolada):
    client = kolada()
    assert [(m.id, m.title, m.type) for m in client.municipalities("lek")] == [
        ("2029", "Leksand", "K"),
        ("1814", "Lekeberg", "K"),
    ]
    (group,) = client.municipality_groups("landsbygd")
    assert group.id == "G124026"
    assert ("2029", "Leksand") in group.members and len(group.members) == 4


def test_data_per_kpi_municipality_and_year(kolada):
    points = kolada().data("U21468", municipalities=["2029", "2031"], years=[2023, 2021, 2022])
    totals = {(p.municipality, p.period): p.value for p in points if p.gender == "T"}
    assert totals == {
        ("2029", 2021): 91,
        ("2029", 2022): 88,
        ("2029", 2023): 93,
        ("2031", 2021): 87,
        ("2031", 2022): None,
        ("2031", 2023): 90,
    }
    missing = next(p for p in points if p.value is None)
    assert missing.status == "Saknas"
    assert {p.gender for p in points} == {"T", "K", "M"}


def test_data_paging(kolada):
    client = kolada(per_page=2)
    points = client.data("N01951", years=[2023])
    assert sorted({p.municipality for p in points}) == ["0000", "0001", "2029", "2031", "2034"]
    assert len(client.log) == 3


def test_data_needs_municipalities_or_years(kolada):
    with pytest.raises(KoladaError, match="Ange kommuner eller år"):
        kolada().data("U21468")


def test_malformed_answers(kolada):
    client = kolada()
    with pytest.raises(KoladaBadResponse, match="med något som inte är JSON"):
        client.data("U21468", municipalities=["2084"], years=[2023])
    with pytest.raises(KoladaBadResponse, match="utan listan ”values”"):
        client.kpi("U99999")
    with pytest.raises(KoladaBadResponse, match="utan kommun, period eller värdelista"):
        client.data("U21468", municipalities=["2062"], years=[2023])


def test_rate_limit_is_retried_with_backoff(kolada):
    client = kolada()
    points = client.data("U21468", municipalities=["2031"], years=[2023])
    assert [p.value for p in points if p.gender == "T"] == [90]
    assert client.slept == [2.0]  # Retry-After: 2 beats the first backoff of 0,5 s
    assert len(client.log) == 2


def test_persistent_rate_limit_gives_up_with_a_clear_message(kolada):
    client = kolada(retries=3)
    with pytest.raises(KoladaUnavailable) as info:
        client.search_kpis("begränsad")
    assert "Kolada begränsar antalet anrop (HTTP 429)" in str(info.value)
    assert "efter 4 försök" in str(info.value)
    assert client.slept == [1.0, 1.0, 2.0]  # max(Retry-After 1, 0,5 x 2^n)


def test_unreachable_api_says_so(unreachable):
    with pytest.raises(KoladaUnavailable) as info:
        unreachable.search_kpis("hemtjänst")
    message = str(info.value)
    assert message.startswith("Kolada kunde inte nås: ingen förbindelse (ConnectError)")
    assert "inget har importerats" in message
    assert len(unreachable.attempts) == 3


def test_answers_are_cached_on_disk(kolada, tmp_path):
    client = kolada(cache=True)
    first = client.search_kpis("hemtjänst")
    assert client.requests == 1
    again = kolada(cache=True)
    assert again.search_kpis("hemtjänst") == first
    assert again.requests == 0 and again.log == []
    offline = kolada(cache=True)
    offline.cache_only = True
    with pytest.raises(KoladaUnavailable, match="finns inte i den lokala cachen"):
        offline.kpi("U21468")


@pytest.mark.django_db
def test_import_stores_values_in_the_kolada_table(kolada, base_data):
    outcome = import_kpi(
        client=kolada(), kpi_id="U21468", municipalities=["2029", "2031"], years=[2021, 2022, 2023]
    )
    assert outcome.result.created == 5 and outcome.skipped_missing == 1
    table = RatioTable.objects.get(slug="kolada")
    metric = Metric.objects.get(table=table, key="u21468")
    assert (metric.kolada_kpi, metric.unit) == ("U21468", "andel (%)")
    values = {(v.organisation.code, v.year): v.value for v in Value.objects.filter(metric=metric)}
    assert values[("2029", 2023)] == 93 and ("2031", 2022) not in values
    assert "1 värden saknas i Kolada" in outcome.summary
    again = import_kpi(
        client=kolada(), kpi_id="U21468", municipalities=["2029", "2031"], years=[2021, 2022, 2023]
    )
    assert (again.result.created, again.result.unchanged) == (0, 5)


@pytest.mark.django_db
def test_import_over_pages_skips_codes_outside_the_register(kolada, base_data):
    outcome = import_kpi(client=kolada(per_page=2), kpi_id="N01951", years=[2023])
    assert outcome.result.created == 3
    assert sorted(outcome.skipped_unknown) == ["0000", "0001"]


@pytest.mark.django_db
def test_empty_answer_imports_nothing(kolada, base_data):
    with pytest.raises(
        KoladaError,
        match=r"Kolada har inga värden för U21468 för 2029 år 1999; inget importerades\.",
    ):
        import_kpi(client=kolada(), kpi_id="U21468", municipalities=["2029"], years=[1999])
    assert not Value.objects.exists()


@pytest.mark.django_db
def test_malformed_answer_imports_nothing(kolada, base_data):
    with pytest.raises(KoladaBadResponse):
        import_kpi(client=kolada(), kpi_id="U21468", municipalities=["2084"], years=[2023])
    assert not Value.objects.exists()


@pytest.mark.django_db
def test_import_into_an_indicator(kolada, leksand):
    from kompass.indicators.domain.indicators import create_indicator

    indicator = create_indicator(
        organisation=leksand,
        name="Nöjdhet hemtjänst (Kolada)",
        perspective="citizen",
        direction="higher",
        period_type="year",
        chart_type="run",
        unit="%",
    )
    outcome = import_into_indicator(
        client=kolada(), kpi_id="U21468", indicator=indicator, years=[2021, 2022, 2023]
    )
    assert [(v.period, v.value) for v in indicator.values.all()] == [
        ("2021", 91),
        ("2022", 88),
        ("2023", 93),
    ]
    indicator.refresh_from_db()
    assert indicator.kolada_kpi == "U21468"
    assert "i indikatorn ”Nöjdhet hemtjänst (Kolada)”" in outcome.summary
    indicator.period_type = "month"
    with pytest.raises(InputError, match="periodtypen år"):
        import_into_indicator(client=kolada(), kpi_id="U21468", indicator=indicator)


@pytest.mark.parametrize(
    "given, years",
    [
        (["2019", "2020"], [2019, 2020]),
        (["2018-2020,2023"], [2018, 2019, 2020, 2023]),
        (None, None),
    ],
)
def test_parse_years(given, years):
    assert parse_years(given) == years


def test_parse_years_refuses_nonsense():
    with pytest.raises(InputError, match="”tjugo” är inget år"):
        parse_years(["tjugo"])


@pytest.mark.django_db
def test_indicator_from_kolada_is_compared_with_its_peers(kolada, leksand):
    from kompass.indicators.domain.indicators import create_indicator
    from kompass.indicators.report import build_indicator_report

    import_kpi(
        client=kolada(), kpi_id="U21468", municipalities=["2029", "2031"], years=[2021, 2022, 2023]
    )
    indicator = create_indicator(
        organisation=leksand,
        name="Nöjdhet hemtjänst",
        perspective="citizen",
        period_type="year",
        chart_type="run",
        decimals=0,
    )
    import_into_indicator(client=kolada(), kpi_id="U21468", indicator=indicator)
    report = build_indicator_report(indicator)
    section = next(s for s in report.sections if s.title == "Jämfört med andra (Kolada)")
    table = section.blocks[-1]
    assert [[c.display for c in row] for row in table.rows] == [
        ["2021", "91", "87", "1"],
        ["2022", "88", "–", "0"],
        ["2023", "93", "90", "1"],
    ]
