"""Indicators and key-ratio tables.

Indicators belong to an organisation: its members read them, its editors and owners and
the administrators change them, everyone else gets 404. A key-ratio table with an owner
follows the same rule through its owner; a table without an owner (a published benchmark,
Kolada figures) is readable by every signed-in user and changed by administrators.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from kompass.accounts.access.organisations import (
    can_edit_organisation,
    can_see_organisation,
    member_organisation_ids,
)
from kompass.indicators.models import Indicator, RatioTable


def visible_indicators(user):
    qs = Indicator.objects.select_related("organisation")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(organisation_id__in=member_organisation_ids(user))


def lookup_indicator(key) -> Indicator | None:
    return Indicator.objects.select_related("organisation").filter(pk=key).first()


def visible_ratio_tables(user):
    qs = RatioTable.objects.select_related("owner")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(Q(owner__isnull=True) | Q(owner_id__in=member_organisation_ids(user)))


def can_see_ratio_table(user, table: RatioTable) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return table.owner_id is None or can_see_organisation(user, table.owner_id)


def can_edit_ratio_table(user, table: RatioTable) -> bool:
    return can_create_ratio_table(user, owner=table.owner)


def can_create_ratio_table(user, *, owner=None) -> bool:
    """May `user` make a table owned by `owner` (None: a shared table, administrators)?"""
    if user is None or not user.is_authenticated:
        return False
    if owner is None:
        return user.is_administrator
    return can_edit_organisation(user, owner)


def ratio_table_refusal(user, table: RatioTable) -> PermissionDenied:
    return PermissionDenied(_("Du får inte ändra den här nyckeltalstabellen."))


def lookup_ratio_table(key) -> RatioTable | None:
    return RatioTable.objects.select_related("owner").filter(slug=key).first()
