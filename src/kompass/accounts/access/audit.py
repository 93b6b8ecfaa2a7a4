"""The audit trail.

- Administrators read every entry.
- An organisation's owners read the entries of their organisation (its page of changes,
  and the page of each of its objects): they answer for the organisation's data and
  already manage who may change it.
- An app may keep an object's trail from the organisation's owners (`owners_read=False`
  in `kompass.audit.kinds`): an evaluation is its evaluators' work, so its trail is read
  by its assigned evaluators and administrators only, also on the organisation's page.
- Those who answer for an object without owning its organisation read that object's
  page: the app registers them with `readers` in `kompass.audit.kinds` (an evaluation's
  assigned evaluators, a survey's owners).

Everyone else gets 404: a trail never tells an outsider that an object exists.
"""

from kompass.accounts.access.organisations import membership
from kompass.accounts.models import Membership
from kompass.audit.kinds import kind_for, kinds_hidden_from_owners
from kompass.audit.models import AuditEntry


def _owned_organisation_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role=Membership.Role.OWNER).values_list(
            "organisation_id", flat=True
        )
    )


def can_see_organisation_trail(user, organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    m = membership(user, organisation.pk)
    return bool(m and m.role == Membership.Role.OWNER)


def can_see_object_trail(user, kind: str, object_id: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    rules = kind_for(kind)
    if rules.readers is not None and rules.readers(user, object_id):
        return True
    if not rules.owners_read:
        return False
    organisations = set(
        AuditEntry.objects.filter(root_kind=kind, root_id=object_id)
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return bool(organisations & _owned_organisation_ids(user))


def can_see_some_trail(user) -> bool:
    """Whether to offer the trail at all (a menu entry)."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_administrator or _owned_organisation_ids(user))
    )


def visible_trail_entries(user, qs):
    """The entries of an organisation's trail that `user` (who may read it) sees."""
    if user.is_administrator:
        return qs
    return qs.exclude(root_kind__in=kinds_hidden_from_owners())
