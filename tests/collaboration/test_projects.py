"""Projects, partners and financing shares, team, steering group and plan."""

from decimal import Decimal

import pytest

from kompass.collaboration.domain import projects as proj
from kompass.collaboration.models import Partner, PlanStep, Project
from kompass.core.errors import InputError
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _shares(project):
    return {
        p.organisation.name: p.financing_share
        for p in project.partners.select_related("organisation")
    }


def test_create_project_makes_the_organisation_a_partner(cast, leksand):
    project = proj.create_project(user=cast["owner"], name="Nytt", organisation=leksand)
    partner = project.partners.get()
    assert (partner.organisation, partner.role, partner.actor) == (
        leksand,
        "Projektägare",
        "kommun",
    )


def test_create_project_for_someone_elses_organisation_is_refused(cast, rattvik):
    with pytest.raises(InputError) as info:
        proj.create_project(user=cast["editor"], name="Nytt", organisation=rattvik)
    assert "redigerare eller ägare" in info.value.messages[0]
    assert not Project.objects.exists()


def test_partner_shares_must_add_up_to_100_and_nothing_is_stored(project, cast):
    before = _shares(project)
    rows = [
        proj.PartnerRow("Försäkringskassan", "", "forsakringskassan", "50"),
        proj.PartnerRow("Region Dalarna", "", "region", "25"),
        proj.PartnerRow("Leksand", "", "kommun", "15"),
    ]
    with pytest.raises(InputError) as info:
        proj.set_partners(project=project, user=cast["editor"], rows=rows)
    assert info.value.messages == [
        "fält ”financing_share”: finansieringsandelarna summerar till 90 %, ska vara 100 %"
    ]
    assert _shares(project) == before


def test_partner_rows_name_their_row_and_column(project, cast):
    rows = [
        proj.PartnerRow("Leksand", "", "kommun", "100"),
        proj.PartnerRow("Okända kommunen", "", "", ""),
        proj.PartnerRow("Region Dalarna", "", "", "femtio"),
        proj.PartnerRow("leksand", "", "kommun", ""),
    ]
    with pytest.raises(InputError) as info:
        proj.set_partners(project=project, user=cast["editor"], rows=rows)
    messages = info.value.messages
    assert any(
        m.startswith("rad 2, kolumn organisation: okänd organisation ”Okända kommunen”")
        for m in messages
    )
    assert "rad 3, kolumn andel: andelen ”femtio” är inte ett tal" in messages
    assert "rad 4, kolumn organisation: ”leksand” finns redan på rad 1" in messages
    assert project.partners.count() == 4


def test_new_organisation_is_created_with_its_kind(project, cast):
    rows = [
        proj.PartnerRow("Leksand", "Finansiär", "kommun", "25"),
        proj.PartnerRow("Försäkringskassan", "Finansiär", "forsakringskassan", "50"),
        proj.PartnerRow("Region Dalarna", "Finansiär", "region", "25"),
        proj.PartnerRow(
            "Arbetsförmedlingen", "Part", "arbetsformedlingen", "", Organisation.Kind.AGENCY
        ),
    ]
    proj.set_partners(project=project, user=cast["editor"], rows=rows)
    af = Organisation.objects.get(name="Arbetsförmedlingen")
    assert af.kind == Organisation.Kind.AGENCY
    assert project.partners.filter(organisation=af, actor="arbetsformedlingen").exists()


def test_a_share_needs_an_actor(project, cast):
    rows = [proj.PartnerRow("Leksand", "", "", "100")]
    with pytest.raises(InputError) as info:
        proj.set_partners(project=project, user=cast["editor"], rows=rows)
    assert info.value.messages == [
        "rad 1, kolumn aktör: ange vilken aktör i kalkylen parten motsvarar när den finansierar"
    ]


def test_editor_cannot_remove_their_own_organisation(project, cast):
    rows = [proj.PartnerRow("Försäkringskassan", "", "forsakringskassan", "100")]
    with pytest.raises(InputError) as info:
        proj.set_partners(project=project, user=cast["editor"], rows=rows)
    assert "annars kan du inte längre ändra projektet" in info.value.messages[0]


def test_statutory_split_shares_each_part_equally(project, cast, rattvik):
    proj.set_partners(
        project=project,
        user=cast["editor"],
        rows=[
            proj.PartnerRow("Samordningsförbundet Exempel", "Projektägare"),
            proj.PartnerRow("Försäkringskassan", "", "forsakringskassan"),
            proj.PartnerRow("Region Dalarna", "", "region"),
            proj.PartnerRow("Leksand", "", "kommun"),
            proj.PartnerRow("Rättvik", "", "kommun"),
            proj.PartnerRow("Mora", "", "kommun"),
        ],
    )
    proj.set_partners(project=project, user=cast["editor"], rows=proj.statutory_rows(project))
    shares = _shares(project)
    assert shares["Försäkringskassan"] == Decimal(50)
    assert shares["Region Dalarna"] == Decimal(25)
    assert [shares["Leksand"], shares["Rättvik"], shares["Mora"]] == [
        Decimal("8.33"),
        Decimal("8.33"),
        Decimal("8.34"),
    ]
    assert shares["Samordningsförbundet Exempel"] is None
    assert proj.financing_by_actor(project) == {
        "forsakringskassan": Decimal(50),
        "region": Decimal(25),
        "kommun": Decimal(25),
    }


def test_statutory_split_needs_all_three_parts(cast, leksand):
    project = proj.create_project(user=cast["editor"], name="Litet", organisation=leksand)
    with pytest.raises(InputError) as info:
        proj.statutory_rows(project)
    assert "Försäkringskassan, Regionen" in info.value.messages[0]
    assert info.value.messages[0].startswith("Den lagstadgade fördelningen")


def test_team_steering_group_and_plan_are_stored_in_order(project, cast):
    proj.set_organisation(
        project=project,
        user=cast["editor"],
        team="Anna; projektledare; Leksand\nBo",
        steering="Cecilia; ordförande",
        plan="Dokumentera modellen; Anna; 2026-06-30; klar\nBeslut i styrgruppen; Cecilia",
    )
    assert proj.people_text(project, "team") == "Anna; projektledare; Leksand\nBo"
    steps = list(project.plan_steps.all())
    assert [(s.action, s.state) for s in steps] == [
        ("Dokumentera modellen", PlanStep.State.DONE),
        ("Beslut i styrgruppen", PlanStep.State.PLANNED),
    ]
    assert proj.plan_text(project).splitlines()[0] == "Dokumentera modellen; Anna; 2026-06-30; klar"


def test_bad_plan_names_the_rows_and_stores_nothing(project, cast):
    proj.set_organisation(project=project, user=cast["editor"], team="Anna", steering="", plan="")
    with pytest.raises(InputError) as info:
        proj.set_organisation(
            project=project,
            user=cast["editor"],
            team="Bo",
            steering="",
            plan="Steg; Anna; 2026-13-01\n; Bo\nSteg 3; ; ; kanske",
        )
    assert info.value.messages == [
        "rad 1, kolumn klart senast, fält ”Implementeringsplan”: ”2026-13-01” är inte ett datum (skriv ÅÅÅÅ-MM-DD)",
        "rad 2, kolumn åtgärd, fält ”Implementeringsplan”: åtgärden saknas",
        "rad 3, kolumn läge, fält ”Implementeringsplan”: okänt läge ”kanske” (planerad, pågår eller klar)",
    ]
    assert proj.people_text(project, "team") == "Anna"


def test_reader_cannot_change_partners(project, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        proj.set_partners(project=project, user=cast["reader"], rows=[proj.PartnerRow("Leksand")])
    assert Partner.objects.filter(project=project).count() == 4


def test_partner_actors_are_the_public_actors_of_the_shipped_defaults(project, cast, client_for):
    from kompass.collaboration.domain.defaults import public_actors, shipped_defaults

    defaults = shipped_defaults()
    assert public_actors() == {a.code: a.name for a in defaults.actors if a.public}
    page = client_for(cast["editor"]).get(f"/samverkan/{project.pk}/parter/")
    assert page.context["actors"] == public_actors()
    private = next(a.code for a in defaults.actors if not a.public)
    with pytest.raises(InputError) as info:
        proj.set_partners(
            project=project,
            user=cast["editor"],
            rows=[proj.PartnerRow("Leksand", "", private, "100")],
        )
    assert info.value.messages == [f"rad 1, kolumn aktör: okänd aktör ”{private}”"]


def test_partner_shares_that_do_not_add_up_are_shown_with_a_decimal_comma(project, cast):
    rows = [
        proj.PartnerRow("Försäkringskassan", "", "forsakringskassan", "50,5"),
        proj.PartnerRow("Leksand", "", "kommun", "25"),
    ]
    with pytest.raises(InputError) as info:
        proj.set_partners(project=project, user=cast["editor"], rows=rows)
    assert info.value.messages == [
        "fält ”financing_share”: finansieringsandelarna summerar till 75,5 %, ska vara 100 %"
    ]
