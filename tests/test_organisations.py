import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from kompass.accounts.models import Membership
from kompass.organisations.domain.register import (
    OrganisationResolver,
    load_register,
    read_groups,
    read_population,
    read_register,
    store_population,
    sync_current,
)
from kompass.organisations.models import Organisation, PopulationCount, SkrGroup

pytestmark = pytest.mark.django_db


def test_register_has_290_municipalities_with_codes_and_counties():
    rows = read_register()
    assert len(rows) == 290
    assert len({r["code"] for r in rows}) == 290
    assert all(len(r["code"]) == 4 and r["code"][:2] == r["county_code"] for r in rows)
    leksand = next(r for r in rows if r["code"] == "2029")
    assert (leksand["name"], leksand["county"]) == ("Leksand", "Dalarnas län")


def test_population_per_year_adds_up_to_scb_national_totals():
    rows = read_population()
    totals = {}
    for r in rows:
        totals[r["year"]] = totals.get(r["year"], 0) + int(r["population"])
    assert totals == {
        "2019": 10_327_589,
        "2020": 10_379_295,
        "2021": 10_452_326,
        "2022": 10_521_556,
        "2023": 10_551_707,
    }
    assert len({(r["code"], r["year"]) for r in rows}) == 290 * 5
    assert all(r["source"].startswith("SCB BE0101") for r in rows)


def test_skr_groupings_2017_and_2023_with_33_moves_and_a_source_on_every_row():
    rows = read_groups()
    by = {(r["code"], r["grouping"]): r for r in rows}
    assert len(by) == 580 and {r["grouping"] for r in rows} == {"2017", "2023"}
    assert all(r["source"].startswith(f"SKR Kommungruppsindelning {r['grouping']}") for r in rows)
    moved = sorted(
        code
        for code, year in by
        if year == "2017" and by[(code, "2017")]["group_code"] != by[(code, "2023")]["group_code"]
    )
    assert len(moved) == 33
    expected = {
        "0880": ("C6", "B3"),  # Kalmar
        "1290": ("C6", "B3"),  # Kristianstad
        "2062": ("C8", "C9"),  # Mora
        "2523": ("C8", "C9"),  # Gällivare
        "2510": ("C8", "C9"),  # Jokkmokk
        "0381": ("B5", "B4"),  # Enköping
        "1981": ("B5", "B4"),  # Sala
    }
    for code, (old, new) in expected.items():
        assert (by[(code, "2017")]["group_code"], by[(code, "2023")]["group_code"]) == (old, new)
    sizes = Counter(r["group_code"] for r in rows if r["grouping"] == "2023")
    assert sizes == {
        "A1": 3,
        "A2": 43,
        "B3": 23,
        "B4": 63,
        "B5": 24,
        "C6": 27,
        "C7": 51,
        "C8": 35,
        "C9": 21,
    }
    names = {(r["group_code"], r["group_name"]) for r in rows}
    assert len(names) == 9  # the same nine names in both groupings


def test_loading_the_register_twice_creates_nothing_new(empty_database):
    assert load_register() == (290, 290)  # created, then newest population and group set
    assert load_register() == (0, 0)
    assert Organisation.objects.count() == 290
    assert SkrGroup.objects.count() == 580 and PopulationCount.objects.count() == 1450
    kalmar = Organisation.objects.get(code="0880")
    assert (kalmar.skr_group_code, kalmar.skr_group) == ("B3", "Större stad")
    assert (kalmar.population_year, kalmar.population) == (2023, 72_304)


def test_reloading_keeps_figures_fetched_later(base_data):
    leksand = Organisation.objects.get(code="2029")
    store_population([(leksand, 2024, 16_137, "Kolada N01951")])
    sync_current([leksand])
    load_register()
    leksand.refresh_from_db()
    assert (leksand.population_year, leksand.population) == (2024, 16_137)
    assert PopulationCount.objects.get(organisation=leksand, year=2024).source == "Kolada N01951"


def test_register_show_prints_both_groupings_and_population(base_data):
    out = io.StringIO()
    call_command("register", "show", "0880", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["code"], data["name"]) == ("0880", "Kalmar")
    assert {k: (v["code"], v["name"]) for k, v in data["skr_groups"].items()} == {
        "2017": ("C6", "Mindre stad/tätort"),
        "2023": ("B3", "Större stad"),
    }
    assert list(data["population"]) == ["2019", "2020", "2021", "2022", "2023"]
    assert data["population"]["2023"] == 72_304
    assert data["population_sources"]["2023"].startswith("SCB BE0101")
    text = io.StringIO()
    call_command("register", "show", "Kalmar", stdout=text)
    assert "Kommungrupp SKR 2023: B3 Större stad" in text.getvalue()
    assert "Invånare 2023: 72" in text.getvalue()


def test_register_show_refuses_unknown_municipality(base_data):
    with pytest.raises(CommandError, match="okänd organisation ”9999”"):
        call_command("register", "show", "9999")


@pytest.mark.parametrize(
    "value", ["2029", 2029, "Leksand", "leksand", "Leksands kommun", " LEKSAND "]
)
def test_resolver_finds_by_code_or_name(base_data, value):
    assert OrganisationResolver()(value).code == "2029"


def test_resolver_handles_swedish_letters_case_insensitively(base_data):
    assert OrganisationResolver()("örebro").code == "1880"
    assert OrganisationResolver()("114").code == "0114"


