"""Who may see and change indicators and key-ratio tables.

Indicators belong to an organisation: its members read them, its editors and owners and
the administrators change them, everyone else gets 404. A key-ratio table with an owner
follows the same rule through its owner; a table without an owner (a published benchmark,
Kolada figures) is readable by every logged-in user and changed by administrators.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kompass.accounts.access import (
    can_edit_organisation,
    can_read_organisation,
    member_organisation_ids,
    require_organisation,
)
from kompass.indicators.models import Indicator, RatioTable
from kompass.organisations.models import Organisation


def visible_indicators(user):
    qs = Indicator.objects.select_related("organisation")
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(organisation_id__in=member_organisation_ids(user))


def get_indicator_for_user(user, pk, *, edit: bool = False) -> Indicator:
    indicator = Indicator.objects.select_related("organisation").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    require_organisation(user, indicator.organisation, edit=edit)
    return indicator


def readable_organisations(user):
    """Organisations whose indicators this user may read (members; all for administrators)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_administrator:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=member_organisation_ids(user))


def get_organisation_for_user(user, code, *, edit: bool = False) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise Http404
    require_organisation(user, organisation, edit=edit)
    return organisation


# --------------------------------------------------------------------------- tables


def visible_tables(user):
    qs = RatioTable.objects.select_related("owner")
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(Q(owner__isnull=True) | Q(owner_id__in=member_organisation_ids(user)))


def can_read_table(user, table: RatioTable) -> bool:
    if not user.is_authenticated:
        return False
    return table.owner_id is None or can_read_organisation(user, table.owner)


def can_edit_table(
    user, table: RatioTable | None = None, *, owner: Organisation | None = None
) -> bool:
    """May `user` change `table` (or create one owned by `owner`)?"""
    if not user.is_authenticated:
        return False
    owner = table.owner if table is not None else owner
    if owner is None:
        return user.is_administrator
    return can_edit_organisation(user, owner)


def get_table_for_user(user, slug, *, edit: bool = False) -> RatioTable:
    table = RatioTable.objects.select_related("owner").filter(slug=slug).first()
    if table is None or not can_read_table(user, table):
        raise Http404
    if edit and not can_edit_table(user, table):
        raise PermissionDenied
    return table


def editable_owners(user):
    """Organisations this user may create tables and indicators for."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_administrator:
        return Organisation.objects.all()
    from kompass.accounts.models import Membership

    ids = Membership.objects.filter(
        user=user, role__in=[Membership.Role.OWNER, Membership.Role.EDITOR]
    ).values_list("organisation_id", flat=True)
    return Organisation.objects.filter(pk__in=list(ids))
