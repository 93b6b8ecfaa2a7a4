"""WCAG 2.2 AA on every page, measured: with the demo data, every route each demo user can
reach (and the pages of an organisation that has nothing yet, the answers to forms sent
empty, the sign-in with a wrong password, the 404 page) is checked in Chromium with axe-core
(every rule it runs by default, any impact), for reflow at 320 px and 200 % zoom without
horizontal scrolling and for focus never hidden behind a sticky or fixed part of the page.

Runtime: the pages each role reaches are found by the crawler (kompass.core.crawl) with
the Django test client, one address per route (cheap; every role's pages must answer);
the browser then checks each route once, as the first role that reaches it, and the fresh
organisation's pages as its owner. One test does it all, so the demo data is loaded and
crawled once: split in two halves, each loaded and crawled it again (some 20 s of CPU),
and the rest of the suite keeps the second core busy anyway."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from tests.browser.pagecheck import DESKTOP, check_every_page, page_problems

from kompass.accounts.models import Membership, User
from kompass.core.crawl import broken, crawl, one_per_route
from kompass.organisations.demo import DEMO_PASSWORD
from kompass.organisations.models import Organisation

# Slow: it starts first in `make test` (tests/conftest.py orders the slow ones first).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# The demo users (organisations/demo.py and the domains' demo loaders), from the widest
# view down, then the owner of an organisation with nothing yet and a visitor signed out.
ROLES = ["admin", "utvarderare", "leksand", "lasare", "botkyrka", "samverkan", "tom", None]
EMPTY_ORGANISATION = "2034"  # Orsa: nothing in the demo data
LEKSAND = "2029"

# Forms whose answer to an empty submission is an error state worth checking: those that
# create or import something.
CREATES = re.compile(r"/(ny|nytt|ny-indikator|importera|yaml)/$")
# More error states, by route: a score out of range, a survey answered with nothing.
STATES = {"utvarderingar/<int:pk>/poang/": "bad score", "enkater/svara/<str:token>/": "empty form"}
FIRST_FORM = """(send) => {
  const form = [...document.querySelectorAll("main form")].find(f =>
    f.method === "post" && f.querySelector("input:not([type=hidden]), select, textarea"));
  if (form && send) {
    form.noValidate = true;
    form.requestSubmit();
  }
  return Boolean(form);
}"""


@pytest.fixture
def demo_site(base_data):
    call_command("demo", stdout=io.StringIO())
    owner = User.objects.create_user(
        "tom", password=DEMO_PASSWORD, first_name="Tove", last_name="Tom"
    )
    Membership.objects.create(
        user=owner,
        organisation=Organisation.objects.get(code=EMPTY_ORGANISATION),
        role=Membership.Role.OWNER,
    )


def pages_to_check() -> list[tuple[str | None, str, str]]:
    """(role, url, what) for each route as the first role that reaches it (the crawler,
    one address per route), then the error states: forms that create something sent
    empty, a page the role may not open, a wrong password, a missing page."""
    checks, checked = [], set()
    for role in ROLES:
        user = User.objects.get(username=role) if role is not None else None
        start = "/" if role is not None else "/konto/logga-in/"
        visits = crawl(Client(), user=user, start=start, per_route=1)
        assert broken(visits) == [], role
        for visit in one_per_route(visits):
            route, url = visit.route, visit.url
            if role == "tom":
                # The empty states: the lists and the organisation's own pages.
                if "<" in route and EMPTY_ORGANISATION not in url:
                    continue
                route = ("tom", route)
            if route in checked:
                continue
            checked.add(route)
            checks.append((role, url, "page"))
            if role == "tom":
                continue
            if CREATES.search(urlsplit(url).path):
                checks.append((role, url, "empty form"))
            if route in STATES:
                checks.append((role, url, STATES[route]))
    # A reader opening an editor's page (403).
    checks.append(("lasare", f"/nyckeltal/organisation/{LEKSAND}/ny-indikator/", "page"))
    checks.append((None, "/konto/logga-in/", "wrong password"))
    checks.append(("lasare", "/finns-inte/", "page"))
    return checks


def sign_in(browser, live_server, role):
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, viewport=DESKTOP)
    check_every_page(context)
    if role is not None:
        client = Client()
        client.force_login(User.objects.get(username=role))
        context.add_cookies(
            [
                {"name": name, "value": morsel.value, "url": live_server.url}
                for name, morsel in client.cookies.items()
            ]
        )
    page = context.new_page()
    page.set_default_timeout(20000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def act(page, what: str) -> bool:
    """Brings the page into the error state to check."""
    if what == "empty form":
        # The first form in the page that posts something typed, sent as it is.
        if not page.evaluate(FIRST_FORM, False):
            return False  # this page chooses with links first (e.g. which checklist)
        with page.expect_navigation():
            page.evaluate(FIRST_FORM, True)
    elif what == "bad score":
        page.locator(".score-input").first.fill("999")
        with page.expect_navigation():
            page.get_by_role("button", name="Spara poäng", exact=True).click()
        assert page.locator(".error-summary").count() == 1, page.url
    elif what == "wrong password":
        page.get_by_label("Användarnamn").fill("admin")
        page.get_by_label("Lösenord").fill("fel lösenord")
        with page.expect_navigation():
            page.get_by_role("button", name="Logga in").click()
    return True


def test_every_page_meets_wcag_22_aa(browser, live_server, demo_site):
    checks = pages_to_check()
    assert len(checks) > 80
    problems, contexts = {}, {}
    try:
        for role, url, what in checks:
            if role not in contexts:
                contexts[role] = sign_in(browser, live_server, role)
            _, page, errors = contexts[role]
            errors.clear()
            response = page.goto(url)
            if not act(page, what):
                continue
            # A missing page's own status is no script error.
            statuses = (f"status of {response.status} ", "status of 400 ")
            errors[:] = [e for e in errors if not any(s in e for s in statuses)]
            found = page_problems(page) + [f"konsolen: {e}" for e in errors]
            if found:
                problems[f"{role or 'utloggad'} {url} ({what})"] = found
    finally:
        for context, _, _ in contexts.values():
            context.close()
    assert problems == {}
