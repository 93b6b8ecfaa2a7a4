"""Jobs: progress, result files, retries with backoff, errors that are not retried, who
may see a job and its files, and the worker command in-process against the test database."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kompass.jobs import enqueue
from kompass.jobs.models import Job
from tests.jobs import probe

# The worker runs in this process and, like any worker, closes database connections
# between jobs; inside a test transaction that would end it on PostgreSQL. These tests
# therefore run with real commits (the worker sees what the test stored, as in production).
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("worker", "--once", "--sleep", "0", "--no-periodic", verbosity=0)


@pytest.fixture
def owner(cast):
    return cast["editor"]


def test_progress_and_result_file(db, owner):
    job = enqueue(probe.count_to, user=owner, title="Räkna", total=7)
    assert job.status == Job.Status.QUEUED and job.task_id
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.message) == ("succeeded", 7, 7, "steg 7")
    assert job.attempts == 1 and job.finished_at is not None
    [result] = job.files.all()
    assert result.name == "svar.txt" and result.file.read() == "räknade till 7".encode()


def test_unexpected_errors_are_retried_with_growing_backoff(db, owner):
    job = enqueue(probe.flaky, user=owner, title="Ostadig", succeed_on=3)
    assert job.max_attempts == 3
    delays = []
    for attempt in (1, 2):
        before = timezone.now()
        run_worker()
        job.refresh_from_db()
        assert (job.status, job.attempts) == ("queued", attempt)
        assert "ConnectionError" in job.error
        retry = DBTaskResult.objects.ready().filter(args_kwargs__args=[str(job.pk)])
        assert not retry.exists()  # it waits for its backoff
        waiting = DBTaskResult.objects.filter(status="READY", args_kwargs__args=[str(job.pk)])
        [task] = waiting
        delays.append((task.run_after - before).total_seconds())
        assert abs((job.next_attempt_at - task.run_after).total_seconds()) < 1
        run_worker()  # nothing is due: the job is not run before its time
        job.refresh_from_db()
        assert job.attempts == attempt
        waiting.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    assert 59 <= delays[0] <= 62 and 119 <= delays[1] <= 122
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == ("succeeded", 3, "")
    assert [f.name for f in job.files.all()] == ["klart.txt"]


def test_retries_run_out(db, owner):
    job = enqueue(probe.flaky, user=owner, title="Ostadig", succeed_on=9)
    for _ in range(3):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3)
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_bad_input_fails_at_once_with_the_problem(db, owner):
    job = enqueue(probe.bad_input, user=owner, title="Import")
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 1)
    assert job.error == "fil.csv, rad 3: Raden saknar ett värde."


def test_a_job_is_run_once_even_if_its_task_comes_twice(db, owner):
    from kompass.jobs.runner import execute

    job = enqueue(probe.count_to, user=owner, title="Räkna", total=2)
    run_worker()
    assert execute(str(job.pk)) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1


def test_immediate_backend_runs_through_the_same_code(db, owner, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "export", "import"],
        }
    }
    job = enqueue(probe.flaky, user=owner, title="Ostadig", succeed_on=2)
    assert (job.status, job.attempts) == ("succeeded", 2)
    with pytest.raises(CommandError, match="KOMPASS_TASKS=database"):
        call_command("worker", "--once")


def test_only_declared_functions_run(db, owner):
    with pytest.raises(LookupError, match="är inget jobb"):
        enqueue(probe.create_probe_table, user=owner, title="x")
    job = Job.objects.create(title="x", function="os.system", arguments={"command": "true"})
    from kompass.jobs.runner import execute

    assert execute(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "inget jobb" in job.error


def test_worker_refuses_unknown_queues(db):
    with pytest.raises(CommandError, match="okänd kö: snabb"):
        call_command("worker", "--queue", "snabb", "--once")


@pytest.mark.parametrize(
    ("who", "status"),
    [("editor", 200), ("admin", 200), ("reader", 404), ("outsider", 404), (None, 302)],
)
def test_job_pages_and_files_belong_to_who_started_them(db, cast, client_for, who, status):
    job = enqueue(probe.count_to, user=cast["editor"], title="Räkna", total=3)
    run_worker()
    result = job.files.get()
    client = client_for(cast[who] if who else None)
    for url in (
        f"/jobb/{job.pk}/",
        f"/jobb/{job.pk}/status/",
        f"/jobb/{job.pk}/filer/{result.pk}/",
    ):
        assert client.get(url).status_code == status, url
    listing = client.get("/jobb/")
    if who is None:
        assert listing.status_code == 302
    else:
        assert ("Räkna" in listing.content.decode()) == (who == "editor")


def test_job_status_for_the_progress_bar(db, cast, client_for):
    job = enqueue(probe.count_to, user=cast["editor"], title="Räkna", total=4)
    client = client_for(cast["editor"])
    assert client.get(f"/jobb/{job.pk}/status/").json()["status"] == "queued"
    page = client.get("/jobb/").content.decode()
    assert f'data-job-status-url="/jobb/{job.pk}/status/"' in page
    assert "<progress" in page and "<script" in page and "jobs/progress.js" in page
    run_worker()
    state = client.get(f"/jobb/{job.pk}/status/").json()
    assert (state["done"], state["total"], state["percent"], state["finished"]) == (4, 4, 100, True)
    assert client.get("/jobb/inte-ett-id/").status_code == 404


def test_empty_jobs_page_says_what_starts_a_job(db, cast, client_for):
    page = client_for(cast["reader"]).get("/jobb/").content.decode()
    assert "Du har inga jobb ännu" in page


def test_jobs_command_lists_and_gets_results(db, owner, tmp_path, capsys):
    job = enqueue(probe.count_to, user=owner, title="Räkna", total=2)
    with pytest.raises(CommandError, match="inte klart"):
        call_command("jobs", "get", str(job.pk), "-o", str(tmp_path))
    run_worker()
    call_command("jobs", "list")
    assert "Räkna" in capsys.readouterr().out
    call_command("jobs", "get", str(job.pk), "-o", str(tmp_path))
    assert (tmp_path / "svar.txt").read_text() == "räknade till 2"


def test_a_job_in_parts_is_finished_once_by_its_last_part(db, owner, client_for):
    job = enqueue(probe.split, user=owner, title="Delat", parts=5)
    from kompass.jobs.runner import execute

    execute(str(job.pk))  # the job itself: it queues its parts and is not done yet
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.parts_left == 5
    while Job.objects.filter(status=Job.Status.QUEUED).exists():
        run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.parts_left) == ("succeeded", 5, 5, 0)
    assert job.files.get().file.read() == b"alla: 5"
    assert job.parts.count() == 5
    # Only the job itself is on "Mina jobb"; its parts are not.
    page = client_for(owner).get("/jobb/").content.decode()
    assert page.count("Delat") == 1


def test_a_part_that_fails_fails_its_job(db, owner):
    job = enqueue(probe.split, user=owner, title="Delat", parts=3, fail_part=2)
    while Job.objects.filter(status=Job.Status.QUEUED).exists():
        run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "del 2 gick inte" in job.error
    assert not job.files.exists()
