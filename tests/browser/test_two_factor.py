"""Two-factor authentication for a local administrator when the setting requires it: the
activation page and the code prompt, by keyboard and mouse, checked with axe."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_administrator_turns_on_totp_and_then_signs_in_with_a_code(
    page, login, cast, settings, live_server
):
    settings.KOMPASS_ADMIN_REQUIRE_TOTP = True
    login("admin", PASSWORD)
    page.goto("/utvarderingar/")
    # allauth asks for the password again before a security change.
    page.wait_for_url("**/konto/reauthenticate/**")
    assert axe_violations(page) == []
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    assert axe_violations(page) == []
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "activate" not in url)
    assert Authenticator.objects.filter(user=cast["admin"], type="totp").exists()
    page.goto("/utvarderingar/")
    assert page.url.endswith("/utvarderingar/")
    # Signing in again now asks for the code after the password.
    page.context.clear_cookies()
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/konto/2fa/authenticate/")
    assert axe_violations(page) == []
    cache.clear()  # each code works once; forget the activation's use instead of waiting 30 s
    page.locator("input[name=code]").fill(code(secret))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
