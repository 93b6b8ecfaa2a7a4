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
    """Every violation axe-core finds on the current page with the rules it runs by
    default: WCAG 2.0, 2.1 and 2.2 A and AA (the level Swedish law asks of public-sector
    digital services) and the best practices (heading order, unique landmarks ...), of any
    impact. The same run as tests/browser/test_every_page.py, for the states a journey
    reaches."""
    from tests.browser.pagecheck import axe_violations_all

    return axe_violations_all(page)


def chart_drawn(picture) -> bool:
    """Whether a chart's picture (`figure.chart img`, a locator) arrived and was drawn:
    a page links its charts as images of their own (`/diagram/<digest>.svg`), so the
    browser fetches each after the page, and a refused or broken one has no width."""
    picture.wait_for(state="visible")
    return picture.evaluate(
        "async img => { try { await img.decode(); } catch (e) { return false; }"
        " return img.naturalWidth > 0; }"
    )


# The local OpenID Connect provider (tests/sso/idp) for the sign-in journeys.
from tests.sso.provider import identity_provider, idp, oidc_settings  # noqa: E402, F401
