"""Signing in through the locally running OpenID Connect provider in Chromium: the roles
come from the provider's groups; a tampered ID token is refused; the pages pass axe."""

import pytest
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD
from tests.sso.provider import PROVIDER_ID

from kompass.accounts.models import SignInRule, User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]


@pytest.fixture
def sso(oidc_settings, idp, live_server, leksand):
    SignInRule.objects.create(
        provider=PROVIDER_ID,
        claim_value="leksand-kompass-redaktorer",
        organisation=leksand,
        role="editor",
    )
    SignInRule.objects.create(
        provider=PROVIDER_ID, claim_value="kompass-utvarderare", grants_evaluator=True
    )
    idp.configure(redirect_uris=[f"{live_server.url}/konto/oidc/{PROVIDER_ID}/login/callback/"])
    return idp


def sign_in_through_provider(page, username):
    page.goto("/konto/logga-in/")
    page.get_by_role("button", name="Logga in med Leksands kommun").click()
    page.get_by_label("Provider user name").fill(username)
    page.get_by_label("Provider password").fill("idp-lösen-1")
    page.get_by_role("button", name="Sign in at the provider").click()


def test_sign_in_through_the_provider_lands_with_the_roles_of_the_groups(page, sso, live_server):
    sso.add_user(
        "karin.k",
        groups=["leksand-kompass-redaktorer", "kompass-utvarderare"],
        given_name="Karin",
        family_name="Karlsson",
    )
    page.goto("/konto/logga-in/")
    assert axe_violations(page) == []
    sign_in_through_provider(page, "karin.k")
    page.wait_for_url(f"{live_server.url}/")  # the start page, signed in
    page.get_by_role("link", name="Karin Karlsson").click()
    page.wait_for_url("**/konto/mitt-konto/")
    roles = page.locator(".facts").inner_text()
    assert "Utvärderare" in roles and "Leksand: Redigerare" in roles
    assert "Leksands kommun" in roles
    assert axe_violations(page) == []
    user = User.objects.get(username="karin.k")
    assert user.is_evaluator and user.memberships.get().role == "editor"


def test_tampered_id_token_is_refused_in_the_browser(page, sso):
    sso.add_user("lars.l", groups=["leksand-kompass-redaktorer"])
    sso.configure(fault="tampered")
    sign_in_through_provider(page, "lars.l")
    page.get_by_role("heading", name="Inloggningen nekades").wait_for()
    assert "inget konto har skapats" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []
    assert not User.objects.filter(username="lars.l").exists()
    page.goto("/")
    assert "/konto/logga-in/" in page.url


def test_groups_without_a_rule_get_a_clear_page(page, sso):
    sso.add_user("maria.m", groups=["ekonomi"])
    sign_in_through_provider(page, "maria.m")
    page.get_by_role("heading", name="Ingen behörighet i Kompass").wait_for()
    assert "Kontakta Kompass-administratören" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert not User.objects.filter(username="maria.m").exists()


def test_local_sign_in_and_api_key_page_at_320_px(page, login, cast):
    page.set_viewport_size({"width": 320, "height": 640})
    login("lasare", PASSWORD)
    page.goto("/konto/mitt-konto/")
    page.get_by_label("Namn på ny nyckel").fill("Nattlig export")
    page.get_by_role("button", name="Skapa nyckel").click()
    key = page.get_by_label("Ny API-nyckel").input_value()
    assert key.startswith("kompass_")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []
