"""Pages and API: who sees what (members read, editors change, outsiders get 404), the
dashboard, indicator and table pages, forms with bad input, downloads, menu and panel."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kompass.indicators.models import Indicator, IndicatorValue, Metric, RatioTable, Value
from kompass.organisations.domain.peers import create_peer_group, peer_options, resolve_peers
from kompass.organisations.models import Organisation, PeerGroup
from tests.indicators.conftest import UNFIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(benchmark, leksand_indicators, leksand):
    from kompass.indicators.demo import peer_groups, peer_table

    peer_table(leksand)
    peer_groups(leksand)
    return leksand_indicators


ROLES_READ = {
    "admin": 200,
    "owner": 200,
    "editor": 200,
    "reader": 200,
    "outsider": 404,
    "evaluator": 404,
}


@pytest.mark.parametrize("role, status", ROLES_READ.items())
def test_dashboard_access(demo, cast, client_for, role, status):
    response = client_for(cast[role]).get("/nyckeltal/organisation/2029/")
    assert response.status_code == status


def test_anonymous_is_sent_to_login(demo, client_for):
    response = client_for(None).get("/nyckeltal/organisation/2029/")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_dashboard_groups_by_perspective_with_status_signal_and_peers(demo, cast, client_for):
    page = client_for(cast["reader"]).get("/nyckeltal/organisation/2029/").content.decode()
    for heading in (
        "Medborgare/kund (effekter)",
        "Effektivitet (kostnad och flöde)",
        "Medarbetare",
        "Lärande och förnyelse",
        "Ekonomi",
    ):
        assert f">{heading}</h2>" in page
    assert "Signal: sannolikt förbättring" in page
    assert "Sannolikt en verklig förbättring: 10 punkter i rad över medianen" in page
    assert "För kort serie för signal" in page
    assert "3,9 procentenheter under målvärdet 90" in page
    assert "Leksand jämfört med Kommungruppen Landsbygdskommun med besöksnäring" in page
    assert "Medarbetare per chef i hemtjänsten" in page
    assert "Exempeldata" in page
    assert "Ny indikator" not in page  # readers do not get the button


def test_dashboard_draws_each_indicators_chart_with_its_table(demo, cast, client_for):
    """The dashboard shows charts: every indicator with values to draw gets its run or
    control chart under the perspective's table, with the sentence and the figures as a
    table behind it; the PDF/Word report has the same charts."""
    from kompass.indicators.domain.dashboard import build_dashboard
    from kompass.indicators.report import build_dashboard_report, dashboard_charts
    from kompass.reports.document import Chart

    page = client_for(cast["reader"]).get("/nyckeltal/organisation/2029/").content.decode()
    leksand = Organisation.objects.get(code="2029")
    board = build_dashboard(organisation=leksand, user=cast["reader"])
    drawn = [c for g in board.groups for c in g.cards if c.result is not None]
    assert len(drawn) >= 3
    assert page.count('<figure class="chart"') == len(drawn)
    assert page.count('<img class="chart-picture" src="/diagram/') == len(drawn)
    assert page.count("Visa diagrammets siffror som tabell") == len(drawn)
    assert ">Diagram: Medborgare/kund (effekter)</h3>" in page
    assert "Nöjda brukare i hemtjänsten: värden" in page  # the table behind the chart
    # ids of the charts' captions are unique on the page
    ids = [part.split('"')[0] for part in page.split('id="cap-')[1:]]
    assert len(ids) == len(set(ids)) == len(drawn)
    report = build_dashboard_report(board)
    in_report = [b for s in report.sections for b in s.blocks if isinstance(b, Chart)]
    assert len(in_report) == len(drawn) == sum(len(dashboard_charts(g)) for g in board.groups)


def test_dashboard_peer_choice(demo, cast, client_for):
    group = PeerGroup.objects.get(name="Grannar runt Siljan")
    page = (
        client_for(cast["reader"])
        .get(f"/nyckeltal/organisation/2029/?jamfor=group-{group.pk}")
        .content.decode()
    )
    assert "Leksand jämfört med Grannar runt Siljan" in page


def test_indicator_pages_and_downloads(demo, cast, client_for):
    indicator = demo["Nöjda brukare i hemtjänsten"]
    client = client_for(cast["reader"])
    page = client.get(f"/nyckeltal/indikator/{indicator.pk}/").content.decode()
    assert '<img class="chart-picture" src="/diagram/' in page and "Körschema" in page
    assert "Sannolikt en verklig förbättring" in page
    assert client.get(f"/nyckeltal/indikator/{indicator.pk}/?diagram=i").status_code == 200
    response = client.get(f"/rapporter/indikator/{indicator.pk}/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Nöjda brukare i hemtjänsten"]
    assert [c.value for c in sheet[4]][:2] == ["Period", "Värde (%)"]
    assert (
        client.get(f"/rapporter/indikator/{indicator.pk}/?format=html")["Content-Type"]
        == "text/html; charset=utf-8"
    )
    assert client.get(f"/rapporter/indikator/{indicator.pk}/?format=exe").status_code == 404
    assert (
        client_for(cast["outsider"]).get(f"/nyckeltal/indikator/{indicator.pk}/").status_code == 404
    )


@pytest.mark.pdf
def test_indicator_pdf_download(demo, cast, client_for):
    indicator = demo["Nöjda brukare i hemtjänsten"]
    response = client_for(cast["reader"]).get(f"/rapporter/indikator/{indicator.pk}/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"


def test_readers_may_not_change_indicators(demo, cast, client_for):
    indicator = demo["Handläggningstid för bistånd"]
    client = client_for(cast["reader"])
    assert client.get("/nyckeltal/organisation/2029/ny-indikator/").status_code == 403
    assert client.get(f"/nyckeltal/indikator/{indicator.pk}/andra/").status_code == 403
    response = client.post(f"/nyckeltal/indikator/{indicator.pk}/varden/", {"text": "2024-01;5"})
    assert response.status_code == 403
    value = indicator.values.first()
    assert (
        client.post(f"/nyckeltal/indikator/{indicator.pk}/varden/{value.pk}/ta-bort/").status_code
        == 403
    )
    outsider = client_for(cast["outsider"])
    assert outsider.post(f"/nyckeltal/indikator/{indicator.pk}/ta-bort/").status_code == 404
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_editor_creates_an_indicator_and_pastes_values(cast, client_for, leksand):
    client = client_for(cast["editor"])
    form = {
        "name": "Kontinuitet i hemtjänsten",
        "perspective": "citizen",
        "unit": "personal",
        "direction": "lower",
        "period_type": "month",
        "chart_type": "run",
        "baseline_period": "2023-1",
        "target": "12,5",
        "decimals": "0",
    }
    bad = client.post("/nyckeltal/organisation/2029/ny-indikator/", {**form, "target": "tolv"})
    assert "”tolv” är inte ett tal" in bad.content.decode()
    response = client.post("/nyckeltal/organisation/2029/ny-indikator/", form)
    indicator = Indicator.objects.get(name="Kontinuitet i hemtjänsten")
    assert (
        response.status_code == 302
        and indicator.target == 12.5
        and indicator.baseline_period == "2023-01"
    )
    values_url = f"/nyckeltal/indikator/{indicator.pk}/varden/"
    bad = client.post(values_url, {"text": "period;värde\n2023-01;15\n2023-02;sjutton\n"})
    assert "rad 3, kolumn value: ”sjutton” är inte ett tal" in bad.content.decode()
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    pasted = "\n".join(
        f"2023-{m:02d}\t{v}"
        for m, v in enumerate([15, 16, 14, 15, 13, 14, 12, 13, 12, 11, 12, 11], 1)
    )
    client.post(values_url, {"text": pasted})
    assert indicator.values.count() == 12
    upload = SimpleUploadedFile("mer.csv", "period;value\n2024-01;10\n".encode("cp1252"))
    client.post(values_url, {"file": upload})
    assert indicator.values.count() == 13
    client.post(
        f"/nyckeltal/indikator/{indicator.pk}/faser/",
        {"start_period": "2023-07", "name": "Fasta team"},
    )
    page = client.get(f"/nyckeltal/indikator/{indicator.pk}/").content.decode()
    assert "Efter ”Fasta team” (från 2023-07)" in page
    assert client.post(f"/nyckeltal/indikator/{indicator.pk}/ta-bort/").status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_public_table_is_read_by_all_and_changed_by_administrators(demo, cast, client_for):
    table = RatioTable.objects.get(slug="lund-aldreomsorg-2020")
    outsider = client_for(cast["outsider"])
    page = outsider.get(f"/nyckeltal/tabeller/{table.slug}/").content.decode()
    assert "Medarbetare per chef, totalt" in page and "indikation snarare än fakta" in page
    assert outsider.get(f"/nyckeltal/tabeller/{table.slug}/importera/").status_code == 403
    admin = client_for(cast["admin"])
    upload = SimpleUploadedFile("fel.csv", b"organisation;metric;year;value\nLund;chefer;2021;x\n")
    response = admin.post(f"/nyckeltal/tabeller/{table.slug}/importera/", {"file": upload})
    assert "Filen importerades inte. Inget sparades." in response.content.decode()
    upload = SimpleUploadedFile("ok.csv", b"organisation;metric;year;value\nLund;chefer;2021;70\n")
    assert (
        admin.post(f"/nyckeltal/tabeller/{table.slug}/importera/", {"file": upload}).status_code
        == 302
    )
    assert Value.objects.filter(year=2021).count() == 1


def test_table_page_with_focus_and_peers_and_xlsx(demo, cast, client_for):
    client = client_for(cast["reader"])
    page = client.get(
        "/nyckeltal/tabeller/lund-aldreomsorg-2020/?organisation=1281&jamfor=skr"
    ).content.decode()
    assert "Visar Lund och Kommungruppen Större stad (SKR 2023) som finns i tabellen." in page
    assert (
        "Uddevalla" not in page.split("Visar Lund")[1].split("Jämförbarhet")[0]
    )  # B5, not a B3 peer
    response = client.get("/rapporter/nyckeltal/lund-aldreomsorg-2020/?ar=2020&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Jämförelse" in load_workbook(io.BytesIO(response.content)).sheetnames


def test_owned_table_is_hidden_from_outsiders(cast, client_for, leksand):
    RatioTable.objects.create(slug="leksand-intern", name="Intern", owner=leksand)
    assert client_for(cast["reader"]).get("/nyckeltal/tabeller/leksand-intern/").status_code == 200
    assert (
        client_for(cast["outsider"]).get("/nyckeltal/tabeller/leksand-intern/").status_code == 404
    )


def test_define_a_table_in_the_browser(cast, client_for):
    text = "table: leksand-personal\nname: Personal\nowner: '2029'\nmetrics:\n  - {key: chefer, name: Chefer}\n"
    response = client_for(cast["editor"]).post(
        "/nyckeltal/tabeller/ny/yaml/", {"file": SimpleUploadedFile("def.yaml", text.encode())}
    )
    assert response.status_code == 302
    assert RatioTable.objects.get(slug="leksand-personal").owner.code == "2029"
    bad = client_for(cast["editor"]).post(
        "/nyckeltal/tabeller/ny/yaml/",
        {"file": SimpleUploadedFile("def.yaml", b"table: x\nname: X\nmetrics: []\n")},
    )
    assert "ange minst ett nyckeltal under metrics" in bad.content.decode()
    assert client_for(cast["reader"]).get("/nyckeltal/tabeller/ny/").status_code == 403


def test_peer_groups_page(cast, client_for, leksand):
    client = client_for(cast["editor"])
    response = client.post(
        "/nyckeltal/jamforelsegrupper/",
        {
            "name": "Siljan",
            "kind": "hand_picked",
            "members": "Rättvik\nMora",
            "owner": str(leksand.pk),
        },
    )
    assert response.status_code == 302
    group = PeerGroup.objects.get(name="Siljan")
    assert group.owner == leksand and group.members.count() == 2
    bad = client.post(
        "/nyckeltal/jamforelsegrupper/",
        {"name": "X", "kind": "county", "criterion": "77", "owner": str(leksand.pk)},
    )
    assert "okänd länskod ”77”" in bad.content.decode()
    shared = client.post(
        "/nyckeltal/jamforelsegrupper/",
        {"name": "Alla", "kind": "county", "criterion": "20", "owner": ""},
    )
    assert shared.status_code == 403  # only administrators make shared groups
    assert (
        client_for(cast["outsider"])
        .post(f"/nyckeltal/jamforelsegrupper/{group.pk}/ta-bort/")
        .status_code
        == 404
    )
    assert (
        client_for(cast["reader"])
        .post(f"/nyckeltal/jamforelsegrupper/{group.pk}/ta-bort/")
        .status_code
        == 403
    )
    editor = client_for(cast["editor"])  # the test client is shared: log in again
    assert editor.post(f"/nyckeltal/jamforelsegrupper/{group.pk}/ta-bort/").status_code == 302


def test_menu_home_panel_and_organisation_page(demo, cast, client_for):
    client = client_for(cast["reader"])
    home = client.get("/").content.decode()
    assert ">Nyckeltal och indikatorer</a>" in home
    assert "Instrumentpanel för Leksand" in home
    overview = client.get("/organisationer/2029/").content.decode()
    assert "Öppna instrumentpanelen" in overview
    index = client.get("/nyckeltal/").content.decode()
    assert "Stödfunktioner i vård och omsorg, fem kommuner 2020" in index


# --------------------------------------------------------------------------- API


def test_api_lists_only_visible_indicators(demo, cast, client_for):
    rows = client_for(cast["reader"]).get("/api/indicators/").json()
    assert len(rows) == 6 and {r["organisation"]["code"] for r in rows} == {"2029"}
    assert client_for(cast["outsider"]).get("/api/indicators/").json() == []


def test_api_indicator_series_and_spc(demo, cast, client_for):
    indicator = demo["Nöjda brukare i hemtjänsten"]
    client = client_for(cast["reader"])
    data = client.get(f"/api/indicators/{indicator.pk}").json()
    assert len(data["series"]) == 24 and data["status"]["signal"] == "signal"
    assert data["status"]["gap_text"] == "3,9 procentenheter under målvärdet 90\u00a0%"
    result = client.get(f"/api/indicators/{indicator.pk}/spc").json()
    assert result["chart"] == "run" and result["signal"] is True
    assert result["longest_run"] == 10 and result["longest_run_limit"] == 8
    control = client.get(f"/api/indicators/{indicator.pk}/spc?chart=i").json()
    assert "upper" in control
    assert client.get(f"/api/indicators/{indicator.pk}/spc?chart=p").status_code == 404
    assert (
        client_for(cast["outsider"]).get(f"/api/indicators/{indicator.pk}/spc").status_code == 404
    )


def test_api_dashboard_and_table(demo, cast, client_for):
    client = client_for(cast["reader"])
    board = client.get("/api/indicators/dashboards/2029?peers=county").json()
    assert [p["key"] for p in board["perspectives"]] == [
        "citizen",
        "efficiency",
        "staff",
        "learning",
        "economy",
    ]
    assert board["peers"]["key"] == "county" and board["key_ratios"]
    assert client_for(cast["outsider"]).get("/api/indicators/dashboards/2029").status_code == 404
    table = client.get("/api/indicators/ratio-tables/lund-aldreomsorg-2020").json()
    lund = next(r for r in table["rows"] if r["organisation"]["code"] == "1281")
    assert lund["values"]["medarbetare_per_chef"]["gap_text"] == (
        "4 medarbetare per chef över målvärdet 30"
    )
    assert json.dumps(table, ensure_ascii=False).count("Endast äldreomsorg") == 1


# --------------------------------------------------------------------------- review fixes


@pytest.fixture
def shared_table(leksand, rattvik):
    """A shared table with Leksand, Rättvik and Mora, and a peer group of Leksand's own."""
    table = RatioTable.objects.create(slug="delad", name="Delad tabell")
    metric = Metric.objects.create(table=table, key="chefer", name="Chefer", order=1)
    mora = Organisation.objects.get(code="2062")
    for organisation, value in ((leksand, 10), (rattvik, 8), (mora, 12)):
        Value.objects.create(metric=metric, organisation=organisation, year=2024, value=value)
    group = create_peer_group(
        name="Leksands egna grannar", kind="hand_picked", members=["Rättvik"], owner=leksand
    )
    return table, group


