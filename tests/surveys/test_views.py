"""Who reaches which survey page and API answer, and the management pages' flows."""

import pytest
from django.urls import reverse

from kompass.accounts.models import Membership
from kompass.organisations.models import Organisation
from kompass.surveys.models import CohortMember, Invited, Respondent, Survey
from tests.conftest import make_user
from tests.surveys.conftest import TINY_HEADER, csv_file, subtraction_rows


@pytest.fixture
def people(subtraction_survey, cast):
    owner = make_user("enkatagare", evaluator=True)
    subtraction_survey.owners.add(owner)
    stranger = make_user(
        "falun", organisation=Organisation.objects.get(code="2080"), role=Membership.Role.OWNER
    )
    return {
        "admin": cast["admin"],
        "survey_owner": owner,
        "org_owner": cast["owner"],
        "org_editor": cast["editor"],
        "org_reader": cast["reader"],
        "cohort_other": cast["outsider"],  # editor of Rättvik, also in the cohort
        "stranger": stranger,
        "anonymous": None,
    }


MATRIX = {
    # url name: admin, survey owner, Leksand owner, editor, reader, Rättvik editor, stranger
    "detail": (200, 200, 200, 200, 404, 200, 404),
    "organisation": (200, 200, 200, 200, 404, 404, 404),
    "report": (200, 200, 403, 403, 404, 403, 404),
    "import": (200, 200, 403, 403, 404, 403, 404),
    "settings": (200, 200, 403, 403, 404, 403, 404),
}


@pytest.mark.parametrize("name", MATRIX)
def test_permission_matrix(client_for, people, name):
    args = ["liten", "2029"] if name == "organisation" else ["liten"]
    url = reverse(f"surveys:{name}", args=args)
    order = [
        "admin",
        "survey_owner",
        "org_owner",
        "org_editor",
        "org_reader",
        "cohort_other",
        "stranger",
    ]
    got = tuple(client_for(people[who]).get(url).status_code for who in order)
    assert got == MATRIX[name]
    assert client_for(None).get(url).status_code == 302


def test_organisation_member_sees_only_its_own_organisation(client_for, people):
    page = (
        client_for(people["org_editor"])
        .get(reverse("surveys:detail", args=["liten"]))
        .content.decode()
    )
    assert "Leksand" in page and "Rättvik" not in page


def test_api_summary_follows_the_same_rules(client_for, people):
    url = "/api/surveys/liten/summary"
    full = client_for(people["admin"]).get(url).json()
    assert {c["group"].get("organisation") for c in full["cells"]} >= {"2029", "2031"}
    own = client_for(people["org_editor"]).get(url).json()
    assert {c["group"].get("organisation") for c in own["cells"]} - {None} == {"2029"}
    assert client_for(people["org_reader"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 401
    listed = client_for(people["org_editor"]).get("/api/surveys/").json()
    assert [s["slug"] for s in listed] == ["liten"]


def test_api_hides_the_same_cells_as_the_command(client_for, people):
    from kompass.surveys.domain.results import summary, survey_results

    api = client_for(people["admin"]).get("/api/surveys/liten/summary").json()
    direct = summary(survey_results(Survey.objects.get(slug="liten")))
    assert [c["suppressed"] for c in api["cells"]] == [c["suppressed"] for c in direct["cells"]]


def test_create_survey_in_the_web_ui(client_for, cast, tiny_framework):
    client = client_for(cast["evaluator"])
    response = client.post(
        reverse("surveys:create"),
        {"framework": tiny_framework.pk, "slug": "ny-enkat", "name": "", "min_group": 2},
    )
    assert response.status_code == 200
    assert (
        'id="id_min_group_error"><p>Kontrollera att detta värde är större än eller lika med 3.'
        in response.content.decode()
    )
    assert not Survey.objects.filter(slug="ny-enkat").exists()
    response = client.post(
        reverse("surveys:create"),
        {"framework": tiny_framework.pk, "slug": "ny-enkat", "name": "", "min_group": 4},
    )
    survey = Survey.objects.get(slug="ny-enkat")
    assert response.url == reverse("surveys:detail", args=["ny-enkat"])
    assert survey.owners.get() == cast["evaluator"] and survey.min_group == 4
    assert client_for(cast["editor"]).get(reverse("surveys:create")).status_code == 403


def test_import_page_reports_errors_and_imports(client_for, cast, tiny_survey):
    tiny_survey.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:import", args=["liten"])
    bad = csv_file([["x", "2024-10", "Atlantis", "ledning", "1", "", ""]], TINY_HEADER)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("svar.csv", bad)})
    assert "rad 2, kolumn organisation" in response.content.decode()
    good = csv_file(subtraction_rows(), TINY_HEADER)
    response = client.post(url, {"file": SimpleUploadedFile("svar.csv", good)})
    assert response.status_code == 302
    assert Respondent.objects.count() == 41


