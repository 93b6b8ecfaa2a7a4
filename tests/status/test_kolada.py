"""A status analysis over a Kolada KPI group, and Kolada's "Liknande kommuner" as peers,
through the v3 client against the stand-in over real sockets (no network, no mocks)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompass.indicators.kolada.importer import kolada_table
from kompass.indicators.models import Metric
from kompass.organisations.models import Organisation
from kompass.status.domain.sources import kolada_years

LEKSAND = "2029"


@pytest.fixture
def kolada_group(standin, settings, tmp_path, base_data):
    """KPI group GTEST (sick leave, lower is better, set in the shared Kolada table; and a
    cost Kolada gives no direction for) with values for the 15 municipalities of Dalarna
    and Riket; a "Liknande kommuner" group for Leksand with five others, and one for
    Rättvik with three."""
    settings.KOMPASS_KOLADA_URL = standin.url
    settings.KOMPASS_KOLADA_CACHE_DIR = tmp_path / "cache"
    for kpi, title, unit in (("U00001", "Sjukfrånvaro", "%"), ("U00002", "Kostnad", "kr")):
        standin.kpis[kpi] = {**standin.kpis["N01951"], "id": kpi, "title": title}
        standin.kpis[kpi]["title"] = f"{title}, {unit}"
    standin.kpi_groups.append(
        {
            "id": "GTEST",
            "title": "Testgruppen",
            "members": [
                {"member_id": "U00001", "member_title": "Sjukfrånvaro"},
                {"member_id": "U00002", "member_title": "Kostnad"},
            ],
        }
    )
    dalarna = list(
        Organisation.objects.filter(county_code="20", kind=Organisation.Kind.MUNICIPALITY)
        .exclude(code=LEKSAND)
        .order_by("code")
        .values_list("code", flat=True)
    )
    last, before = kolada_years()[-1], kolada_years()[-2]
    for index, code in enumerate(dalarna):
        for year in (before, last):
            standin.set_value("U00001", code, year, value=5 + index * 0.5)
            standin.set_value("U00002", code, year, value=1000 + index * 10)
    standin.set_value("U00001", LEKSAND, before, value=11)
    standin.set_value("U00001", LEKSAND, last, value=12)  # worse than every peer
    standin.set_value("U00002", LEKSAND, last, value=1050)
    standin.set_value("U00001", "0000", last, value=99)  # Riket: not a municipality
    standin.set_value("U00001", dalarna[0], last, value=None, isdeleted=True)
    standin.groups.append(
        {
            "id": "GLIK2029",
            "title": "Liknande kommuner äldreomsorg, Leksand",
            "members": [{"member_id": c, "member_title": c} for c in [LEKSAND, *dalarna[1:6]]],
        }
    )
    standin.groups.append(
        {
            "id": "GLIK2031",
            "title": "Liknande kommuner äldreomsorg, Rättvik",
            "members": [{"member_id": c, "member_title": c} for c in dalarna[6:9]],
        }
    )
    table = kolada_table()
    Metric.objects.create(
        table=table, key="u00001", name="Sjukfrånvaro", kolada_kpi="U00001", direction="lower"
    )
    return {"peers": dalarna, "year": last}


def _json(*args) -> dict:
    out = io.StringIO()
    call_command(
        "analysis", "status", "--organisation", LEKSAND, *args, "--format", "json", stdout=out
    )
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_kpi_group_through_the_client(kolada_group, standin):
    data = _json("--kpi-group", "GTEST")
    assert data["organisation"] == LEKSAND and data["year"] == kolada_group["year"]
    sick, cost = data["rows"]
    assert sick["metric"] == "U00001" and sick["direction"] == "lower"
    # 14 peers, one deleted value: 13; Riket's 99 is no peer and Leksand is worst
    assert sick["peers"]["n"] == 13
    assert sick["percentile"] == 0.0
    assert sick["value"] == 12.0
    # Kolada gives no direction: listed last, unranked
    assert cost["metric"] == "U00002" and cost["direction"] == "neutral"
    assert cost["percentile"] is None and cost["peers"]["n"] == 14
    assert any("/kpi_groups" in line for line in standin.log)
    assert any(line.startswith("/v3/data/kpi/U00001,U00002/year/") for line in standin.log)


@pytest.mark.django_db
def test_unknown_kpi_group_is_said_plainly(kolada_group):
    with pytest.raises(CommandError, match="Kolada har ingen nyckeltalsgrupp med id NOPE"):
        _json("--kpi-group", "NOPE")


@pytest.mark.django_db
def test_similar_municipalities_as_peers(kolada_group):
    data = _json("--kpi-group", "GTEST", "--peers", "kolada")
    assert data["rows"][0]["peers"]["n"] == 5  # Leksand itself is never its own peer
    by_id = _json("--kpi-group", "GTEST", "--peers", "kolada-GLIK2031")
    assert by_id["rows"][0]["peers"]["n"] == 3


@pytest.mark.django_db
def test_small_and_unknown_kolada_peer_groups_are_said_plainly(kolada_group):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "analysis",
        "status",
        "--organisation",
        LEKSAND,
        "--kpi-group",
        "GTEST",
        "--peers",
        "kolada-GLIK2031",
        stdout=out,
        stderr=err,
    )
    assert "färre än 5" in out.getvalue()
    assert "Jämförbarhet: Värdena är hämtade från Kolada (RKA, CC BY 4.0)" in out.getvalue()
    with pytest.raises(CommandError, match="Kolada har ingen kommungrupp med id GNONE"):
        _json("--kpi-group", "GTEST", "--peers", "kolada-GNONE")
    with pytest.raises(CommandError, match="Kolada har ingen grupp ”Liknande kommuner” för"):
        call_command(
            "analysis",
            "status",
            "--organisation",
            "Mora",
            "--kpi-group",
            "GTEST",
            "--peers",
            "kolada",
            stdout=io.StringIO(),
        )


@pytest.mark.django_db
def test_skr_grouping_year_is_named(kolada_group):
    out = io.StringIO()
    call_command(
        "analysis",
        "status",
        "--organisation",
        LEKSAND,
        "--kpi-group",
        "GTEST",
        "--peers",
        "skr-2017",
        stdout=out,
    )
    assert "SKR 2017" in out.getvalue()
    out = io.StringIO()
    call_command(
        "analysis",
        "status",
        "--organisation",
        LEKSAND,
        "--kpi-group",
        "GTEST",
        "--peers",
        "skr",
        stdout=out,
    )
    assert "SKR 2023" in out.getvalue()


@pytest.mark.django_db
def test_kpi_group_on_the_page_and_in_the_download(kolada_group, cast, client_for):
    client = client_for(cast["reader"])
    page = client.get(f"/nulage/organisation/{LEKSAND}/?source=kolada&kpi_group=GTEST")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kolada: Testgruppen" in text
    assert "Liknande kommuner äldreomsorg, Leksand (Kolada)" in text  # offered as peers
    assert 'name="kpi_group"' in text and 'value="GTEST"' in text
    download = client.get(f"/rapporter/nulage/{LEKSAND}/?source=kolada&kpi_group=GTEST&format=html")
    assert download.status_code == 200
    assert "Sjukfrånvaro" in download.content.decode()
    missing = client.get(f"/nulage/organisation/{LEKSAND}/?source=kolada&kpi_group=NOPE")
    assert missing.status_code == 200
    assert "Kolada har ingen nyckeltalsgrupp med id NOPE" in missing.content.decode()
    bad = client.get(f"/rapporter/nulage/{LEKSAND}/?source=kolada&kpi_group=NOPE&format=html")
    assert bad.status_code == 400
    assert "Kolada har ingen nyckeltalsgrupp med id NOPE" in bad.content.decode()


@pytest.mark.django_db
def test_a_choice_on_a_kolada_deviation_keeps_the_group(kolada_group, cast, client_for):
    from kompass.status.models import Choice

    client = client_for(cast["editor"])
    response = client.post(
        f"/nulage/organisation/{LEKSAND}/vagval/nytt/",
        {
            "source": "kolada",
            "kpi_group": "GTEST",
            "peers": "kolada",
            "metric": "U00001",
            "decision": "prioritised",
            "motivation": "Sämst bland liknande kommuner",
            "expected_effect": "Friskare medarbetare",
            "effort": "medium",
            "decided_by": "Ledningsgruppen",
            "decided_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    choice = Choice.objects.get()
    assert (choice.source_kind, choice.source_key, choice.peers_key) == (
        "kolada",
        "GTEST",
        "kolada-GLIK2029",
    )
    assert choice.peers_n == 5


@pytest.mark.django_db
def test_several_similar_groups_the_overall_one_or_a_list(kolada_group, standin, settings):
    standin.groups.append(
        {
            "id": "GLIKSKOLA",
            "title": "Liknande kommuner grundskola, Leksand, 2025",
            "members": [{"member_id": "2080", "member_title": "Falun"}],
        }
    )
    with pytest.raises(CommandError, match=r"välj en: kolada-GLIKSKOLA .*; kolada-GLIK2029"):
        _json("--kpi-group", "GTEST", "--peers", "kolada")
    standin.groups.append(
        {
            "id": "GLIKALL",
            "title": "Liknande kommuner, övergripande, Leksand, 2025",
            "members": [{"member_id": c, "member_title": c} for c in kolada_group["peers"][:7]],
        }
    )
    settings.KOMPASS_KOLADA_CACHE_DIR = settings.KOMPASS_KOLADA_CACHE_DIR / "fresh"
    assert _json("--kpi-group", "GTEST", "--peers", "kolada")["rows"][0]["peers"]["n"] == 6


@pytest.mark.django_db
def test_a_kpi_group_without_values_is_said_plainly(kolada_group, standin):
    standin.kpis["U00009"] = {**standin.kpis["N01951"], "id": "U00009", "title": "Nytt"}
    standin.kpi_groups.append(
        {"id": "GTOM", "title": "Tom grupp", "members": [{"member_id": "U00009"}]}
    )
    with pytest.raises(CommandError, match=r"Kolada har inga värden för kommunerna i GTOM"):
        _json("--kpi-group", "GTOM")
