"""The Kolada v3 client and import against the stand-in (a real HTTP server on 127.0.0.1,
tests/indicators/kolada_standin.py) serving the recordings: paging with next_url, the
25-id limit, deleted and missing values, HTTP errors as what they are, retries with
Retry-After, cut-off and malformed answers, endless paging, the cache."""

import socket

import pytest

from kompass.core.errors import InputError
from kompass.indicators.kolada.client import (
    KoladaBadResponse,
    KoladaClient,
    KoladaError,
    KoladaHttpError,
    KoladaUnavailable,
    chunks,
)
from kompass.indicators.kolada.importer import import_into_indicator, import_kpi, parse_years
from kompass.indicators.models import Metric, RatioTable, Value
from kompass.organisations.models import Organisation
from tests.indicators.kolada_standin import Fault

SKR_B3 = "GSKR23B3"  # the stand-in's group for SKR 2023 B3 Större stad (23 members)


def test_kpi_metadata_in_v3_names(kolada):
    kpi = kolada().kpi("n01951")
    assert (kpi.id, kpi.title, kpi.unit) == ("N01951", "Invånare totalt, antal", "antal")
    assert kpi.is_divided_by_gender is True and kpi.has_ou_data is False
    assert "auspice" in kpi.raw and "auspices" not in kpi.raw
    with pytest.raises(KoladaError, match="Kolada har inget nyckeltal med id X00000"):
        kolada().kpi("X00000")


def test_municipalities_with_region_type_and_groups_with_member_ids(kolada):
    client = kolada()
    assert [(m.id, m.title, m.type) for m in client.municipalities("lek")] == [
        ("1814", "Lekeberg", "K"),
        ("2029", "Leksand", "K"),
    ]
    regions = client.municipalities(region_type="L")
    assert {m.id for m in regions} == {"0000", "0020"}
    group = client.municipality_group(SKR_B3)
    assert len(group.members) == 23
    assert ("0880", "Kalmar") in group.members and ("1290", "Kristianstad") in group.members


def test_group_without_member_id_is_refused_not_read_as_empty(kolada, standin):
    standin.groups.append({"id": "GV2", "title": "v2-form", "members": [{"id": "2029"}]})
    with pytest.raises(KoladaBadResponse, match="utan ”member_id”"):
        kolada().municipality_group("GV2")


def test_paging_follows_next_url_over_real_http(kolada, standin):
    client = kolada(per_page=100)
    points = client.data("N01951", years=[2023])
    assert len(points) == 292  # 290 municipalities, Riket and Region Dalarna
    pages = [u for u in standin.log if "/data/" in u]
    assert len(pages) == 3 and "page=3" in pages[-1]
    leksand = next(p for p in points if p.municipality == "2029")
    assert (leksand.value, leksand.gender, leksand.deleted) == (16_043, "T", False)


def test_more_than_25_ids_are_split_and_merged(kolada, standin):
    codes = [m.id for m in kolada().municipalities(region_type="K")][:60]
    points = kolada().data("N01951", municipalities=codes, years=[2022, 2023])
    assert {p.municipality for p in points} == set(codes)
    assert len(points) == 120
    data_requests = [u for u in standin.log if "/data/" in u]
    assert len(data_requests) == 3  # 25 + 25 + 10 ids
    assert chunks(["a", "b", "a", "c"], 2) == [["a", "b"], ["c"]]


def test_the_stand_in_refuses_26_ids_as_kolada_does(standin):
    client = KoladaClient(standin.url, retries=0)
    codes = ",".join(f"{n:04d}" for n in range(100, 126))
    with pytest.raises(KoladaHttpError, match=r"avvisade frågan \(HTTP 400\)") as info:
        client.get(client.url(f"data/kpi/N01951/municipality/{codes}"))
    assert "At most 25 ids" in str(info.value)