def test_cohort_invited_links_and_attribute_pages(client_for, cast, subtraction_survey):
    subtraction_survey.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    client.post(
        reverse("surveys:cohort", args=["liten"]), {"form": "add", "organisations": "Falun\n2081"}
    )
    assert CohortMember.objects.filter(survey=subtraction_survey).count() == 5
    response = client.post(
        reverse("surveys:cohort", args=["liten"]), {"form": "add", "organisations": "Ingenstans"}
    )
    assert "okänd organisation" in response.content.decode()
    leksand = Organisation.objects.get(code="2029")
    client.post(
        reverse("surveys:invited", args=["liten", "2024-10"]),
        {f"n-{leksand.pk}-ledning": "13", f"n-{leksand.pk}-stöd": "4"},
    )
    assert sorted(Invited.objects.values_list("group", "count")) == [("ledning", 13), ("stöd", 4)]
    page = client.post(
        reverse("surveys:links", args=["liten", "2024-10"]), {"form": "links"}, follow=True
    ).content.decode()
    assert "/enkater/svara/" in page
    page = client.post(
        reverse("surveys:links", args=["liten", "2024-10"]),
        {"form": "tokens", "organisation": leksand.pk, "recipients": "anna@example.se"},
    ).content.decode()
    assert "anna@example.se: http" in page
    client.post(
        reverse("surveys:settings", args=["liten"]),
        {
            "form": "attribute",
            "code": "urval",
            "label": "Uppföljd",
            "question": "",
            "level": "organisation",
            "options": "ja | Utvald\nnej | Övriga",
        },
    )
    subtraction_survey.refresh_from_db()
    assert subtraction_survey.attributes[-1]["code"] == "urval"
    response = client.post(
        reverse("surveys:settings", args=["liten"]),
        {
            "form": "attribute",
            "code": "role",
            "label": "X",
            "question": "",
            "level": "respondent",
            "options": "a\nb",
        },
    )
    assert "förekommer två gånger" in response.content.decode()


def test_home_panel_and_menu_show_surveys(client_for, people):
    page = client_for(people["org_editor"]).get("/").content.decode()
    assert 'href="/enkater/"' in page and "Liten enkät" in page
    assert 'href="/enkater/"' not in client_for(people["stranger"]).get("/").content.decode()


def test_wave_can_be_edited_and_deleted_with_its_answers(client_for, cast, subtraction_survey):
    subtraction_survey.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:wave_edit", args=["liten", "2024-10"])
    response = client.post(
        url,
        {
            "name": "Hösten 2024",
            "date": "2024-10-01",
            "opens": "2024-10-10",
            "closes": "2024-10-01",
        },
    )
    assert "kan inte stänga innan den öppnar" in response.content.decode()
    # The wave is closed and its results are shown: it cannot be opened again.
    response = client.post(
        url, {"name": "Hösten 2024", "date": "2024-10-01", "opens": "", "closes": ""}
    )
    assert "kan inte öppnas igen" in response.content.decode()
    assert subtraction_survey.waves.get().name != "Hösten 2024"
    client.post(
        url, {"name": "Hösten 2024", "date": "2024-10-01", "opens": "", "closes": "2024-10-31"}
    )
    assert subtraction_survey.waves.get().name == "Hösten 2024"
    assert (
        client_for(cast["editor"])
        .post(reverse("surveys:wave_delete", args=["liten", "2024-10"]))
        .status_code
        == 403
    )
    owner = client_for(cast["evaluator"])
    # No one-click removal of a wave and its answers: without the tick nothing goes.
    response = owner.post(reverse("surveys:wave_delete", args=["liten", "2024-10"]), follow=True)
    assert "Kryssa i att du vill ta bort omgången och dess svar." in response.content.decode()
    assert subtraction_survey.waves.exists()
    owner.post(reverse("surveys:wave_delete", args=["liten", "2024-10"]), {"confirm": "ja"})
    assert not subtraction_survey.waves.exists()
    assert Respondent.objects.count() == 0


@pytest.fixture
def with_urval(subtraction_survey):
    from kompass.surveys.domain.surveys import set_attributes

    urval = {
        "code": "urval",
        "label": "Uppföljd",
        "level": "organisation",
        "options": [{"value": "ja", "label": "Utvald"}, {"value": "nej", "label": "Övriga"}],
    }
    set_attributes(survey=subtraction_survey, attributes=[*subtraction_survey.attributes, urval])
    return subtraction_survey