def test_an_organisations_own_peer_groups_stay_with_its_members(
    shared_table, cast, client_for, leksand
):
    _table, group = shared_table
    key = f"group-{group.pk}"
    url = f"/nyckeltal/tabeller/delad/?organisation=2029&jamfor={key}"
    member = client_for(cast["reader"]).get(url).content.decode()
    assert "Visar Leksand och Leksands egna grannar som finns i tabellen." in member
    outsider = client_for(cast["outsider"]).get(url).content.decode()
    assert "Leksands egna grannar" not in outsider and f'value="{key}"' not in outsider
    assert key not in [p.key for p in peer_options(leksand, user=cast["outsider"])]
    assert resolve_peers(leksand, key, user=cast["outsider"]) is None
    assert resolve_peers(leksand, key, user=cast["reader"]).label == "Leksands egna grannar"


def test_table_downloads_show_what_the_page_shows(shared_table, cast, client_for):
    _table, group = shared_table
    client = client_for(cast["reader"])
    query = f"organisation=2029&jamfor=group-{group.pk}"
    page = client.get(f"/nyckeltal/tabeller/delad/?{query}").content.decode()
    link = f"/rapporter/nyckeltal/delad/?ar=2024&amp;nyckeltal=&amp;{query}&amp;format=xlsx"
    assert link.replace("&jamfor", "&amp;jamfor") in page
    response = client.get(f"/rapporter/nyckeltal/delad/?{query}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Jämförelse"]
    names = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert {"Leksand", "Rättvik"} <= names and "Mora" not in names
    everything = client.get("/rapporter/nyckeltal/delad/?format=xlsx")
    sheet = load_workbook(io.BytesIO(everything.content))["Jämförelse"]
    assert "Mora" in {cell for row in sheet.iter_rows(values_only=True) for cell in row}


