"""Information about others stays hidden (docs/permissions.md): another organisation's
private peer group is never named, an import answers in the same words whether an object
does not exist or the user may not see it, and evidence notes are read only by the
evaluated organisation and its evaluators."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kompass.core.errors import InputError
from kompass.evaluations.domain import editing
from kompass.evaluations.models import Evaluation
from kompass.indicators.domain.keyratios import define_table
from kompass.organisations.domain.peers import create_peer_group
from kompass.organisations.models import Organisation
from kompass.surveys.domain.surveys import create_survey
from tests.evaluations.conftest import evaluation_yaml, leksand_2023  # noqa: F401 (fixture)
from tests.evaluations.test_comparisons import make

pytestmark = pytest.mark.django_db

SECRET_GROUP = "Leksands hemliga jämförelse"


# -- peer groups -------------------------------------------------------------------------


@pytest.fixture
def private_group(leksand_2023, kk2020):  # noqa: F811 (the imported fixture)
    make(kk2020, "2031", "2021-01-01", "0.5")  # Rättvik: a published evaluation in the group
    return create_peer_group(
        name=SECRET_GROUP,
        kind="hand_picked",
        members=["2029", "2031", "2034"],
        owner=Organisation.objects.get(code="2029"),
    )


@pytest.mark.parametrize(
    ("role", "named"),
    [
        ("admin", True),
        ("owner", True),
        ("reader", True),
        ("outsider", False),
        ("evaluator", False),
        ("other_evaluator", False),
    ],
)
def test_a_private_peer_group_is_named_only_to_its_organisation(
    private_group,
    leksand_2023,  # noqa: F811 (the imported fixture)
    cast,
    client_for,
    role,
    named,
):
    """The published Leksand evaluation is read by everyone signed in; its comparison
    list offers Leksand's own group only to those who may read Leksand."""
    client = client_for(cast[role])
    page = client.get(f"/utvarderingar/{leksand_2023.pk}/").content.decode()
    assert (SECRET_GROUP in page) is named
    chosen = client.get(f"/utvarderingar/{leksand_2023.pk}/?jamfor=group-{private_group.pk}")
    assert chosen.status_code == 200
    assert (SECRET_GROUP in chosen.content.decode()) is named
    report = client.get(f"/rapporter/utvardering/{leksand_2023.pk}/?format=html")
    assert SECRET_GROUP not in report.content.decode("utf-8") or named


# -- imports: the same words for "does not exist" and "may not see" ----------------------


def _import(client, text):
    upload = SimpleUploadedFile("utv.yaml", text.encode("utf-8"))
    return client.post("/utvarderingar/importera/", {"file": upload, "replace": "on"})


def test_evaluation_import_does_not_reveal_a_hidden_draft(base_data, kk2020, cast, client_for):
    """A draft of Leksand assigned to another evaluator is invisible to the evaluator of
    the cast: importing a file for the same organisation, instrument and date makes a new
    evaluation, exactly as when there is none (no "already exists", no id, no 403)."""
    hidden = Evaluation.objects.create(
        organisation=Organisation.objects.get(code="2029"),
        framework=kk2020,
        date=datetime.date(2024, 5, 2),
    )
    hidden.evaluators.add(cast["other_evaluator"])
    client = client_for(cast["evaluator"])
    response = _import(client, evaluation_yaml())
    assert response.status_code == 302
    created = Evaluation.objects.exclude(pk=hidden.pk).get(date=datetime.date(2024, 5, 2))
    assert response["Location"] == f"/utvarderingar/{created.pk}/"
    assert str(hidden.pk) not in response["Location"]
    # The hidden draft is untouched.
    hidden.refresh_from_db()
    assert list(hidden.evaluators.all()) == [cast["other_evaluator"]]
    # Without --replace, the visible one (the evaluator's own) is named as before.
    again = client.post(
        "/utvarderingar/importera/",
        {"file": SimpleUploadedFile("utv.yaml", evaluation_yaml().encode("utf-8"))},
    )
    text = again.content.decode()
    assert f"(id {created.pk})" in text and f"(id {hidden.pk})" not in text


def _survey_problem(**kwargs) -> str:
    with pytest.raises(InputError) as info:
        create_survey(**kwargs)
    return "\n".join(info.value.messages)


