"""Both languages complete: the main pages, rendered with the demo data, show no Swedish
interface words in English and no English interface words in Swedish.

What users and the demo typed (organisation names, indicator names, answers, notes) and the
frameworks' own texts (area names, criteria; a framework is written in one language) may be
in either language, so the words checked are the product's interface terms and the words
of the sentences it generates (SPC signals, gaps to targets, positions among peers, peer
group labels), which none of that content uses. Form fields' contents are not read."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command

from kompass.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The product's own Swedish interface terms, as they appear in its Swedish texts; none may
# be left in an English page.
SWEDISH = [
    "Målvärde",
    "målvärdet",
    "Sannolikt",
    "punkter",
    "Kommuner med",
    "invånare",
    "Åtgärd",
    "Svarsfrekvens",
    "Spara",
    "Ta bort",
    "Logga ut",
    "körschema",
    "styrdiagram",
    "medianen",
    "styrgränserna",
    "Slumpmässig",
    "sannolikt",
    "procentenheter",
    "Kommungruppen",
    "Delvis",
    "Jämförelsegrupp",
    "inte angiven",
]
# English interface words that must not show in the Swedish interface.
ENGLISH = ["Save", "Delete", "Forbidden", "Sign out", "Evaluation", "Target", "Municipalities"]

SKIP = {"script", "style", "textarea", "select", "option", "title"}


class InterfaceText(HTMLParser):
    """The page's text, without scripts, styles and the contents of form fields."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside something skipped
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            return
        skipped = tag in SKIP
        self.stack.append(skipped)
        self.depth += skipped

    def handle_endtag(self, tag):
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            return
        if self.stack:
            self.depth -= self.stack.pop()

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def interface_text(html: str) -> str:
    parser = InterfaceText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())
    return User.objects.get(username="admin")


def first_link(client, page: str, pattern: str) -> str:
    html = client.get(page).content.decode()
    links = [m for m in re.findall(r'href="([^"#?]+)"', html) if re.fullmatch(pattern, m)]
    assert links, f"no link like {pattern} on {page}"
    return links[0]


def main_pages(client) -> list[str]:
    evaluation = first_link(client, "/utvarderingar/", r"/utvarderingar/\d+/")
    dashboard = first_link(client, "/nyckeltal/", r"/nyckeltal/organisation/[^/]+/")
    survey = first_link(client, "/enkater/", r"/enkater/(?!ny/|instrument/)[^/]+/")
    followup = first_link(client, "/uppfoljning/", r"/uppfoljning/organisation/\d+/")
    project = first_link(client, "/samverkan/", r"/samverkan/\d+/")
    return [
        "/",
        evaluation,
        dashboard,
        first_link(client, dashboard, r"/nyckeltal/indikator/\d+/"),
        first_link(client, "/nyckeltal/", r"/nyckeltal/tabeller/(?!ny/)[^/]+/"),
        survey + "resultat/",
        first_link(client, followup, r"/uppfoljning/handlingsplan/\d+/"),
        project,
        project + "kalkyl/",
    ]


def visit_in(client, user, language: str) -> list[tuple[str, str]]:
    user.language = language
    user.save(update_fields=["language"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = []
    for url in main_pages(client):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        pages.append((url, interface_text(html)))
    return pages


def found(words: list[str], text: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def test_the_english_interface_has_no_swedish_words(demo, client):
    """Every page in English, collecting all problems before failing."""
    client.force_login(demo)
    problems = {url: found(SWEDISH, text) for url, text in visit_in(client, demo, "en")}
    assert {url: words for url, words in problems.items() if words} == {}


def test_the_swedish_interface_has_no_english_words(demo, client):
    client.force_login(demo)
    problems = {url: found(ENGLISH, text) for url, text in visit_in(client, demo, "sv")}
    assert {url: words for url, words in problems.items() if words} == {}