def test_any_two_of_kpi_municipality_and_year(kolada):
    points = kolada().data(municipalities=["2029"], years=[2023])
    assert [(p.kpi, p.value) for p in points] == [("N01951", 16_043)]
    with pytest.raises(KoladaError, match="Ange två av tre"):
        kolada().data("N01951")


def test_deleted_values_are_marked(kolada, standin):
    standin.set_value("N01951", "2029", 2023, value=16_043, isdeleted=True)
    (point,) = kolada().data("N01951", municipalities=["2029"], years=[2023])
    assert point.deleted is True


def test_a_v2_base_url_says_the_api_version_is_wrong(standin):
    client = KoladaClient(standin.url.replace("/v3", "/v2"), retries=0)
    with pytest.raises(KoladaHttpError) as info:
        client.kpi("N01951")
    message = str(info.value)
    assert "svarar HTTP 404 (finns inte): API-versionen stämmer troligen inte" in message
    assert "Kolada API v3" in message and "har inget nyckeltal" not in message


def test_a_404_under_a_good_base_is_reported_as_404_not_as_no_data(kolada):
    client = kolada(retries=0)
    with pytest.raises(KoladaHttpError, match=r"Kolada svarade HTTP 404 \(finns inte\)"):
        client.get(client.url("kpi/N01951/extra"))


def test_rate_limit_is_retried_honouring_retry_after(kolada, standin):
    standin.fault("/data/", Fault("status", 429, {"Retry-After": "2"}), Fault("status", 503))
    client = kolada()
    points = client.data("N01951", municipalities=["2029"], years=[2023])
    assert [p.value for p in points] == [16_043]
    assert client.slept == [2.0, 1.0]  # Retry-After 2 beats 0,5; then 0,5 x 2


def test_retry_after_as_an_http_date_and_capped(kolada, standin):
    standin.fault("/kpi", Fault("status", 429, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}))
    client = kolada(max_wait=7)
    client.kpi("N01951")
    assert client.slept == [7]


def test_persistent_server_errors_give_up_with_a_clear_message(kolada, standin):
    standin.fault("/kpi", *[Fault("status", 502)] * 5)
    client = kolada(retries=3)
    with pytest.raises(KoladaUnavailable) as info:
        client.kpi("N01951")
    assert "serverfel hos Kolada (HTTP 502), även efter 4 försök" in str(info.value)
    assert client.slept == [0.5, 1.0, 2.0]


def test_cut_off_answer_is_retried_then_reported(kolada, standin):
    standin.fault("/data/", Fault("truncated"))
    points = kolada().data("N01951", municipalities=["2029"], years=[2023])
    assert [p.value for p in points] == [16_043]
    standin.fault("/data/", *[Fault("truncated")] * 4)
    with pytest.raises(KoladaUnavailable, match="avbrutet svar"):
        kolada(retries=2).data("N01951", municipalities=["2029"], years=[2023])


def test_malformed_json_is_reported_not_imported(kolada, standin, base_data):
    standin.fault("/data/", Fault("malformed"))
    with pytest.raises(KoladaBadResponse, match="inte är giltig JSON"):
        import_kpi(client=kolada(), kpi_id="N01951", municipalities=["2029"], years=[2023])
    assert not Value.objects.exists()


@pytest.mark.parametrize("kind", ["endless", "loop"])
def test_paging_that_never_ends_is_stopped(kolada, standin, kind):
    standin.fault("/data/", Fault(kind))
    client = kolada(max_pages=20)
    with pytest.raises(KoladaBadResponse, match="avbröts så att den inte pågår i oändlighet"):
        client.data("N01951", municipalities=["2029"], years=[2023])
    assert len([u for u in standin.log if "/data/" in u]) <= 20


def test_next_url_to_another_host_is_not_followed(kolada, standin):
    client = kolada()
    original = standin.url
    standin_url = type(standin).url
    try:
        type(standin).url = property(lambda self: original.replace("127.0.0.1", "localhost"))
        standin.fault("/data/", Fault("endless"))
        with pytest.raises(KoladaBadResponse, match="annan adress"):
            client.data("N01951", municipalities=["2029"], years=[2023])
    finally:
        type(standin).url = standin_url


