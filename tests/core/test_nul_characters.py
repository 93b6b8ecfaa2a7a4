"""NUL (U+0000) refused with 400 wherever it comes in: PostgreSQL cannot store it, and
before `kompass.core.characters` an address, a search or a typed answer holding it made
the server answer 500 there. The attack: the character in every route's text parameter,
in queries, in form fields read straight from the request, in a JSON body (a typed answer:
tests/surveys/test_token_lookup.py)."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

MESSAGE = "Begäran innehöll ett tecken som inte kan sparas (NUL)"


def routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def with_nul(route: str) -> str | None:
    """The route with NUL in its first text parameter and 1 in every number; None for a
    route without a text parameter (or one written as a regular expression)."""
    if ("<str:" not in route and "<slug:" not in route) or route.startswith("^"):
        return None
    out, first = "/" + route, True
    while "<" in out:
        start, end = out.index("<"), out.index(">")
        kind = out[start + 1 : end].split(":")[0]
        value = "1" if kind == "int" else ("%00" if first else "x")
        first = first and kind == "int"
        out = out[:start] + value + out[end + 1 :]
    return out


@pytest.mark.django_db
def test_every_route_with_a_text_parameter_refuses_nul(client, cast):
    client.force_login(cast["admin"])
    addresses = [a for a in map(with_nul, routes()) if a]
    assert len(addresses) > 20
    answers = {a: client.get(a) for a in addresses}
    assert {a: r.status_code for a, r in answers.items() if r.status_code != 400} == {}
    assert MESSAGE in answers[addresses[0]].content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["/organisationer/?q=%00", "/nyckeltal/?kommun=a%00b", "/?%00=x", "/enkater/?q=x"]
)
def test_a_query_holding_nul_is_refused(client, cast, address):
    client.force_login(cast["admin"])
    expected = 200 if "%00" not in address else 400
    assert client.get(address).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("escape", ["\\u0000", "\\\\\\u0000"])
def test_a_json_body_holding_nul_is_refused(client, cast, escape):
    client.force_login(cast["admin"])
    body = '{"title": "a' + escape + 'b"}'
    assert json.loads(body)["title"].count("\x00") == 1
    response = client.post("/api/plans/1/actions", body, content_type="application/json")
    assert response.status_code == 400 and MESSAGE in response.json()["detail"]


@pytest.mark.django_db
def test_a_backslash_written_before_u0000_is_text_not_nul(client, cast):
    client.force_login(cast["admin"])
    body = '{"title": "a\\\\u0000b"}'
    assert "\x00" not in json.loads(body)["title"]
    response = client.post("/api/plans/1/actions", body, content_type="application/json")
    assert response.status_code != 400 or MESSAGE not in response.json().get("detail", "")