def test_survey_creation_says_the_same_for_a_hidden_and_a_missing_instrument(
    base_data, cast, leksand
):
    from kompass.frameworks.models import Framework

    shipped = Framework.objects.filter(kind=Framework.Kind.SURVEY).first()
    own = Framework.objects.create(
        identifier="leksands-egen",
        name="Leksands egen",
        kind=Framework.Kind.SURVEY,
        family="leksands-egen",
        version="1",
        organisation=leksand,
        source_text=shipped.source_text,
        checksum=shipped.checksum,
    )
    user = cast["outsider"]  # Rättvik: may not see Leksand's instrument
    hidden = _survey_problem(slug="prov-a", framework=own.identifier, user=user)
    missing = _survey_problem(slug="prov-b", framework="finns-inte-alls", user=user)
    assert hidden.replace(own.identifier, "X") == missing.replace("finns-inte-alls", "X")
    assert "leksands-egen" not in hidden.split("(kända")[1]


def test_survey_slug_taken_by_a_hidden_survey_says_no_more_than_a_reserved_one(base_data, cast):
    from kompass.frameworks.models import Framework

    instrument = Framework.objects.filter(kind=Framework.Kind.SURVEY, organisation=None).first()
    create_survey(slug="hemlig-enkat", framework=instrument, user=cast["admin"])
    user = cast["evaluator"]  # may create surveys; does not see the administrator's
    taken = _survey_problem(slug="hemlig-enkat", framework=instrument, user=user)
    reserved = _survey_problem(slug="ny", framework=instrument, user=user)
    assert taken.replace("hemlig-enkat", "X") == reserved.replace("ny", "X")
    assert "finns" not in taken


def test_key_ratio_definition_does_not_reveal_another_organisations_table(base_data, cast):
    hidden = "table: rattvik-intern\nname: Intern\nowner: '2031'\nmetrics:\n  - {key: a, name: A}\n"
    define_table(text=hidden)
    mine = hidden.replace("owner: '2031'", "owner: '2029'")
    with pytest.raises(InputError) as taken:
        define_table(text=mine, user=cast["editor"])  # Leksand's editor
    with pytest.raises(InputError) as reserved:
        define_table(text=mine.replace("rattvik-intern", "kolada"), user=cast["editor"])
    message = "\n".join(taken.value.messages)
    assert "kortnamnet ”rattvik-intern” är upptaget; välj ett annat" in message
    assert "får inte ändra" not in message and "används redan" not in message
    assert "rattvik" not in "\n".join(reserved.value.messages).replace("kolada", "")


def test_key_ratio_import_page_of_a_hidden_table_is_a_plain_404(base_data, cast, client_for):
    define_table(
        text="table: rattvik-intern\nname: Intern\nowner: '2031'\nmetrics:\n  - {key: a, name: A}\n"
    )
    client = client_for(cast["editor"])
    hidden = client.get("/nyckeltal/tabeller/rattvik-intern/importera/")
    missing = client.get("/nyckeltal/tabeller/finns-inte-alls/importera/")
    assert hidden.status_code == missing.status_code == 404


# -- evidence notes -----------------------------------------------------------------------

NOTE = "Intervju med förvaltningschefen: dialogforum saknas."


@pytest.fixture
def noted(leksand_2023, cast):  # noqa: F811 (the imported fixture)
    leksand_2023.evaluators.add(cast["evaluator"])
    leksand_2023.status = Evaluation.Status.DRAFT
    leksand_2023.save()
    editing.add_evidence(
        evaluation=leksand_2023,
        subarea_code="1.1",
        source="interview",
        text=NOTE,
        user=cast["evaluator"],
    )
    leksand_2023.status = Evaluation.Status.PUBLISHED
    leksand_2023.save()
    return leksand_2023


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        ("admin", True),
        ("evaluator", True),
        ("owner", True),
        ("reader", True),
        ("outsider", False),
        ("other_evaluator", False),
    ],
)
def test_evidence_notes_are_for_the_organisation_and_its_evaluators(
    noted, cast, client_for, role, reads
):
    client = client_for(cast[role])
    score_page = client.get(f"/utvarderingar/{noted.pk}/poang/")
    assert score_page.status_code == 200
    assert (NOTE in score_page.content.decode()) is reads
    for fmt in ("yaml", "json"):
        data = client.get(f"/rapporter/utvardering/{noted.pk}/?format={fmt}")
        assert data.status_code == 200
        text = data.content.decode("utf-8").encode().decode("unicode_escape", "ignore")
        assert (
            "dialogforum saknas" in data.content.decode("utf-8") or "dialogforum" in text
        ) is reads
    # The published report never carries the notes, for anybody.
    report = client.get(f"/rapporter/utvardering/{noted.pk}/?format=html")
    assert NOTE not in report.content.decode("utf-8")
