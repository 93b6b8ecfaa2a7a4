"""Identity providers from the environment, read once by settings.py.

`KOMPASS_OIDC_PROVIDERS` holds a JSON list with one object per customer organisation's
OpenID Connect provider. This module knows nothing of Django: it turns the text into the
`SOCIALACCOUNT_PROVIDERS` structure django-allauth expects, and refuses a bad list at
start-up with a Swedish message naming the entry and the key.
"""

import json
import re
from dataclasses import dataclass, field

PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
REQUIRED = ("id", "name", "issuer", "client_id", "client_secret")
OPTIONAL = ("groups_claim", "scope")
DEFAULT_SCOPE = ("openid", "profile", "email")


class ProviderConfigError(ValueError):
    """A provider list that cannot be used; the message says which entry and key."""


@dataclass(frozen=True)
class OIDCProvider:
    id: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    groups_claim: str = "groups"
    scope: tuple[str, ...] = field(default=DEFAULT_SCOPE)

    def as_allauth_app(self) -> dict:
        return {
            "provider_id": self.id,
            "name": self.name,
            "client_id": self.client_id,
            "secret": self.client_secret,
            "settings": {
                "server_url": self.issuer,
                "groups_claim": self.groups_claim,
                "scope": list(self.scope),
                "oauth_pkce_enabled": True,
                "fetch_userinfo": False,
            },
        }


def parse_oidc_providers(
    text: str, *, variable: str = "KOMPASS_OIDC_PROVIDERS"
) -> list[OIDCProvider]:
    """Read the JSON list; an empty text means no providers."""
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProviderConfigError(
            f"{variable}: ogiltig JSON på rad {exc.lineno}, kolumn {exc.colno}: {exc.msg}"
        ) from exc
    if not isinstance(data, list):
        raise ProviderConfigError(f"{variable}: ska vara en JSON-lista med en post per leverantör")
    providers: list[OIDCProvider] = []
    seen: set[str] = set()
    for number, entry in enumerate(data, start=1):
        where = f"{variable}, post {number}"
        if not isinstance(entry, dict):
            raise ProviderConfigError(f"{where}: ska vara ett JSON-objekt")
        unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            raise ProviderConfigError(f"{where}: okänd nyckel {', '.join(unknown)}")
        for key in REQUIRED:
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ProviderConfigError(f"{where}: {key} saknas eller är tom")
        if not PROVIDER_ID.match(entry["id"]):
            raise ProviderConfigError(
                f"{where}: id {entry['id']!r} får bara innehålla små bokstäver a-z, siffror och bindestreck (högst 40 tecken)"
            )
        if entry["id"] in seen:
            raise ProviderConfigError(f"{where}: id {entry['id']!r} förekommer två gånger")
        seen.add(entry["id"])
        if not entry["issuer"].startswith(("https://", "http://")):
            raise ProviderConfigError(f"{where}: issuer ska vara en adress som börjar med https://")
        groups_claim = entry.get("groups_claim", "groups")
        if not isinstance(groups_claim, str) or not groups_claim:
            raise ProviderConfigError(f"{where}: groups_claim ska vara ett namn på ett claim")
        scope = entry.get("scope", list(DEFAULT_SCOPE))
        if not isinstance(scope, list) or not all(isinstance(s, str) for s in scope):
            raise ProviderConfigError(f"{where}: scope ska vara en lista med text")
        if "openid" not in scope:
            raise ProviderConfigError(f"{where}: scope måste innehålla openid")
        providers.append(
            OIDCProvider(
                id=entry["id"],
                name=entry["name"].strip(),
                issuer=entry["issuer"].rstrip("/"),
                client_id=entry["client_id"],
                client_secret=entry["client_secret"],
                groups_claim=groups_claim,
                scope=tuple(scope),
            )
        )
    return providers


def socialaccount_providers(oidc: list[OIDCProvider]) -> dict:
    """The `SOCIALACCOUNT_PROVIDERS` setting: allauth's OpenID Connect provider, replaced by
    Kompass's stricter subclass (signature always checked, nonce required)."""
    return {
        "openid_connect": {
            "provider_class": "kompass.accounts.sso.oidc.provider.KompassOIDCProvider",
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [p.as_allauth_app() for p in oidc],
        }
    }
