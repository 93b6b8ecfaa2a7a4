"""The intake's short path: an anonymous answer without free text is one INSERT in its own
transaction; sent twice it is stored once, and a random id that is taken already is
drawn again (with the same guarantees as the path with free text, drafts and personal
invitations, which stays one transaction)."""

from itertools import chain

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompass.surveys.domain import answering
from kompass.surveys.domain.answering import resolve_token, submit_response
from kompass.surveys.models import Comment, Respondent

SUBMISSION = "fedcba9876543210fedcba9876543210"


def _answers(**extra):
    return {"attr-role": "stöd", "q-1": "4", "q-2": "vet-ej", **extra}


def test_an_answer_without_free_text_is_one_statement_and_stored_once(link):
    access = resolve_token(link.token)
    with CaptureQueriesContext(connection) as queries:
        assert submit_response(access=access, data=_answers(), submission=SUBMISSION) is True
    writes = [q["sql"] for q in queries.captured_queries]
    assert len(writes) == 1 and writes[0].startswith("INSERT"), writes
    assert submit_response(access=access, data=_answers(), submission=SUBMISSION) is False
    stored = Respondent.objects.get()
    assert stored.key == f"web:{SUBMISSION}" and stored.source == Respondent.Source.WEB
    assert not stored.counted and Comment.objects.count() == 0


def test_the_form_sent_twice_without_free_text_stores_one_response(client, link):
    url = reverse("surveys:answer_form")
    sent = [
        client.post(
            url, {**_answers(), "submission": SUBMISSION, "action": "submit", "token": link.token}
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in sent] == [303, 303]
    assert Respondent.objects.count() == 1


@pytest.mark.parametrize("free_text", [False, True])
def test_a_random_id_that_is_taken_is_drawn_again(link, monkeypatch, free_text):
    # A clash of random ids happens about once in 10**13 answers: the draw is fixed here
    # so that the second answer meets the first one's id before a free one.
    access = resolve_token(link.token)
    draws = chain([101, 101, 202], iter(lambda: 303, None))
    monkeypatch.setattr(answering, "random_id", lambda: next(draws))
    extra = {"q-kommentar": "Mer tid."} if free_text else {}
    assert submit_response(access=access, data=_answers(**extra), submission="a" * 32)
    assert submit_response(access=access, data=_answers(**extra), submission="b" * 32)
    assert dict(Respondent.objects.values_list("key", "id")) == {
        "web:" + "a" * 32: 101,
        "web:" + "b" * 32: 202,
    }
    assert Comment.objects.count() == (2 if free_text else 0)
