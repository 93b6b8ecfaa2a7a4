"""End-to-end tests in headless Chromium (Debian's, at /usr/bin/chromium), driven by
Playwright's Python API against pytest-django's live server, with axe-core for WCAG."""

import os
import shutil
import tempfile

import pytest

CHROMIUM = os.environ.get("KOMPASS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# for set-up are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium saknas (installeras av make test)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kompass-chromium-")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", accept_downloads=True, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    def do_login(username, password):
        # Signing in as someone else starts from a signed-out browser: the sign-in page
        # sends a signed-in user onwards instead of showing the form.
        page.context.clear_cookies()
        page.goto("/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(lambda url: "logga-in" not in url)
        return page

    return do_login


def axe_violations(page) -> list[dict]:
    """WCAG 2.0, 2.1 and 2.2 A and AA violations on the current page, as axe-core
    reports them (the level Swedish law asks of public-sector digital services)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


# The local OpenID Connect provider (tests/sso/idp) for the sign-in journeys.
from tests.sso.provider import identity_provider, idp, oidc_settings  # noqa: E402, F401