def test_resolver_refuses_unknown_names_in_swedish(base_data):
    with pytest.raises(LookupError, match="okänd organisation ”Atlantis”"):
        OrganisationResolver()("Atlantis")


def test_display_name_uses_the_genitive(base_data):
    assert Organisation.objects.get(code="2029").display_name == "Leksands kommun"
    assert Organisation.objects.get(code="1880").display_name == "Örebro kommun"


def test_organisation_pages(cast, client_for, leksand):
    client = client_for(cast["reader"])
    assert "Leksands kommun" in client.get("/organisationer/2029/").content.decode()
    assert "Rättvik" in client.get("/organisationer/?q=rätt").content.decode()
    assert client.get("/organisationer/9999/").status_code == 404
    assert client.get("/organisationer/2029/medlemmar/").status_code == 403


def test_owner_manages_members(cast, client_for, leksand):
    client = client_for(cast["owner"])
    response = client.post(
        "/organisationer/2029/medlemmar/spara/",
        {"username": "utomstaende", "role": "reader"},
        follow=True,
    )
    assert "Utomstaende är nu läsare." in response.content.decode()
    assert Membership.objects.get(user=cast["outsider"], organisation=leksand).role == "reader"
    response = client.post(
        "/organisationer/2029/medlemmar/spara/",
        {"username": "ingen", "role": "reader"},
        follow=True,
    )
    assert "Det finns ingen användare med användarnamnet ”ingen”." in response.content.decode()
    client.post(
        "/organisationer/2029/medlemmar/spara/",
        {"username": "utomstaende", "role": "reader", "remove": "1"},
    )
    assert not Membership.objects.filter(user=cast["outsider"], organisation=leksand).exists()


def test_outsider_cannot_manage_members(cast, client_for, leksand):
    assert (
        client_for(cast["outsider"])
        .post("/organisationer/2029/medlemmar/spara/", {"username": "utomstaende", "role": "owner"})
        .status_code
        == 404
    )


def test_editors_add_units_below_the_municipality(cast, client_for, leksand):
    client = client_for(cast["editor"])
    client.post(
        "/organisationer/2029/enheter/", {"name": "Omsorgsförvaltningen", "kind": "administration"}
    )
    administration = leksand.units.get()
    client.post(
        "/organisationer/2029/enheter/",
        {"name": "Hemtjänst", "kind": "operating_area", "parent": administration.pk},
    )
    response = client.post(
        "/organisationer/2029/enheter/",
        {"name": "Hemtjänst", "kind": "operating_area", "parent": administration.pk},
        follow=True,
    )
    assert "Det finns redan en enhet som heter ”Hemtjänst”" in response.content.decode()
    assert [(u.name, u.parent_id) for u in leksand.units.order_by("pk")] == [
        ("Omsorgsförvaltningen", None),
        ("Hemtjänst", administration.pk),
    ]
    page = client.get("/organisationer/2029/").content.decode()
    assert "Hemtjänst" in page


def test_readers_cannot_add_units(cast, client_for, leksand):
    assert (
        client_for(cast["reader"])
        .post("/organisationer/2029/enheter/", {"name": "X", "kind": "unit"})
        .status_code
        == 403
    )
    assert (
        client_for(cast["outsider"])
        .post("/organisationer/2029/enheter/", {"name": "X", "kind": "unit"})
        .status_code
        == 404
    )


def test_large_unit_ids_stay_machine_readable(cast, client_for, leksand):
    from kompass.organisations.models import Unit

    unit = Unit.objects.create(
        pk=123456, organisation=leksand, name="Stor förvaltning", kind="administration"
    )
    client = client_for(cast["editor"])
    assert 'value="123456"' in client.get("/organisationer/2029/").content.decode()
    client.post("/organisationer/2029/enheter/", {"remove": str(unit.pk)})
    assert not leksand.units.exists()


def test_the_last_owner_cannot_leave_or_be_demoted(cast, client_for, leksand):
    client = client_for(cast["owner"])
    response = client.post(
        "/organisationer/2029/medlemmar/spara/",
        {"username": "agare", "role": "reader"},
        follow=True,
    )
    assert "Agare är organisationens enda ägare." in response.content.decode()
    client.post(
        "/organisationer/2029/medlemmar/spara/",
        {"username": "agare", "role": "owner", "remove": "1"},
    )
    assert Membership.objects.get(user=cast["owner"], organisation=leksand).role == "owner"


def test_evaluations_come_to_the_organisation_page_through_its_slot(cast, client_for, draft):
    """The evaluations app adds its panel to the page (organisations imports no
    evaluations): everyone signed in reads the published evaluation and its scores,
    only members and assigned evaluators see a draft, only members the indicators."""
    from kompass.evaluations.demo import LEKSAND
    from kompass.evaluations.domain.transfer import import_evaluation

    published, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="l.yaml")
    draft_link = f'href="/utvarderingar/{draft.pk}/"'
    published_link = f'href="/utvarderingar/{published.pk}/"'
    outsider = client_for(cast["outsider"]).get("/organisationer/2029/").content.decode()
    assert published_link in outsider
    assert "Poäng per område i senaste publicerade utvärdering" in outsider
    assert draft_link not in outsider
    assert 'id="slot-indicators"' not in outsider
    reader = client_for(cast["reader"]).get("/organisationer/2029/").content.decode()
    assert (published_link in reader, draft_link in reader) == (True, True)
    assert 'id="slot-indicators"' in reader
    assert reader.index('id="slot-evaluations"') < reader.index('id="slot-indicators"')
