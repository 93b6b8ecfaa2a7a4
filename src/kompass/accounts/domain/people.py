"""Erasing a user: what the retention rule for closed accounts and a person's erasure
(`kompass person erase`, the admin's person page) do to an account.

The row stays, anonymised, because other rows point at it (who created a plan, who
changed a score: those are the authority's records of its own work and keep their
meaning as "a removed user"); everything that identifies or reaches the person goes:
name, user name, e-mail addresses, password, two-factor devices, provider links,
memberships, API keys, sessions. The trail's entries about the account are anonymised
too (those it made stay, under the retention rule for the trail).
"""

from __future__ import annotations

from django.db import transaction

from kompass.accounts.models import User, new_session_generation
from kompass.audit import trail
from kompass.audit.models import AuditEntry

ERASED_PREFIX = "borttagen-"


def is_erased(user: User) -> bool:
    return user.username.startswith(ERASED_PREFIX) and not user.is_active


@transaction.atomic
def erase_user(*, person: User, user) -> dict[str, int]:
    """Anonymise `person` (as `user`, None for the command line or the retention job).
    Returns how many rows of each kind went."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    removed = {
        "memberships": person.memberships.count(),
        "api_tokens": person.api_tokens.count(),
        "email_addresses": EmailAddress.objects.filter(user=person).count(),
        "authenticators": Authenticator.objects.filter(user=person).count(),
        "provider_accounts": SocialAccount.objects.filter(user=person).count(),
    }
    trail.record_change(
        user=user,
        obj=person,
        action=trail.Action.ERASE,
        after={k: v for k, v in removed.items() if v},
        label=f"{ERASED_PREFIX}{person.pk}",
    )
    person.memberships.all().delete()
    person.api_tokens.all().delete()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    SocialAccount.objects.filter(user=person).delete()
    person.username = f"{ERASED_PREFIX}{person.pk}"
    person.first_name = person.last_name = person.email = ""
    person.is_active = person.is_staff = person.is_superuser = person.is_evaluator = False
    person.set_unusable_password()
    person.session_generation = new_session_generation()
    person.save()
    AuditEntry.objects.filter(object_kind="accounts.user", object_id=str(person.pk)).exclude(
        action=trail.Action.ERASE
    ).update(object_label=person.username, before={}, after={}, anonymised=True)
    return removed


def closed_accounts_due(cutoff):
    """Disabled accounts not used since before `cutoff` (last sign-in, or joining for an
    account never used), not yet erased."""
    from django.db.models import Q

    return (
        User.objects.filter(is_active=False)
        .exclude(username__startswith=ERASED_PREFIX)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )


def erase_closed_accounts(queryset, now) -> int:
    count = 0
    for person in queryset:
        erase_user(person=person, user=None)
        count += 1
    return count


def erase_for_registry(person: User, user) -> str:
    """`kompass.core.people`'s erase for a user: what went, in a few words."""
    removed = erase_user(person=person, user=user)
    gone = ", ".join(f"{name} {count}" for name, count in removed.items() if count)
    return f"anonymiserad ({gone})" if gone else "anonymiserad"
