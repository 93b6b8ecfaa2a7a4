"""Retention: with the clock moved forward (`now=`), recipient lists and free-text
answers go on schedule, dialogue notes and the trail's entries about people are
anonymised, closed accounts are erased; each run leaves an entry in the trail; a period
of zero or fewer days is refused in Swedish; `kompass retention run --dry-run` prints
what would go and changes nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from kompass.audit.models import AuditEntry
from kompass.core.errors import InputError
from kompass.governance.domain.retention import periods, run, set_rule
from kompass.governance.models import RetentionRule
from kompass.surveys.domain.answering import create_invitations
from kompass.surveys.domain.surveys import close_wave
from kompass.surveys.models import Comment, PersonalInvitation, Respondent
from tests.surveys.conftest import TINY_HEADER, csv_file, subtraction_rows

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def collected(tiny_survey, leksand):
    from kompass.surveys.domain.importing import import_responses

    import_responses(
        survey=tiny_survey, content=csv_file(subtraction_rows(), TINY_HEADER), filename="svar.csv"
    )
    wave = tiny_survey.waves.get()
    create_invitations(
        survey=tiny_survey, wave=wave, organisation=leksand, labels=["anna@leksand.se", "Bo B"]
    )
    close_wave(wave=wave)
    return wave


def _by_label(outcomes):
    return {o.label: o.count for o in outcomes}


def test_recipient_lists_and_free_text_are_deleted_on_schedule(collected):
    set_rule(kind="recipients", days=30, user=None)
    set_rule(kind="free_text", days=365, user=None)
    closed = collected.closed_at
    comments = Comment.objects.count()
    assert comments > 0 and PersonalInvitation.objects.count() == 2

    # The day before the recipient list's period ends: nothing goes.
    outcomes = run(now=closed + 29 * DAY)
    assert _by_label(outcomes)["surveys.personalinvitation"] == 0
    assert PersonalInvitation.objects.count() == 2

    # A day after: the recipient list goes, the free text stays (its period is a year).
    outcomes = run(now=closed + 31 * DAY)
    assert _by_label(outcomes)["surveys.personalinvitation"] == 2
    assert _by_label(outcomes)["surveys.comment"] == 0
    assert not PersonalInvitation.objects.exists()
    assert Comment.objects.count() == comments

    # A year and a day later the free text goes too; the answers themselves stay.
    respondents = Respondent.objects.count()
    outcomes = run(now=closed + 366 * DAY)
    assert _by_label(outcomes)["surveys.comment"] == comments
    assert not Comment.objects.exists()
    assert Respondent.objects.count() == respondents

    entries = AuditEntry.objects.filter(action="retention").order_by("pk")
    assert [(e.object_id, e.after["antal"], e.after["modell"]) for e in entries] == [
        ("recipients", 2, "surveys.personalinvitation"),
        ("free_text", comments, "surveys.comment"),
    ]
    assert all(e.who == "systemet (gallring)" for e in entries)
    # The entry says how many, never what: no address or answer text in the trail.
    assert "anna@leksand.se" not in str([e.after for e in entries])
    assert "Bra arbete" not in str([e.after for e in entries])


def test_a_wave_still_collecting_keeps_its_recipients(tiny_survey, leksand):
    from kompass.surveys.domain.surveys import add_wave

    wave = add_wave(survey=tiny_survey, code="2030-01")
    create_invitations(survey=tiny_survey, wave=wave, organisation=leksand, labels=["Cilla"])
    run(now=timezone.now() + 5000 * DAY)
    assert PersonalInvitation.objects.count() == 1


def test_dry_run_counts_and_changes_nothing(collected):
    set_rule(kind="recipients", days=10, user=None)
    outcomes = run(now=collected.closed_at + 11 * DAY, dry_run=True)
    assert _by_label(outcomes)["surveys.personalinvitation"] == 2
    assert PersonalInvitation.objects.count() == 2
    assert not AuditEntry.objects.filter(action="retention").exists()


def test_command_prints_what_it_would_delete_and_what_it_deleted(collected):
    set_rule(kind="recipients", days=1, user=None)
    day = (collected.closed_at + 3 * DAY).date().isoformat()
    out = io.StringIO()
    call_command("retention", "run", "--dry-run", "--date", day, stdout=out)
    text = out.getvalue()
    assert "surveys.personalinvitation: 2 skulle raderas" in text
    assert "inget ändrades" in text
    assert PersonalInvitation.objects.count() == 2
    # Without --date it runs now: the wave closed just now, so nothing is due yet.
    out = io.StringIO()
    call_command("retention", "run", stdout=out)
    assert "surveys.personalinvitation: 0 raderade" in out.getvalue()


def test_dialogue_notes_are_blanked_and_the_dialogue_kept(leksand):
    from kompass.followup.domain.dialogues import save_dialogue
    from kompass.followup.domain.people import save_person
    from kompass.followup.models import Dialogue

    manager = save_person(organisation=leksand, user=None, name="Mia Chef")
    dialogue = save_dialogue(
        organisation=leksand,
        user=None,
        manager=manager,
        held_on="2024-02-03",
        notes="Mia berättade om sin hälsa.",
    )
    set_rule(kind="interview_notes", days=365, user=None)
    run(now=timezone.make_aware(datetime.datetime(2025, 2, 1)))
    dialogue.refresh_from_db()
    assert dialogue.notes == "Mia berättade om sin hälsa."
    run(now=timezone.make_aware(datetime.datetime(2025, 2, 5)))
    dialogue.refresh_from_db()
    assert dialogue.notes == "" and Dialogue.objects.filter(pk=dialogue.pk).exists()


def test_interview_evidence_goes_after_publication(draft, cast):
    from kompass.evaluations.domain.editing import add_evidence
    from kompass.evaluations.models import Evaluation, Evidence

    add_evidence(evaluation=draft, subarea_code="1.1", source="interview", text="Sa X.", user=None)
    add_evidence(evaluation=draft, subarea_code="1.1", source="document", text="Plan.", user=None)
    published = timezone.make_aware(datetime.datetime(2024, 1, 10))
    Evaluation.objects.filter(pk=draft.pk).update(status="published", published_at=published)
    set_rule(kind="interview_notes", days=100, user=None)
    run(now=published + 99 * DAY)
    assert Evidence.objects.filter(evaluation=draft).count() == 2
    run(now=published + 101 * DAY)
    assert list(Evidence.objects.filter(evaluation=draft).values_list("source", flat=True)) == [
        "document"
    ]


def test_closed_accounts_are_erased_and_entries_about_people_anonymised(cast):
    from kompass.accounts.models import User
    from kompass.audit import trail

    reader = cast["reader"]
    trail.created(user=cast["admin"], obj=reader)
    User.objects.filter(pk=reader.pk).update(
        is_active=False, last_login=timezone.make_aware(datetime.datetime(2024, 1, 1))
    )
    set_rule(kind="closed_accounts", days=365, user=None)
    set_rule(kind="audit_people", days=3650, user=None)
    run(now=timezone.make_aware(datetime.datetime(2024, 12, 30)))
    reader.refresh_from_db()
    assert reader.username == "lasare"
    run(now=timezone.make_aware(datetime.datetime(2025, 1, 2)))
    reader.refresh_from_db()
    assert reader.username == f"borttagen-{reader.pk}" and reader.first_name == ""
    assert not reader.memberships.exists() and not reader.has_usable_password()
    about = AuditEntry.objects.filter(object_kind="accounts.user", object_id=str(reader.pk))
    assert "Lasare" not in str(list(about.values_list("object_label", "before", "after")))
    # Entries about other people are anonymised when their own period has passed.
    trail.created(user=cast["admin"], obj=cast["editor"])
    run(now=timezone.now() + 3651 * DAY)
    entry = AuditEntry.objects.filter(object_id=str(cast["editor"].pk), action="create").get()
    assert entry.anonymised and entry.after == {} and entry.object_label == "(gallrad)"


@pytest.mark.parametrize("days", [0, -5])
def test_zero_or_negative_period_is_refused_in_swedish(days):
    with pytest.raises(InputError, match="Lagringstiden måste vara minst en dag"):
        set_rule(kind="free_text", days=days, user=None)
    assert not RetentionRule.objects.exists()
    rule = RetentionRule(kind="free_text", days=days)
    with pytest.raises(ValidationError, match="minst en dag"):
        rule.full_clean()


def test_the_admin_refuses_a_zero_period(cast, client_for):
    client = client_for(cast["admin"])
    response = client.post(
        "/admin/governance/retentionrule/add/", {"kind": "recipients", "days": "0", "reason": ""}
    )
    assert response.status_code == 200
    assert "Lagringstiden måste vara minst en dag" in response.content.decode()
    response = client.post(
        "/admin/governance/retentionrule/add/",
        {"kind": "recipients", "days": "45", "reason": "KS 2026/12"},
    )
    assert response.status_code == 302
    assert periods()["recipients"] == 45
    assert AuditEntry.objects.filter(object_kind="governance.retentionrule").exists()


def test_environment_setting_refuses_zero_and_unknown_kinds():
    from kompass.settings import parse_retention_days

    assert parse_retention_days("recipients=30, free_text=400") == {
        "recipients": 30,
        "free_text": 400,
    }
    with pytest.raises(ValueError, match="minst en dag"):
        parse_retention_days("recipients=0")
    with pytest.raises(ValueError, match="SORT=DAGAR"):
        parse_retention_days("mottagare=30")


def test_the_worker_starts_the_daily_job_once_a_day(settings):
    from kompass.jobs.models import Job
    from kompass.jobs.periodic import start_due

    now = timezone.make_aware(datetime.datetime(2026, 5, 1, 10))
    retention = "kompass.governance.jobs.retention_job"

    def started(at):  # other periodic jobs (the survey reminders) run more often
        return [j.function for j in start_due(now=at) if j.function == retention]

    assert started(now) == [retention]
    assert started(now + datetime.timedelta(hours=5)) == []
    assert started(now + DAY) == [retention]
    assert Job.objects.filter(function="kompass.governance.jobs.retention_job").count() == 2
