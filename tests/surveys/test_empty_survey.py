"""A survey without answers (just created, or only waves without answers yet) has a
summary: an empty state on the page, in the API and in `kompass survey summary`, never
an error."""

import json
from io import StringIO

from django.core.management import call_command

from kompass.organisations.models import Organisation
from kompass.surveys.domain.results import summary, survey_results
from kompass.surveys.domain.surveys import add_organisations, add_wave
from tests.conftest import make_user


def _empty(tiny_survey, *, with_wave: bool):
    if with_wave:
        add_organisations(survey=tiny_survey, organisations=[Organisation.objects.get(code="2029")])
        add_wave(survey=tiny_survey, code="2025-01")
    return tiny_survey


def _assert_empty(data: dict, *, waves: int):
    assert data["cells"] == [] and data["groups"] == [] and data["changes"] == []
    assert data["comments"] == [] and data["theme_cells"] == []
    assert len(data["waves"]) == waves
    assert all(w["respondents"] == 0 for w in data["waves"])


def test_summary_of_a_survey_without_answers(tiny_survey):
    for with_wave in (False, True):
        survey = _empty(tiny_survey, with_wave=with_wave)
        data = summary(survey_results(survey))
        _assert_empty(data, waves=int(with_wave))
        assert [o["code"] for o in data["organisations"]] == (["2029"] if with_wave else [])
        out = StringIO()
        call_command("survey", "summary", survey.slug, "--format", "json", stdout=out)
        _assert_empty(json.loads(out.getvalue()), waves=int(with_wave))
        out = StringIO()
        call_command("survey", "summary", survey.slug, stdout=out)
        assert out.getvalue()


def test_pages_and_api_of_a_survey_without_answers(tiny_survey, client):
    owner = make_user("agare", evaluator=True)
    tiny_survey.owners.add(owner)
    client.force_login(owner)
    slug = tiny_survey.slug
    for with_wave in (False, True):
        survey = _empty(tiny_survey, with_wave=with_wave)
        api = client.get(f"/api/surveys/{slug}/summary")
        assert api.status_code == 200
        _assert_empty(api.json(), waves=int(with_wave))
        urls = [
            f"/enkater/{slug}/",
            f"/enkater/{slug}/resultat/",
            f"/rapporter/enkat/{slug}/?format=html",
            f"/rapporter/enkat/{slug}/?format=xlsx",
        ]
        if with_wave:
            assert client.get(f"/api/surveys/{slug}/summary?organisation=2029").status_code == 200
            urls += [
                f"/enkater/{slug}/organisation/2029/",
                f"/rapporter/enkat/{slug}/?organisation=2029&format=html",
            ]
        for url in urls:
            assert client.get(url).status_code == 200, url
        survey.refresh_from_db()
