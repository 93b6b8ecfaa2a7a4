"""Sign-in through a real OpenID Connect provider running locally (tests/sso/idp): real
redirects, real RS256 signatures, real claims; and every way its answer can be wrong."""

from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.models import SocialAccount

from kompass.accounts.models import Membership, SignInRule, User
from tests.sso.provider import PROVIDER_ID, sign_in_at_provider

pytestmark = [pytest.mark.subprocess, pytest.mark.django_db]

CALLBACK = f"http://testserver/konto/oidc/{PROVIDER_ID}/login/callback/"


@pytest.fixture
def rules(leksand, rattvik):
    SignInRule.objects.create(
        provider=PROVIDER_ID,
        claim_value="leksand-kompass-redaktorer",
        organisation=leksand,
        role="editor",
    )
    SignInRule.objects.create(
        provider=PROVIDER_ID,
        claim_value="leksand-kompass-lasare",
        organisation=leksand,
        role="reader",
    )
    SignInRule.objects.create(
        provider=PROVIDER_ID, claim_value="rattvik-lasare", organisation=rattvik, role="reader"
    )
    SignInRule.objects.create(
        provider=PROVIDER_ID, claim_value="kompass-utvarderare", grants_evaluator=True
    )
    SignInRule.objects.create(
        provider=PROVIDER_ID, claim_value="kompass-administratorer", grants_administrator=True
    )


@pytest.fixture
def sso(oidc_settings, idp, client, rules):
    idp.configure(redirect_uris=[CALLBACK])
    return idp


def start(client) -> str:
    """Press "Logga in med Leksands kommun": Kompass redirects to the provider."""
    response = client.post(f"/konto/oidc/{PROVIDER_ID}/login/")
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, username, password="idp-lösen-1"):
    callback = sign_in_at_provider(start(client), username, password)
    assert callback.startswith(CALLBACK)
    return client.get(callback.removeprefix("http://testserver")), callback


def test_login_page_lists_the_provider_beside_the_local_form(sso, client):
    content = client.get("/konto/logga-in/").content.decode()
    assert "Logga in med Leksands kommun" in content
    assert 'name="password"' in content


