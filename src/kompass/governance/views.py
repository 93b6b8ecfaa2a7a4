"""The audit trail's pages: one per organisation, one per object, and everything for
administrators; each filterable by kind of object, person, action and dates."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from kompass.accounts.access import (
    can_see_object_trail,
    can_see_organisation_trail,
    visible_trail_entries,
)
from kompass.audit.models import AuditEntry
from kompass.audit.pages import render_trail
from kompass.audit.reading import kind_name, object_entries, organisation_entries
from kompass.organisations.models import Organisation


def _organisation(code) -> Organisation:
    organisation = Organisation.for_key(code)
    if organisation is None:
        raise Http404
    return organisation


@login_required
def organisation_trail(request, code):
    organisation = _organisation(code)
    if not can_see_organisation_trail(request.user, organisation):
        raise Http404
    return render_trail(
        request,
        visible_trail_entries(request.user, organisation_entries(organisation)),
        {"title": organisation.name, "organisation": organisation},
    )


@login_required
def object_trail(request, kind, object_id):
    if not can_see_object_trail(request.user, kind, object_id):
        raise Http404
    qs = object_entries(kind, object_id)
    latest = qs.filter(object_kind=kind, object_id=object_id).first()
    label = latest.object_label if latest else f"{kind_name(kind)} {object_id}"
    return render_trail(request, qs, {"title": label, "kind_name": kind_name(kind)})


@login_required
def everything(request):
    if not request.user.is_administrator:
        raise Http404
    return render_trail(request, AuditEntry.objects.select_related("user"), {"title": None})


def organisation_slot(request, organisation):
    """A link to the organisation's changes, for those who may read them."""
    if not can_see_organisation_trail(request.user, organisation):
        return None
    return {"organisation": organisation}


@login_required
def people_page(request):
    """Administrators: find a person, download everything about them as JSON, erase
    them (the same functions as `kompass person`)."""
    import json

    from django.contrib import messages
    from django.http import HttpResponse
    from django.shortcuts import redirect, render
    from django.utils.translation import gettext as _

    from kompass.governance.domain import people

    if not request.user.is_administrator:
        raise Http404
    if request.method == "POST":
        key = request.POST.get("person", "")
        try:
            if request.POST.get("action") == "export":
                data = people.export(key, user=request.user)
                response = HttpResponse(
                    json.dumps(data, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                name = key.replace(":", "-").replace(".", "-")
                response["Content-Disposition"] = f'attachment; filename="person-{name}.json"'
                return response
            if request.POST.get("confirm") != "ja":
                messages.error(request, _("Kryssa i att du vill radera personen."))
            else:
                done = people.erase(key, user=request.user)
                messages.success(request, _("%(key)s: %(done)s.") % {"key": key, "done": done})
        except LookupError as exc:
            messages.error(request, str(exc).strip("'\""))
        return redirect(f"{request.path}?q={request.POST.get('q', '')}")
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "governance/people.html",
        {"query": query, "found": people.find(query) if query else []},
    )
