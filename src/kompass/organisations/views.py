"""The municipality register and an organisation's overview page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_edit,
    can_manage_members,
    get_organisation_for_user,
    membership,
)
from kompass.accounts.domain.memberships import remove_membership, set_membership
from kompass.accounts.models import Membership, User
from kompass.core.navigation import slot_items
from kompass.organisations.domain.bands import band_of
from kompass.organisations.models import Organisation, Unit


@login_required
def organisation_list(request):
    query = request.GET.get("q", "").strip()
    qs = Organisation.objects.all()
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code=query) | Q(county__icontains=query))
    page = Paginator(qs.order_by("name"), 60).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"page": page, "query": query})


def _organisation(code) -> Organisation:
    org = Organisation.for_key(code)
    if org is None:
        raise Http404
    return org


@login_required
def organisation_detail(request, code):
    """Overview: facts and units; the other apps add their panels (evaluations, indicators
    ...) through the `organisation_overview` slot, each deciding what this user may see."""
    org = _organisation(code)
    member = membership(request.user, org)
    units = list(org.units.select_related("parent").order_by("name"))
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": org,
            "band": band_of(org.population),
            "skr_groups": list(org.skr_groups.order_by("-grouping")),
            "member": member,
            "unit_tree": _unit_tree(units),
            "unit_kinds": Unit.Kind.choices,
            "units": units,
            "can_edit": can_edit(request.user, org),
            "is_owner": can_manage_members(request.user, org),
            "slots": slot_items("organisation_overview", request, org),
        },
    )


def _require_owner(user, org) -> None:
    """Members who are not owners see the organisation but may not manage its members."""
    if not can_manage_members(user, org):
        raise PermissionDenied


@login_required
def organisation_members(request, code):
    org = get_organisation_for_user(request.user, code)
    _require_owner(request.user, org)
    members = (
        Membership.objects.filter(organisation=org)
        .select_related("user")
        .order_by("user__username")
    )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": org,
            "members": members,
            "roles": Membership.Role.choices,
        },
    )


@login_required
@require_POST
def organisation_member_save(request, code):
    org = get_organisation_for_user(request.user, code)
    _require_owner(request.user, org)
    username = request.POST.get("username", "").strip()
    role = request.POST.get("role", "")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        messages.error(
            request, _("Det finns ingen användare med användarnamnet ”%(u)s”.") % {"u": username}
        )
    elif role not in Membership.Role.values:
        messages.error(request, _("Välj en roll."))
    elif _last_owner(org, user) and (request.POST.get("remove") or role != Membership.Role.OWNER):
        messages.error(
            request,
            _("%(u)s är organisationens enda ägare. Gör någon annan till ägare först.")
            % {"u": user},
        )
    elif request.POST.get("remove"):
        remove_membership(organisation=org, person=user, user=request.user)
        messages.success(request, _("%(u)s har tagits bort.") % {"u": user})
    else:
        set_membership(organisation=org, person=user, role=role, user=request.user)
        messages.success(
            request, _("%(u)s är nu %(r)s.") % {"u": user, "r": Membership.Role(role).label.lower()}
        )
    return redirect("organisations:members", code=org.key)


def _last_owner(org, user) -> bool:
    """Whether `user` is the only owner left: removing or demoting them would leave the
    organisation without anyone who can manage its members."""
    owners = Membership.objects.filter(organisation=org, role=Membership.Role.OWNER)
    return owners.filter(user=user).exists() and owners.count() == 1


def _unit_tree(units: list[Unit], parent=None, depth: int = 0) -> list[tuple[int, Unit]]:
    """Units in tree order with their depth, for an indented list."""
    out = []
    for unit in units:
        if unit.parent_id == (parent.pk if parent else None):
            out.append((depth, unit))
            out.extend(_unit_tree(units, unit, depth + 1))
    return out


@login_required
@require_POST
def organisation_unit_save(request, code):
    """Add a unit below the organisation (or below another unit), or remove one."""
    org = get_organisation_for_user(request.user, code, edit=True)
    if request.POST.get("remove"):
        unit = org.units.filter(pk=request.POST.get("remove")).first()
        if unit is None:
            raise Http404
        unit.delete()
        messages.success(request, _("Enheten %(u)s är borttagen.") % {"u": unit.name})
        return redirect("organisations:detail", code=org.key)
    name = request.POST.get("name", "").strip()
    kind = request.POST.get("kind", "")
    parent = org.units.filter(pk=request.POST.get("parent") or 0).first()
    if not name:
        messages.error(request, _("Skriv enhetens namn."))
    elif kind not in Unit.Kind.values:
        messages.error(request, _("Välj nivå: förvaltning, verksamhetsområde eller enhet."))
    elif org.units.filter(parent=parent, name=name).exists():
        messages.error(
            request, _("Det finns redan en enhet som heter ”%(n)s” på den platsen.") % {"n": name}
        )
    else:
        Unit.objects.create(organisation=org, parent=parent, name=name, kind=kind)
        messages.success(request, _("Enheten %(u)s är tillagd.") % {"u": name})
    return redirect("organisations:detail", code=org.key)
