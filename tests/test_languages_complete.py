"""Both languages complete: every page each demo user reaches (kompass.core.crawl) and
every report kind, rendered with the demo data, shows no Swedish interface words in
English and no English interface words in Swedish.

What users and the demo typed (organisation names, indicator names, answers, notes), the
municipality register and the frameworks' and instruments' own texts (a framework is
written in one language) may be in either language: every text stored in the database
is taken out of a page before its words are checked. What is left is the product's own
text: templates, labels, messages and the sentences it generates (SPC signals, trends,
gaps to targets, positions among peers, status analyses, accounts), which must be in the
page's language.

The crawl visits one address per kind of page and per demo user, so each kind of page is
seen with each user's data; the HTML of every report kind comes from the same crawl (its
download links), and its PDF, Word and Excel variants are read once each. One test does
it all (slow lane, `make test`), so the demo data is loaded and crawled once."""

import contextlib
import functools
import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import Resolver404, resolve

from kompass.accounts.models import User
from kompass.core.crawl import crawl, default_skip

pytestmark = pytest.mark.django_db

# The demo users: administrator, evaluator, an organisation's editor and reader, a survey
# organisation's editor and the collaboration association's editor.
DEMO_ROLES = ["admin", "utvarderare", "leksand", "lasare", "botkyrka", "samverkan"]

# The product's own Swedish interface terms (as its Swedish texts write them); none may be
# left in an English page or report once the stored texts are taken out.
SWEDISH = [
    # navigation, buttons and headings
    "Spara",
    "Ta bort",
    "Logga ut",
    "Logga in",
    "Avbryt",
    "Tillbaka",
    "Ladda ner",
    "Visa",
    "Ändra",
    "Lägg till",
    "Utvärderingar",
    "Nyckeltal",
    "Enkäter",
    "Uppföljning",
    "Handlingsplan",
    "Samverkan",
    "Ledarskapsutveckling",
    "Nulägesanalys",
    "Organisationer",
    "Innehåll",
    "Sammanfattning",
    "Bilaga",
    # table heads and labels
    "Åtgärd",
    "Åtgärder",
    "Målvärde",
    "målvärdet",
    "Svarsfrekvens",
    "Jämförelsegrupp",
    "jämförelsegruppen",
    "Källa",
    "Beskrivning",
    "Kommentar",
    "Ansvarig",
    "Antal",
    "Andel",
    "Totalt",
    "Medelvärde",
    "Snitt",
    "Poäng",
    "Område",
    "Delområde",
    "Uppnått",
    "Värde",
    "Enhet",
    "Tabell",
    "Diagram",
    "Sida",
    "Tomt",
    # generated sentences: SPC, trends, gaps, peers, accounts, checklists
    "Sannolikt",
    "sannolikt",
    "punkter",
    "körschema",
    "styrdiagram",
    "medianen",
    "styrgränserna",
    "Slumpmässig",
    "procentenheter",
    "Hela perioden",
    "Före förändringen",
    "Kommuner med",
    "Kommungruppen",
    "Delvis",
    "Vet ej",
    "inte angiven",
    "inte ifyllt",
    "Exempeldata",
    "kvartil",
    "Bättre",
    "Sämre",
    "Samhället",
    "Kronor",
    "Aktör",
    "Insatsens",
    "Standardvärden",
    "Jämför",
    "nyckeltalstabell",
]
# The product's English interface terms; none may show in the Swedish interface.
ENGLISH = [
    "Save",
    "Delete",
    "Cancel",
    "Forbidden",
    "Sign out",
    "Log out",
    "Log in",
    "Download",
    "Evaluation",
    "Evaluations",
    "Target",
    "Municipalities",
    "Survey",
    "Key ratios",
    "Action plan",
    "Follow-up",
    "Response rate",
    "Comparison group",
    "Source",
    "Description",
    "Responsible",
    "Share",
    "Total",
    "Points",
    "Area",
    "Page",
    "Probably",
    "median",
    "Whole period",
    "Example data",
    "quartile",
    "Better",
    "Worse",
    "Society",
    "Don't know",
    "Partly",
]

# Kinds whose files are data formats in Swedish by definition: the key-ratio template's
# column names are the import format that `kompass` reads back.
DATA_TEMPLATES = {"nyckeltalsmall"}

SKIP = {"script", "style", "textarea", "select", "option", "title"}
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}


class InterfaceText(HTMLParser):
    """The page's text, without scripts, styles and the contents of form fields."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside something skipped
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        skipped = tag in SKIP
        self.stack.append(skipped)
        self.depth += skipped

    def handle_endtag(self, tag):
        if tag in VOID:
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


@functools.lru_cache(maxsize=50_000)
def texts_in(value: str) -> frozenset[str]:
    """The lines of a stored text, with JSON and YAML-like values split into their
    strings. Cached: the frameworks' YAML files are in every test's database, and
    reading them again for each check cost most of a second."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            value = value.strip()
            if value.startswith(("{", "[")):
                try:
                    return walk(json.loads(value))
                except ValueError:
                    pass
            if "\n" in value and ":" in value:  # a stored YAML file (an account, a framework)
                with contextlib.suppress(yaml.YAMLError):
                    walk(yaml.safe_load(value))
            for line in [value, *value.splitlines()]:
                line = " ".join(line.split()).strip(" -:")
                if len(line) >= 3:
                    found.add(line)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(value)
    return frozenset(found)