def test_pages_and_api_say_why_a_chart_cannot_be_drawn(unfit_share, cast, client_for):
    client = client_for(cast["reader"])
    page = client.get(f"/nyckeltal/indikator/{unfit_share.pk}/")
    assert page.status_code == 200
    assert "antalet (80) är större än nämnaren (50)" in page.content.decode()
    board = client.get("/nyckeltal/organisation/2029/")
    assert board.status_code == 200 and "Värdena passar inte diagrammet" in board.content.decode()
    data = client.get(f"/api/indicators/{unfit_share.pk}").json()
    assert (data["status"]["signal"], data["status"]["text"]) == ("invalid", UNFIT)
    response = client.get(f"/api/indicators/{unfit_share.pk}/spc")
    assert response.status_code == 409 and response.json() == {"detail": UNFIT, "problems": []}


def test_peer_groups_page_does_not_query_per_group(
    cast, client_for, leksand, django_assert_max_num_queries
):
    kinds = [("county", "20"), ("skr_group", "C9"), ("population_band", "-10000")]
    for index, (kind, criterion) in enumerate(kinds * 2):
        create_peer_group(name=f"Grupp {index}", kind=kind, criterion=criterion, owner=leksand)
    for index in range(3):
        create_peer_group(
            name=f"Lista {index}", kind="hand_picked", members=["Rättvik", "Mora"], owner=leksand
        )
    client = client_for(cast["reader"])
    with django_assert_max_num_queries(10):
        page = client.get("/nyckeltal/jamforelsegrupper/").content.decode()
    assert "Grupp 5" in page and "Lista 2" in page
