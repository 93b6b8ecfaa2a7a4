"""The one download view: `/rapporter/<kind>/<key>/?format=pdf|docx|xlsx|html|...`.

Every page's download links point here; the kind's parameters come from the query (the
same names as on the page), the access policy decides through the kind's `get_object`.
"""

# WeasyPrint is loaded with the views, when a web process first resolves an address, not
# by the first PDF download: its import (the bindings of its text libraries, fontTools)
# takes half a second that the first reader of a report after a start waited for.
import weasyprint  # noqa: F401
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompass.core.http import attachment
from kompass.reports import charts
from kompass.reports.exports import FORMAT_LABELS, ParamError, export, get_kind


@login_required
def download(request, kind, key):
    try:
        report_kind = get_kind(kind)
    except LookupError:
        raise Http404 from None
    fmt = request.GET.get("format", "pdf")
    if fmt not in report_kind.all_formats:
        raise Http404
    try:
        result = export(report_kind, user=request.user, key=key, params=request.GET, fmt=fmt)
    except ParamError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return attachment(result.content, result.filename, result.mimetype)


@login_required
@require_POST
def start_job(request, kind, key):
    """Make the report (or, with `alla=1`, every report of the kind's set) in the
    background; the user follows it on "Mina jobb". Access is checked now, so an outsider
    gets 404 here rather than a failed job."""
    from kompass.jobs import enqueue
    from kompass.reports.jobs import export_report, export_reports

    try:
        report_kind = get_kind(kind)
    except LookupError:
        raise Http404 from None
    fmt = request.POST.get("format", "pdf")
    if fmt not in report_kind.formats:
        raise Http404
    everything = request.POST.get("alla") == "1"
    if everything and not report_kind.bundle_label:
        raise Http404
    try:
        params = report_kind.clean(request.POST)
        if everything:
            report_kind.bundle(user=request.user, key=key, params=params)
            what = str(report_kind.bundle_label)
        else:
            report_kind.get_object(request.user, report_kind.key_type(key), params)
            what = str(report_kind.verbose_name)
    except (ParamError, ValueError) as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    job = enqueue(
        export_reports if everything else export_report,
        user=request.user,
        title=f"{what[:1].upper()}{what[1:]}: {key} ({FORMAT_LABELS[fmt]})",
        kind=report_kind.identifier,
        key=str(key),
        params=params,
        fmt=fmt,
    )
    messages.success(request, _("Jobbet är startat. Du hittar resultatet här när det är klart."))
    return redirect("jobs:detail", pk=job.pk)


# A year: the address is the content's digest, so what it answers never changes.
CHART_MAX_AGE = 365 * 24 * 3600


@login_required
@require_safe
def chart(request, digest):
    """A chart of a page as SVG (`/diagram/<digest>.svg`), drawn on its first request.

    The digest is a SHA-256 of the chart's content (`charts.publish`): only a page that
    showed the chart to someone allowed to see it made it known, and it cannot be guessed
    or derived from anything but the data itself. Asking for it still takes a signed-in
    user, like every page with data (an address copied out of the session opens nothing).
    Anything else than a published digest is 404, never an error. The picture is the
    same for good at its address, so browsers keep it (privately: it shows data)."""
    svg = charts.published_svg(digest)
    if svg is None:
        raise Http404
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = f"private, max-age={CHART_MAX_AGE}, immutable"
    return response
