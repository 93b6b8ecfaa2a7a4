"""The provider class: allauth's OpenID Connect provider with a nonce in every redirect."""

import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from kompass.accounts.sso.oidc.views import KompassOIDCAdapter


class KompassOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = KompassOIDCAdapter

    def get_scope(self):
        return list(self.app.settings.get("scope") or self.get_default_scope())

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # The nonce travels to the provider in the request and back in the signed ID
        # token; the copy kept in the session state (used once) is what it must equal.
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    @property
    def groups_claim(self) -> str:
        return self.app.settings.get("groups_claim") or "groups"
