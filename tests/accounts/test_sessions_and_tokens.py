"""Sessions and API keys, and the attacks on them: an idle or disabled session, a session
from before "sign out everywhere", a revoked key, a key of a disabled user."""

import time

import pytest
from django.test import Client

from kompass.accounts.domain.tokens import create_token, digest
from kompass.accounts.middleware import SEEN_KEY
from kompass.accounts.models import ApiToken, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(username) -> Client:
    client = Client()
    response = client.post("/konto/logga-in/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_session_ends_after_the_idle_timeout(cast, settings):
    client = signed_in("lasare")
    assert client.get("/").status_code == 200
    # The session's expiry is pushed forward by requests; after the idle time it is gone
    # on the server, whatever the browser keeps.
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    session = Session.objects.get(session_key=client.session.session_key)
    assert (session.expire_date - timezone.now()).total_seconds() == pytest.approx(
        settings.SESSION_COOKIE_AGE, abs=120
    )
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now())
    response = client.get("/")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_activity_moves_the_idle_timeout(cast):
    client = signed_in("lasare")
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 3600
    session.save()
    from django.contrib.sessions.models import Session

    before = Session.objects.get(session_key=session.session_key).expire_date
    client.get("/")
    after = Session.objects.get(session_key=session.session_key).expire_date
    assert after > before


def test_idle_timeout_setting_is_at_least_one_minute(monkeypatch):
    import importlib

    import kompass.settings as kompass_settings

    monkeypatch.setenv("KOMPASS_SESSION_IDLE_MINUTES", "0")
    with pytest.raises(ValueError, match="KOMPASS_SESSION_IDLE_MINUTES"):
        importlib.reload(kompass_settings)
    monkeypatch.delenv("KOMPASS_SESSION_IDLE_MINUTES")
    importlib.reload(kompass_settings)


def test_disabled_user_cannot_use_an_old_session(cast):
    client = signed_in("lasare")
    User.objects.filter(username="lasare").update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert client.get("/api/evaluations/").status_code == 401


def test_sign_out_everywhere_ends_every_session_and_key(cast):
    laptop, phone = signed_in("lasare"), signed_in("lasare")
    _, key = create_token(user=cast["reader"], name="skript")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert Client().get("/api/evaluations/", **auth).status_code == 200
    response = phone.post("/konto/mitt-konto/logga-ut-overallt/")
    assert response.status_code == 302 and response["Location"] == "/konto/logga-in/"
    # The laptop's session is from before: refused on its next request.
    assert laptop.get("/").status_code == 302
    assert laptop.get("/api/evaluations/").status_code == 401
    assert phone.get("/").status_code == 302
    assert Client().get("/api/evaluations/", **auth).status_code == 401
    # Signing in again works as usual; the old sessions stay dead.
    fresh = signed_in("lasare")
    assert fresh.get("/").status_code == 200
    assert laptop.get("/").status_code == 302


def test_replaying_a_stolen_session_cookie_after_sign_out_everywhere(cast):
    victim = signed_in("lasare")
    stolen = victim.cookies["sessionid"].value
    victim.post("/konto/mitt-konto/logga-ut-overallt/")
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get("/").status_code == 302


def test_password_change_keeps_working_with_the_session_check(cast):
    client = signed_in("lasare")
    user = User.objects.get(username="lasare")
    user.set_password("ett-nytt-lösenord-42")
    user.save()
    assert client.get("/").status_code == 302  # Django's own rule still holds


# --- API keys -------------------------------------------------------------------------


def test_key_is_shown_once_and_stored_as_a_digest(cast):
    client = signed_in("lasare")
    response = client.post("/konto/mitt-konto/nycklar/ny/", {"name": "Nattlig export"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    text = response.content.decode()
    token = ApiToken.objects.get()
    key = text.split('id="new-key" readonly value="')[1].split('"')[0]
    assert key.startswith("kompass_") and len(key) > 40
    assert token.digest == digest(key) and key not in (token.prefix, token.digest)
    assert key not in client.get("/konto/mitt-konto/").content.decode()
    assert token.name in client.get("/konto/mitt-konto/").content.decode()


def test_key_needs_a_name(cast):
    client = signed_in("lasare")
    response = client.post("/konto/mitt-konto/nycklar/ny/", {"name": "  "})
    assert response.status_code == 400
    assert "Ge nyckeln ett namn" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_bearer_key_gives_the_same_access_as_its_user(cast, draft, leksand):
    _, reader_key = create_token(user=cast["reader"], name="läsare")
    _, outsider_key = create_token(user=cast["outsider"], name="utomstående")
    api = Client()
    mine = api.get(f"/api/evaluations/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {reader_key}")
    theirs = api.get(f"/api/evaluations/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {outsider_key}")
    assert mine.status_code == 200
    assert theirs.status_code == 404
    assert api.get("/api/evaluations/").status_code == 401


def test_last_used_date_is_recorded(cast):
    token, key = create_token(user=cast["reader"], name="x")
    assert token.last_used_at is None
    Client().get("/api/evaluations/", HTTP_AUTHORIZATION=f"Bearer {key}")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "key",
    ["", "kompass_", "kompass_" + "x" * 43, "Bearer", "a" * 5000, "kompass_' OR 1=1 --"],
)
def test_unknown_or_malformed_keys_are_refused(cast, key):
    create_token(user=cast["reader"], name="riktig")
    assert Client().get("/api/evaluations/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_revoked_key_is_refused(cast):
    token, key = create_token(user=cast["reader"], name="x")
    client = signed_in("lasare")
    client.post(f"/konto/mitt-konto/nycklar/{token.pk}/aterkalla/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/evaluations/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_one_user_cannot_revoke_another_users_key(cast):
    token, key = create_token(user=cast["reader"], name="x")
    attacker = signed_in("utomstaende")
    response = attacker.post(f"/konto/mitt-konto/nycklar/{token.pk}/aterkalla/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/evaluations/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_key_of_a_disabled_user_is_refused(cast):
    _, key = create_token(user=cast["reader"], name="x")
    User.objects.filter(pk=cast["reader"].pk).update(is_active=False)
    assert Client().get("/api/evaluations/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_key_cannot_be_used_as_a_session(cast):
    _, key = create_token(user=cast["reader"], name="x")
    assert Client().get("/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 302


def test_key_works_for_writes_without_csrf(cast, leksand):
    # Scripts send no CSRF token; the key is the proof. A session without the token is refused.
    _, key = create_token(user=cast["editor"], name="x")
    api = Client(enforce_csrf_checks=True)
    response = api.post(
        "/api/collaboration/socio/calc",
        data="{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code != 401 and response.status_code != 403
    session = Client(enforce_csrf_checks=True)
    session.force_login(cast["editor"])
    response = session.post(
        "/api/collaboration/socio/calc", data="{}", content_type="application/json"
    )
    assert response.status_code in (401, 403)


def test_account_page_lists_keys_and_two_factor(cast):
    client = signed_in("lasare")
    create_token(user=cast["reader"], name="Månadsrapport")
    text = client.get("/konto/mitt-konto/").content.decode()
    assert "Mitt konto" in text and "Månadsrapport" in text
    assert "Slå på tvåstegsverifiering" in text
    assert "Logga ut överallt" in text
