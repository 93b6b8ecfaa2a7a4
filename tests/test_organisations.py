import pytest

from kompass.accounts.models import Membership
from kompass.organisations.domain.register import OrganisationResolver, load_register, read_register
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_register_has_290_municipalities_with_codes_counties_and_population():
    rows = read_register()
    assert len(rows) == 290
    assert len({r["code"] for r in rows}) == 290
    assert all(len(r["code"]) == 4 and r["code"][:2] == r["county_code"] for r in rows)
    assert {r["population_year"] for r in rows} == {"2023"}
    leksand = next(r for r in rows if r["code"] == "2029")
    assert (leksand["name"], leksand["county"]) == ("Leksand", "Dalarnas län")


def test_loading_the_register_twice_creates_nothing_new():
    assert load_register() == (290, 0)
    assert load_register() == (0, 0)
    assert Organisation.objects.count() == 290


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
