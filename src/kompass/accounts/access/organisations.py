"""Organisations: the memberships every other rule starts from, and peer groups.

The register of municipalities (names, codes, population) is public to everyone signed
in; an organisation's own data (indicators, follow-up, status analyses, leadership
programmes, members, private peer groups) is read by its members and changed by its
owners and editors. Administrators read and change everything.
"""

from django.db.models import Q

from kompass.accounts.models import Membership
from kompass.organisations.models import Organisation, PeerGroup


def membership(user, organisation) -> Membership | None:
    """The user's membership of `organisation` (an object or its id), read once per
    request for all organisations and kept on the user object."""
    if user is None or not user.is_authenticated:
        return None
    cache = getattr(user, "_kompass_memberships", None)
    if cache is None:
        cache = {m.organisation_id: m for m in Membership.objects.filter(user=user)}
        user._kompass_memberships = cache
    return cache.get(organisation.pk if hasattr(organisation, "pk") else organisation)


def member_organisation_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    membership(user, 0)  # fill the cache
    return set(user._kompass_memberships)


def editable_organisation_ids(user) -> set[int]:
    """Organisations in which `user` is an owner or an editor (not "all" for administrators:
    callers that list what a user may change ask `editable_organisations`)."""
    return {
        pk
        for pk in member_organisation_ids(user)
        if (m := membership(user, pk)) is not None and m.can_edit
    }


def visible_organisations(user):
    """Organisations whose own data `user` may read: members; all for administrators."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_administrator:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=member_organisation_ids(user))


def editable_organisations(user):
    """Organisations whose data `user` may change (and create things for)."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_administrator:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=editable_organisation_ids(user))


def can_see_organisation(user, organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_administrator or membership(user, organisation))


def can_edit_organisation(user, organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    m = membership(user, organisation)
    return bool(m and m.can_edit)


def can_manage_members(user, organisation) -> bool:
    """Administrators and the organisation's owners manage its members."""
    if user is None or not user.is_authenticated:
        return False
    m = membership(user, organisation)
    return user.is_administrator or bool(m and m.role == Membership.Role.OWNER)


def lookup_organisation(key) -> Organisation | None:
    """By primary key (an int, from `<int:pk>` in a URL or an API path) or by code (a
    string: codes such as "0180" keep their leading zero; `org-<id>` for an organisation
    without a code, as `Organisation.key` writes it)."""
    if isinstance(key, int):
        return Organisation.objects.filter(pk=key).first()
    return Organisation.for_key(key)


# --------------------------------------------------------------------------- peer groups
# A shared group (no owner) is seen by everyone signed in and changed by administrators;
# an organisation's own group is private to those who may read that organisation: its
# name alone can say what the organisation is looking at.


def visible_peer_groups(user):
    if user is None or not user.is_authenticated:
        return PeerGroup.objects.none()
    if user.is_administrator:
        return PeerGroup.objects.all()
    return PeerGroup.objects.filter(
        Q(owner__isnull=True) | Q(owner_id__in=member_organisation_ids(user))
    )


def can_see_peer_group(user, group: PeerGroup) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return group.owner_id is None or can_see_organisation(user, group.owner_id)


def can_edit_peer_group(user, group: PeerGroup) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if group.owner_id is None:
        return user.is_administrator
    return can_edit_organisation(user, group.owner_id)
