"""Follow-up pages: the permission matrix, forms with bad input, the evaluation page slot,
the start-page panel, and the downloads."""

import datetime

import pytest
from django.urls import reverse

from kompass.followup.domain.dialogues import save_dialogue
from kompass.followup.domain.people import save_person
from kompass.followup.domain.plans import add_action, create_plan, set_status
from kompass.followup.models import Action, ActionPlan, Dialogue, Person
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ROLES = ["admin", "owner", "editor", "reader", "evaluator", "outsider", None]
READ = {"admin": 200, "owner": 200, "editor": 200, "reader": 200, "evaluator": 404, "outsider": 404}
EDIT = {**READ, "reader": 403}


@pytest.fixture
def dialogue(people):
    return save_dialogue(
        organisation=people["manager"].organisation,
        user=None,
        manager=people["manager"],
        held_on="2026-02-03",
        notes="Genomgång",
    )


@pytest.fixture
def urls(plan, action, people, dialogue, leksand_2023):
    org = plan.organisation.pk
    return {
        "read": [
            reverse("followup:organisation", kwargs={"pk": org}),
            reverse("followup:plan", kwargs={"pk": plan.pk}),
            reverse("followup:action", kwargs={"pk": action.pk}),
            reverse("followup:people", kwargs={"pk": org}),
            reverse("followup:dialogues", kwargs={"pk": org}),
            reverse("followup:dialogue", kwargs={"pk": dialogue.pk}),
            reverse("reports:download", kwargs={"kind": "handlingsplan", "key": plan.pk})
            + "?format=xlsx",
        ],
        "edit": [
            reverse("followup:plan_create", kwargs={"pk": org}),
            reverse("followup:plan_from_evaluation", kwargs={"pk": leksand_2023.pk}),
            reverse("followup:plan_edit", kwargs={"pk": plan.pk}),
            reverse("followup:plan_delete", kwargs={"pk": plan.pk}),
            reverse("followup:action_create", kwargs={"pk": plan.pk}),
            reverse("followup:action_edit", kwargs={"pk": action.pk}),
            reverse("followup:action_status", kwargs={"pk": action.pk}),
            reverse("followup:action_delete", kwargs={"pk": action.pk}),
            reverse("followup:person_edit", kwargs={"pk": people["manager"].pk}),
            reverse("followup:dialogue_create", kwargs={"pk": org}),
            reverse("followup:dialogue_edit", kwargs={"pk": dialogue.pk}),
            reverse("followup:dialogue_delete", kwargs={"pk": dialogue.pk}),
        ],
    }


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_pages(role, cast, client_for, urls):
    client = client_for(cast[role] if role else None)
    for kind, expected in (("read", READ), ("edit", EDIT)):
        for url in urls[kind]:
            response = client.get(url)
            if role is None:
                assert response.status_code == 302, url
                assert response.url.startswith("/konto/logga-in/")
            else:
                assert response.status_code == expected[role], (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_changes(role, cast, client_for, action, people, leksand):
    client = client_for(cast[role] if role else None)
    posts = [
        (reverse("followup:action_status", kwargs={"pk": action.pk}), {"status": "in_progress"}),
        (reverse("followup:action_note", kwargs={"pk": action.pk}), {"text": "Anteckning"}),
        (reverse("followup:people", kwargs={"pk": leksand.pk}), {"name": "Ny Person"}),
        (
            reverse("followup:dialogue_create", kwargs={"pk": leksand.pk}),
            {"manager": str(people["manager"].pk), "planned_on": "2026-12-01"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if role is None:
            assert response.status_code == 302 and "logga-in" in response.url
        elif role in ("admin", "owner", "editor"):
            assert response.status_code == 302, (role, url)
            assert "logga-in" not in response.url
        else:
            assert response.status_code == EDIT[role], (role, url)
    action.refresh_from_db()
    changed = role in ("admin", "owner", "editor")
    assert (action.status == Action.Status.IN_PROGRESS) is changed
    assert action.notes.filter(text="Anteckning").exists() is changed
    assert Person.objects.filter(name="Ny Person").exists() is changed
    assert Dialogue.objects.filter(planned_on=datetime.date(2026, 12, 1)).exists() is changed


def test_create_plan_from_evaluation_through_the_form(cast, client_for, leksand_2023, improvements):
    client = client_for(cast["editor"])
    url = reverse("followup:plan_from_evaluation", kwargs={"pk": leksand_2023.pk})
    page = client.get(url).content.decode()
    assert "Handlingsplan efter Kommunkompassen 2023" in page
    assert improvements[3].text in page
    response = client.post(url, {"title": "Plan", "findings": []})
    assert response.status_code == 200
    assert "Välj minst en förbättringsmöjlighet att arbeta med." in response.content.decode()
    assert not ActionPlan.objects.exists()
    response = client.post(url, {"title": "Plan", "findings": [improvements[3].pk]})
    plan = ActionPlan.objects.get()
    assert response.url == reverse("followup:plan", kwargs={"pk": plan.pk})
    assert plan.created_by == cast["editor"]
    assert plan.opportunities.get().finding == improvements[3]


def test_action_form_bad_input_shows_swedish_messages_and_stores_nothing(
    cast, client_for, plan, people, rattvik
):
    from kompass.followup.domain.people import save_person

    stranger = save_person(organisation=rattvik, user=None, name="Olle Rättvik")
    client = client_for(cast["owner"])
    url = reverse("followup:action_create", kwargs={"pk": plan.pk})
    response = client.post(
        url,
        {
            "title": "Åtgärd",
            "owner": str(stranger.pk),
            "start_date": "2024-05-01",
            "due_date": "2024-04-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Klart senast (2024-04-01) ligger före startdatum (2024-05-01)." in page
    assert f"Okänd ansvarig ”{stranger.pk}”" in page
    assert not Action.objects.exists()


def test_action_form_preselects_opportunity_and_saves(cast, client_for, plan, people):
    client = client_for(cast["editor"])
    opportunity = plan.opportunities.last()
    url = reverse("followup:action_create", kwargs={"pk": plan.pk})
    page = client.get(url, {"mojlighet": opportunity.pk}).content.decode()
    assert f'<option value="{opportunity.pk}" selected>' in page
    response = client.post(
        url,
        {
            "title": "Traineeprogram med grannkommuner",
            "owner": str(people["manager"].pk),
            "start_date": "2025-01-01",
            "due_date": "2025-12-31",
            "opportunity": str(opportunity.pk),
        },
    )
    action = Action.objects.get()
    assert response.url == reverse("followup:action", kwargs={"pk": action.pk})
    assert action.opportunity == opportunity


def test_status_form_marks_done_and_cancel_needs_note(cast, client_for, action):
    client = client_for(cast["editor"])
    url = reverse("followup:action_status", kwargs={"pk": action.pk})
    response = client.post(url, {"status": "cancelled", "note": ""})
    assert "Skriv varför åtgärden avbryts." in response.content.decode()
    client.post(url, {"status": "done", "on": "2024-12-01", "note": "Klart"})
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("done", datetime.date(2024, 12, 1))
    page = client.get(reverse("followup:action", kwargs={"pk": action.pk})).content.decode()
    assert "Klar 2024-12-01" in page


def test_action_page_shows_linked_indicator_with_latest_value(
    cast, client_for, plan, people, leksand
):
    from kompass.followup.domain.plans import add_action
    from kompass.indicators.models import Indicator, IndicatorValue

    indicator = Indicator.objects.create(
        organisation=leksand,
        name="Sjukfrånvaro",
        perspective="staff",
        unit="%",
        direction="lower",
        target=6.0,
    )
    for year, value in ((2024, 7.9), (2025, 6.4)):
        IndicatorValue.objects.create(
            indicator=indicator,
            period=str(year),
            period_start=datetime.date(year, 1, 1),
            value=value,
        )
    action = add_action(
        plan=plan,
        user=None,
        title="Rehab",
        owner=people["boss"],
        start_date="2024-01-01",
        due_date="2025-12-31",
        indicators=[indicator],
    )
    page = client_for(cast["reader"]).get(reverse("followup:action", kwargs={"pk": action.pk}))
    text = page.content.decode()
    assert "6,4\u00a0% (2025)" in text
    assert "0,4 procentenheter över målvärdet 6\u00a0%" in text
    assert reverse("indicators:indicator", kwargs={"pk": indicator.pk}) in text


def test_evaluation_page_slot_by_role(cast, client_for, leksand_2023, plan):
    url = reverse("evaluations:detail", kwargs={"pk": leksand_2023.pk})
    create = reverse("followup:plan_from_evaluation", kwargs={"pk": leksand_2023.pk})
    editor = client_for(cast["editor"]).get(url).content.decode()
    assert "Skapa handlingsplan från förbättringsmöjligheterna" in editor and create in editor
    assert plan.title in editor
    reader = client_for(cast["reader"]).get(url).content.decode()
    assert plan.title in reader and create not in reader
    outsider = client_for(cast["outsider"]).get(url).content.decode()
    assert 'id="followup-slot-heading"' not in outsider and plan.title not in outsider


def test_reevaluation_page_shows_actions_against_earlier_opportunity(
    cast, client_for, reevaluation, action
):
    set_status(action=action, status="klar", on="2024-12-01", user=None)
    page = client_for(cast["reader"]).get(
        reverse("evaluations:detail", kwargs={"pk": reevaluation.pk})
    )
    text = page.content.decode()
    assert 'href="#uppfoljning"' in text
    assert "Uppföljning av förbättringsmöjligheterna från 2023" in text
    assert "Strategi för medborgardialog" in text and "Klar 2024-12-01" in text


def test_home_panel_and_menu(cast, client_for, plan, action):
    page = client_for(cast["reader"]).get("/").content.decode()
    assert 'id="panel-followup"' in page
    assert reverse("followup:index") in page
    assert reverse("followup:organisation", kwargs={"pk": plan.organisation.pk}) in page
    evaluator = client_for(cast["evaluator"]).get("/").content.decode()
    assert 'id="panel-followup"' not in evaluator


def test_index_admin_opens_organisation_by_code(cast, client_for, leksand):
    client = client_for(cast["admin"])
    response = client.get(reverse("followup:index"), {"organisation": "2029"})
    assert response.url == reverse("followup:organisation", kwargs={"pk": leksand.pk})
    response = client.get(reverse("followup:index"), {"organisation": "Atlantis"})
    assert response.status_code == 200
    assert 'id="organisation-error"' in response.content.decode()


def test_plan_page_draws_actions_per_status_with_the_counts_behind(cast, client_for, plan, action):
    page = client_for(cast["reader"]).get(f"/uppfoljning/handlingsplan/{plan.pk}/").content
    page = page.decode()
    assert page.count('<figure class="chart"') == 1
    assert "<figcaption" in page and "Åtgärder per status</figcaption>" in page
    assert '<img class="chart-picture" src="/diagram/' in page
    assert "Planen har 1 åtgärd: " in page  # the sentence says what the chart shows
    assert "Visa diagrammets siffror som tabell" in page


def test_plan_without_actions_draws_no_chart(cast, client_for, plan):
    page = client_for(cast["reader"]).get(f"/uppfoljning/handlingsplan/{plan.pk}/").content
    assert b'<figure class="chart"' not in page


def test_empty_states_say_what_to_do(cast, client_for, leksand):
    client = client_for(cast["editor"])
    org = leksand.pk
    page = client.get(reverse("followup:organisation", kwargs={"pk": org})).content.decode()
    assert "Inga handlingsplaner ännu." in page
    assert "lägg till personer" in page
    page = client.get(reverse("followup:dialogues", kwargs={"pk": org})).content.decode()
    assert "Lägg till cheferna och ange hur många dialoger per år som planeras" in page
    page = client_for(cast["reader"]).get(reverse("followup:people", kwargs={"pk": org}))
    assert "En redigerare i organisationen kan lägga till personer." in page.content.decode()


def test_dialogues_page_marks_manager_behind(cast, client_for, people, leksand):
    save_dialogue(
        organisation=leksand, user=None, manager=people["manager"], planned_on="2026-01-10"
    )
    page = client_for(cast["reader"]).get(
        reverse("followup:dialogues", kwargs={"pk": leksand.pk}), {"ar": "2026"}
    )
    text = page.content.decode()
    assert "Maria Holm" in text
    assert "1 planerad dialog har passerat utan att hållas (2026-01-10)" in text


def test_plan_delete_removes_actions(cast, client_for, plan, action):
    client = client_for(cast["owner"])
    response = client.post(reverse("followup:plan_delete", kwargs={"pk": plan.pk}))
    assert response.url == reverse("followup:organisation", kwargs={"pk": plan.organisation.pk})
    assert not ActionPlan.objects.exists() and not Action.objects.exists()


def test_draft_evaluation_offers_no_plan_yet(cast, client_for, leksand_2023, improvements):
    leksand_2023.status = "draft"
    leksand_2023.save()
    client = client_for(cast["editor"])
    page = client.get(
        reverse("evaluations:detail", kwargs={"pk": leksand_2023.pk})
    ).content.decode()
    assert "Handlingsplaner kan skapas när utvärderingen är publicerad." in page
    url = reverse("followup:plan_from_evaluation", kwargs={"pk": leksand_2023.pk})
    assert "Den här utvärderingen är inte publicerad ännu." in client.get(url).content.decode()
    response = client.post(url, {"title": "Plan", "findings": [improvements[0].pk]})
    assert response.status_code == 200
    assert not ActionPlan.objects.exists()


def test_index_needs_the_same_queries_for_many_organisations(
    cast, client_for, django_assert_max_num_queries
):
    organisations = list(Organisation.objects.filter(county_code="20").order_by("code")[:5])
    for organisation in organisations:
        person = save_person(
            organisation=organisation, user=None, name="Chef", dialogues_per_year=6
        )
        plan = create_plan(organisation=organisation, title="Plan", user=None)
        for due in ("2024-06-30", "2099-12-31"):
            add_action(
                plan=plan,
                user=None,
                title=f"Åtgärd {due}",
                owner=person,
                start_date="2024-01-01",
                due_date=due,
            )
        done = plan.actions.get(due_date="2099-12-31")
        set_status(action=done, status="klar", on="2024-05-01", user=None)
    client = client_for(cast["admin"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("followup:index"))
    summaries = {s["organisation"].code: s for s in response.context["summaries"]}
    assert set(summaries) == {o.code for o in organisations}
    first = summaries[organisations[0].code]
    assert (first["plans"], first["open"], first["overdue"], first["done"]) == (1, 1, 1, 1)
    assert first["tracked"] == 1


def test_action_keeps_an_owner_who_is_no_longer_active(cast, client_for, action, people):
    boss = people["boss"]
    boss.active = False
    boss.save()
    client = client_for(cast["editor"])
    url = reverse("followup:action_edit", kwargs={"pk": action.pk})
    assert f'<option value="{boss.pk}" selected>' in client.get(url).content.decode()
    form = {
        "title": "Strategi för medborgardialog, reviderad",
        "owner": str(boss.pk),
        "start_date": "2024-02-01",
        "due_date": "2024-12-31",
    }
    assert client.post(url, form).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner) == (form["title"], boss)


def test_action_page_says_why_a_linked_indicator_has_no_chart(
    cast, client_for, plan, people, leksand
):
    from kompass.indicators.models import Indicator, IndicatorValue

    indicator = Indicator.objects.create(
        organisation=leksand, name="Andel", perspective="staff", chart_type="p"
    )
    IndicatorValue.objects.create(  # stored around the rules: 80 of 50
        indicator=indicator,
        period="2025",
        period_start=datetime.date(2025, 1, 1),
        value=80,
        denominator=50,
    )
    action = add_action(
        plan=plan,
        user=None,
        title="Uppföljning",
        owner=people["boss"],
        start_date="2025-01-01",
        due_date="2025-12-31",
        indicators=[indicator],
    )
    page = client_for(cast["reader"]).get(reverse("followup:action", kwargs={"pk": action.pk}))
    assert page.status_code == 200
    assert "Värdena passar inte diagrammet" in page.content.decode()


def test_a_second_plan_from_the_same_evaluation_gets_a_title_of_its_own(
    cast, client_for, plan, leksand_2023
):
    """The suggested title never repeats an existing plan's name."""
    client = client_for(cast["editor"])
    url = reverse("followup:plan_from_evaluation", kwargs={"pk": leksand_2023.pk})
    page = client.get(url).content.decode()
    assert 'value="Handlingsplan efter Kommunkompassen 2023 (2)"' in page


def test_long_opportunities_are_cut_at_a_word_in_the_drop_down(cast, client_for, plan, people):
    opportunity = plan.opportunities.first()
    opportunity.text = "Utveckla " + "uppföljningen av verksamhetens kvalitet " * 6
    opportunity.save()
    page = client_for(cast["editor"]).get(reverse("followup:action_create", kwargs={"pk": plan.pk}))
    html = page.content.decode()
    select = html.split('name="opportunity"')[1].split("</select>")[0]
    option = select.split(f'<option value="{opportunity.pk}"')[1].split("</option>")[0]
    label = option.split(">", 1)[1]
    assert label.endswith("…") and len(label) <= 120
    assert label[:-1].split()[-1] in {"uppföljningen", "av", "verksamhetens", "kvalitet"}
