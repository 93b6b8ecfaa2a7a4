from tests.sso.provider import identity_provider, idp, oidc_settings  # noqa: F401
