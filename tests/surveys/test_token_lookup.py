"""The token lookup the ORM compiles once (`kompass.core.prepared`): the objects it gives
are the ones the queryset gives, every call reads the database afresh (a link closed a
moment ago is closed), and a token is a value, never SQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompass.core.prepared import PreparedLookup
from kompass.surveys.domain.answering import (
    create_invitations,
    resolve_token,
    set_link_active,
)
from kompass.surveys.models import AnswerLink, Comment, PersonalInvitation, Respondent, Wave

RELATED = ("survey__framework", "wave", "organisation")


def fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.django_db
def test_the_objects_are_those_of_the_queryset_in_one_query(link):
    expected = AnswerLink.objects.select_related(*RELATED).get(token=link.token)
    with CaptureQueriesContext(connection) as queries:
        access = resolve_token(link.token)
        # Everything the form reads is already there: no query after the first.
        survey, wave, organisation = access.survey, access.wave, access.organisation
        framework = survey.framework
        assert framework.tree.areas
    assert len(queries) == 1
    assert fields(survey) == fields(expected.survey)
    assert fields(framework) == fields(expected.survey.framework)
    assert fields(wave) == fields(expected.wave)
    assert fields(organisation) == fields(expected.organisation)
    # JSON, dates and booleans come back as the fields hold them, not as stored text.
    assert isinstance(survey.codebook, list) and isinstance(survey.attributes, list)
    assert isinstance(wave.opens, datetime.date) and access.link_open is True


@pytest.mark.django_db
def test_a_personal_invitation_is_found_by_its_hash(link):
    [(_label, token)] = create_invitations(
        survey=link.survey, wave=link.wave, organisation=link.organisation, labels=["Anna"]
    )
    access = resolve_token(token)
    invitation = PersonalInvitation.objects.get()
    assert access.invitation.pk == invitation.pk and access.draft_key
    assert fields(access.invitation) == fields(invitation)
    assert access.wave.pk == link.wave.pk


@pytest.mark.django_db
def test_each_call_reads_the_database_again(link):
    assert resolve_token(link.token).is_open
    set_link_active(link=link, active=False)
    assert not resolve_token(link.token).is_open
    Wave.objects.filter(pk=link.wave_id).update(closes=timezone.localdate() - datetime.timedelta(1))
    set_link_active(link=link, active=True)
    assert not resolve_token(link.token).is_open
    AnswerLink.objects.filter(pk=link.pk).delete()
    assert resolve_token(link.token) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        "' OR '1'='1",
        "x' UNION SELECT * FROM accounts_user --",
        "%s",
        "%(token)s",
        "\\",
        "\x00kompass-prepared-value\x00",
        "ä" * 64,
    ],
)
def test_a_hostile_token_is_a_value_not_sql(link, token):
    assert resolve_token(token) is None
    assert resolve_token(link.token) is not None  # the lookup still works afterwards


def test_a_lookup_by_two_values_or_none_is_refused(db):
    two = PreparedLookup(lambda value: AnswerLink.objects.filter(token=value, wave__code=value))
    with pytest.raises(ValueError):
        two.first("x")
    none = PreparedLookup(lambda value: AnswerLink.objects.filter(active=True))
    with pytest.raises(ValueError):
        none.first("x")


MESSAGE = "Begäran innehöll ett tecken som inte kan sparas (NUL)"


@pytest.mark.django_db
def test_a_typed_answer_holding_nul_stores_nothing(client, link):
    answer = {
        "token": link.token,
        "submission": "0123456789abcdef0123456789abcdef",
        "action": "submit",
        "attr-role": "ledning",
        "q-1": "3",
        "q-2": "4",
        "q-kommentar": "hej\x00då",
    }
    response = client.post("/enkater/svara/", answer)
    assert response.status_code == 400 and MESSAGE in response.content.decode()
    assert Respondent.objects.count() == 0 and Comment.objects.count() == 0
    # The same answer without the character goes in.
    answer["q-kommentar"] = "hej då"
    assert client.post("/enkater/svara/", answer).status_code == 303
    assert Comment.objects.get().text == "hej då"
    # And a continue-later code or a multipart field holding it is refused as well.
    assert client.get("/enkater/svara/?utkast=%00").status_code == 400
    multipart = {**answer, "submission": "f" * 32, "q-kommentar": "\x00"}
    assert client.post("/enkater/svara/", multipart).status_code == 400  # multipart by default
