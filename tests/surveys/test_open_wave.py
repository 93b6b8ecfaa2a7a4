"""No differencing over time: while a wave is open only its respondents are counted
(themselves protected by k); its results are computed when it closes, and a closed wave
takes no more answers, on the web or from a file, and cannot be opened again."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompass.core.errors import InputError
from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import (
    ensure_links,
    new_submission_id,
    resolve_token,
    submit_response,
)
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.results import summary, survey_results
from kompass.surveys.domain.surveys import add_wave, close_wave, update_wave
from kompass.surveys.report import build_cohort_report, build_organisation_report
from tests.anonymity.auditor import audit
from tests.conftest import make_user
from tests.surveys.conftest import TINY_HEADER, csv_file, subtraction_rows


@pytest.fixture
def open_wave(tiny_survey):
    today = timezone.localdate()
    wave = add_wave(
        survey=tiny_survey,
        code="2024-10",
        opens=today - datetime.timedelta(days=2),
        closes=today + datetime.timedelta(days=10),
    )
    import_responses(
        survey=tiny_survey, content=csv_file(subtraction_rows(), TINY_HEADER), filename="a.csv"
    )
    return wave


def _answer(survey, wave, code="2029"):
    link = next(
        link for link in ensure_links(survey=survey, wave=wave) if link.organisation.code == code
    )
    access = resolve_token(link.token)
    data = {"attr-role": "stöd", "q-1": "5", "q-2": "1", "q-kommentar": "Hemligt."}
    assert submit_response(access=access, data=data, submission=new_submission_id())


def test_an_open_wave_publishes_counts_only(tiny_survey, open_wave):
    results = survey_results(tiny_survey)
    data = summary(results)
    assert {c["suppressed"] for c in data["cells"]} == {"wave_open"}
    assert all(c["n"] is None and c["mean"] is None and c["dist"] is None for c in data["cells"])
    assert {c["suppressed"] for c in data["theme_cells"]} == {"wave_open"}
    assert data["changes"] == [] and all(c["n"] is None for c in data["comments"])
    assert data["waves"][0]["open"] is True and data["waves"][0]["respondents"] == 41
    groups = {json.dumps(g["group"], sort_keys=True): g for g in data["groups"]}
    stod = groups[json.dumps({"organisation": "2029", "role": "stöd"}, sort_keys=True)]
    assert stod["respondents"] is None  # two people: "färre än 5", even for counts
    assert stod["respondents_suppressed"] == "few_respondents"
    assert audit(data) == []
    # No result exists in memory either: an open wave's answers are not analysed.
    assert (results.analysis.n == 0).all() and (results.analysis.steps == 0).all()


def test_reports_of_an_open_wave_say_when_results_come(tiny_survey, open_wave):
    leksand = Organisation.objects.get(code="2029")
    for report in (
        build_cohort_report(tiny_survey),
        build_organisation_report(tiny_survey, leksand),
    ):
        texts = [b.text for s in report.sections for b in s.blocks if hasattr(b, "text")]
        assert "Resultaten visas när omgången har stängt." in texts
        captions = [t.caption for t in report.tables()]
        assert not any(c.startswith("Genomsnitt") for c in captions)
        assert "Antal svarande per omgång" in captions


def test_one_more_answer_changes_only_the_counts(tiny_survey, open_wave):
    before = summary(survey_results(tiny_survey))
    _answer(tiny_survey, open_wave)
    after = summary(survey_results(tiny_survey))

    def without_counts(data):
        data = json.loads(json.dumps(data))
        for row in data["groups"] + data["waves"]:
            row.pop("respondents"), row.pop("respondents_suppressed")
        return data

    assert without_counts(after) == without_counts(before)
    assert after["waves"][0]["respondents"] == before["waves"][0]["respondents"] + 1


def test_closing_computes_the_results_and_ends_answering(tiny_survey, open_wave):
    _answer(tiny_survey, open_wave)
    close_wave(wave=open_wave)
    data = summary(survey_results(tiny_survey))
    everyone = next(c for c in data["cells"] if c["group"] == {} and c["item"] == "1")
    assert everyone["suppressed"] is None and everyone["n"] == 42
    assert audit(data) == []
    link = ensure_links(survey=tiny_survey, wave=open_wave)[0]
    access = resolve_token(link.token)
    assert not access.is_open
    with pytest.raises(InputError, match="stängd"):
        submit_response(access=access, data={"attr-role": "stöd"}, submission=new_submission_id())
    more = [["ny1", "2024-10", "2029", "ledning", "3", "3", ""]]
    with pytest.raises(InputError) as info:
        import_responses(survey=tiny_survey, content=csv_file(more, TINY_HEADER), filename="b.csv")
    assert "omgång 2024-10 är stängd och tar inte emot fler svar" in str(info.value)
    assert info.value.problems[0].row == 2


def test_a_closed_wave_cannot_be_opened_again(tiny_survey, open_wave):
    close_wave(wave=open_wave)
    later = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(InputError, match="kan inte öppnas igen"):
        update_wave(wave=open_wave, name="Omgång", date=open_wave.date, closes=later)
    with pytest.raises(InputError, match="kan inte öppnas igen"):
        update_wave(wave=open_wave, name="Omgång", date=open_wave.date, closes=None)
    open_wave.refresh_from_db()
    assert open_wave.is_closed()


def test_a_wave_whose_last_day_has_passed_is_closed(tiny_survey, open_wave):
    today = timezone.localdate()
    assert not open_wave.is_closed(today)
    assert open_wave.is_closed(open_wave.closes + datetime.timedelta(days=1))
    update_wave(
        wave=open_wave,
        name=open_wave.name,
        date=open_wave.date,
        closes=today - datetime.timedelta(days=1),
    )
    open_wave.refresh_from_db()
    assert open_wave.is_closed() and not open_wave.takes_answers()
    # No more answers, but the results wait for a second person to release them
    # (tests/surveys/test_release.py): a date cannot skip the four eyes.
    data = summary(survey_results(tiny_survey))
    assert data["waves"][0]["open"] is True
    assert not any(c["suppressed"] is None for c in data["cells"])
    from kompass.surveys.domain.release import approve_release, request_release

    owner, second = make_user("enkatagare"), make_user("enkatagare2")
    tiny_survey.owners.add(owner, second)
    request_release(wave=open_wave, user=owner)
    approve_release(wave=open_wave, user=second)
    data = summary(survey_results(tiny_survey))
    assert data["waves"][0]["open"] is False
    assert any(c["suppressed"] is None for c in data["cells"])


def test_owner_closes_a_wave_on_its_page(client_for, cast, tiny_survey, open_wave):
    owner = make_user("enkatagare", evaluator=True)
    tiny_survey.owners.add(owner)
    client = client_for(owner)
    page = client.get(reverse("surveys:wave_edit", args=["liten", "2024-10"])).content.decode()
    assert "Stäng 2024-10" in page or "Stäng Oktober 2024" in page
    assert (
        client_for(cast["editor"])
        .post(reverse("surveys:wave_close", args=["liten", "2024-10"]))
        .status_code
        == 403
    )
    client_for(owner).post(reverse("surveys:wave_close", args=["liten", "2024-10"]))
    open_wave.refresh_from_db()
    assert not open_wave.closed  # asked; a second person releases
    client_for(cast["admin"]).post(
        reverse("surveys:wave_close", args=["liten", "2024-10"]), {"action": "approve"}
    )
    open_wave.refresh_from_db()
    assert open_wave.closed


def test_the_links_page_shows_counts_never_who_or_when(client_for, tiny_survey, open_wave):
    owner = make_user("enkatagare", evaluator=True)
    tiny_survey.owners.add(owner)
    ensure_links(survey=tiny_survey, wave=open_wave)
    page = client_for(owner).get(reverse("surveys:links", args=["liten", "2024-10"]))
    text = page.content.decode()
    assert "Svarande" in text and "14" in text  # Leksand: 14, a count
    assert "aldrig när eller vad" in text


def test_import_can_close_its_waves(tiny_survey, tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes(csv_file(subtraction_rows(), TINY_HEADER))
    out = StringIO()
    call_command("survey", "import", "--survey", "liten", str(path), "--close", stdout=out)
    assert "Omgång 2024-10 är stängd; resultaten visas." in out.getvalue()
    assert tiny_survey.waves.get().closed
