"""The strict Content-Security-Policy breaks nothing: the main pages, charts and scripts
included, load in Chromium without a single policy violation (the browser reports each
refused script, style or image as a `securitypolicyviolation` event and on the console)."""

import pytest
from tests.browser.conftest import axe_violations, chart_drawn
from tests.conftest import PASSWORD
from tests.status.conftest import status_table  # noqa: F401 (fixture)

from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.transfer import import_evaluation

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_main_pages_raise_no_policy_violation(
    page,
    login,
    cast,
    draft,
    leksand,
    status_table,  # noqa: F811 (the imported fixture)
):
    published, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="leksand.yaml")
    console = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(LISTEN)
    login("admin", PASSWORD)
    pages = [
        "/",
        "/utvarderingar/",
        f"/utvarderingar/{published.pk}/",
        f"/utvarderingar/{draft.pk}/poang/",
        "/organisationer/",
        f"/organisationer/{leksand.code}/",
        "/enkater/",
        "/nyckeltal/",
        f"/nyckeltal/organisation/{leksand.code}/",
        f"/nulage/organisation/{leksand.code}/?source=table:nulage-test&peers=table",
        "/uppfoljning/",
        "/samverkan/",
        f"/ledarskap/organisation/{leksand.code}/",
        "/jobb/",
    ]
    seen = {}
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        seen[url] = page.evaluate("window.__csp")
    assert {url: v for url, v in seen.items() if v} == {}
    assert console == []
    # The charts still draw: pictures of our own address, which the policy allows.
    page.goto(f"/utvarderingar/{published.pk}/")
    pictures = page.locator("figure.chart img.chart-picture")
    assert pictures.count() > 0
    assert all(chart_drawn(pictures.nth(i)) for i in range(pictures.count()))
    assert page.evaluate("window.__csp") == []
    assert axe_violations(page) == []


def test_an_injected_inline_script_is_refused(page, login, cast):
    """The policy is enforced, not just sent: a script added inline does not run."""
    page.add_init_script(LISTEN)
    login("admin", PASSWORD)
    page.goto("/")
    ran = page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true;";
                   document.body.appendChild(s); return window.__ran === true; }"""
    )
    assert ran is False
    assert any("script-src" in v for v in page.evaluate("window.__csp"))
