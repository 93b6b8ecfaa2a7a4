"""Local accounts: password sign-in, rate limits per account and per address, TOTP."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"


def post_login(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"login": username, "password": password}, REMOTE_ADDR=address)


def test_local_sign_in_with_password(cast, client):
    response = post_login(client, "lasare", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_says_so_in_swedish(cast, client):
    response = post_login(client, "lasare", "fel")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord." in response.content.decode()
    assert client.get("/").status_code == 302


def test_failed_attempts_are_limited_per_account(cast, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/5m/key"}
    for n in range(3):
        post_login(client, "lasare", "fel", address=f"10.0.1.{n}")
    # From yet another address, even the right password is refused for a while.
    response = post_login(client, "lasare", PASSWORD, address="10.0.2.1")
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert client.get("/").status_code == 302
    # Other accounts are not affected.
    assert post_login(client, "redigerare", PASSWORD, address="10.0.2.1").status_code == 302


def test_failed_attempts_are_limited_per_address(cast, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,100/5m/key"}
    for name in ["a", "b", "c"]:
        post_login(client, name, "fel", address="10.0.3.3")
    response = post_login(client, "lasare", PASSWORD, address="10.0.3.3")
    assert response.status_code in (200, 429)
    assert "För många" in response.content.decode()
    assert client.get("/").status_code == 302
    assert post_login(client, "lasare", PASSWORD, address="10.0.3.4").status_code == 302


def test_sign_up_is_closed(client, db):
    response = client.get("/konto/signup/")
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()


def current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_totp_is_asked_after_the_password(cast, client):
    secret = generate_totp_secret()
    TOTP.activate(cast["admin"], secret)
    response = post_login(client, "admin", PASSWORD)
    assert response.status_code == 302 and "/konto/2fa/authenticate/" in response["Location"]
    assert client.get("/").status_code == 302  # not signed in before the code
    page = client.get(response["Location"])
    assert page.status_code == 200
    wrong = client.post(
        response["Location"], {"code": "000000" if current_code(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and client.get("/").status_code == 302
    right = client.post(response["Location"], {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get("/").status_code == 200


def test_a_code_typed_as_the_step_changes_counts_but_an_older_one_does_not(cast, client):
    import time

    secret = generate_totp_secret()
    TOTP.activate(cast["admin"], secret)
    if 30 - time.time() % 30 < 2:  # keep the whole test inside one step
        time.sleep(2)
    step = int(time.time()) // 30
    location = post_login(client, "admin", PASSWORD)["Location"]
    too_old = format_hotp_value(hotp_value(secret, step - 3))
    if too_old not in {format_hotp_value(hotp_value(secret, step + d)) for d in (-2, -1, 0, 1, 2)}:
        assert client.post(location, {"code": too_old}).status_code == 200
        assert client.get("/").status_code == 302
    previous = format_hotp_value(hotp_value(secret, step - 1))
    assert client.post(location, {"code": previous}).status_code == 302
    assert client.get("/").status_code == 200


def test_admin_must_turn_on_totp_when_the_setting_says_so(cast, client, settings):
    settings.KOMPASS_ADMIN_REQUIRE_TOTP = True
    post_login(client, "admin", PASSWORD)
    response = client.get("/utvarderingar/")
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/totp/activate/"
    # Non-administrators are not affected.
    other = client.__class__()
    post_login(other, "lasare", PASSWORD)
    assert other.get("/utvarderingar/").status_code == 200
    # Once TOTP is on, the administrator gets through.
    TOTP.activate(cast["admin"], generate_totp_secret())
    assert client.get("/utvarderingar/").status_code == 200
    assert Authenticator.objects.filter(user=cast["admin"]).count() == 1


def test_admin_site_uses_the_kompass_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"].startswith("/konto/logga-in/")
