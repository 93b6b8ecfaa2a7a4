"""The table of counts stays in step with the respondents: an import adds its own
counts, web answers are counted when results are next read, a deletion recounts."""

from contextlib import contextmanager

import numpy as np
from django.db import connection, transaction

from kompass.surveys.domain.counts import count_new, lock_state, refresh_counts
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.instrument import layout_of
from kompass.surveys.domain.results import survey_results
from kompass.surveys.domain.surveys import add_wave, delete_wave
from kompass.surveys.models import Comment, CountsState, GroupCounts, Respondent
from tests.surveys.conftest import TINY_HEADER, csv_file


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
    assert after.size("2024-10") == before.size("2024-10") + 1
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
    assert survey_results(subtraction_survey).size("2025-05") == 1
    delete_wave(wave=extra)
    results = survey_results(subtraction_survey)
    assert results.wave_codes == ["2024-10"]
    assert (
        np.sum(results.analysis.respondents[results.analysis.cells["grouping"].to_numpy() == ""])
        == 41
    )


def test_results_are_reused_until_something_changes(subtraction_survey):
    assert survey_results(subtraction_survey) is survey_results(subtraction_survey)


def _add(survey, key, *, wave=None, pk=None):
    first = Respondent.objects.order_by("id").first()
    return Respondent.objects.create(
        **({"pk": pk} if pk else {}),
        survey=survey,
        wave=wave or first.wave,
        organisation=first.organisation,
        key=key,
        attrs=bytes(first.attrs),
        answers=bytes(first.answers),
        source="w",
    )


def _recounted(survey):
    """The counts a full recount from the respondents gives (the stored ones restored)."""
    stored = list(GroupCounts.objects.filter(survey=survey).values())
    state = CountsState.objects.filter(survey=survey).values().first()
    GroupCounts.objects.filter(survey=survey).delete()
    CountsState.objects.filter(survey=survey).delete()
    refresh_counts(survey)
    fresh = _counts(survey)
    GroupCounts.objects.filter(survey=survey).delete()
    CountsState.objects.filter(survey=survey).delete()
    GroupCounts.objects.bulk_create([GroupCounts(**row) for row in stored])
    CountsState.objects.create(**state)
    return fresh


def test_counting_marks_exactly_what_it_counted(subtraction_survey):
    survey, layout = subtraction_survey, layout_of(subtraction_survey)
    refresh_counts(survey)
    assert not Respondent.objects.filter(counted=False).exists()
    _add(survey, "web:before")
    assert Respondent.objects.get(key="web:before").counted is False  # stored unmarked
    with transaction.atomic():
        state = lock_state(survey)
        count_new(survey, layout, state)
    state.refresh_from_db()
    assert state.respondents == 42 and Respondent.objects.get(key="web:before").counted
    assert sum(n for n, _c in _counts(survey).values()) == 42
    version = state.version
    refresh_counts(survey)  # nothing new: nothing counted twice, the version stays
    assert CountsState.objects.get(survey=survey).version == version
    assert sum(n for n, _c in _counts(survey).values()) == 42
    assert _counts(survey) == _recounted(survey)


def test_an_answer_with_a_low_random_id_is_counted_once(subtraction_survey):
    # Ids are random: a new answer may have the lowest id of all. The flag, not the id,
    # says it is new.
    survey = subtraction_survey
    refresh_counts(survey)
    _add(survey, "web:low", pk=1)
    refresh_counts(survey)
    assert sum(n for n, _c in _counts(survey).values()) == 42
    refresh_counts(survey)
    assert sum(n for n, _c in _counts(survey).values()) == 42
    assert _counts(survey) == _recounted(survey)


def test_a_removed_answer_triggers_a_recount(subtraction_survey):
    survey = subtraction_survey
    refresh_counts(survey)
    gone = Respondent.objects.order_by("id").first()
    Comment.objects.filter(respondent=gone).delete()
    gone.delete()
    _add(survey, "web:new")  # one removed, one added: the number stays, the counts not
    refresh_counts(survey)
    assert sum(n for n, _c in _counts(survey).values()) == 41
    assert _counts(survey) == _recounted(survey)


@contextmanager
def _web_answer_during_import(survey):
    """A web answer that commits while an import is running: a trigger inserts it right
    after the import's first row."""
    table = Respondent._meta.db_table
    random = (
        "(floor(random() * 9e18))::bigint + 1"
        if connection.vendor == "postgresql"
        else "abs(random() / 2) + 1"
    )
    values = (
        f"{random}, NEW.survey_id, NEW.wave_id, NEW.organisation_id, 'web:concurrent', "
        "NEW.attrs, NEW.answers, 'w'"
    )
    insert = (
        f"INSERT INTO {table} (id, survey_id, wave_id, organisation_id, key, attrs, answers, "
        "source) "
        f"SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE key = 'web:concurrent')"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION kompass_test_concurrent() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN IF NEW.source = 'i' THEN {insert}; END IF; RETURN NEW; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER kompass_test_concurrent AFTER INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION kompass_test_concurrent()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER kompass_test_concurrent AFTER INSERT ON {table} "
                f"WHEN NEW.source = 'i' BEGIN {insert}; END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER kompass_test_concurrent ON {table}")
                cursor.execute("DROP FUNCTION kompass_test_concurrent()")
            else:
                cursor.execute("DROP TRIGGER kompass_test_concurrent")


def test_a_web_answer_stored_during_an_import_is_counted(subtraction_survey):
    survey = subtraction_survey
    refresh_counts(survey)  # current: the import adds its own counts
    rows = [[f"n{i}", "2025-05", "2029", "ledning", "3", "4", ""] for i in range(6)]
    with _web_answer_during_import(survey):
        import_responses(survey=survey, content=csv_file(rows, TINY_HEADER), filename="maj.csv")
    assert Respondent.objects.filter(key="web:concurrent").exists()
    state = CountsState.objects.get(survey=survey)
    assert state.respondents == 41 + 6  # the import records what it counted, not the live 48
    refresh_counts(survey)
    assert sum(n for n, _c in _counts(survey).values()) == Respondent.objects.count() == 48
    assert _counts(survey) == _recounted(survey)
