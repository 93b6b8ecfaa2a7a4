"""No differencing over time, in the fast lane: one answer goes into an open wave, and
what the owner and an editor of the respondent's own organisation can read before and
after differs only in counts of respondents (themselves protected by k). The links page
shows who has answered only as counts per organisation, and for personal invitations
(the owner invited by name) "Ja" or "Nej", never a time. (The browser test
`tests/browser/test_survey_open_wave.py` reads every page and download the same way.)"""

import datetime
import re

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import create_invitations, ensure_links
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.surveys import add_wave
from kompass.surveys.models import PersonalInvitation, Respondent
from tests.surveys.conftest import TINY_HEADER, csv_file

OPEN = "2025-05"


@pytest.fixture
def open_wave(subtraction_survey, cast):
    """The subtraction cohort (closed wave 2024-10) and an open wave with answers from
    Leksand (7 ledning, 3 stöd) and Rättvik (6 ledning)."""
    today = timezone.localdate()
    wave = add_wave(
        survey=subtraction_survey,
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
    import_responses(
        survey=subtraction_survey, content=csv_file(rows, TINY_HEADER), filename="b.csv"
    )
    subtraction_survey.owners.add(cast["evaluator"])
    return wave


def _answer(token: str, submission: str) -> None:
    client = Client()
    client.get(reverse("surveys:answer", args=[token]))
    response = client.post(
        reverse("surveys:answer_form"),
        {
            "token": token,
            "submission": submission,
            "attr-role": "stöd",
            "q-1": "4",
            "q-2": "2",
            "action": "submit",
        },
    )
    assert response.status_code == 303


def _read(client, slug: str, *, owner: bool) -> dict:
    urls = [
        f"/api/surveys/{slug}/summary?organisation=2029",
        f"/enkater/{slug}/organisation/2029/",
        f"/rapporter/enkat/{slug}/?organisation=2029&format=html",
    ]
    if owner:
        urls += [
            f"/api/surveys/{slug}/summary",
            f"/enkater/{slug}/",
            f"/enkater/{slug}/resultat/",
            f"/rapporter/enkat/{slug}/?format=html",
            f"/enkater/{slug}/omgang/{OPEN}/lankar/",
        ]
    out = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = response.json() if url.startswith("/api/") else response.content.decode()
    return out


def _without_counts(value):
    """The summary with the respondent counts taken out (the only thing that may move)."""
    if isinstance(value, dict):
        return {k: _without_counts(v) for k, v in value.items() if k != "respondents"}
    if isinstance(value, list):
        return [_without_counts(v) for v in value]
    return value


def _page_text(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.slow  # reads eight pages and reports twice for two users (~15 s)
def test_one_answer_into_an_open_wave_changes_only_counts(client_for, cast, open_wave):
    survey = open_wave.survey
    link = next(
        lnk
        for lnk in ensure_links(survey=survey, wave=open_wave)
        if lnk.organisation.code == "2029"
    )
    before = {
        "owner": _read(client_for(cast["evaluator"]), survey.slug, owner=True),
        "editor": _read(client_for(cast["editor"]), survey.slug, owner=False),
    }
    _answer(link.token, "a" * 32)
    assert Respondent.objects.filter(wave=open_wave).count() == 17
    after = {
        "owner": _read(client_for(cast["evaluator"]), survey.slug, owner=True),
        "editor": _read(client_for(cast["editor"]), survey.slug, owner=False),
    }
    for who in before:
        for url, old in before[who].items():
            new = after[who][url]
            if isinstance(old, dict):
                # The API: nothing but respondent counts moved, and no result of the
                # open wave is there to move.
                assert _without_counts(new) == _without_counts(old), (who, url)
                assert all(
                    c["suppressed"] == "wave_open" and c["n"] is None
                    for c in new["cells"]
                    if c["wave"] == OPEN
                )
                moved = [
                    (g["group"], o["respondents"], g["respondents"])
                    for g, o in zip(new["groups"], old["groups"], strict=True)
                    if g != o
                ]
                # Leksand's stöd went from 3 to 4: still "fewer than k", so unchanged.
                assert all(a is None or b is None or a >= survey.min_group for _g, a, b in moved), (
                    moved
                )
            else:
                # A page: the words are the same, only figures (counts) may differ.
                words = lambda html: re.sub(r"\d+", "#", _page_text(html))  # noqa: E731
                assert words(new) == words(old), (who, url)


def test_links_page_shows_counts_and_names_never_times(client_for, cast, open_wave):
    survey = open_wave.survey
    leksand = Organisation.objects.get(code="2029")
    (_anna, token), _bo = create_invitations(
        survey=survey, wave=open_wave, organisation=leksand, labels=["Anna A", "Bo B"]
    )
    ensure_links(survey=survey, wave=open_wave)
    client = client_for(cast["evaluator"])
    url = reverse("surveys:links", args=[survey.slug, OPEN])
    _answer(token, "b" * 32)
    page = client.get(url).content.decode()
    # Anonymous links: per organisation a count, protected like every other (Leksand's
    # stöd group has fewer than k, so Leksand and Rättvik are hidden as complements).
    rows = dict(
        re.findall(r'<th scope="row">([^<]+)</th>.*?<td class="num">([^<]+)</td>', page, re.S)
    )
    assert rows == {"Leksand": "dolt", "Mora": "0", "Rättvik": "dolt"}
    for value in rows.values():
        assert value in ("0", "dolt", "färre än 5") or int(value) >= survey.min_group, rows
    # Personal invitations: who, by the name the owner gave, and "Ja" or "Nej" only.
    table = page.split("<caption>Personliga inbjudningar</caption>", 1)[1].split("</table>")[0]
    assert re.search(r"Anna A</th><td>Leksand</td><td>Ja</td>", table)
    assert re.search(r"Bo B</th><td>Leksand</td><td>Nej</td>", table)
    today = timezone.localdate()
    text = _page_text(page)
    for pattern in (
        rf"{today:%Y-%m-%d}",
        rf"{today.day} {today:%b}",
        r"\b\d{1,2}[:.]\d{2}\b",
        r"(?i)idag|i dag|minut|timm|sedan",
    ):
        assert not re.search(pattern, text), pattern
    # And no time is kept that could be shown later.
    fields = PersonalInvitation._meta.get_fields()
    assert not any(isinstance(f, (models.DateField, models.DateTimeField)) for f in fields)
    assert PersonalInvitation.objects.get(label="Anna A").answered
