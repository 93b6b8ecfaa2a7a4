"""The audit trail's pages: one per organisation, one per object, and everything for
administrators; each filterable by kind of object, person, action and dates."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from kompass.audit.models import AuditEntry
from kompass.audit.pages import render_trail
from kompass.audit.reading import kind_name, object_entries, organisation_entries
from kompass.governance.domain import readers
from kompass.organisations.models import Organisation


def _organisation(code) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise Http404
    return organisation


@login_required
def organisation_trail(request, code):
    organisation = _organisation(code)
    if not readers.can_read_organisation_trail(request.user, organisation):
        raise Http404
    return render_trail(
        request,
        readers.organisation_entries_for(request.user, organisation_entries(organisation)),
        {"title": organisation.name, "organisation": organisation},
    )


@login_required
def object_trail(request, kind, object_id):
    if not readers.can_read_object_trail(request.user, kind, object_id):
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
    if not readers.can_read_organisation_trail(request.user, organisation):
        return None
    return {"organisation": organisation}
