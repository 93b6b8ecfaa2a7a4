"""Reports as jobs: "all feedback reports" of a survey from the page and the command
line, in the background with progress, as the user who asked may see them."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command

from kompass.jobs.models import Job

# The worker runs in this process and, like any worker, closes database connections
# between jobs; inside a test transaction that would end it on PostgreSQL. These tests
# therefore run with real commits (the worker sees what the test stored, as in production).
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("worker", "--once", "--sleep", "0", "--no-periodic", verbosity=0)


def cohort_names(survey):
    return sorted(m.organisation.name for m in survey.members.select_related("organisation"))


def test_all_feedback_reports_from_the_results_page(subtraction_survey, cast, client_for):
    client = client_for(cast["admin"])
    page = client.get(f"/enkater/{subtraction_survey.slug}/resultat/").content.decode()
    assert f'action="/rapporter/enkat/{subtraction_survey.slug}/jobb/"' in page
    response = client.post(
        f"/rapporter/enkat/{subtraction_survey.slug}/jobb/", {"alla": "1", "format": "html"}
    )
    job = Job.objects.get()
    assert response["Location"] == f"/jobb/{job.pk}/"
    assert (job.status, job.user, job.title) == (
        "queued",
        cast["admin"],
        "Alla återrapporter: liten (HTML)",
    )
    run_worker()
    job.refresh_from_db()
    n = len(cohort_names(subtraction_survey))
    assert (job.status, job.done, job.total) == ("succeeded", n, n)
    result = job.files.get()
    assert result.name == "aterrapporter-liten-html.zip"
    with zipfile.ZipFile(result.file.open("rb")) as archive:
        names = sorted(archive.namelist())
        assert len(names) == n and all(re.fullmatch(r"enkat-liten-[a-z-]+\.html", x) for x in names)
        assert "Leksands kommun – återrapport" in archive.read("enkat-liten-leksand.html").decode()
    download = client.get(f"/jobb/{job.pk}/filer/{result.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"


@pytest.mark.parametrize(("role", "status"), [("editor", 403), ("reader", 404), (None, 302)])
def test_only_managers_start_the_set(subtraction_survey, cast, client_for, role, status):
    client = client_for(cast[role] if role else None)
    response = client.post(
        f"/rapporter/enkat/{subtraction_survey.slug}/jobb/", {"alla": "1", "format": "pdf"}
    )
    assert response.status_code == status
    assert not Job.objects.exists()


def test_one_report_as_a_job_and_no_set_where_a_kind_has_none(plan, cast, client_for):
    client = client_for(cast["reader"])
    assert (
        client.post(f"/rapporter/handlingsplan/{plan.pk}/jobb/", {"alla": "1"}).status_code == 404
    )
    response = client.post(f"/rapporter/handlingsplan/{plan.pk}/jobb/", {"format": "xlsx"})
    assert response.status_code == 302
    run_worker()
    job = Job.objects.get()
    assert job.status == "succeeded" and job.files.get().name.endswith(".xlsx")
    outsider = client_for(cast["outsider"])
    assert (
        outsider.post(f"/rapporter/handlingsplan/{plan.pk}/jobb/", {"format": "pdf"}).status_code
        == 404
    )


def test_command_line_all_and_background(subtraction_survey, tmp_path, capsys):
    target = tmp_path / "alla.zip"
    call_command("report", "enkat", "liten", "--all", "--format", "html", "-o", str(target))
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) == len(cohort_names(subtraction_survey))
    capsys.readouterr()
    call_command(
        "report", "enkat", "liten", "--organisation", "2029", "--format", "xlsx", "--background"
    )
    job = Job.objects.get()
    assert str(job.pk) in capsys.readouterr().out and job.user is None
    run_worker()
    call_command("jobs", "get", str(job.pk), "-o", str(tmp_path / "ut"))
    content = (tmp_path / "ut" / "enkat-liten-leksand.xlsx").read_bytes()
    assert zipfile.is_zipfile(io.BytesIO(content))
