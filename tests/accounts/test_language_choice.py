"""The interface language is remembered on the user: chosen once, it follows the user to
every new browser they sign in from, and it wins over that browser's own cookie."""

import pytest
from django.conf import settings
from django.test import Client

from kompass.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"


def sign_in(client, username="lasare"):
    response = client.post(LOGIN, {"login": username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_choice_is_kept_on_the_user_and_applied_on_a_new_device(cast, client):
    sign_in(client)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(username="lasare").language == "en"

    # A fresh browser (no language cookie) opens in English once the user signs in.
    other = Client()
    assert 'lang="sv"' in other.get(LOGIN).content.decode()
    sign_in(other)
    page = other.get("/")
    assert 'lang="en"' in page.content.decode()
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_remembered_choice_wins_over_a_browser_cookie(cast, client):
    User.objects.filter(username="lasare").update(language="sv")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in(client)
    assert 'lang="sv"' in client.get("/").content.decode()
    # Switching back and forth changes the stored choice each time.
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert User.objects.get(username="lasare").language == "sv"
    assert 'lang="sv"' in client.get("/").content.decode()


def test_an_unknown_language_is_not_stored(cast, client):
    sign_in(client)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert User.objects.get(username="lasare").language == ""


def test_anonymous_visitors_still_switch_by_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get(LOGIN).content.decode()