def test_unreachable_api_says_so():
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = KoladaClient(f"http://127.0.0.1:{port}/v3", retries=2, sleep=lambda s: None)
    with pytest.raises(KoladaUnavailable) as info:
        client.search_kpis("invånare")
    assert str(info.value).startswith("Kolada kunde inte nås: ingen förbindelse (ConnectError)")
    assert "inget har importerats" in str(info.value)


def test_answers_are_cached_on_disk(kolada, standin):
    first = kolada(cache=True).kpi("N01951")
    before = len(standin.log)
    again = kolada(cache=True)
    assert again.kpi("N01951") == first
    assert again.requests == 0 and len(standin.log) == before
    offline = kolada(cache=True, cache_only=True)
    with pytest.raises(KoladaUnavailable, match="finns inte i den lokala cachen"):
        offline.data("N01951", municipalities=["2029"], years=[2023])


def test_damaged_cache_file_is_fetched_again(kolada, tmp_path):
    kolada(cache=True).kpi("N01951")
    for path in (tmp_path / "kolada-cache").glob("*.json"):
        path.write_text("{trasig", encoding="utf-8")
    client = kolada(cache=True)
    assert client.kpi("N01951").id == "N01951" and client.requests == 1


# --------------------------------------------------------------------------- import


@pytest.mark.django_db
def test_import_stores_live_values_and_leaves_deleted_and_missing_out(kolada, standin, base_data):
    standin.set_value("N01951", "0880", 2022, value=71_000, isdeleted=True)
    standin.set_value("N01951", "1290", 2023, value=None, status="Saknas")
    outcome = import_kpi(
        client=kolada(), kpi_id="N01951", municipalities=["0880", "1290"], years=[2021, 2022, 2023]
    )
    values = {(v.organisation.code, v.year): v.value for v in Value.objects.all()}
    assert values == {
        ("0880", 2021): 71_328,
        ("0880", 2023): 72_304,
        ("1290", 2021): 86_641,
        ("1290", 2022): 86_738,
    }
    assert (outcome.skipped_deleted, outcome.skipped_missing) == (1, 1)
    assert "1 värden är markerade som raderade i Kolada och importerades inte" in outcome.summary


@pytest.mark.django_db
def test_a_value_kolada_deletes_later_is_removed_on_the_next_import(kolada, standin, base_data):
    import_kpi(client=kolada(), kpi_id="N01951", municipalities=["2029"], years=[2022, 2023])
    assert Value.objects.filter(year=2023).count() == 1
    standin.set_value("N01951", "2029", 2023, value=16_043, isdeleted=True)
    outcome = import_kpi(
        client=kolada(), kpi_id="N01951", municipalities=["2029"], years=[2022, 2023]
    )
    assert outcome.removed == 1
    assert list(Value.objects.values_list("year", flat=True)) == [2022]
    assert "1 tidigare importerade värden är raderade i Kolada och togs bort" in outcome.summary


@pytest.mark.django_db
def test_import_of_all_three_genders_in_one_run(kolada, standin, base_data):
    standin.set_value("N01951", "2029", 2023, "K", 8_040)
    standin.set_value("N01951", "2029", 2023, "M", 8_003)
    import_kpi(
        client=kolada(),
        kpi_id="N01951",
        municipalities=["2029"],
        years=[2023],
        genders=("T", "K", "M"),
    )
    got = {v.metric.key: v.value for v in Value.objects.select_related("metric")}
    assert got == {"n01951": 16_043, "n01951_k": 8_040, "n01951_m": 8_003}
    names = dict(Metric.objects.values_list("key", "name"))
    assert names["n01951_k"] == "Invånare totalt, antal (kvinnor)"
    with pytest.raises(InputError, match="okänt kön X"):
        import_kpi(client=kolada(), kpi_id="N01951", municipalities=["2029"], genders=("X",))


