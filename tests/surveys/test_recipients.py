"""Recipient lists: read whole or not at all, every problem with its row in Swedish; seen
per organisation, corrected and removed on the web; who may reach the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kompass.core.errors import InputError
from kompass.organisations.models import Organisation
from kompass.surveys.domain.recipients import (
    import_recipients,
    remove_recipients,
    token_of,
    update_recipient,
)
from kompass.surveys.domain.surveys import add_wave, close_wave
from kompass.surveys.models import Invited, PersonalInvitation, Recipient
from tests.surveys.test_views import people  # noqa: F401 (the cast of the matrix)


@pytest.fixture
def wave(tiny_survey):
    today = timezone.localdate()
    return add_wave(
        survey=tiny_survey,
        code="2026-10",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=20),
    )


def load(survey, wave, text: str, filename="lista.csv"):
    return import_recipients(
        survey=survey, wave=wave, content=text.encode("utf-8"), filename=filename
    )


def test_list_is_read_with_names_codes_and_aliases(tiny_survey, wave):
    result = load(
        tiny_survey,
        wave,
        "E-post;Kommun;Funktion\nanna@falun.example;Falun kommun;Ledning\n"
        "bo@LEKSAND.example;2029;stod\ncia@falun.example;Falu kommun;\n",
    )
    assert (result.added, result.updated) == (3, 0)
    bo = Recipient.objects.get(email="bo@leksand.example")
    assert bo.organisation.code == "2029" and bo.values == {"role": "stöd"}
    assert PersonalInvitation.objects.filter(wave=wave).count() == 3
    # The link's token is not stored; only its hash finds the invitation.
    assert bo.invitation.token_hash != token_of(bo)
    assert token_of(bo) not in str(list(Recipient.objects.values()))
    # Loading the same list again changes nothing; a corrected row updates its person.
    again = load(tiny_survey, wave, "email;organisation;role\nbo@leksand.example;2029;ledning\n")
    assert (again.added, again.updated, again.unchanged) == (0, 1, 0)
    counts = {(i.organisation.code, i.group): i.count for i in Invited.objects.filter(wave=wave)}
    assert counts[("2029", "ledning")] == 1


def test_every_problem_is_reported_with_its_row_and_nothing_is_stored(tiny_survey, wave):
    text = (
        "email;organisation;role\n"
        "inte-en-adress;Falun;ledning\n"
        "anna@falun.example;Falun;ledning\n"
        "ANNA@falun.example;Falun;ledning\n"
        "bo@falun.example;Atlantis kommun;ledning\n"
        "cia@falun.example;Falun;chef\n"
        "dan@falun.example;Falun;ledning\n"
    )
    with pytest.raises(InputError) as caught:
        load(tiny_survey, wave, text)
    messages = [str(p) for p in caught.value.problems]
    assert any("rad 2" in m and "ingen giltig e-postadress" in m for m in messages)
    assert any("rad 4" in m and "står redan på rad 3" in m for m in messages)
    assert any("rad 5" in m and "Atlantis" in m for m in messages)
    assert any("rad 6" in m and "”chef” är inget alternativ" in m for m in messages)
    assert Recipient.objects.count() == 0
    assert PersonalInvitation.objects.count() == 0


def test_unknown_column_and_missing_column_are_refused(tiny_survey, wave):
    with pytest.raises(InputError, match="okänd kolumn ”avdelning”"):
        load(tiny_survey, wave, "email;organisation;avdelning\na@b.se;Falun;x\n")
    with pytest.raises(InputError, match="kolumnen ”organisation” saknas"):
        load(tiny_survey, wave, "email\na@b.se\n")
    with pytest.raises(InputError, match="inga rader"):
        load(tiny_survey, wave, "email;organisation\n")


def test_windows_1252_and_xlsx_lists(tiny_survey, wave):
    import io

    from openpyxl import Workbook

    load(
        tiny_survey,
        wave,
        "email;organisation;role\nasa@höör.example;Falun;stöd\n",
    )
    content = "email;organisation;role\norjan@falun.example;Höör;stöd\n".encode("cp1252")
    import_recipients(survey=tiny_survey, wave=wave, content=content, filename="lista.csv")
    book = Workbook()
    book.active.append(["email", "organisation", "role"])
    book.active.append(["per@falun.example", "2080", "ledning"])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = buffer.getvalue()
    import_recipients(survey=tiny_survey, wave=wave, content=xlsx, filename="lista.xlsx")
    assert set(Recipient.objects.values_list("email", flat=True)) == {
        "asa@höör.example",
        "orjan@falun.example",
        "per@falun.example",
    }


def test_closed_wave_takes_no_list(tiny_survey, wave):
    close_wave(wave=wave)
    with pytest.raises(InputError, match="omgången är stängd"):
        load(tiny_survey, wave, "email;organisation\na@falun.example;Falun\n")


def test_correct_and_remove(tiny_survey, wave):
    load(tiny_survey, wave, "email;organisation;role\nanna@falun.example;Falun;ledning\n")
    anna = Recipient.objects.get()
    with pytest.raises(InputError) as caught:
        update_recipient(
            recipient=anna, email="fel", organisation=anna.organisation, values={"role": "chef"}
        )
    assert {p.field for p in caught.value.problems} == {"email", "role"}
    leksand = Organisation.objects.get(code="2029")
    update_recipient(recipient=anna, email="anna@leksand.example", organisation=leksand, values={})
    anna.refresh_from_db()
    assert (anna.email, anna.organisation, anna.invitation.organisation) == (
        "anna@leksand.example",
        leksand,
        leksand,
    )
    assert {(i.organisation.code, i.group, i.count) for i in Invited.objects.all()} == {
        ("2029", "", 1)
    }
    assert remove_recipients(wave=wave, ids=[anna.pk]) == 1
    assert not PersonalInvitation.objects.exists()
    assert not Invited.objects.exists()


PAGES = ("recipients", "mailings")


@pytest.mark.parametrize("name", PAGES)
def test_only_those_who_manage_the_survey_reach_the_recipient_pages(
    client_for,
    people,  # noqa: F811
    name,
):
    survey = people["survey_owner"].owned_surveys.get()
    wave = survey.waves.first()
    url = reverse(f"surveys:{name}", args=[survey.slug, wave.code])
    order = ["admin", "survey_owner", "org_owner", "org_editor", "org_reader", "stranger"]
    got = tuple(client_for(people[who]).get(url).status_code for who in order)
    assert got == (200, 200, 403, 403, 404, 404)
    assert client_for(None).get(url).status_code == 302


def test_upload_correct_and_remove_on_the_web(client_for, cast, tiny_survey, wave):
    from django.core.files.uploadedfile import SimpleUploadedFile

    tiny_survey.owners.add(cast["evaluator"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:recipients", args=[tiny_survey.slug, wave.code])
    bad = SimpleUploadedFile("lista.csv", b"email;organisation\nfel;Falun\n")
    page = client.post(url, {"form": "upload", "file": bad})
    assert "ingen giltig e-postadress" in page.content.decode()
    assert not Recipient.objects.exists()
    good = SimpleUploadedFile(
        "lista.csv",
        b"email;organisation;role\nanna@falun.example;Falun;ledning\nbo@x.example;2029;\n",
    )
    assert client.post(url, {"form": "upload", "file": good}).status_code == 302
    page = client.get(url).content.decode()
    assert "Falu" in page and "anna@falun.example" in page and "Leksand" in page
    anna = Recipient.objects.get(email="anna@falun.example")
    edit = reverse("surveys:recipient_edit", args=[tiny_survey.slug, wave.code, anna.pk])
    response = client.post(
        edit, {"email": "anna@falun.example", "organisation": "Atlantis", "attr_role": ""}
    )
    assert response.status_code == 200 and "Atlantis" in response.content.decode()
    response = client.post(
        edit, {"email": "anna2@falun.example", "organisation": "Falun", "attr_role": "stöd"}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.email, anna.values) == ("anna2@falun.example", {"role": "stöd"})
    client.post(url, {"form": "remove", "recipient": [anna.pk]})
    assert list(Recipient.objects.values_list("email", flat=True)) == ["bo@x.example"]


def test_list_is_deleted_a_period_after_the_wave_closed(tiny_survey, wave):
    from kompass.governance.domain.retention import run

    load(tiny_survey, wave, "email;organisation;role\nanna@falun.example;Falun;ledning\n")
    close_wave(wave=wave)
    wave.refresh_from_db()
    run(now=wave.closed_at + datetime.timedelta(days=89))
    assert Recipient.objects.count() == 1
    run(now=wave.closed_at + datetime.timedelta(days=91))
    assert not Recipient.objects.exists()
    assert not PersonalInvitation.objects.exists()
    # What the response rates need stays: how many were invited.
    assert Invited.objects.get(wave=wave).count == 1


def test_list_changes_are_in_the_trail_without_addresses(tiny_survey, wave):
    from kompass.audit.models import AuditEntry

    start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    load(tiny_survey, wave, "email;organisation;role\nanna@falun.example;2080;ledning\n")
    anna = Recipient.objects.get(email="anna@falun.example")
    update_recipient(
        recipient=anna,
        email="anna.ek@falun.example",
        organisation=anna.organisation,
        values={"role": "ledning"},
    )
    remove_recipients(wave=wave, ids=[anna.pk])
    entries = AuditEntry.objects.filter(
        object_kind="surveys.wave", object_id=str(wave.pk), pk__gt=start
    )
    actions = sorted(entries.values_list("action", flat=True))
    assert actions == ["delete", "import", "update"]
    assert "falun.example" not in str(list(entries.values("before", "after")))
