"""Pages of the evaluator and the reader, through the test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kompass.evaluations.models import Evaluation, Evidence, SubareaScore
from tests.evaluations.conftest import LEKSAND_TEXT, evaluation_yaml

pytestmark = pytest.mark.django_db


def test_scoring_screen_saves_decimal_comma_and_shows_running_figures(draft, cast, client_for):
    client = client_for(cast["evaluator"])
    response = client.post(
        f"/utvarderingar/{draft.pk}/poang/1/",
        {"score-1.1": "7,5", "score-1.2": "6,5", "score-1.3": "", "score-1.4": "", "score-1.5": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "Poängen är sparade (2 ändrade)." in response.content.decode()
    assert SubareaScore.objects.get(evaluation=draft, code="1.1").score == 7.5
    page = response.content.decode()
    assert 'value="7,5"' in page
    assert '<output id="area-total"' in page
    assert 'aria-live="polite">14</output>' in page  # area 1: 7,5 + 6,5


def test_scoring_screen_with_a_bad_value_stores_nothing_and_names_the_field(
    draft, cast, client_for
):
    client = client_for(cast["evaluator"])
    response = client.post(
        f"/utvarderingar/{draft.pk}/poang/1/", {"score-1.1": "5", "score-1.2": "12"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inget sparades" in page
    assert "Poängen 12,00 är högre än maxpoängen 10" in page
    assert "poängen 12,00" not in page  # a sentence starts with a capital
    # The error summary (focused by forms.js) names the field as the page does and links to it.
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#score-1.2"' in summary and "Poäng för 1.2" in summary
    assert 'aria-invalid="true"' in page
    assert 'value="12"' in page and 'value="5"' in page  # what the user typed stays
    assert not SubareaScore.objects.filter(evaluation=draft).exists()


AREA_1 = {"score-1.1": "", "score-1.2": "", "score-1.3": "", "score-1.4": "", "score-1.5": ""}


def test_saving_evidence_keeps_the_scores_typed_on_the_page(draft, cast, client_for):
    """The note's "Spara underlag" posts the whole scoring form: the scores typed but not
    yet saved are saved with it, not thrown away by the reload."""
    client = client_for(cast["evaluator"])
    post = AREA_1 | {"score-1.1": "7,5", "score-1.4": "3"}
    post |= {"add_evidence": "1.3", "source-1.3": "website", "text-1.3": "Inga e-tjänster."}
    response = client.post(f"/utvarderingar/{draft.pk}/poang/1/", post)
    assert response["Location"] == f"/utvarderingar/{draft.pk}/poang/1/#sub-1.3"
    assert Evidence.objects.get(evaluation=draft, subarea_code="1.3").text == "Inga e-tjänster."
    scores = {s.code: s.score for s in SubareaScore.objects.filter(evaluation=draft)}
    assert scores == {"1.1": 7.5, "1.4": 3}


def test_evidence_with_a_bad_score_keeps_both_and_stores_nothing(draft, cast, client_for):
    client = client_for(cast["evaluator"])
    post = AREA_1 | {"score-1.1": "7,5", "score-1.2": "99"}
    post |= {"add_evidence": "1.3", "source-1.3": "website", "text-1.3": "Typad anteckning"}
    response = client.post(f"/utvarderingar/{draft.pk}/poang/1/", post)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="7,5"' in page and 'value="99"' in page
    assert ">Typad anteckning</textarea>" in page
    assert not SubareaScore.objects.filter(evaluation=draft).exists()
    assert not Evidence.objects.exists()


def test_empty_note_keeps_the_typed_note_field_and_saves_the_scores(draft, cast, client_for):
    client = client_for(cast["evaluator"])
    post = AREA_1 | {"score-1.1": "4", "add_evidence": "1.3", "source-1.3": "website"}
    response = client.post(f"/utvarderingar/{draft.pk}/poang/1/", post)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv en anteckning och välj källa." in page
    assert 'href="#text-1.3"' in page
    assert SubareaScore.objects.get(evaluation=draft, code="1.1").score == 4
    assert not Evidence.objects.exists()


def test_removing_a_note_saves_the_typed_scores_and_only_that_evaluations_note(
    draft, cast, client_for
):
    client = client_for(cast["evaluator"])
    client.post(
        f"/utvarderingar/{draft.pk}/poang/1/",
        AREA_1 | {"add_evidence": "1.3", "source-1.3": "website", "text-1.3": "Bort"},
    )
    note = Evidence.objects.get()
    response = client.post(
        f"/utvarderingar/{draft.pk}/poang/1/",
        AREA_1 | {"score-1.2": "2", "delete_evidence": str(note.pk)},
    )
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert SubareaScore.objects.get(evaluation=draft, code="1.2").score == 2
    # A made-up or foreign note id is a 404, not a crash.
    for bad in ("999999", "x"):
        response = client.post(
            f"/utvarderingar/{draft.pk}/poang/1/", AREA_1 | {"delete_evidence": bad}
        )
        assert response.status_code == 404


def test_a_post_without_a_field_does_not_clear_its_score(draft, cast, client_for):
    client = client_for(cast["evaluator"])
    client.post(f"/utvarderingar/{draft.pk}/poang/1/", AREA_1 | {"score-1.5": "3"})
    client.post(f"/utvarderingar/{draft.pk}/poang/1/", {"score-1.1": "1"})
    assert SubareaScore.objects.get(evaluation=draft, code="1.5").score == 3


def test_the_scoring_form_warns_before_leaving_with_unsaved_changes(draft, cast, client_for):
    page = client_for(cast["evaluator"]).get(f"/utvarderingar/{draft.pk}/poang/1/")
    html = page.content.decode()
    assert 'id="score-form" novalidate data-warn-unsaved' in html
    assert "kompass/forms.js" in html
    assert 'name="text-1.3"' in html and 'form="score-form"' in html


def test_save_and_go_to_next_area(draft, cast, client_for):
    response = client_for(cast["evaluator"]).post(
        f"/utvarderingar/{draft.pk}/poang/1/", {"score-1.1": "1", "next_area": "2"}
    )
    assert response["Location"] == f"/utvarderingar/{draft.pk}/poang/2/"


def test_unknown_area_is_404(draft, cast, client_for):
    assert (
        client_for(cast["evaluator"]).get(f"/utvarderingar/{draft.pk}/poang/42/").status_code == 404
    )


def test_evidence_is_shown_beside_the_score(draft, cast, client_for):
    client = client_for(cast["evaluator"])
    client.post(
        f"/utvarderingar/{draft.pk}/underlag/1.3/",
        {"source": "website", "text": "Inga e-tjänster."},
    )
    assert Evidence.objects.get(evaluation=draft).get_source_display() == "Webbplats/sociala medier"
    page = client.get(f"/utvarderingar/{draft.pk}/poang/1/").content.decode()
    assert "Inga e-tjänster." in page


def test_empty_evidence_is_refused_with_a_message(draft, cast, client_for):
    response = client_for(cast["evaluator"]).post(
        f"/utvarderingar/{draft.pk}/underlag/1.3/", {"source": "website", "text": ""}, follow=True
    )
    assert "Skriv en anteckning och välj källa." in response.content.decode()
    assert not Evidence.objects.exists()


def test_area_texts_form_saves_lists_one_per_line(draft, cast, client_for):
    client_for(cast["evaluator"]).post(
        f"/utvarderingar/{draft.pk}/omrade/2/",
        {
            "analysis": "Analys av område 2.",
            "strengths": "• Styrka A\n\n- Styrka B",
            "improvements": "Gör C",
        },
    )
    texts = list(draft.findings.order_by("kind", "position").values_list("kind", "text"))
    assert texts == [("improvement", "Gör C"), ("strength", "Styrka A"), ("strength", "Styrka B")]


def test_web_import_reports_problems_and_stores_nothing(base_data, cast, client_for):
    upload = SimpleUploadedFile("fel.yaml", evaluation_yaml(scores='{"1.1": 30}').encode())
    response = client_for(cast["evaluator"]).post("/utvarderingar/importera/", {"file": upload})
    page = response.content.decode()
    assert "Filen importerades inte. Inget sparades." in page
    assert "högre än maxpoängen 20" in page
    assert not Evaluation.objects.exists()


def test_web_import_of_a_published_file_needs_an_administrator(base_data, cast, client_for):
    upload = SimpleUploadedFile("leksand.yaml", LEKSAND_TEXT.encode())
    response = client_for(cast["evaluator"]).post("/utvarderingar/importera/", {"file": upload})
    assert (
        "bara en administratör får importera en publicerad utvärdering" in response.content.decode()
    )
    upload = SimpleUploadedFile("leksand.yaml", LEKSAND_TEXT.encode())
    response = client_for(cast["admin"]).post("/utvarderingar/importera/", {"file": upload})
    evaluation = Evaluation.objects.get()
    assert response["Location"] == f"/utvarderingar/{evaluation.pk}/"


def test_create_assigns_the_evaluator_and_opens_the_scoring_screen(
    kk2020, leksand, cast, client_for
):
    response = client_for(cast["evaluator"]).post(
        "/utvarderingar/ny/",
        {"organisation": leksand.pk, "framework": kk2020.pk, "date": "2026-03-01"},
    )
    evaluation = Evaluation.objects.get()
    assert response["Location"] == f"/utvarderingar/{evaluation.pk}/poang/"
    assert list(evaluation.evaluators.all()) == [cast["evaluator"]]


def test_create_refuses_a_future_date(kk2020, leksand, cast, client_for):
    response = client_for(cast["evaluator"]).post(
        "/utvarderingar/ny/",
        {"organisation": leksand.pk, "framework": kk2020.pk, "date": "2999-03-01"},
    )
    assert "Datumet ligger i framtiden" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_members_cannot_create_evaluations(base_data, cast, client_for):
    assert client_for(cast["editor"]).get("/utvarderingar/ny/").status_code == 403


def test_list_shows_only_what_the_user_may_see(draft, leksand_2023, cast, client_for):
    page = client_for(cast["outsider"]).get("/utvarderingar/").content.decode()
    assert f"/utvarderingar/{leksand_2023.pk}/" in page
    assert f"/utvarderingar/{draft.pk}/" not in page
    page = client_for(cast["reader"]).get("/utvarderingar/?status=draft").content.decode()
    assert f"/utvarderingar/{draft.pk}/" in page
    assert f"/utvarderingar/{leksand_2023.pk}/" not in page


def test_list_empty_state_tells_what_to_do(base_data, cast, client_for):
    page = client_for(cast["evaluator"]).get("/utvarderingar/").content.decode()
    assert "Inga utvärderingar matchar." in page
    assert "Skapa en ny eller importera en fil." in page


def test_report_page_and_downloads(leksand_2023, cast, client_for):
    client = client_for(cast["reader"])
    page = client.get(f"/utvarderingar/{leksand_2023.pk}/").content.decode()
    assert "Sammanfattning av resultat" in page
    response = client.get(f"/rapporter/utvardering/{leksand_2023.pk}/?format=html")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="kommunkompassen-leksand-2023.html"'
    )
    assert client.get(f"/rapporter/utvardering/{leksand_2023.pk}/?format=exe").status_code == 404


def test_good_examples_are_edited_one_per_line_and_link_organisations(draft, cast, client_for):
    client = client_for(cast["evaluator"])
    client.post(
        f"/utvarderingar/{draft.pk}/omrade/1/",
        {
            "analysis": "",
            "strengths": "",
            "improvements": "",
            "good_examples": "Höganäs (1.4): Lättläst årsredovisning\nBurlöv\nSKR (1.1): Kort vision",
        },
    )
    examples = list(
        draft.good_examples.order_by("pk").values_list(
            "name", "organisation__code", "subarea_code", "text"
        )
    )
    assert examples == [
        ("Höganäs", "1284", "1.4", "Lättläst årsredovisning"),
        ("Burlöv", "1231", "", ""),
        ("SKR", None, "1.1", "Kort vision"),
    ]
    page = client.get(f"/utvarderingar/{draft.pk}/omrade/1/").content.decode()
    assert "Höganäs (1.4): Lättläst årsredovisning" in page


def test_good_example_with_unknown_subarea_is_refused(draft, cast, client_for):
    response = client_for(cast["evaluator"]).post(
        f"/utvarderingar/{draft.pk}/omrade/1/",
        {"analysis": "Ny", "good_examples": "Höganäs (9.9): x"},
    )
    assert "Rad 1: okänt delområde ”9.9”." in response.content.decode()
    assert not draft.area_texts.exists()
