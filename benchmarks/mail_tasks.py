"""Steps of the e-mail and wave-report benchmark that need Django, run as processes of
their own with their own data directory (`KOMPASS_DATA_DIR`):

- `invitations N`: a survey with an open wave and N recipients, then the invitation
  round sent through Django's SMTP backend to the server the environment names
  (EMAIL_HOST, EMAIL_PORT); prints {"seconds", "sent"} as JSON;
- `reports-setup ORGS`: a survey on the LfR instrument with answers from ORGS
  municipalities (30 each, two roles), the wave closed without building reports;
- `reports-enqueue`: the wave's reports (PDF) as one job; prints its id;
- `reports-wait JOB`: waits for the job to end, looking once a second (one process, so
  the waiting costs the workers no CPU), and prints its status and error as JSON.
"""

import datetime
import json
import os
import sys
import time


def _django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompass.settings")
    django.setup()


def invitations(count: int) -> None:
    from django.utils import timezone

    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.mailing import send_mailing, start_invitations
    from kompass.surveys.domain.recipients import import_recipients
    from kompass.surveys.domain.surveys import add_wave, create_survey

    survey = create_survey(slug="utskick", framework="lfr-sjalvskattning", name="Utskick")
    today = timezone.localdate()
    wave = add_wave(
        survey=survey,
        code=f"{today:%Y-%m}",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )
    codes = list(Organisation.objects.exclude(code="").values_list("code", flat=True)[:290])
    lines = ["email;organisation;role"] + [
        f"person{i}@kommun{codes[i % len(codes)]}.example;{codes[i % len(codes)]};"
        f"{'ledning' if i % 5 == 0 else 'stöd'}"
        for i in range(count)
    ]
    started = time.perf_counter()
    import_recipients(
        survey=survey, wave=wave, content="\n".join(lines).encode(), filename="lista.csv"
    )
    loaded = time.perf_counter() - started
    mailing = start_invitations(wave=wave)
    started = time.perf_counter()
    result = send_mailing(mailing=mailing)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "sent": result.sent, "load_seconds": loaded}))


def reports_setup(organisations: int) -> None:
    import numpy as np
    from django.utils import timezone

    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.importing import import_responses
    from kompass.surveys.domain.surveys import add_wave, close_wave, create_survey

    survey = create_survey(slug="kohort", framework="lfr-sjalvskattning", name="Kohort")
    wave = add_wave(survey=survey, code="2025-03", closes=timezone.localdate())
    items = [i["code"] for i in survey.codebook]
    codes = list(
        Organisation.objects.filter(kind="municipality")
        .order_by("code")
        .values_list("code", flat=True)[:organisations]
    )
    rng = np.random.default_rng(1)
    header = ["respondent", "wave", "organisation", "role", "in_management_group"]
    header += [f"q{c}" for c in items]
    lines = [";".join(header)]
    n = 0
    for code in codes:
        level = 4 + rng.normal(0, 0.6)
        for person in range(30):
            role = "ledning" if person < 12 else "stöd"
            answers = np.clip(np.rint(level + rng.normal(0, 1.2, len(items))), 1, 7)
            lines.append(
                ";".join(
                    [f"r{n}", "2025-03", code, role, "ja" if person < 8 else "nej"]
                    + [str(int(a)) for a in answers]
                )
            )
            n += 1
    import_responses(survey=survey, content="\n".join(lines).encode(), filename="svar.csv")
    close_wave(wave=wave)
    print(json.dumps({"organisations": len(codes), "respondents": n}))


def reports_enqueue() -> None:
    from kompass.jobs import enqueue
    from kompass.surveys.jobs import wave_reports

    job = enqueue(
        wave_reports, user=None, title="Benchmark", survey="kohort", wave="2025-03", formats=["pdf"]
    )
    print(job.pk)


def reports_wait(job_id: str) -> None:
    from kompass.jobs.models import Job

    while True:
        job = Job.objects.get(pk=job_id)
        if job.status in (Job.Status.SUCCEEDED, Job.Status.FAILED):
            break
        time.sleep(1)
    print(json.dumps({"status": job.status, "error": job.error}))


if __name__ == "__main__":
    _django()
    step, *args = sys.argv[1:]
    if step == "invitations":
        invitations(int(args[0]))
    elif step == "reports-setup":
        reports_setup(int(args[0]))
    elif step == "reports-enqueue":
        reports_enqueue()
    elif step == "reports-wait":
        reports_wait(args[0])
    else:
        raise SystemExit(f"unknown step {step}")
