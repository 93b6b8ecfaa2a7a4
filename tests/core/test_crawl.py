"""No broken links: the pages each demo user reaches from the start page answer without
404 or server error (kompass.core.crawl), on the demo data.

Each role's crawl visits the first three addresses of each kind of page (URL pattern):
every organisation has its copy of most pages, and the whole suite runs on two cores; the
page-speed benchmark crawls further. The crawls are in the slow lane (`make test`)."""

import io

import pytest
from django.core.management import call_command

from kompass.accounts.models import User
from kompass.core.crawl import broken, crawl

pytestmark = pytest.mark.django_db

# The demo users (organisations/demo.py and the apps' demo loaders): administrator,
# evaluator, an organisation's editor and reader, a survey organisation's editor and the
# collaboration association's editor.
DEMO_ROLES = ["admin", "utvarderare", "leksand", "lasare", "botkyrka", "samverkan"]


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())


def problems(visits) -> list[str]:
    return [f"{v.status} {v.url} (länkad från {v.referrer})" for v in broken(visits)]


@pytest.mark.slow
@pytest.mark.parametrize("username", DEMO_ROLES)
def test_every_page_a_demo_user_reaches_answers(demo, client, username):
    """Three addresses per route (the browser test of every page checks one per route and
    role too); slow lane, so `make test-fast` has no crawl."""
    visits = crawl(client, user=User.objects.get(username=username), per_route=3)
    assert sum(v.is_page for v in visits.values()) >= 10
    assert problems(visits) == []


def links_of(html: str, base: str = "/sida/") -> list[str]:
    from kompass.core.crawl import _Links, _on_site

    page = _Links()
    page.feed(html)
    page.close()
    return _on_site(base, page.addresses())


def test_links_frames_and_images_on_the_site_without_fragments():
    html = (
        '<a href="/a/#del">a</a><a href="b/">b</a><a href="https://example.org/x/">ut</a>'
        '<a href="mailto:a@b.se">post</a><iframe src="/ram/"></iframe><img src="/bild.svg">'
    )
    assert links_of(html) == ["/a/", "/sida/b/", "/ram/", "/bild.svg"]


def test_get_forms_are_submitted_as_they_stand_unless_they_ask_for_input():
    html = (
        '<form action="/sok/"><input name="q" value="x"><select name="ar">'
        '<option value="2024">2024</option><option value="2025" selected>2025</option></select>'
        '<input type="checkbox" name="alla" value="1"><button name="visa" value="ja">Visa</button>'
        "</form>"
        '<form action="/kravs/"><input name="q" required></form>'
        '<form action="/val/"><select name="s" required><option value="">Välj</option></select></form>'
        '<form method="post" action="/spara/"><input name="x" value="1"></form>'
        '<form><input type="hidden" name="sida" value="2"></form>'
    )
    assert links_of(html) == ["/sok/?q=x&ar=2025&visa=ja", "/sida/?sida=2"]


def test_downloads_and_signing_out_are_checked_against_the_url_map_not_fetched(db, client):
    visits = crawl(client, start="/konto/logga-ut/")
    assert visits["/konto/logga-ut/"].skipped == "signs out"
    assert visits["/konto/logga-ut/"].status is None
    visits = crawl(client, start="/rapporter/utvardering/1/?format=pdf")
    assert visits["/rapporter/utvardering/1/?format=pdf"].skipped == "rendered report"
    assert crawl(client, start="/static/finns-inte/")["/static/finns-inte/"].status is None
    # A skipped address that nothing answers is still a broken link.
    visits = crawl(client, start="/rapporter/?format=pdf")
    assert [v.url for v in broken(visits)] == ["/rapporter/?format=pdf"]
