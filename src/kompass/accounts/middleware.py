"""Session rules that apply to every request: the idle timeout and, where the setting asks
for it, two-factor authentication for administrators with a local password."""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

SEEN_KEY = "kompass_seen"
TOTP_OK_KEY = "kompass_totp_ok"
# How often a session's expiry is pushed forward: at most one write a minute per session.
TOUCH_EVERY_SECONDS = 60


def start_session_clock(sender, request, user, **kwargs) -> None:
    """At sign-in the idle clock starts, so the first request after it writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())


def needs_totp(user) -> bool:
    """Administrators who sign in with a local password must have TOTP turned on."""
    return bool(
        settings.KOMPASS_ADMIN_REQUIRE_TOTP
        and user.is_superuser
        and user.has_usable_password()
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._touch(request)
            response = self._require_totp(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _touch(self, request) -> None:
        # Saving the session moves its expiry (SESSION_COOKIE_AGE, the idle timeout) from
        # now; the database refuses a session past it, so idle sessions end on the server.
        now = int(time.time())
        if now - request.session.get(SEEN_KEY, 0) >= TOUCH_EVERY_SECONDS:
            request.session[SEEN_KEY] = now

    def _require_totp(self, request, user):
        if request.session.get(TOTP_OK_KEY) or not settings.KOMPASS_ADMIN_REQUIRE_TOTP:
            return None
        if not needs_totp(user):
            if user.is_superuser:
                request.session[TOTP_OK_KEY] = True
            return None
        allowed = (
            reverse("mfa_index"),
            reverse("logout"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            "/i18n/",
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        if request.path.startswith(allowed):
            return None
        messages.warning(
            request,
            _(
                "Administratörer måste använda tvåstegsverifiering. Aktivera en autentiseringsapp för att fortsätta."
            ),
        )
        return redirect("mfa_activate_totp")


class UserLanguageMiddleware:
    """A signed-in user's remembered language wins over the browser's cookie and headers:
    the page is rendered in it and the cookie is set to it, so sign-in on a new device
    opens in the language the user chose last. Runs after authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        code = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if not code or code not in dict(settings.LANGUAGES):
            return self.get_response(request)
        if code != request.LANGUAGE_CODE:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        response = self.get_response(request)
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code and not (
            response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