def test_organisation_values_are_saved_together_or_not_at_all(client_for, cast, with_urval):
    with_urval.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    members = list(CohortMember.objects.filter(survey=with_urval).order_by("organisation__name"))
    url = reverse("surveys:cohort", args=["liten"])
    bad = {"form": "values", f"v-{members[0].pk}-urval": "ja", f"v-{members[1].pk}-urval": "kanske"}
    page = client.post(url, bad, follow=True).content.decode()
    assert f"{members[1].organisation.name}: ”kanske” är inget alternativ för uppföljd" in page
    assert all(m.values == {} for m in CohortMember.objects.filter(survey=with_urval))
    version = Survey.objects.get(pk=with_urval.pk).config_version
    good = {"form": "values", f"v-{members[0].pk}-urval": "ja", f"v-{members[1].pk}-urval": "nej"}
    client.post(url, good)
    stored = {m.pk: m.values for m in CohortMember.objects.filter(survey=with_urval)}
    assert stored == {
        members[0].pk: {"urval": "ja"},
        members[1].pk: {"urval": "nej"},
        members[2].pk: {},
    }
    assert Survey.objects.get(pk=with_urval.pk).config_version == version + 1
    client.post(url, {"form": "values", f"v-{members[1].pk}-urval": "nej"})  # clears the first
    assert CohortMember.objects.get(pk=members[0].pk).values == {}


def test_settings_are_validated_and_stored_by_the_domain(client_for, cast, subtraction_survey):
    subtraction_survey.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:settings", args=["liten"])
    response = client.post(
        url, {"form": "settings", "name": "  ", "description": "Ny text", "min_group": 4}
    )
    assert response.status_code == 200
    survey = Survey.objects.get(slug="liten")
    assert (survey.name, survey.description, survey.min_group) == ("Liten enkät", "", 5)
    client.post(
        url, {"form": "settings", "name": " Ny enkät ", "description": "Text", "min_group": 4}
    )
    survey = Survey.objects.get(slug="liten")
    assert (survey.name, survey.description, survey.min_group) == ("Ny enkät", "Text", 4)
    from kompass.core.errors import InputError
    from kompass.surveys.domain.surveys import update_settings

    with pytest.raises(InputError) as info:
        update_settings(survey=survey, name="", description="x", min_group=2)
    assert {p.field for p in info.value.problems} == {"name", "min_group"}
    assert Survey.objects.get(slug="liten").description == "Text"


def test_owner_closes_and_reopens_an_anonymous_link(client_for, cast, subtraction_survey):
    from kompass.surveys.models import AnswerLink

    subtraction_survey.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:links", args=["liten", "2024-10"])
    client.post(url, {"form": "links"})
    link = AnswerLink.objects.get(organisation__code="2029")
    page = client.post(url, {"form": "link", "link": link.pk, "active": "0"}, follow=True)
    assert "Länken för Leksand är stängd: den tar inte emot fler svar." in page.content.decode()
    assert not AnswerLink.objects.get(pk=link.pk).active
    assert AnswerLink.objects.filter(active=True).count() == 2
    assert client.post(url, {"form": "link", "link": "x", "active": "1"}).status_code == 404
    client.post(url, {"form": "link", "link": link.pk, "active": "1"})
    assert AnswerLink.objects.get(pk=link.pk).active
    editor = client_for(cast["editor"]).post(url, {"form": "link", "link": link.pk, "active": "0"})
    assert editor.status_code == 403 and AnswerLink.objects.get(pk=link.pk).active


def test_survey_list_and_api_list_take_a_fixed_number_of_queries(
    client_for, people, tiny_framework
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kompass.surveys.domain.surveys import add_organisations, add_wave, create_survey

    def queries(client, url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    admin, editor = client_for(people["admin"]), client_for(people["org_editor"])
    before = [queries(c, u) for c in (admin, editor) for u in ("/enkater/", "/api/surveys/")]
    leksand = Organisation.objects.get(code="2029")
    for number in range(4):
        survey = create_survey(slug=f"fler-{number}", framework=tiny_framework)
        survey.owners.add(people["survey_owner"])
        add_wave(survey=survey, code=f"202{number}-05")
        add_organisations(survey=survey, organisations=[leksand])
    after = [queries(c, u) for c in (admin, editor) for u in ("/enkater/", "/api/surveys/")]
    assert after == before
    page = admin.get("/enkater/").content.decode()
    assert '<td>Oktober 2024</td><td class="num">3</td>' in page
    listed = {s["slug"]: s for s in editor.get("/api/surveys/").json()}
    assert set(listed) == {"liten", "fler-0", "fler-1", "fler-2", "fler-3"}
    assert not any(s["manage"] for s in listed.values())
    owner = {
        s["slug"]: s["manage"]
        for s in client_for(people["survey_owner"]).get("/api/surveys/").json()
    }
    assert owner == dict.fromkeys(listed, True)


def test_wave_cautions_are_worded_on_the_page(client_for, people):
    from kompass.surveys.domain.surveys import set_invited

    survey = Survey.objects.get(slug="liten")
    wave = survey.waves.get()
    rows = [
        (wave, Organisation.objects.get(code=code), "", 25) for code in ("2029", "2031", "2062")
    ]
    set_invited(survey=survey, rows=rows)  # 41 of 75 answered
    page = client_for(people["admin"]).get(reverse("surveys:detail", args=["liten"]))
    assert "Låg svarsfrekvens (55\u00a0%): tolka med försiktighet." in page.content.decode()
