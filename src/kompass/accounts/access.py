"""What a user may reach in an organisation. Every view asks here, never the models directly.

Outsiders get 404 (don't reveal that something exists); members who may only read get
403 when they try to change something.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kompass.accounts.models import Membership


def membership(user, organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_kompass_memberships", None)
    if cache is None:
        cache = {m.organisation_id: m for m in Membership.objects.filter(user=user)}
        user._kompass_memberships = cache
    return cache.get(organisation.pk if hasattr(organisation, "pk") else organisation)


def member_organisation_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    membership(user, 0)  # fill the cache
    return set(user._kompass_memberships)


def can_read_organisation(user, organisation) -> bool:
    return bool(user.is_authenticated and (user.is_administrator or membership(user, organisation)))


def can_edit_organisation(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    m = membership(user, organisation)
    return bool(m and m.can_edit)


def require_organisation(user, organisation, *, edit: bool = False) -> None:
    """Raise 404 for outsiders and 403 for readers asking to edit."""
    if not can_read_organisation(user, organisation):
        raise Http404
    if edit and not can_edit_organisation(user, organisation):
        raise PermissionDenied


def can_manage_members(user, organisation) -> bool:
    """Administrators and the organisation's owners manage its members."""
    if not user.is_authenticated:
        return False
    m = membership(user, organisation)
    return user.is_administrator or bool(m and m.role == Membership.Role.OWNER)
