"""API authentication by personal key: `Authorization: Bearer <key>` beside the session.

The key's user becomes `request.user`, so every API view applies the same access rules
to a script as to its user in the browser.
"""

from ninja.security import HttpBearer

from kompass.accounts.domain.tokens import user_for_key


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_key(token)
        if user is None:
            return None
        request.user = user
        return user
