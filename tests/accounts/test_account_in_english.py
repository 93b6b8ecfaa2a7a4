"""What the account pages and sign-in say is in the reader's language: an English user
sees the sign-in, key and sign-out messages and the refused sign-in page in English, with
no Swedish interface words."""

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import translation

from kompass.accounts.models import ApiToken
from kompass.accounts.sso.adapters import SocialAccountAdapter
from tests.conftest import PASSWORD
from tests.test_languages_complete import SWEDISH, Checker, interface_text

pytestmark = pytest.mark.django_db


def english_client(cast) -> Client:
    cast["reader"].language = "en"
    cast["reader"].save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert (
        client.post("/konto/logga-in/", {"login": "lasare", "password": PASSWORD}).status_code
        == 302
    )
    return client


def test_wrong_password_in_english(cast):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    page = client.post("/konto/logga-in/", {"login": "lasare", "password": "fel"})
    text = interface_text(page.content.decode())
    assert "Wrong username or password." in text
    assert Checker(SWEDISH)(text) == []


def test_key_and_sign_out_messages_in_english(cast):
    client = english_client(cast)
    text = interface_text(
        client.post("/konto/mitt-konto/nycklar/ny/", {"name": " "}).content.decode()
    )
    assert "Give the key a name, e.g. which script uses it." in text
    assert Checker(SWEDISH)(text) == []
    page = client.post("/konto/mitt-konto/nycklar/999/aterkalla/", follow=True)
    text = interface_text(page.content.decode())
    assert "The key does not exist or has already been revoked." in text
    assert Checker(SWEDISH)(text) == []
    assert not ApiToken.objects.exists()
    page = client.post("/konto/mitt-konto/logga-ut-overallt/", follow=True)
    text = interface_text(page.content.decode())
    assert "You are logged out everywhere" in text
    assert Checker(SWEDISH)(text) == []


def test_refused_sign_in_page_in_english(cast):
    request = RequestFactory().get("/konto/oidc/leksand/login/callback/")
    request.user = AnonymousUser()
    request.session = {}
    with translation.override("en"), pytest.raises(ImmediateHttpResponse) as refused:
        SocialAccountAdapter().on_authentication_error(request, "leksand", error="denied")
    response = refused.value.response
    text = interface_text(response.content.decode())
    assert response.status_code == 400 and "Sign-in refused" in text
    assert Checker(SWEDISH)(text) == []
