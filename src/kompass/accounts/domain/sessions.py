"""Ending a user's sessions and keys at once ("sign out everywhere").

Every session stores a check value derived from the user's password and session
generation (`User._get_session_auth_hash`); Django compares it on each request. A new
generation therefore ends every session of the user on its next request, wherever it is,
with no list of sessions to keep.
"""

from django.db import transaction

from kompass.accounts.domain.tokens import revoke_all_tokens
from kompass.accounts.models import User, new_session_generation


@transaction.atomic
def sign_out_everywhere(*, user: User) -> int:
    """End all of the user's sessions and revoke all their API keys; returns the number of
    keys revoked."""
    user.session_generation = new_session_generation()
    user.save(update_fields=["session_generation"])
    return revoke_all_tokens(user=user)
