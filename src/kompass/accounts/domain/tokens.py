"""Personal API keys for scripts: created and shown once, stored as a digest, revocable.

A key answers only while it is not revoked and its user is active; using it records the
date (at most once a minute, so a busy script does not write on every call).
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.accounts.models import ApiToken, User
from kompass.core.errors import InputError, InputProblem

TOKEN_PREFIX = "kompass_"
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 20


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new key for `user`. Returns the stored row and the key, which is never shown again."""
    name = (name or "").strip()
    problem = None
    if not name:
        problem = _("Ge nyckeln ett namn, t.ex. vilket skript som använder den.")
    elif len(name) > 100:
        problem = _("Namnet får vara högst 100 tecken.")
    if problem:
        raise InputError([InputProblem(problem, field="name")])
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            message = _(
                "Du har redan %(count)d aktiva nycklar. Återkalla en som inte används först."
            ) % {"count": MAX_ACTIVE_TOKENS}
            raise InputError([InputProblem(message, field="name")])
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[: len(TOKEN_PREFIX) + 6], digest=digest(key)
        )
    return token, key


def user_for_key(key: str) -> User | None:
    """The active user a key belongs to, or None for an unknown, revoked or disabled one."""
    if not key or not key.startswith(TOKEN_PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(*, user: User, token_id: int) -> bool:
    """Revoke one of the user's own keys; False when there is no such active key."""
    return bool(
        ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def revoke_all_tokens(*, user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
