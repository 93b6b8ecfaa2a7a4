"""Differencing over time: the survey's owner and an editor of an organisation read every
page, download and API answer they can reach, a respondent submits one answer into the
open wave, and they read everything again. Nothing changes but the counts of
respondents: no result of an open wave is computed, so there is nothing to subtract."""

import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD, make_user
from tests.surveys.conftest import (  # noqa: F401 - fixtures
    TINY_HEADER,
    close_waves,
    csv_file,
    subtraction_rows,
    tiny_framework,
    tiny_survey,
)

from kompass.surveys.domain.answering import ensure_links
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.surveys import add_wave
from kompass.surveys.models import Respondent

pytestmark = pytest.mark.django_db(transaction=True)

OPEN = "2025-05"


@pytest.fixture
def survey(tiny_survey, cast):  # noqa: F811
    """A closed wave with results (the subtraction case) and an open wave that has
    answers from Leksand and Rättvik already (imported)."""
    import_responses(
        survey=tiny_survey, content=csv_file(subtraction_rows(), TINY_HEADER), filename="a.csv"
    )
    close_waves(tiny_survey)
    today = timezone.localdate()
    add_wave(
        survey=tiny_survey,
        code=OPEN,
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=20),
    )
    rows = [
        [f"o{i}", OPEN, org, role, 1 + i % 5, 2 + i % 4, ""]
        for i, (org, role) in enumerate(
            [("2029", "ledning")] * 7 + [("2029", "stöd")] * 3 + [("2031", "ledning")] * 6
        )
    ]
    import_responses(survey=tiny_survey, content=csv_file(rows, TINY_HEADER), filename="b.csv")
    owner = make_user("enkatagare", evaluator=True)
    tiny_survey.owners.add(owner)
    return tiny_survey


class _Text(HTMLParser):
    """The visible text of a page (no attributes, so no CSRF tokens)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(" ".join(data.split()))


INTEGER = re.compile(r"(?<![\d,])\d+(?:[\u00a0 ]\d{3})*(?![\d,])")


def _masked(text: str) -> str:
    """Whole numbers (counts of respondents, and dates) masked; decimals (means,
    spreads, changes) and percentages (shares of answers) kept."""
    return INTEGER.sub("#", text)


def _html(body: bytes) -> str:
    parser = _Text()
    parser.feed(body.decode())
    return _masked("\n".join(parser.parts))


def _xlsx(body: bytes) -> list:
    out = []
    for sheet in load_workbook(io.BytesIO(body)):
        for row in sheet.iter_rows(values_only=True):
            out.append(
                [
                    "#"
                    if isinstance(v, (int, float)) and float(v).is_integer()
                    else _masked(v)
                    if isinstance(v, str)
                    else v
                    for v in row
                ]
            )
    return out


def _docx(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return _masked("\n".join(texts))


def _pdf(body: bytes) -> str:
    return _masked(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


COUNT_KEYS = ("respondents", "respondents_suppressed")


def _json(body: bytes):
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in COUNT_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(body))


def _reachable(slug: str, manage: bool) -> dict:
    """Every page, download and API answer of the survey, by how to compare it."""
    org = f"/enkater/{slug}/organisation/2029/"
    pages = ["/enkater/", f"/enkater/{slug}/", org]
    own = f"/rapporter/enkat/{slug}/?organisation=2029&format="
    downloads = {own + fmt: fmt for fmt in ("html", "docx", "xlsx", "pdf")}
    api = [f"/api/surveys/{slug}/summary", "/api/surveys/"]
    if manage:
        pages += [
            f"/enkater/{slug}/resultat/",
            f"/enkater/{slug}/organisation/2031/",
            f"/enkater/{slug}/omgang/{OPEN}/",
            f"/enkater/{slug}/omgang/{OPEN}/lankar/",
            f"/enkater/{slug}/omgang/{OPEN}/inbjudna/",
            f"/enkater/{slug}/kohort/",
        ]
        downloads |= {f"/rapporter/enkat/{slug}/?format={f}": f for f in ("html", "xlsx", "docx")}
        api.append(f"/api/surveys/{slug}/summary?organisation=2031")
    readers = {"html": _html, "docx": _docx, "xlsx": _xlsx, "pdf": _pdf}
    return {
        **dict.fromkeys(pages, _html),
        **{url: readers[fmt] for url, fmt in downloads.items()},
        **dict.fromkeys(api, _json),
    }


def _read_everything(context, slug: str, manage: bool) -> dict:
    out = {}
    for url, reader in _reachable(slug, manage).items():
        response = context.request.get(url)
        assert response.status == 200, url
        out[url] = reader(response.body())
    return out


def _signed_in(browser, live_server, username):
    context = browser.new_context(locale="sv-SE", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "logga-in" not in url)
    return context, page


def test_one_answer_into_an_open_wave_changes_nothing_but_counts(browser, live_server, survey):
    link = next(
        link
        for link in ensure_links(survey=survey, wave=survey.waves.get(code=OPEN))
        if link.organisation.code == "2029"
    )
    owner, owner_page = _signed_in(browser, live_server, "enkatagare")
    editor, _editor_page = _signed_in(browser, live_server, "redigerare")  # editor of Leksand
    before = {
        "owner": _read_everything(owner, survey.slug, manage=True),
        "editor": _read_everything(editor, survey.slug, manage=False),
    }
    # The open wave's results are nowhere: the owner's report says when they come.
    owner_page.goto(f"/enkater/{survey.slug}/organisation/2029/")
    expect(
        owner_page.get_by_text("Maj 2025 är öppen: resultaten visas när omgången har stängt.")
    ).to_be_visible()
    assert axe_violations(owner_page) == []
    api = json.loads(owner.request.get(f"/api/surveys/{survey.slug}/summary").body())
    open_cells = [c for c in api["cells"] if c["wave"] == OPEN]
    assert open_cells and all(
        c["suppressed"] == "wave_open" and c["n"] is None and c["mean"] is None for c in open_cells
    )

    # A respondent in Leksand answers through the organisation's link.
    respondent = browser.new_context(locale="sv-SE", base_url=live_server.url)
    page = respondent.new_page()
    page.goto(f"/enkater/svara/{link.token}/")
    page.get_by_role("group", name="Vilken funktion har du?").get_by_role(
        "radio", name="Stöd"
    ).check()
    page.get_by_role("group", name="1. Första påståendet.").get_by_role(
        "radio", name="4", exact=True
    ).check()
    page.get_by_role("group", name="2. Andra påståendet.").get_by_role(
        "radio", name="2", exact=True
    ).check()
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_role("heading", name="Tack för dina svar")).to_be_visible()
    assert axe_violations(page) == []
    assert Respondent.objects.filter(wave__code=OPEN).count() == 17
    respondent.close()

    after = {
        "owner": _read_everything(owner, survey.slug, manage=True),
        "editor": _read_everything(editor, survey.slug, manage=False),
    }
    for who in before:
        for url in before[who]:
            assert after[who][url] == before[who][url], (who, url)
    # ... and the counts did change (the masking above is what hid them).
    counts = json.loads(owner.request.get(f"/api/surveys/{survey.slug}/summary").body())
    wave = next(w for w in counts["waves"] if w["code"] == OPEN)
    assert wave["respondents"] == 17
    for context in (owner, editor):
        context.close()
