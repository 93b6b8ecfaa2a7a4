"""The English catalogue is complete, and the language switch works (Swedish by default).

`.mo` files are not committed; `make messages` compiles them. So that this test also runs
from a clean clone, a session fixture compiles the Kompass catalogue when its `.mo` is
missing or older than the `.po`.
"""

import ast
import contextlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogue():
    """Compile the Kompass catalogue (only the Kompass locale dir) when it is stale."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        # compilemessages also walks the working directory for `locale` dirs; from inside
        # the locale dir it finds none, so only LOCALE_PATHS is compiled (not .venv).
        with contextlib.chdir(LOCALE_DIR):
            call_command("compilemessages", locale=["en"], verbosity=0)
        # Forget catalogues loaded before the .mo existed (as override_settings would).
        setting_changed.send(
            sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
        )
    assert MO_FILE.exists()


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: flags, msgid, msgid_plural and msgstr(s), header included."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            if match:
                field = ("msgstr", int(match.group(1) or 0))
                entry["msgstr"][field[1]] = value
            else:
                field = keyword
                entry[field] = value
    return entries


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = read_po(PO_FILE)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"][0]
    assert len(messages) > 1000

    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"].values())]
    plurals_incomplete = [
        e["msgid"] for e in messages if "msgid_plural" in e and sorted(e["msgstr"]) != [0, 1]
    ]
    assert fuzzy == []
    assert untranslated == []
    assert plurals_incomplete == []


def test_catalogue_keeps_placeholders_and_edge_whitespace():
    for entry in read_po(PO_FILE)[1:]:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for index, translation in entry["msgstr"].items():
            source = sources[min(index, 1)]
            if "python-format" in entry["flags"]:
                assert sorted(PLACEHOLDER.findall(translation)) == sorted(
                    PLACEHOLDER.findall(source)
                ), source
            assert translation[:1].isspace() == source[:1].isspace(), source
            assert translation[-1:].isspace() == source[-1:].isspace(), source


def switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_page_in_english_after_switching(client):
    switch_to_english(client)
    content = client.get("/konto/logga-in/").content.decode()
    assert '<html lang="en">' in content
    assert "<h1>Log in</h1>" in content
    assert "Username" in content and "Password" in content
    assert "Logga in" not in content
    assert "Svenska" in content  # the switch offers the way back


def test_start_page_in_english_for_a_signed_in_user(cast, client_for):
    client = client_for(cast["reader"])  # logging in resets the test client's cookies
    switch_to_english(client)
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content
    assert "Welcome, Lasare" in content
    assert ">Evaluations</a>" in content
    assert "Log out" in content
    assert "Utvärderingar" not in content
    assert "Logga ut" not in content


@pytest.mark.django_db
def test_accept_language_header_selects_english(client):
    content = client.get("/konto/logga-in/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content
    assert '<html lang="en">' in content.decode()
    assert "<h1>Log in</h1>" in content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", [None, "de-DE,de;q=0.9", "sv-SE,sv;q=0.9"])
def test_swedish_is_the_default(client, accept_language):
    extra = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    content = client.get("/konto/logga-in/", **extra).content.decode()
    assert '<html lang="sv">' in content
    assert "<h1>Logga in</h1>" in content
    assert "Log in" not in content


def test_swedish_start_page_and_switching_back(cast, client_for):
    client = client_for(cast["reader"])
    content = client.get("/").content.decode()
    assert '<html lang="sv">' in content
    assert ">Utvärderingar</a>" in content

    switch_to_english(client)
    assert ">Evaluations</a>" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    content = client.get("/").content.decode()
    assert '<html lang="sv">' in content
    assert ">Utvärderingar</a>" in content
