"""Refusals are pages in the user's language, in Kompass's own layout."""

from django.test import override_settings


@override_settings(DEBUG=False)
def test_forbidden_and_missing_pages_speak_swedish(cast, client_for, leksand):
    client = client_for(cast["reader"])
    forbidden = client.get(f"/nyckeltal/organisation/{leksand.code}/ny-indikator/")
    assert forbidden.status_code == 403
    page = forbidden.content.decode()
    assert "Du har inte behörighet till sidan" in page and "Forbidden" not in page
    assert "<title>Du har inte behörighet – Kompass</title>" in page
    missing = client.get("/finns-inte/")
    assert missing.status_code == 404 and "Sidan finns inte" in missing.content.decode()


def test_page_titles_have_a_separator(client):
    page = client.get("/konto/logga-in/").content.decode()
    assert "<title>Logga in – Kompass</title>" in page
