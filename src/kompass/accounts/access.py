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


# -- Instruments (survey instruments as data, `kompass.frameworks`) -------------------
# Shipped instruments, and those an administrator loads from a file, belong to no
# organisation: everyone signed in reads them and nobody changes them in the browser
# (a copy is the way to start from one). An instrument made or imported in the editor
# belongs to one organisation: its members read it, its owners and editors change it.


def instrument_organisation_ids(user) -> set[int] | None:
    """Organisations the user may make and change instruments for; None means any (an
    administrator)."""
    if not user.is_authenticated:
        return set()
    if user.is_administrator:
        return None
    return {
        organisation
        for organisation in member_organisation_ids(user)
        if membership(user, organisation).can_edit
    }


def may_make_instruments(user) -> bool:
    ids = instrument_organisation_ids(user)
    return ids is None or bool(ids)


def visible_instruments(user):
    """The instruments the user may read: the shipped ones and their organisations'."""
    from django.db.models import Q

    from kompass.frameworks.models import Framework

    qs = Framework.objects.select_related("organisation")
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=member_organisation_ids(user))
    )


def can_edit_instrument(user, framework) -> bool:
    if framework.organisation_id is None:
        return False
    return can_edit_organisation(user, framework.organisation_id)


def get_instrument_for_user(user, identifier: str, *, edit: bool = False):
    """The instrument with this id: 404 for one the user may not read, 403 for a change
    asked by a reader or of a shipped instrument."""
    framework = visible_instruments(user).filter(identifier=identifier).first()
    if framework is None:
        raise Http404
    if edit and not can_edit_instrument(user, framework):
        raise PermissionDenied
    return framework
