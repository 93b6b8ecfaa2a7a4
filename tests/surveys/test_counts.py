"""The table of counts stays in step with the respondents: an import adds its own
counts, web answers are counted when results are next read, a deletion recounts."""

import numpy as np

from kompass.surveys.domain.counts import refresh_counts
from kompass.surveys.domain.results import survey_results
from kompass.surveys.domain.surveys import add_wave, delete_wave
from kompass.surveys.models import CountsState, GroupCounts, Respondent


def _counts(survey):
    return {
        (g.wave_id, g.organisation_id, bytes(g.attrs)): (g.respondents, bytes(g.counts))
        for g in GroupCounts.objects.filter(survey=survey)
    }


def test_import_counts_equal_a_full_recount(subtraction_survey):
    after_import = _counts(subtraction_survey)
    GroupCounts.objects.all().delete()
    CountsState.objects.all().delete()
    refresh_counts(subtraction_survey)
    assert _counts(subtraction_survey) == after_import
    assert sum(n for n, _c in after_import.values()) == Respondent.objects.count() == 41


def test_new_respondent_is_added_to_the_counts(subtraction_survey):
    before = survey_results(subtraction_survey)
    first = Respondent.objects.order_by("id").first()
    Respondent.objects.create(
        survey=subtraction_survey,
        wave=first.wave,
        organisation=first.organisation,
        key="extra",
        attrs=bytes(first.attrs),
        answers=bytes(first.answers),
        source="w",
    )
    after = survey_results(subtraction_survey)
    assert after is not before
    assert after.respondents("2024-10") == before.respondents("2024-10") + 1
    assert sum(n for n, _c in _counts(subtraction_survey).values()) == 42


def test_deleting_a_wave_recounts(subtraction_survey):
    extra = add_wave(survey=subtraction_survey, code="2025-05")
    first = Respondent.objects.order_by("id").first()
    Respondent.objects.create(
        survey=subtraction_survey,
        wave=extra,
        organisation=first.organisation,
        key="x",
        attrs=b"\x01",
        answers=bytes([2, 2, 0]),
        source="w",
    )
    assert survey_results(subtraction_survey).respondents("2025-05") == 1
    delete_wave(wave=extra)
    results = survey_results(subtraction_survey)
    assert results.wave_codes == ["2024-10"]
    assert (
        np.sum(results.analysis.respondents[results.analysis.cells["grouping"].to_numpy() == ""])
        == 41
    )


def test_results_are_reused_until_something_changes(subtraction_survey):
    assert survey_results(subtraction_survey) is survey_results(subtraction_survey)
