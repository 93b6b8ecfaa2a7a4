"""Kompass's OpenID Connect provider for django-allauth: allauth's own, made strict.

allauth skips the ID token's signature when the token came straight from the token
endpoint (the specification allows it) and sends no nonce. Kompass always checks the
signature against the provider's published keys, accepts only asymmetric algorithms,
sends a nonce with every sign-in and refuses an ID token that does not carry it back.
Installed through allauth's documented `provider_class` setting
(`kompass.accounts.sso.config.socialaccount_providers`).
"""
