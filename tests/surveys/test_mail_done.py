"""The whole run of a survey by e-mail, through a real SMTP server (aiosmtpd on
127.0.0.1) and the job runner: 50 recipients get one invitation each, 20 answer through
the links in the mails they received, the reminder reaches exactly the other 30, the live
rate reads 40 %, and closing the wave builds every organisation's report and the cohort
report as one job, zipped. (The browser test tests/browser/test_survey_mail.py answers
through Chromium.)"""

import datetime
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompass.jobs.models import Job
from kompass.jobs.runner import execute
from kompass.surveys.domain.surveys import add_wave
from kompass.surveys.models import Recipient, WaveReportFile
from tests.conftest import make_user

SUBMISSION_RE = re.compile(r'name="submission" value="([0-9a-f]{32})"')
ORGANISATIONS = [("Falun", "ledning", 20), ("Leksand", "stöd", 15), ("Rättvik", "ledning", 15)]
DOMAIN = {"Falun": "falun", "Leksand": "leksand", "Rättvik": "rattvik"}


def run_jobs() -> list[Job]:
    """Run every queued job in this process, as `kompass worker --once` would, until
    none is left (a job that fans out queues its parts)."""
    ran = []
    while True:
        queued = list(Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at"))
        if not queued:
            return ran
        for job in queued:
            execute(str(job.pk))
            ran.append(job)


def answer_by_http(client, link: str, role: str) -> None:
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(path, follow=True)
    submission = SUBMISSION_RE.search(page.content.decode()).group(1)
    done = client.post(
        page.request["PATH_INFO"],
        {"submission": submission, "attr-role": role, "q-1": "4", "q-2": "3"},
        follow=True,
    )
    assert done.status_code == 200


@pytest.mark.pdf
def test_fifty_invited_twenty_answer_thirty_reminded_then_every_report_at_once(
    tiny_survey, smtp_server, client, client_for, tmp_path
):
    owner = make_user("enkatagare", evaluator=True)
    tiny_survey.owners.add(owner)
    today = timezone.localdate()
    wave = add_wave(
        survey=tiny_survey,
        code="2026-10",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=20),
    )
    rows = ["email;organisation;role"]
    for name, role, n in ORGANISATIONS:
        rows += [f"person{i}@{DOMAIN[name]}.example;{name};{role}" for i in range(n)]
    path = tmp_path / "mottagare.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    call_command("survey", "recipients", "liten", "--wave", wave.code, str(path))

    # 50 recipients, one invitation each (sending twice sends nothing more).
    out = io.StringIO()
    call_command("survey", "send", "liten", "--wave", wave.code, stdout=out, stderr=io.StringIO())
    assert "50 inbjudningar skickades." in out.getvalue()
    call_command("survey", "send", "liten", "--wave", wave.code, stdout=io.StringIO())
    mailbox = smtp_server.mailbox
    assert sorted(mailbox.addresses()) == sorted(Recipient.objects.values_list("email", flat=True))

    # 20 answer through the link in their own mail: 8 in Falun, 6 in each of the others.
    answering = [
        m
        for name, _role, n in ORGANISATIONS
        for m in mailbox.messages
        if str(m["To"]).endswith(f"@{DOMAIN[name]}.example")
        and int(str(m["To"])[6:].split("@")[0]) < {"Falun": 8}.get(name, 6)
    ]
    assert len(answering) == 20
    for message in answering:
        role = Recipient.objects.get(email=str(message["To"])).values["role"]
        answer_by_http(client, mailbox.link(message), role)
    assert Recipient.objects.filter(invitation__answered=True).count() == 20

    # The reminder reaches exactly the other 30.
    before = len(mailbox.messages)
    out = io.StringIO()
    call_command("survey", "remind", "liten", "--wave", wave.code, stdout=out, stderr=io.StringIO())
    assert "30 påminnelser skickades." in out.getvalue()
    reminded = set(mailbox.addresses()[before:])
    answered = {str(m["To"]) for m in answering}
    assert len(mailbox.messages) - before == 30
    assert reminded == set(Recipient.objects.values_list("email", flat=True)) - answered

    # The live rate: 20 of 50.
    page = client_for(owner).get(reverse("surveys:rates", args=["liten", wave.code]))
    text = page.content.decode()
    whole = re.search(r"Hela kohorten</th>(.*?)</tr>", text, re.S).group(1)
    assert "40\xa0%" in whole and ">20<" in whole and ">50<" in whole

    # Closing the wave builds every report as one job: a ZIP with one report per
    # organisation and format, and the cohort report. Four eyes: the owner asks, a
    # second owner approves the release (tests/surveys/test_release.py).
    close_url = reverse("surveys:wave_close", args=["liten", wave.code])
    client_for(owner).post(close_url, {"action": "request"})
    second = make_user("andra_enkatagare")
    tiny_survey.owners.add(second)
    response = client_for(second).post(close_url, {"action": "approve"})
    job = Job.objects.get(function="kompass.surveys.jobs.wave_reports")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.done, job.total) == (12, 12)
    archive = zipfile.ZipFile(io.BytesIO(job.files.get().file.read()))
    names = archive.namelist()
    for fmt in ("pdf", "docx", "xlsx"):
        feedback = [n for n in names if n.startswith(f"{fmt}/")]
        assert len(feedback) == 3, names
        assert any("falun" in n for n in feedback) and any("rattvik" in n for n in feedback)
    assert len([n for n in names if "/" not in n]) == 3  # the cohort report, three formats
    assert archive.read(next(n for n in names if n.endswith(".pdf"))).startswith(b"%PDF")
    # Each organisation's owners fetch their own on its download page.
    leksand_owner = make_user("leksand_agare", organisation=None)
    from kompass.accounts.models import Membership
    from kompass.organisations.models import Organisation

    leksand = Organisation.objects.get(code="2029")
    Membership.objects.create(user=leksand_owner, organisation=leksand, role=Membership.Role.OWNER)
    own = client_for(leksand_owner)
    page = own.get(reverse("surveys:downloads", args=["liten", "2029"])).content.decode()
    files = WaveReportFile.objects.filter(organisation=leksand)
    assert files.count() == 3
    for item in files:
        assert item.name in page
        assert own.get(reverse("surveys:report_file", args=["liten", item.pk])).status_code == 200
    falun_file = WaveReportFile.objects.filter(organisation__code="2080").first()
    cohort_file = WaveReportFile.objects.filter(organisation=None).first()
    assert own.get(reverse("surveys:report_file", args=["liten", falun_file.pk])).status_code == 404
    assert (
        own.get(reverse("surveys:report_file", args=["liten", cohort_file.pk])).status_code == 404
    )
    assert own.get(reverse("surveys:downloads", args=["liten", "2080"])).status_code == 404
