"""django-allauth adapters: how sign-in behaves in Kompass.

Local accounts are made by administrators, never by signing up. A sign-in through an
identity provider creates the user the first time and sets their roles from the sign-in
rules every time, in one transaction with the user, so nothing half-made remains when a
step fails. A sign-in whose groups match no rule, or a provider answer that fails a check,
is refused with a page in the reader's language and logged (the log stays Swedish).
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kompass.accounts.domain.signin_rules import apply_grants, groups_from_claims, resolve_grants
from kompass.accounts.models import User

log = logging.getLogger("kompass.accounts.signin")


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "För många misslyckade inloggningsförsök. Vänta några minuter och försök igen."
        ),
        "username_password_mismatch": _("Fel användarnamn eller lösenord."),
    }

    def is_open_for_signup(self, request) -> bool:
        return False  # local accounts are created by an administrator

    def is_open_for_signup_via_provider(self) -> bool:
        return True


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def list_apps(self, request, provider=None, client_id=None):
        """Providers come from the environment only (KOMPASS_OIDC_PROVIDERS), never from
        the database: one place to configure, and no query on every sign-in page."""
        from allauth.socialaccount.models import SocialApp

        apps = []
        for provider_key, config in settings.SOCIALACCOUNT_PROVIDERS.items():
            for app in config.get("APPS", []):
                candidate = SocialApp(
                    provider=provider_key,
                    provider_id=app["provider_id"],
                    name=app["name"],
                    client_id=app["client_id"],
                    secret=app["secret"],
                    settings=app.get("settings", {}),
                )
                if provider and provider not in (candidate.provider, candidate.provider_id):
                    continue
                if client_id and client_id != candidate.client_id:
                    continue
                apps.append(candidate)
        return apps

    def _claims(self, sociallogin) -> dict:
        return sociallogin.account.extra_data.get("id_token") or {}

    def _grants(self, sociallogin):
        provider = sociallogin.account.get_provider()
        groups = groups_from_claims(self._claims(sociallogin), provider.groups_claim)
        return groups, resolve_grants(provider=sociallogin.account.provider, groups=groups)

    def pre_social_login(self, request, sociallogin):
        groups, grants = self._grants(sociallogin)
        provider_id = sociallogin.account.provider
        existing = sociallogin.is_existing
        if grants.empty:
            if existing:
                # Groups that no longer map to anything take the old roles away.
                apply_grants(user=sociallogin.user, grants=grants)
            log.warning(
                "Inloggning nekad: inga regler för grupperna %s (leverantör %s, sub %s, adress %s, %s användare)",
                sorted(groups),
                provider_id,
                sociallogin.account.uid,
                client_address(request),
                "befintlig" if existing else "ingen ny",
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "accounts/signin_no_role.html",
                    {"provider_name": sociallogin.account.get_provider().name},
                    status=403,
                )
            )
        if existing and sociallogin.user.is_active:
            apply_grants(user=sociallogin.user, grants=grants)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        from allauth.account.adapter import get_adapter as get_account_adapter

        base = (data.get("username") or data.get("email") or "").strip()
        if not base or User.objects.filter(username__iexact=base).exists():
            base = get_account_adapter().generate_unique_username(
                [base, data.get("email"), f"{sociallogin.account.provider}-user"]
            )
        user.username = base[:150]
        return user

    def save_user(self, request, sociallogin, form=None):
        _groups, grants = self._grants(sociallogin)
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            apply_grants(user=user, grants=grants)
        log.info(
            "Ny användare %s skapad vid inloggning via %s",
            user.username,
            sociallogin.account.provider,
        )
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        log.warning(
            "Inloggning via %s nekad: %s (%s), adress %s",
            getattr(provider, "id", provider),
            exception or "ogiltigt eller återanvänt svar",
            error,
            client_address(request),
        )
        raise ImmediateHttpResponse(
            render(
                request,
                "accounts/signin_failed.html",
                {"provider_name": getattr(provider, "name", "")},
                status=400,
            )
        )
