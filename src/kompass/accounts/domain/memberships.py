"""Memberships and role changes, each recorded in the audit trail (who gave whom which
role in which organisation, before and after)."""

from __future__ import annotations

from django.db import transaction

from kompass.accounts.models import Membership, User
from kompass.audit import trail


@transaction.atomic
def set_membership(*, organisation, person: User, role: str, user) -> Membership:
    """Give `person` the role `role` in `organisation` (a new membership or a changed role)."""
    membership = Membership.objects.filter(organisation=organisation, user=person).first()
    if membership is None:
        membership = Membership.objects.create(organisation=organisation, user=person, role=role)
        trail.created(user=user, obj=membership)
        return membership
    with trail.changing(user=user, obj=membership, fields=("role", "from_sign_in_rule")):
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_membership(*, organisation, person: User, user) -> bool:
    membership = Membership.objects.filter(organisation=organisation, user=person).first()
    if membership is None:
        return False
    trail.deleted(user=user, obj=membership)
    membership.delete()
    return True
