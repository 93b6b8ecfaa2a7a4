"""Answering on the web: no login, whole or nothing, one response per submission,
personal invitations that know who answered but not what, drafts to finish later."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import (
    create_invitations,
    resolve_token,
    set_link_active,
)
from kompass.surveys.domain.privacy import invitation_hash
from kompass.surveys.domain.results import survey_results
from kompass.surveys.domain.surveys import close_wave
from kompass.surveys.models import AnswerLink, Comment, Draft, PersonalInvitation, Respondent

SUBMISSION = "0123456789abcdef0123456789abcdef"


def _open(client, token):
    """Open the link: it redirects to the form's address without the token."""
    return client.get(reverse("surveys:answer", args=[token]), follow=True)


def _send(client, token, data):
    """Send the form as the browser does: to the address without the token, the token
    in the body."""
    return client.post(reverse("surveys:answer_form"), {**data, "token": token})


def _answers(**extra):
    return {
        "submission": SUBMISSION,
        "attr-role": "stöd",
        "q-1": "4",
        "q-2": "vet-ej",
        "q-kommentar": "Mer tid.",
        "action": "submit",
        **extra,
    }


def test_form_needs_no_login_and_labels_every_choice(client, link):
    response = _open(client, link.token)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<legend><span class="item-code">1.</span> Första påståendet.</legend>' in html
    assert "5 Stämmer helt" in html and "Vet ej" in html
    assert 'name="submission"' in html


def test_submit_stores_one_response_even_when_sent_twice(client, link):
    token = link.token
    first = _send(client, token, _answers())
    second = _send(client, token, _answers())
    assert first.status_code == second.status_code == 303
    assert Respondent.objects.count() == 1
    assert Comment.objects.get().text == "Mer tid."
    assert survey_results(link.survey).size("2025-01") == 1
    close_wave(wave=link.wave)
    results = survey_results(link.survey)
    cell = results.cell("2025-01")
    assert results.analysis.dont_know[1, cell] == 1


def test_invalid_submission_stores_nothing_and_names_the_question(client, link):
    response = _send(client, link.token, _answers(**{"q-1": "9"}))
    assert response.status_code == 400
    assert "1. Första påståendet.: Välj ett av alternativen." in response.content.decode()
    assert Respondent.objects.count() == 0 and Comment.objects.count() == 0


def test_closed_wave_takes_no_answers(client, link):
    link.wave.closes = timezone.localdate() - datetime.timedelta(days=1)
    link.wave.save()
    response = _send(client, link.token, _answers())
    assert "stängd" in response.content.decode()
    assert Respondent.objects.count() == 0


def test_unknown_token_is_not_found(client, base_data):
    assert client.get(reverse("surveys:answer", args=["finns-inte"])).status_code == 404


def test_draft_is_saved_and_restored_by_cookie(client, link):
    token = link.token
    response = _send(client, token, {"attr-role": "ledning", "q-1": "2", "action": "save"})
    assert response.status_code == 200
    assert "?utkast=" in response.content.decode()
    assert Respondent.objects.count() == 0
    restored = _open(client, token).content.decode()
    assert 'value="2" checked' in restored and 'value="ledning" checked' in restored
    code = Draft.objects.get().code
    _send(client, token, {**_answers(), "draft": code})
    assert not Draft.objects.exists()
    assert Respondent.objects.count() == 1


def test_personal_invitation_records_that_not_what(client, tiny_survey, open_wave):
    (_label, token), _other = create_invitations(
        survey=tiny_survey,
        wave=open_wave,
        organisation=Organisation.objects.get(code="2029"),
        labels=["anna@example.se", "bo@example.se"],
    )
    assert PersonalInvitation.objects.filter(token_hash=token).count() == 0  # only a hash is stored
    _send(client, token, {"q-1": "3", "action": "save"})
    assert 'value="3" checked' in _open(client, token).content.decode()
    _send(client, token, _answers())
    again = _send(client, token, _answers(submission="f" * 32))  # a second form, same token
    assert "Du har redan svarat" in again.content.decode()
    assert "Du har redan svarat" in _open(client, token).content.decode()
    assert Respondent.objects.count() == 1
    invitation = PersonalInvitation.objects.get(label="anna@example.se")
    assert (
        invitation.answered and not PersonalInvitation.objects.get(label="bo@example.se").answered
    )
    respondent = Respondent.objects.get()
    field_names = {f.name for f in Respondent._meta.get_fields()}
    assert not any(
        "invitation" in name or "created" in name or "date" in name for name in field_names
    )
    assert respondent.key == f"web:{SUBMISSION}"
    assert resolve_token(token).already_answered