@pytest.mark.django_db
def test_import_skips_codes_outside_the_register(kolada, base_data):
    outcome = import_kpi(client=kolada(per_page=1000), kpi_id="N01951", years=[2023])
    assert outcome.result.created == 290
    assert sorted(set(outcome.skipped_unknown)) == ["0000", "0020"]
    assert RatioTable.objects.get(slug="kolada").metrics.get().kolada_kpi == "N01951"


@pytest.mark.django_db
def test_empty_answer_imports_nothing(kolada, base_data):
    with pytest.raises(
        KoladaError,
        match=r"Kolada har inga värden för N01951 för 2029 år 1999; inget importerades\.",
    ):
        import_kpi(client=kolada(), kpi_id="N01951", municipalities=["2029"], years=[1999])
    assert not Value.objects.exists()


@pytest.mark.django_db
def test_failure_on_a_later_chunk_imports_nothing(kolada, standin, base_data):
    codes = list(Organisation.objects.order_by("code").values_list("code", flat=True)[:30])
    standin.fault(codes[25], *[Fault("status", 500)] * 5)  # the second chunk of ids fails
    with pytest.raises(KoladaUnavailable, match="HTTP 500"):
        import_kpi(client=kolada(retries=1), kpi_id="N01951", municipalities=codes, years=[2023])
    assert any(codes[0] in u for u in standin.log)  # the first chunk was fetched
    assert not Value.objects.exists()


@pytest.mark.django_db
def test_import_into_an_indicator(kolada, leksand):
    from kompass.indicators.domain.indicators import create_indicator

    indicator = create_indicator(
        organisation=leksand,
        name="Invånare (Kolada)",
        perspective="citizen",
        direction="higher",
        period_type="year",
        chart_type="run",
    )
    outcome = import_into_indicator(
        client=kolada(), kpi_id="N01951", indicator=indicator, years=[2021, 2022, 2023]
    )
    assert [(v.period, v.value) for v in indicator.values.all()] == [
        ("2021", 16_012),
        ("2022", 16_113),
        ("2023", 16_043),
    ]
    indicator.refresh_from_db()
    assert indicator.kolada_kpi == "N01951"
    assert "i indikatorn ”Invånare (Kolada)”" in outcome.summary
    indicator.period_type = "month"
    with pytest.raises(InputError, match="periodtypen år"):
        import_into_indicator(client=kolada(), kpi_id="N01951", indicator=indicator)


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


def test_kpi_groups_units_and_unit_data(kolada, standin):
    # Test data added to the stand-in for this test (the recordings hold no units).
    standin.kpi_groups.append(
        {
            "id": "GTEST1",
            "title": "Testgrupp",
            "members": [{"member_id": "N01951", "member_title": "Invånare totalt, antal"}],
        }
    )
    standin.units.extend(
        [
            {"id": "V15TEST0001", "title": "Testskolan", "municipality": "2029"},
            {"id": "V15TEST0002", "title": "Annan skola", "municipality": "2031"},
        ]
    )
    standin.unit_data[("N01951", "V15TEST0001", 2023)] = [
        {"count": 1, "gender": "T", "isdeleted": False, "status": "", "value": 12.5}
    ]
    client = kolada()
    (group,) = client.kpi_groups("test")
    assert group.members == (("N01951", "Invånare totalt, antal"),)
    assert [u.id for u in client.units(municipality="2029")] == ["V15TEST0001"]
    (point,) = client.unit_data("N01951", units=["V15TEST0001"], years=[2023])
    assert (point.municipality, point.period, point.value) == ("V15TEST0001", 2023, 12.5)
    assert any("/oudata/kpi/N01951/ou/V15TEST0001/year/2023" in u for u in standin.log)
