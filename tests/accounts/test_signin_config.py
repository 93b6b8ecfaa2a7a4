"""The provider list from the environment and the rules an administrator edits."""

import pytest
from django.core.exceptions import ValidationError

from kompass.accounts.domain.signin_rules import groups_from_claims, resolve_grants
from kompass.accounts.models import SignInRule
from kompass.accounts.sso.config import ProviderConfigError, parse_oidc_providers

GOOD = '[{"id": "leksand", "name": "Leksands kommun", "issuer": "https://idp.example/", "client_id": "c", "client_secret": "s"}]'


def test_providers_parse_with_defaults():
    (provider,) = parse_oidc_providers(GOOD)
    assert provider.issuer == "https://idp.example"
    assert provider.groups_claim == "groups"
    assert provider.scope == ("openid", "profile", "email")
    assert parse_oidc_providers("") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "ogiltig JSON på rad 1"),
        ('{"id": "x"}', "JSON-lista"),
        ('[{"id": "leksand"}]', "post 1: name saknas"),
        (GOOD.replace('"leksand"', '"Leksand Kommun"'), "små bokstäver"),
        (GOOD.replace("https://idp.example/", "idp.example"), "issuer"),
        (GOOD.replace('"client_secret": "s"', '"client_secret": ""'), "client_secret saknas"),
        (GOOD.replace('"s"}', '"s", "scope": ["email"]}'), "openid"),
        (GOOD.replace('"s"}', '"s", "färg": "blå"}'), "okänd nyckel färg"),
        (GOOD[:-1] + "," + GOOD[1:], "post 2: id 'leksand' förekommer två gånger"),
    ],
)
def test_bad_provider_lists_are_refused_with_where_and_what(text, message):
    with pytest.raises(ProviderConfigError, match=message):
        parse_oidc_providers(text)


def test_bad_provider_list_stops_the_start(monkeypatch):
    import importlib

    import kompass.settings as kompass_settings

    monkeypatch.setenv("KOMPASS_OIDC_PROVIDERS", '[{"id": "x"}]')
    with pytest.raises(ProviderConfigError):
        importlib.reload(kompass_settings)
    monkeypatch.delenv("KOMPASS_OIDC_PROVIDERS")
    importlib.reload(kompass_settings)


def test_groups_claim_may_be_a_list_a_string_or_missing():
    assert groups_from_claims({"groups": ["a", "b"]}, "groups") == ["a", "b"]
    assert groups_from_claims({"roles": "a"}, "roles") == ["a"]
    assert groups_from_claims({}, "groups") == []
    assert groups_from_claims({"groups": {"a": 1}}, "groups") == []


@pytest.mark.django_db
def test_highest_role_wins_and_flags_add_up(leksand):
    SignInRule.objects.create(provider="p", claim_value="a", organisation=leksand, role="reader")
    SignInRule.objects.create(provider="p", claim_value="b", organisation=leksand, role="owner")
    SignInRule.objects.create(provider="p", claim_value="c", grants_evaluator=True)
    SignInRule.objects.create(provider="q", claim_value="d", grants_administrator=True)
    grants = resolve_grants(provider="p", groups=["a", "b", "c", "d"])
    assert grants.memberships == {leksand.pk: "owner"}
    assert grants.evaluator and not grants.administrator  # "d" is another provider's group
    assert resolve_grants(provider="p", groups=["x"]).empty


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Regeln ger ingenting"),
        ({"role": "reader"}, "Välj organisationen"),
        ({"with_org": True}, "Välj vilken roll"),
    ],
)
def test_rule_that_grants_nothing_or_half_is_refused(leksand, fields, message):
    rule = SignInRule(provider="p", claim_value="g", role=fields.get("role", ""))
    if fields.get("with_org"):
        rule.organisation = leksand
    with pytest.raises(ValidationError, match=message):
        rule.full_clean()


@pytest.mark.django_db
def test_rules_are_edited_in_the_admin_with_the_configured_providers(
    cast, client, settings, leksand
):
    from kompass.accounts.sso.config import socialaccount_providers

    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(parse_oidc_providers(GOOD))
    client.force_login(cast["admin"])
    page = client.get("/admin/accounts/signinrule/add/").content.decode()
    assert "Leksands kommun (leksand)" in page
    response = client.post(
        "/admin/accounts/signinrule/add/",
        {"provider": "leksand", "claim_value": "g-1", "organisation": leksand.pk, "role": "editor"},
    )
    assert response.status_code == 302
    assert SignInRule.objects.get().role == "editor"
    refused = client.post(
        "/admin/accounts/signinrule/add/", {"provider": "okand", "claim_value": "g-2"}
    )
    assert refused.status_code == 200 and SignInRule.objects.count() == 1
