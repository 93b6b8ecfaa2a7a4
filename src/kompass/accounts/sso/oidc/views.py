"""Login and callback views with the strict ID-token check (see the package docstring)."""

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404

# Asymmetric algorithms only: "none" and the HMAC family (keyed with the client secret,
# which the provider's published keys cannot check) are refused.
ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
# Clock difference tolerated between Kompass and the provider, in seconds.
LEEWAY = 60


def verify_id_token(
    *, raw: str, keys_url: str, issuer: str, client_id: str, nonce: str | None
) -> dict:
    """The claims of a signed ID token, or OAuth2Error saying what was wrong with it."""
    try:
        header = jwt.get_unverified_header(raw)
    except jwt.PyJWTError as exc:
        raise OAuth2Error("ID-token kan inte läsas") from exc
    if header.get("alg") not in ALLOWED_ALGORITHMS:
        raise OAuth2Error(f"ID-token med otillåten signaturalgoritm {header.get('alg')!r}")
    if not header.get("kid"):
        raise OAuth2Error("ID-token saknar nyckel-id (kid)")
    _alg, key = jwtkit.fetch_key(raw, keys_url, jwtkit.lookup_kid_jwk)
    try:
        claims = jwt.decode(
            raw,
            key=key,
            algorithms=[header["alg"]],
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise OAuth2Error("ID-token har gått ut") from exc
    except jwt.InvalidAudienceError as exc:
        raise OAuth2Error("ID-token är utfärdad för en annan mottagare (aud)") from exc
    except jwt.InvalidIssuerError as exc:
        raise OAuth2Error("ID-token är utfärdad av fel utfärdare (iss)") from exc
    except jwt.InvalidSignatureError as exc:
        raise OAuth2Error("ID-token har ogiltig signatur") from exc
    except jwt.PyJWTError as exc:
        raise OAuth2Error(f"ID-token är ogiltig: {exc}") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OAuth2Error("ID-token för flera mottagare utan rätt azp")
    if not nonce or claims.get("nonce") != nonce:
        raise OAuth2Error("ID-token hör inte till den här inloggningen (nonce)")
    jwtkit.verify_jti(claims)  # a token id seen before is a replay
    return claims


class KompassOIDCAdapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    def complete_login(self, request, app, token, **kwargs):
        raw = kwargs["response"].get("id_token")
        if not raw:
            raise OAuth2Error("Leverantören skickade ingen ID-token")
        claims = verify_id_token(
            raw=raw,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            client_id=app.client_id,
            nonce=self.expected_nonce,
        )
        return self.get_provider().sociallogin_from_response(request, {"id_token": claims})


class KompassOIDCCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(KompassOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request, provider_id):
    try:
        return KompassOIDCCallbackView.adapter_view(KompassOIDCAdapter(request, provider_id))(
            request
        )
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
