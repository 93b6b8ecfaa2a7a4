"""Claims the test provider issues, and the faults it can be told to commit."""

import base64
import json
import os
import time

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

# none: a correct ID token. The others break one rule each:
FAULTS = {
    "none",
    "tampered",  # claims changed after signing (an extra group), signature kept
    "other_key",  # signed by a key the provider does not publish, same key id
    "unsigned",  # alg "none", no signature
    "hmac",  # HS256 signed with the client secret instead of the provider's key
    "expired",  # exp in the past
    "wrong_issuer",  # iss of another provider
    "wrong_audience",  # aud of another client
    "wrong_nonce",  # a nonce that is not this sign-in's
    "replay",  # the last good ID token again, instead of a new one
}
STATE = {"fault": "none", "last_good": None}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TestProviderValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below goes into the ID token

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "email": user.email,
            "email_verified": True,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": f"{user.first_name} {user.last_name}".strip(),
            "groups": sorted(g.name for g in user.groups.all()),
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        fault, now = STATE["fault"], int(time.time())
        if fault == "expired":
            claims.update(exp=now - 600, iat=now - 900, auth_time=now - 900)
        elif fault == "wrong_issuer":
            claims["iss"] = "http://127.0.0.1:9/another-provider"
        elif fault == "wrong_audience":
            claims["aud"] = "another-client"
        elif fault == "wrong_nonce":
            claims["nonce"] = "not-the-nonce-of-this-sign-in"
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        raw = super().finalize_id_token(id_token, token, token_handler, request)
        fault = STATE["fault"]
        header, payload, signature = raw.split(".")
        claims = json.loads(_unb64(payload))
        if fault == "none":
            STATE["last_good"] = raw
        elif fault == "tampered":
            claims["groups"] = [*claims.get("groups", []), "kompass-administratorer"]
            raw = f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
        elif fault == "other_key":
            key = jwk.JWK.generate(kty="RSA", size=2048)
            kid = json.loads(_unb64(header))["kid"]
            token_ = jwt.JWT(header={"alg": "RS256", "kid": kid}, claims=claims)
            token_.make_signed_token(key)
            raw = token_.serialize()
        elif fault == "unsigned":
            raw = f"{_b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{payload}."
        elif fault == "hmac":
            secret = os.environ["IDP_CLIENT_SECRET"]  # shared by provider and client
            key = jwk.JWK(kty="oct", k=_b64(secret.encode()))
            kid = json.loads(_unb64(header))["kid"]
            token_ = jwt.JWT(header={"alg": "HS256", "kid": kid}, claims=claims)
            token_.make_signed_token(key)
            raw = token_.serialize()
        elif fault == "replay" and STATE["last_good"]:
            raw = STATE["last_good"]
        return raw