def stored_texts() -> list[str]:
    """Every text in the database (what users, the demo, the register and the frameworks
    wrote), longest first, with JSON and YAML-like values split into their strings."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            found.update(texts_in(value))
        elif isinstance(value, dict):
            found.update(texts_in(json.dumps(value, ensure_ascii=False)))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"}:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            for row in model.objects.values_list(*fields).iterator():
                walk(list(row))
    return sorted(found, key=len, reverse=True)


def without(text: str, part: str) -> str:
    """`text` with each whole-word occurrence of `part` replaced by a mark."""
    out, start = [], 0
    while (found := text.find(part, start)) >= 0:
        end = found + len(part)
        whole = (found == 0 or not text[found - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        )
        out.append(text[start:found] + (" ¶ " if whole else part))
        start = end
    return "".join(out) + text[start:]


class Checker:
    """Finds `words` in a text once the stored texts are taken out of it."""

    def __init__(self, words: list[str]):
        self.pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
        self.stored = stored_texts()

    def __call__(self, text: str) -> list[str]:
        text = " ".join(text.split())
        if not self.pattern.search(text):
            return []
        for stored in self.stored:
            if stored in text:
                text = without(text, stored)
        return sorted(
            {
                f"{m[1]}: …{text[max(0, m.start() - 50) : m.end() + 30]}…"
                for m in self.pattern.finditer(text)
            }
        )


class RecordingClient:
    """The test client, keeping the HTML of every page and HTML report it fetches."""

    def __init__(self, client):
        self.client = client
        self.html: dict[str, str] = {}

    def force_login(self, user):
        self.client.force_login(user)

    def get(self, url, **extra):
        response = self.client.get(url, **extra)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            self.html[url] = response.content.decode()
        return response


def kind_of_page(url: str) -> tuple:
    """One address per URL pattern and set of query names; a report per kind and format."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    try:
        route = resolve(parts.path).route
    except Resolver404:
        return (url,)
    if parts.path.startswith("/rapporter/"):
        return (route, parts.path.split("/")[2], query.get("format", "pdf"))
    return (route, frozenset(query))


class Sampler:
    """The crawl's `skip`: one address per kind of page (for one user), and every report
    download address noted in `reports`."""

    def __init__(self, reports: list[str]):
        self.reports = reports
        self.seen: set[tuple] = set()

    def __call__(self, url: str) -> str | None:
        reason = default_skip(url)
        if url.startswith("/rapporter/") and url not in self.reports:
            self.reports.append(url)
        if reason is not None:
            return reason
        kind = kind_of_page(url)
        if kind in self.seen:
            return "sampled"
        self.seen.add(kind)
        return None


def crawl_in(client, language: str, roles: list[str]) -> tuple[dict[str, str], list[str]]:
    """(url -> HTML of each kind of page, report download addresses) as `roles` see them in
    `language`; each role's own pages are sampled once per kind of page."""
    recording = RecordingClient(client)
    pages: dict[str, str] = {}
    reports: list[str] = []
    for username in roles:
        user = User.objects.get(username=username)
        user.language = language  # the remembered choice decides (accounts.middleware)
        user.save(update_fields=["language"])
        recording.html.clear()
        visits = crawl(recording, user=user, skip=Sampler(reports))
        for url, html in recording.html.items():
            assert f'<html lang="{language}"' in html or url.startswith("/rapporter/"), url
            pages.setdefault(f"{username} {url}", html)
        assert [v.url for v in visits.values() if v.status and v.status >= 500] == []
    return pages, reports


def first_of_each_kind(reports: list[str]) -> dict[str, str]:
    """kind -> its first download address found, without the format (the key-ratio
    template, a data format by definition, left out)."""
    first: dict[str, str] = {}
    for url in reports:
        kind = url.split("/")[2]
        if kind not in DATA_TEMPLATES:
            first.setdefault(kind, re.sub(r"[?&]format=\w+", "", url))
    return first


def with_format(base: str, fmt: str) -> str:
    return base + ("&" if "?" in base else "?") + f"format={fmt}"


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())


@pytest.mark.slow
@pytest.mark.pdf
def test_every_page_and_report_has_no_words_of_the_other_language(demo, client):
    """Every kind of page as each demo user, and each report kind's HTML, then its PDF,
    Word and Excel variants, in English; then the pages of three users in Swedish. One
    crawl serves the pages and the documents. All problems collected before failing."""
    pages, reports = crawl_in(client, "en", DEMO_ROLES)
    assert len(pages) > 150
    # Each report kind's HTML: the one the pages link to, else the HTML variant of the
    # first download address found (the pages offer PDF, Word and Excel).
    first = first_of_each_kind(reports)
    assert len(first) >= 10
    html_kinds = {p.split("/")[2] for p in pages if " /rapporter/" in p}
    client.force_login(User.objects.get(username="admin"))  # who may read every kind
    for kind, base in first.items():
        if kind not in html_kinds:
            url = with_format(base, "html")
            response = client.get(url)
            assert response.status_code == 200, url
            pages[f"admin {url}"] = response.content.decode()
    swedish = Checker(SWEDISH)
    problems = {
        f"en {url}": words
        for url, html in pages.items()
        if (words := swedish(interface_text(html)))
    }
    problems |= documents_in_english(client, first)

    pages, _reports = crawl_in(client, "sv", ["admin", "samverkan", "botkyrka"])
    english = Checker(ENGLISH)
    problems |= {
        f"sv {url}": words
        for url, html in pages.items()
        if (words := english(interface_text(html)))
    }
    assert problems == {}


