"""What a sign-in through an identity provider grants: the administrator's rules applied
to the groups the provider vouches for.

`resolve_grants` reads the rules; `apply_grants` makes the user's roles equal to them in
one transaction (memberships added, changed and removed; flags set and cleared), so a
group removed at the provider takes the role away at the next sign-in.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from kompass.accounts.models import Membership, SignInRule, User
from kompass.audit import trail
from kompass.audit.actor import acting_as

ROLE_RANK = {Membership.Role.READER: 1, Membership.Role.EDITOR: 2, Membership.Role.OWNER: 3}


@dataclass(frozen=True)
class Grants:
    """Roles a sign-in grants: organisation id -> role, and the two flags."""

    memberships: dict[int, str] = field(default_factory=dict)
    evaluator: bool = False
    administrator: bool = False

    @property
    def empty(self) -> bool:
        return not (self.memberships or self.evaluator or self.administrator)


def groups_from_claims(claims: dict, claim_name: str) -> list[str]:
    """The group values in a claim that may be a list, one string or missing."""
    value = claims.get(claim_name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def resolve_grants(*, provider: str, groups: Iterable[str]) -> Grants:
    """The union of what every matching rule grants; the highest role wins per organisation."""
    memberships: dict[int, str] = {}
    evaluator = administrator = False
    for rule in SignInRule.objects.filter(provider=provider, claim_value__in=list(groups)):
        if rule.organisation_id and rule.role:
            current = memberships.get(rule.organisation_id)
            if current is None or ROLE_RANK[rule.role] > ROLE_RANK[current]:
                memberships[rule.organisation_id] = rule.role
        evaluator = evaluator or rule.grants_evaluator
        administrator = administrator or rule.grants_administrator
    return Grants(memberships=memberships, evaluator=evaluator, administrator=administrator)


@transaction.atomic
def apply_grants(*, user: User, grants: Grants) -> None:
    """Make the user's roles what the rules grant. Memberships an owner added by hand are
    left alone unless a rule covers the same organisation (then the rule decides)."""
    # Recorded in the trail as the sign-in rules acting (the person is signing in).
    with acting_as("systemet (inloggningsregler)"):
        flags = ("is_evaluator", "is_superuser", "is_staff")
        with trail.changing(user=None, obj=user, fields=flags):
            user.is_evaluator = grants.evaluator
            user.is_superuser = grants.administrator
            user.is_staff = grants.administrator
            user.save(update_fields=list(flags))
        existing = {m.organisation_id: m for m in Membership.objects.filter(user=user)}
        for organisation_id, role in grants.memberships.items():
            membership = existing.get(organisation_id)
            if membership is None:
                membership = Membership.objects.create(
                    user=user, organisation_id=organisation_id, role=role, from_sign_in_rule=True
                )
                trail.created(user=None, obj=membership)
            elif membership.role != role or not membership.from_sign_in_rule:
                with trail.changing(
                    user=None, obj=membership, fields=("role", "from_sign_in_rule")
                ):
                    membership.role = role
                    membership.from_sign_in_rule = True
                    membership.save(update_fields=["role", "from_sign_in_rule"])
        for membership in Membership.objects.filter(user=user, from_sign_in_rule=True).exclude(
            organisation_id__in=list(grants.memberships)
        ):
            trail.deleted(user=None, obj=membership)
            membership.delete()
    user.__dict__.pop("_kompass_memberships", None)