def test_authorization_request_uses_code_flow_with_pkce_nonce_and_state(sso, client):
    query = parse_qs(urlparse(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["nonce"][0]) >= 32 and len(query["state"][0]) >= 16
    assert "openid" in query["scope"][0].split()


def test_first_sign_in_creates_the_user_with_the_roles_of_their_groups(sso, client, leksand):
    sso.add_user(
        "anna.andersson",
        groups=["leksand-kompass-redaktorer", "kompass-utvarderare", "okand-grupp"],
        email="anna@leksand.example",
        given_name="Anna",
        family_name="Andersson",
    )
    response, _ = sign_in(client, "anna.andersson")
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(socialaccount__provider=PROVIDER_ID)
    assert (user.username, user.first_name, user.email) == (
        "anna.andersson",
        "Anna",
        "anna@leksand.example",
    )
    assert not user.has_usable_password()
    assert user.is_evaluator and not user.is_superuser
    assert list(
        user.memberships.values_list("organisation__code", "role", "from_sign_in_rule")
    ) == [("2029", "editor", True)]
    assert client.get("/").status_code == 200  # signed in


def test_roles_follow_the_groups_at_every_sign_in(sso, client, leksand, rattvik):
    sso.add_user("bo", groups=["leksand-kompass-redaktorer", "kompass-administratorer"])
    sign_in(client, "bo")
    user = User.objects.get(username="bo")
    assert user.is_superuser and user.is_staff
    # An owner adds Bo to Rättvik by hand; the provider moves Bo to Leksand's readers.
    Membership.objects.filter(user=user, organisation=leksand).update(role="editor")
    client.logout()
    sso.add_user("bo", groups=["leksand-kompass-lasare"])
    sign_in(client, "bo")
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff and not user.is_evaluator
    assert list(user.memberships.values_list("organisation__code", "role")) == [("2029", "reader")]
    assert User.objects.filter(username__startswith="bo").count() == 1


def test_hand_made_membership_stays_when_no_rule_covers_it(sso, client, rattvik, leksand):
    sso.add_user("cecilia", groups=["leksand-kompass-lasare"])
    sign_in(client, "cecilia")
    user = User.objects.get(username="cecilia")
    from kompass.organisations.models import Organisation

    falun = Organisation.objects.get(code="2080")
    Membership.objects.create(user=user, organisation=falun, role="owner")
    client.logout()
    sign_in(client, "cecilia")
    assert sorted(user.memberships.values_list("organisation__code", "role")) == [
        ("2029", "reader"),
        ("2080", "owner"),
    ]


def test_groups_that_map_to_no_role_are_refused_and_no_user_is_created(sso, client, caplog):
    sso.add_user("david", groups=["helt-annan-grupp"])
    response, _ = sign_in(client, "david")
    assert response.status_code == 403
    text = response.content.decode()
    assert "ingen av dina grupper där ger någon roll i Kompass" in text
    assert "Kontakta Kompass-administratören" in text
    assert not User.objects.filter(username="david").exists()
    assert not SocialAccount.objects.exists()
    assert client.get("/").status_code == 302  # not signed in
    assert any(
        "inga regler för grupperna ['helt-annan-grupp']" in r.getMessage() for r in caplog.records
    )


def test_existing_user_whose_groups_no_longer_map_is_refused_and_loses_roles(sso, client):
    sso.add_user("erik", groups=["leksand-kompass-redaktorer", "kompass-utvarderare"])
    sign_in(client, "erik")
    client.logout()
    sso.add_user("erik", groups=["slutat"])
    response, _ = sign_in(client, "erik")
    assert response.status_code == 403
    user = User.objects.get(username="erik")
    assert not user.memberships.exists() and not user.is_evaluator


def test_same_user_name_as_a_local_account_gets_its_own_user(sso, client, cast):
    sso.add_user("admin", groups=["leksand-kompass-lasare"])
    sign_in(client, "admin")
    local = User.objects.get(pk=cast["admin"].pk)
    assert not SocialAccount.objects.filter(user=local).exists()
    sso_user = SocialAccount.objects.get().user
    assert sso_user.pk != local.pk and not sso_user.is_superuser


def test_disabled_user_cannot_sign_in_through_the_provider(sso, client):
    sso.add_user("fredrik", groups=["leksand-kompass-lasare"])
    sign_in(client, "fredrik")
    client.logout()
    User.objects.filter(username="fredrik").update(is_active=False)
    response, _ = sign_in(client, "fredrik")
    assert client.get("/").status_code == 302
    assert response.status_code in (200, 302)
    assert "/konto/logga-in/" in client.get("/")["Location"]


@pytest.mark.parametrize(
    "fault",
    [
        "tampered",
        "other_key",
        "unsigned",
        "hmac",
        "expired",
        "wrong_issuer",
        "wrong_audience",
        "wrong_nonce",
    ],
)
def test_bad_id_token_is_refused_and_no_user_is_created(sso, client, fault, caplog):
    sso.add_user("gustav", groups=["leksand-kompass-lasare"])
    sso.configure(fault=fault)
    response, _ = sign_in(client, "gustav")
    assert response.status_code == 400, fault
    assert "Inloggningen nekades" in response.content.decode()
    assert not User.objects.filter(username="gustav").exists()
    assert not SocialAccount.objects.exists()
    assert client.get("/").status_code == 302
    assert any("nekad" in r.getMessage() for r in caplog.records)


def test_replayed_id_token_is_refused(sso, client):
    sso.add_user("hanna", groups=["leksand-kompass-lasare"])
    sign_in(client, "hanna")
    client.logout()
    sso.configure(fault="replay")  # the provider hands out Hanna's previous ID token again
    response, _ = sign_in(client, "hanna")
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_replayed_callback_is_refused(sso, client, django_user_model):
    sso.add_user("ida", groups=["leksand-kompass-lasare"])
    response, callback = sign_in(client, "ida")
    assert response.status_code == 302
    client.logout()
    # The same code and state again: the state was used up and the code too.
    again = client.get(callback.removeprefix("http://testserver"))
    assert again.status_code == 400
    assert client.get("/").status_code == 302
    # ... also from another browser that never started a sign-in.
    from django.test import Client

    other = Client()
    assert other.get(callback.removeprefix("http://testserver")).status_code == 400
    assert other.get("/").status_code == 302


def test_callback_with_a_forged_state_is_refused(sso, client):
    sso.add_user("jonas", groups=["leksand-kompass-lasare"])
    callback = sign_in_at_provider(start(client), "jonas", "idp-lösen-1")
    forged = callback.replace("state=", "state=x")
    assert client.get(forged.removeprefix("http://testserver")).status_code == 400
    assert not User.objects.filter(username="jonas").exists()
