"""Answering on the web: no login, whole or nothing, one response per submission,
personal invitations that know who answered but not what, drafts to finish later."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import create_invitations, ensure_links, resolve_token
from kompass.surveys.domain.results import survey_results
from kompass.surveys.domain.surveys import add_organisations, add_wave
from kompass.surveys.models import Comment, Draft, PersonalInvitation, Respondent

SUBMISSION = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def open_wave(tiny_survey):
    today = timezone.localdate()
    add_organisations(survey=tiny_survey, organisations=[Organisation.objects.get(code="2029")])
    return add_wave(
        survey=tiny_survey,
        code="2025-01",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def link(tiny_survey, open_wave):
    return ensure_links(survey=tiny_survey, wave=open_wave)[0]


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
    response = client.get(reverse("surveys:answer", args=[link.token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<legend><span class="item-code">1.</span> Första påståendet.</legend>' in html
    assert "5 Stämmer helt" in html and "Vet ej" in html
    assert 'name="submission"' in html


def test_submit_stores_one_response_even_when_sent_twice(client, link):
    url = reverse("surveys:answer", args=[link.token])
    first = client.post(url, _answers())
    second = client.post(url, _answers())
    assert first.status_code == second.status_code == 303
    assert Respondent.objects.count() == 1
    assert Comment.objects.get().text == "Mer tid."
    results = survey_results(link.survey)
    cell = results.cell("2025-01")
    assert results.analysis.dont_know[1, cell] == 1


def test_invalid_submission_stores_nothing_and_names_the_question(client, link):
    response = client.post(reverse("surveys:answer", args=[link.token]), _answers(**{"q-1": "9"}))
    assert response.status_code == 400
    assert "1. Första påståendet.: Välj ett av alternativen." in response.content.decode()
    assert Respondent.objects.count() == 0 and Comment.objects.count() == 0


def test_closed_wave_takes_no_answers(client, link):
    link.wave.closes = timezone.localdate() - datetime.timedelta(days=1)
    link.wave.save()
    response = client.post(reverse("surveys:answer", args=[link.token]), _answers())
    assert "stängd" in response.content.decode()
    assert Respondent.objects.count() == 0


def test_unknown_token_is_not_found(client, base_data):
    assert client.get(reverse("surveys:answer", args=["finns-inte"])).status_code == 404


def test_draft_is_saved_and_restored_by_cookie(client, link):
    url = reverse("surveys:answer", args=[link.token])
    response = client.post(url, {"attr-role": "ledning", "q-1": "2", "action": "save"})
    assert response.status_code == 200
    assert "?utkast=" in response.content.decode()
    assert Respondent.objects.count() == 0
    restored = client.get(url).content.decode()
    assert 'value="2" checked' in restored and 'value="ledning" checked' in restored
    code = Draft.objects.get().code
    client.post(url, {**_answers(), "draft": code})
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
    url = reverse("surveys:answer", args=[token])
    client.post(url, {"q-1": "3", "action": "save"})
    assert 'value="3" checked' in client.get(url).content.decode()
    client.post(url, _answers())
    again = client.post(url, _answers(submission="f" * 32))
    assert "Du har redan svarat" in client.get(url).content.decode() or again.status_code == 303
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
