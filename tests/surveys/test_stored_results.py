"""The analysis kept on disk (`stored_results`): the first page after a restart reads
what was computed when the data changed, and can never read a stale or planted one."""

import pickle

import numpy as np
import pytest

from kompass.analytics.survey_analysis import analyse
from kompass.organisations.models import Organisation
from kompass.surveys.domain import results, stored_results
from kompass.surveys.domain.counts import load_counts
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.instrument import layout_of
from kompass.surveys.domain.surveys import (
    add_organisations,
    add_wave,
    close_wave,
    remove_organisation,
    update_settings,
)
from kompass.surveys.models import Respondent
from tests.surveys.conftest import TINY_HEADER, close_waves, csv_file, subtraction_rows


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(stored_results, "_place", stored_results._place)
    stored_results.use_dir(tmp_path, "the installation's secret")
    results._cache.clear()
    yield tmp_path
    results._cache.clear()


def _fresh(survey):
    """The results as a new process computes them: nothing in memory."""
    results._cache.clear()
    return results.survey_results(survey)


def _same_pattern(a, b) -> None:
    assert np.array_equal(a.analysis.code, b.analysis.code)
    assert np.array_equal(a.analysis.respondents_code, b.analysis.respondents_code)
    assert np.array_equal(a.analysis.n, b.analysis.n)


def test_a_new_process_reads_the_stored_analysis(subtraction_survey):
    first = _fresh(subtraction_survey)
    [path] = stored_results.stored(subtraction_survey.pk)
    written = path.stat().st_mtime_ns
    again = _fresh(subtraction_survey)
    assert again is not first
    assert stored_results.stored(subtraction_survey.pk) == [path]
    assert path.stat().st_mtime_ns == written  # read, not computed and written again
    _same_pattern(first, again)


def test_the_stored_analysis_is_the_one_computed_from_the_data(subtraction_survey):
    _fresh(subtraction_survey)
    stored = _fresh(subtraction_survey).analysis
    layout = layout_of(subtraction_survey)
    orgs = {o.pk: o.key for o in Organisation.objects.all()}
    waves = {w.pk: w.code for w in subtraction_survey.waves.all()}
    frame, counts = load_counts(subtraction_survey, layout, orgs, waves)
    spec = stored.spec
    computed = analyse(frame, counts, spec)
    for name in ("code", "respondents_code", "n", "mean", "steps", "theme_code"):
        assert np.array_equal(getattr(stored, name), getattr(computed, name), equal_nan=True)


def _newest(survey) -> str:
    return stored_results.stored(survey.pk)[0].name


def test_every_change_of_the_data_or_settings_gives_another_name(subtraction_survey):
    survey = subtraction_survey
    _fresh(survey)
    names = [_newest(survey)]

    def changed():
        _fresh(survey)
        names.append(_newest(survey))
        assert names[-1] not in names[:-1], names

    first = Respondent.objects.order_by("id").first()
    Respondent.objects.create(  # one answer more, from the web
        survey=survey,
        wave=first.wave,
        organisation=first.organisation,
        key="extra",
        attrs=bytes(first.attrs),
        answers=bytes(first.answers),
        source="w",
    )
    changed()
    update_settings(survey=survey, name=survey.name, description="", min_group=4)  # k
    changed()
    wave = add_wave(survey=survey, code="2025-05")  # a wave
    changed()
    close_wave(wave=wave)  # a wave released
    changed()
    falun = Organisation.objects.get(code="2080")
    add_organisations(survey=survey, organisations=[falun])  # the cohort
    changed()
    remove_organisation(survey=survey, organisation=falun)
    _fresh(survey)
    # the inputs are those from before Falun was added: so is the analysis
    assert names[-2] in [path.name for path in stored_results.stored(survey.pk)]
    assert len(stored_results.stored(survey.pk)) == stored_results.KEEP  # nothing new


def test_the_analysis_code_is_part_of_the_name(subtraction_survey):
    layout = layout_of(subtraction_survey)
    orgs = {o.pk: o.key for o in Organisation.objects.all()}
    waves = {w.pk: w.code for w in subtraction_survey.waves.all()}
    frame, counts = load_counts(subtraction_survey, layout, orgs, waves)
    spec = _fresh(subtraction_survey).analysis.spec
    by_code = {
        code: stored_results.digest(frame, counts, spec, code) for code in ("before", "after")
    }
    assert by_code["before"] != by_code["after"]
    assert stored_results.digest(frame, counts, spec) == stored_results.digest(
        frame, counts, spec, stored_results.code_fingerprint()
    )


def _planted(honest):
    """The attack: an analysis with nothing hidden, in place of the protected one."""
    analysis = honest.analysis
    code = np.zeros_like(analysis.code)
    respondents = np.zeros_like(analysis.respondents_code)
    from dataclasses import replace

    return replace(analysis, code=code, respondents_code=respondents)


@pytest.mark.parametrize("signature", ["none", "another installation's"])
def test_a_planted_file_is_never_read(subtraction_survey, signature):
    honest = _fresh(subtraction_survey)
    assert honest.analysis.code.any()  # the case has hidden cells
    [path] = stored_results.stored(subtraction_survey.pk)
    body = pickle.dumps(_planted(honest))
    if signature == "none":
        path.write_bytes(b"\0" * 32 + body)
    else:
        path.write_bytes(stored_results._sign(b"another secret", body) + body)
    again = _fresh(subtraction_survey)
    _same_pattern(honest, again)
    # and the honest analysis is written back in its place
    assert stored_results._read(path, b"the installation's secret") is not None


def test_an_import_and_a_release_compute_the_results(
    tiny_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_responses(
            survey=tiny_survey,
            content=csv_file(subtraction_rows(), TINY_HEADER),
            filename="svar.csv",
        )
    after_import = stored_results.stored(tiny_survey.pk)
    assert len(after_import) == 1
    with django_capture_on_commit_callbacks(execute=True):
        close_waves(tiny_survey)
    released = stored_results.stored(tiny_survey.pk)[0]
    assert released not in after_import
    # the page after a restart reads what the release computed
    written = released.stat().st_mtime_ns
    _fresh(tiny_survey)
    assert stored_results.stored(tiny_survey.pk)[0] == released
    assert released.stat().st_mtime_ns == written


def test_older_analyses_of_a_survey_are_removed(subtraction_survey):
    for k in (3, 4, 6, 7):
        update_settings(survey=subtraction_survey, name="x", description="", min_group=k)
        _fresh(subtraction_survey)
    assert len(stored_results.stored(subtraction_survey.pk)) == stored_results.KEEP


_SPEC_TEXT = """
from kompass.analytics.survey_analysis import AnalysisSpec
from kompass.analytics.survey_counts import Codebook
from kompass.surveys.domain.stored_results import _canonical
waves = tuple(f"20{n:02d}-03" for n in range(10, 40))
spec = AnalysisSpec(
    Codebook(()), waves=waves, open_waves=frozenset(waves[3:]),
    org_values={"vald": {"2029": "ja", "2031": "nej"}},
)
print(_canonical(spec))
"""


@pytest.mark.subprocess
def test_the_name_is_the_same_in_every_process():
    """Sets iterate in an order that follows each process's string hashing: the digest
    must not (or each worker would miss what another stored)."""
    import subprocess
    import sys

    texts = {
        subprocess.run(
            [sys.executable, "-c", _SPEC_TEXT],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(texts) == 1
    assert "2039-03" in texts.pop()