def test_a_form_without_its_id_says_so_at_the_top(client, link):
    token = link.token
    response = _send(client, token, _answers(submission=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Formuläret saknar sitt id; ladda om sidan och försök igen." in page
    assert 'role="alert"' in page
    assert Respondent.objects.count() == 0


def test_personal_draft_cannot_be_tied_to_the_invitation(client, tiny_survey, open_wave):
    (_label, token), (_other, other_token) = create_invitations(
        survey=tiny_survey,
        wave=open_wave,
        organisation=Organisation.objects.get(code="2029"),
        labels=["anna@example.se", "bo@example.se"],
    )
    _send(client, token, {"q-1": "3", "attr-role": "ledning", "action": "save"})
    draft = Draft.objects.get()
    assert {f.name for f in Draft._meta.get_fields()} == {
        "id",
        "wave",
        "organisation",
        "code",
        "data",
        "updated",
    }
    stored = set(PersonalInvitation.objects.values_list("token_hash", flat=True))
    assert draft.code not in stored and token not in draft.code
    assert draft.code != invitation_hash(token)
    # the holder resumes; the other recipient of the same organisation sees nothing
    assert 'value="3" checked' in _open(client, token).content.decode()
    other = _open(client, other_token).content.decode()
    assert 'value="3" checked' not in other and "Dina sparade svar" not in other
    _send(client, token, {"q-1": "4", "action": "save"})  # saving again replaces the draft
    assert Draft.objects.get().data == {"q-1": "4"}
    _send(client, token, _answers())
    assert not Draft.objects.exists()
    assert PersonalInvitation.objects.get(label="anna@example.se").answered


def test_closed_link_takes_no_answers_until_opened_again(client, link):
    token = link.token
    set_link_active(link=link, active=False)
    page = _open(client, token).content.decode()
    assert "Länken har stängts av den som skickade den." in page
    assert 'name="submission"' not in page
    _send(client, token, _answers())
    assert Respondent.objects.count() == 0
    set_link_active(link=AnswerLink.objects.get(), active=True)
    assert _send(client, token, _answers()).status_code == 303
    assert Respondent.objects.count() == 1


def test_closed_page_names_only_the_dates_that_are_set(client, link):
    wave = link.wave
    wave.opens, wave.closes = timezone.localdate() + datetime.timedelta(days=3), None
    wave.save()
    page = _open(client, link.token).content.decode()
    assert f"Omgången öppnar för svar {wave.opens:%Y-%m-%d}." in page
    assert " – " not in page.split("<main", 1)[-1].split("</main>")[0]
    wave.opens, wave.closes = None, timezone.localdate() - datetime.timedelta(days=2)
    wave.save()
    page = _open(client, link.token).content.decode()
    assert f"Sista svarsdag var {wave.closes:%Y-%m-%d}." in page


def test_fresh_form_does_not_speak_of_saved_answers(client, link):
    token = link.token
    assert "i de sparade svaren" not in _open(client, token).content.decode()
    _send(client, token, {"q-1": "2", "action": "save"})
    assert (
        "Du har svarat på 1 av 3 frågor i de sparade svaren."
        in _open(client, token).content.decode()
    )


def test_web_form_and_import_code_answers_alike(tiny_survey):
    from kompass.analytics.survey_counts import DONT_KNOW, FIRST_STEP, NotOnScale
    from kompass.surveys.domain.answering import read_answers
    from kompass.surveys.domain.instrument import layout_of

    layout = layout_of(tiny_survey)
    codebook = layout.codebook
    assert codebook.encode(0, " Vet  Ej ") == codebook.encode(0, "vet-ej") == DONT_KNOW
    assert codebook.encode(0, "4") == FIRST_STEP + 3
    assert codebook.encode(2, "Något") == FIRST_STEP
    with pytest.raises(NotOnScale):
        codebook.encode(0, "9")
    answers, problems = read_answers(
        layout, {"q-1": "VET EJ", "q-2": "5", "q-kommentar": "Text"}, complete=False
    )
    assert problems == [] and answers.codes == [DONT_KNOW, FIRST_STEP + 4, FIRST_STEP]