# -- the PDF, Word and Excel variants of each report kind --------------------------------


def document_text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        import pypdf

        # The body of every page read as one text, and the running footers after it: a
        # paragraph that a page break cuts then reads whole (the footer came between its
        # halves). A list's bullets come out apart from their items' text, so they go.
        body, margins = [], []

        def visit(text, cm, tm, _font, _size):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            (body if y > 20 * 72 / 25.4 else margins).append(text)

        for page in pypdf.PdfReader(io.BytesIO(content)).pages:
            page.extract_text(visitor_text=visit)
        return "".join([*body, " ", *margins]).replace("•", " ")
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(content))
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        for section in document.sections:
            texts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
        return " ".join(texts)
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        texts.append(sheet.title)
        texts += [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    return " ".join(texts)


def documents_in_english(client, first: dict[str, str]) -> dict[str, list[str]]:
    """url -> Swedish words, for one of each kind in each document format, read as its
    text (PDF), paragraphs, tables and footers (Word) and sheet names and cells (Excel),
    by a user (the client's) who may read every kind and reads English."""
    swedish = Checker(SWEDISH)
    problems = {}
    for base in first.values():
        for fmt in ("pdf", "docx", "xlsx"):
            url = with_format(base, fmt)
            response = client.get(url)
            assert response.status_code == 200, url
            if words := swedish(document_text(fmt, response.content)):
                problems[f"en {url}"] = words
    return problems


# -- texts that the crawl does not reach: problems, and names as shipped ----------------


def test_action_plan_problems_in_the_readers_language(leksand):
    from django.utils import translation

    from kompass.core.errors import InputError
    from kompass.followup.domain.plans import create_plan

    for language, expected in [
        ("sv", "Ge handlingsplanen ett namn."),
        ("en", "Give the action plan a name."),
    ]:
        with translation.override(language), pytest.raises(InputError) as raised:
            create_plan(organisation=leksand, title=" ", user=None)
        assert [p.message for p in raised.value.problems] == [expected]


def test_standard_actor_and_status_names_translate_and_typed_ones_stay():
    from django.utils import translation

    from kompass.collaboration.report import standard_name

    with translation.override("en"):
        assert standard_name("Försäkringskassan") == "Social Insurance Agency"
        assert standard_name("Ekonomiskt bistånd") == "Financial assistance"
        assert standard_name("Spara") == "Spara"  # a name someone typed stays as written
    with translation.override("sv"):
        assert standard_name("Försäkringskassan") == "Försäkringskassan"


def test_where_a_problem_is_said_in_the_readers_language():
    from django.utils import translation

    from kompass.lib.problems import InputProblem

    problem = InputProblem("x", file="a.csv", row=3, column="år", field="namn")
    with translation.override("en"):
        assert str(problem) == "a.csv, row 3, column år, field “namn”: x"
    with translation.override("sv"):
        assert str(problem) == "a.csv, rad 3, kolumn år, fält ”namn”: x"


def test_a_number_problem_in_the_readers_language():
    from django.utils import translation

    from kompass.lib.numbers import NumberError, parse_number

    for language, expected in [("sv", "”tolv” är inte ett tal"), ("en", "“tolv” is not a number")]:
        with translation.override(language), pytest.raises(NumberError) as raised:
            parse_number("tolv")
        assert str(raised.value) == expected


def test_what_an_import_of_values_stored_in_the_readers_language():
    from django.utils import translation

    from kompass.indicators.domain.indicators import ValuesResult
    from kompass.indicators.domain.keyratios.importing import ImportResult

    table = ImportResult(
        layout="wide",
        created=3,
        updated=1,
        unchanged=2,
        organisations=2,
        metrics=1,
        years=[2022, 2023],
        new_metrics=["Anställda"],
    )
    with translation.override("en"):
        assert ValuesResult(12, 0, 0).summary == "12 new and 0 changed values."
        assert ValuesResult(1, 2, 3).summary == "1 new and 2 changed values, 3 removed."
        assert table.summary == (
            "3 new and 1 changed values (2 unchanged) for 2 organisations and 1 key ratios, "
            "years 2022, 2023. New key ratios: Anställda."
        )
    with translation.override("sv"):
        assert ValuesResult(12, 0, 0).summary == "12 nya och 0 ändrade värden."
        assert table.summary.startswith("3 nya och 1 ändrade värden (2 oförändrade) för")
