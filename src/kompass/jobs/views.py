""" "Mina jobb": the signed-in user's jobs, their progress and their result files.

Only the user who started a job (and administrators) can see it or fetch its files;
everyone else gets 404, as for any other object they may not read.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.timezone import localtime

from kompass.accounts.access import get_job_for_user, own_jobs


@login_required
def job_list(request):
    jobs = own_jobs(request.user).filter(parent=None).prefetch_related("files")
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    running = any(not j.finished for j in page)
    return render(request, "jobs/list.html", {"page": page, "running": running})


@login_required
def job_detail(request, pk):
    job = get_job_for_user(request.user, pk)
    return render(request, "jobs/detail.html", {"job": job, "files": job.files.all()})


@login_required
def job_status(request, pk):
    """The job's state for the page's progress bar (polled by jobs/progress.js)."""
    job = get_job_for_user(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "finished": job.finished,
            "finished_at": date_format(localtime(job.finished_at), "Y-m-d H:i")
            if job.finished_at
            else "",
        }
    )


@login_required
def job_file(request, pk, file_pk):
    job = get_job_for_user(request.user, pk)
    result = get_object_or_404(job.files, pk=file_pk)
    return FileResponse(
        result.file.open("rb"),
        as_attachment=True,
        filename=result.name,
        content_type=result.mimetype,
    )
