"""Unlinkable answers: a response row carries nothing that orders it in time or links it
to an invitation, and the personal token is in no address that is logged when answers
are given (the link redirects to an address without it; the form sends it in the body).

The attack: the owner knows whose invitation turned to "answered" and, from the web
server's access log, when each token's form was sent. If responses had running ids or
a stored time, laying the database's order next to that log would say whose answers
are whose."""

import datetime
from itertools import pairwise

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kompass.organisations.models import Organisation
from kompass.surveys.answer_views import SESSION_TOKEN
from kompass.surveys.domain.answering import create_invitations
from kompass.surveys.domain.privacy import draft_key, invitation_hash
from kompass.surveys.domain.surveys import add_organisations, add_wave
from kompass.surveys.models import Comment, PersonalInvitation, Respondent

# Everything a response may hold: where it belongs (survey, wave, organisation), its
# answers and background values, how it came (web or import), the key that makes a
# double submission store one response, whether the counts include it yet.
RESPONSE_FIELDS = {
    "id",
    "survey",
    "wave",
    "organisation",
    "key",
    "attrs",
    "answers",
    "source",
    "counted",
    "comments",
}


@pytest.fixture
def invited(tiny_survey):
    today = timezone.localdate()
    leksand = Organisation.objects.get(code="2029")
    add_organisations(survey=tiny_survey, organisations=[leksand])
    wave = add_wave(
        survey=tiny_survey,
        code="2025-01",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )
    return create_invitations(
        survey=tiny_survey,
        wave=wave,
        organisation=leksand,
        labels=[f"person{i}@example.se" for i in range(50)],
    )


def _answer(client, token: str, i: int):
    """What a browser does: open the link, then send the form it is given."""
    opened = client.get(reverse("surveys:answer", args=[token]))
    assert opened.status_code == 302 and opened["Location"] == "/enkater/svara/"
    assert client.session[SESSION_TOKEN] == token
    form = client.get(opened["Location"])
    page = form.content.decode()
    assert f'name="token" value="{token}"' in page
    assert 'action="/enkater/svara/"' in page
    submission = f"{i:032x}"
    sent = client.post(
        "/enkater/svara/",
        {
            "token": token,
            "submission": submission,
            "attr-role": "stöd",
            "q-1": str(1 + i % 5),
            "q-2": "3",
            "q-kommentar": f"Kommentar {i}",
            "action": "submit",
        },
    )
    assert sent.status_code == 303 and sent["Location"] == "/enkater/svara/tack/"
    # The session keeps no token after the answer (its expiry time is a time).
    assert SESSION_TOKEN not in client.session
    receipt = client.get(sent["Location"]).content.decode()
    assert "Liten enkät" in receipt and token not in receipt
    return submission


def test_no_response_row_orders_or_links_it_to_an_invitation(client, invited):
    order = []
    for i, (_label, token) in enumerate(invited):
        client.cookies.clear()
        _answer(client, token, i)
        order.append(Respondent.objects.get(key=f"web:{i:032x}").pk)
    assert PersonalInvitation.objects.filter(answered=True).count() == 50

    # The model: nothing that points to an invitation, a link, a draft or a session, and
    # no date or time of any kind.
    fields = Respondent._meta.get_fields()
    assert {f.name for f in fields} == RESPONSE_FIELDS
    for field in fields:
        assert not isinstance(field, (models.DateField, models.DateTimeField, models.TimeField))
        if field.is_relation:
            assert field.related_model._meta.model_name in {
                "survey",
                "wave",
                "organisation",
                "comment",
            }
    for field in Comment._meta.get_fields():
        assert not isinstance(field, (models.DateField, models.DateTimeField, models.TimeField))

    # The rows: no value that equals or contains anything of an invitation.
    secrets_of_invitations = set()
    for invitation in PersonalInvitation.objects.all():
        secrets_of_invitations |= {str(invitation.pk), invitation.token_hash, invitation.label}
    for _label, token in invited:
        secrets_of_invitations |= {token, invitation_hash(token), draft_key(token)}
    for row in Respondent.objects.values():
        for value in row.values():
            text = value.hex() if isinstance(value, (bytes, memoryview)) else str(value)
            assert not any(s and s in text for s in secrets_of_invitations if len(s) > 6)
        assert row["id"] not in {i.pk for i in PersonalInvitation.objects.all()}

    # The ids: random 63-bit numbers, not in the order the answers came.
    assert len(set(order)) == 50
    assert order != sorted(order) and order != sorted(order, reverse=True)
    rising = sum(b > a for a, b in pairwise(order))
    assert 10 <= rising <= 39  # a running number would give 49 (or 0)
    assert sum(pk > 2**40 for pk in order) >= 45
    comment_ids = list(
        Comment.objects.filter(respondent_id__in=order).values_list("respondent_id", "id")
    )
    by_answer = [dict(comment_ids)[pk] for pk in order]
    assert by_answer != sorted(by_answer)


def test_the_link_and_the_receipt_without_a_session(client, invited):
    # An expired session loses nothing: the form carries the token in its body.
    _label, token = invited[0]
    page = client.get(reverse("surveys:answer", args=[token]), follow=True)
    assert page.redirect_chain == [("/enkater/svara/", 302)]
    client.cookies.pop("sessionid", None)
    sent = client.post(
        "/enkater/svara/",
        {"token": token, "submission": "a" * 32, "attr-role": "stöd", "action": "submit"},
    )
    assert sent.status_code == 303 and Respondent.objects.count() == 1
    # Without a token in body or session the form asks for the link again.
    client.cookies.clear()
    missing = client.get("/enkater/svara/")
    assert missing.status_code == 404
    assert "Öppna länken som du fick i inbjudan igen." in missing.content.decode()
    # The link itself only redirects: posting answers to it is refused.
    assert client.post(reverse("surveys:answer", args=[token]), {}).status_code == 405
