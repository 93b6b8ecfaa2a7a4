"""The page check of every page (tests/browser/pagecheck.py) finds what it is there to find:
each of its checks fails on a page built to fail that check alone, and a page built to pass
them all passes. The pages are served by the browser's own routing (no server, no
database), in a context that puts axe into each page as it loads and in one that does not
(the check then sends axe itself)."""

import pytest
from tests.browser.pagecheck import DESKTOP, check_every_page, page_problems

SITE = "http://pagecheck.test"

HEAD = """<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Prov</title>
<style>body { margin: 0; font: 16px sans-serif; } main { padding: 0 8px; }
p { max-width: 40em; }</style></head>
<body><header><a href="/">Hem</a></header><main><h1>Prov</h1>"""
TAIL = "</main></body></html>"
TEXT = "<p>" + "Text som fyller sidan och radbryts som den ska. " * 40 + "</p>"

PAGES = {
    "good": TEXT + '<p><a href="/a">En länk</a> <button type="button">En knapp</button></p>',
    # axe: an image without a text alternative (WCAG 1.1.1).
    "axe": TEXT + '<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20"'
    ' height="20"></p>',
    # Reflow: a box of fixed width wider than 320 px makes the page scroll sideways.
    "reflow": TEXT + '<div style="width: 700px">Fast bredd</div>',
    # A scroll box the keyboard cannot reach, only at narrow widths (a wide table in a box
    # that scrolls, nothing focusable inside, no tabindex).
    "scrollbox": TEXT
    + '<div style="overflow-x: auto"><table><tr>'
    + "<td>Kolumn&nbsp;med&nbsp;lång&nbsp;text</td>" * 8
    + "</tr></table></div>",
    # Focus hidden behind a sticky footer, only in a low window: the link at the bottom of
    # a long paragraph, under a footer as high as the narrow window.
    "focus": TEXT + TEXT + '<p><a href="/b">Sista länken</a></p>'
    '<div style="position: fixed; bottom: 0; left: 0; right: 0; height: 60%;'
    ' background: #fff; color: #000">Fast fot</div>',
}


def problems_of(browser, name: str, *, preloaded: bool) -> list[str]:
    context = browser.new_context(locale="sv-SE", viewport=DESKTOP)
    try:
        if preloaded:
            check_every_page(context)
        context.route(
            f"{SITE}/**",
            lambda route: route.fulfill(
                content_type="text/html; charset=utf-8", body=HEAD + PAGES[name] + TAIL
            ),
        )
        page = context.new_page()
        page.goto(f"{SITE}/{name}")
        assert page.evaluate("typeof axe") == ("object" if preloaded else "undefined")
        return page_problems(page)
    finally:
        context.close()


@pytest.mark.parametrize("preloaded", [True, False], ids=["axe-preloaded", "axe-sent"])
def test_a_page_built_to_pass_passes(browser, preloaded):
    assert problems_of(browser, "good", preloaded=preloaded) == []


@pytest.mark.parametrize("preloaded", [True, False], ids=["axe-preloaded", "axe-sent"])
def test_an_image_without_alternative_fails_axe(browser, preloaded):
    problems = problems_of(browser, "axe", preloaded=preloaded)
    assert [p for p in problems if p.startswith("axe image-alt")] and len(problems) == 1


def test_a_box_wider_than_320_px_fails_reflow_and_names_the_box(browser):
    problems = problems_of(browser, "reflow", preloaded=True)
    assert any(p.startswith("320 px: vågrät rullning") and "div" in p for p in problems)
    assert any(p.startswith("200 %: vågrät rullning") for p in problems)
    assert not [p for p in problems if p.startswith("axe")]


def test_a_scroll_box_the_keyboard_cannot_reach_fails_at_narrow_width(browser):
    problems = problems_of(browser, "scrollbox", preloaded=True)
    assert any(p.startswith("320 px: axe scrollable-region-focusable") for p in problems)
    assert not [p for p in problems if "vågrät" in p]


def test_a_link_under_a_fixed_footer_fails_the_focus_check(browser):
    problems = problems_of(browser, "focus", preloaded=True)
    assert any("fokus skymt: a" in p and "Sista länken" in p for p in problems)
