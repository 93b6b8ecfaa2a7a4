"""The page of a list of changes, filterable by kind of object, person, action and dates.
Used by every page that shows a trail (an organisation's, an object's, an evaluation's);
the view that calls it has already decided that the user may read these entries."""

from django.core.paginator import Paginator
from django.shortcuts import render

from kompass.audit.forms import TrailFilterForm
from kompass.audit.reading import TrailFilter, field_changes, kind_choices, person_choices

PAGE_SIZE = 100


def trail_filter(request, qs) -> tuple[TrailFilterForm, TrailFilter]:
    form = TrailFilterForm(request.GET or None, kinds=kind_choices(qs), people=person_choices(qs))
    if not form.is_bound or not form.is_valid():
        return form, TrailFilter()
    data = form.cleaned_data
    return form, TrailFilter(
        kind=data["kind"] or "",
        user_id=data["user"],
        action=data["action"] or "",
        since=data["since"],
        until=data["until"],
    )


def render_trail(request, qs, context: dict):
    """`context`: title, and optionally back (a link), downloads (list of (label, url))."""
    form, chosen = trail_filter(request, qs)
    page = Paginator(chosen.apply(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            **context,
            "form": form,
            "page": page,
            "rows": [(entry, field_changes(entry)) for entry in page.object_list],
            "filter_query": query.urlencode(),
        },
    )
