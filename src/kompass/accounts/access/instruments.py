"""Survey instruments (`kompass.frameworks`).

Shipped instruments, and those an administrator loads from a file, belong to no
organisation: everyone signed in reads them and nobody changes them in the browser (a
copy is the way to start from one). An instrument made or imported in the editor belongs
to one organisation: its members read it, its owners and editors change it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from kompass.accounts.access.organisations import (
    can_edit_organisation,
    editable_organisation_ids,
    member_organisation_ids,
)
from kompass.frameworks.models import Framework


def instrument_organisation_ids(user) -> set[int] | None:
    """Organisations the user may make and change instruments for; None means any (an
    administrator)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_administrator:
        return None
    return editable_organisation_ids(user)


def can_create_instrument(user) -> bool:
    ids = instrument_organisation_ids(user)
    return ids is None or bool(ids)


def visible_instruments(user):
    """The instruments the user may read: the shipped ones and their organisations'."""
    qs = Framework.objects.select_related("organisation")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=member_organisation_ids(user))
    )


def can_see_instrument(user, framework: Framework) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(
        user.is_administrator
        or framework.organisation_id is None
        or framework.organisation_id in member_organisation_ids(user)
    )


def can_edit_instrument(user, framework: Framework) -> bool:
    if framework.organisation_id is None:
        return False
    return can_edit_organisation(user, framework.organisation_id)


def edit_refusal(user, framework: Framework) -> PermissionDenied:
    if framework.organisation_id is None:
        return PermissionDenied(_("Ett levererat instrument ändras inte; gör en kopia."))
    return PermissionDenied(_("Du får inte ändra det här instrumentet."))


def lookup_instrument(key) -> Framework | None:
    return Framework.objects.select_related("organisation").filter(identifier=key).first()
