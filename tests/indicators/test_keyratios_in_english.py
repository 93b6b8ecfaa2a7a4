"""A key-ratio table's problems (its form, a YAML definition, an imported file) are in the
reader's language: an English-speaking editor sees English messages and no Swedish
interface words."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.indicators.test_table_form import post_data
from tests.test_languages_complete import SWEDISH, Checker, interface_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_editor(cast, client_for):
    cast["editor"].language = "en"
    cast["editor"].save(update_fields=["language"])
    return client_for(cast["editor"])


def test_table_form_problems_in_english(english_editor):
    data = post_data(
        **{
            "derived-0-numerator": "Kostnadd",
            "notes-0-metric": "okand",
        }
    )
    page = english_editor.post("/nyckeltal/tabeller/ny/", data).content.decode()
    page = interface_text(page)
    assert "“Kostnadd” is not a reported key ratio in the table" in page
    assert "unknown key ratio “okand”" in page
    assert Checker(SWEDISH)(page) == []


def test_table_definition_problems_in_english(english_editor):
    text = "table: kolada\nname: ''\nexample: kanske\nmetrics: []\nfarg: blå\n"
    page = english_editor.post(
        "/nyckeltal/tabeller/ny/yaml/", {"file": SimpleUploadedFile("t.yaml", text.encode())}
    ).content.decode()
    # The page's example definition is a Swedish table's file (data, not interface).
    page = interface_text(re.sub(r"<pre>.*?</pre>", "", page, flags=re.S))
    for expected in (
        "unknown field “farg” (allowed:",
        "is reserved for the key ratios fetched from Kolada",
        "give the table's name",
        "example must be true or false",
        "give at least one key ratio under metrics",
    ):
        assert expected in page, expected
    assert Checker(SWEDISH)(page) == []


def test_key_ratio_import_problems_in_english(english_editor):
    assert english_editor.post("/nyckeltal/tabeller/ny/", post_data()).status_code == 302
    url = "/nyckeltal/tabeller/hemtjanst-i-leksand/importera/"
    content = (
        b"organisation;metric;year;value;unit\n"
        b"Leksand;kostnad;2024;5;tkr\n"
        b"Leksand;kostnad;2024;6;kr\n"
        b";okant;tjugo;x;\n"
        b"Leksand;kostnad_per_brukare;2024;;\n"
    )
    page = english_editor.post(url, {"file": SimpleUploadedFile("v.csv", content)})
    page = interface_text(page.content.decode())
    for expected in (
        "is already on row 2",
        "the unit “kr” does not match the key ratio's unit “tkr”",
        "the organisation is missing",
        "unknown key ratio “okant” (known: kostnad, brukare)",
        "“tjugo” is not a year",
        "“x” is not a number",
        "is calculated from other key ratios and cannot be imported",
        "the value is missing",
    ):
        assert expected in page, expected
    assert Checker(SWEDISH)(page) == []
    for content, expected in (
        (b"organisation;metric;year;value\n", "the file has a header row but no values"),
        (b"vad;som\n1;2\n", "the header row is not recognised"),
        (b"organisation;kostnad;kostnad\nLeksand;1;2\n", "appears more than once"),
    ):
        page = english_editor.post(url, {"file": SimpleUploadedFile("v.csv", content)})
        page = interface_text(page.content.decode())
        assert expected in page, expected
        assert Checker(SWEDISH)(page) == [], expected
