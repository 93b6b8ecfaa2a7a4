"""One page's WCAG 2.2 AA check in the browser: axe-core with every rule it runs by default,
reflow at 320 CSS px and at 200 % zoom without horizontal scrolling, and no focusable
element hidden behind a sticky or fixed part of the page when it gets the focus.

axe-core is the copy bundled in the axe-playwright-python package (a pinned dependency),
so nothing is downloaded while the tests run. One page load serves every check: axe runs
at desktop width, then the same page is resized for the reflow and focus checks.

Cost (tests/browser/test_every_page.py checks some 150 page states): each width's checks
run in one call into the page, not one call per check; axe comes with each new document of
a context made by `check_every_page` (sending its 550 kB for each check cost more than the
check's own focus pass); the narrow widths run axe's scroll-box rule only when the page has
a box that scrolls (the only elements that rule looks at). tests/browser/test_pagecheck.py
shows each check failing on a page built to fail it."""

from pathlib import Path

import axe_playwright_python

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)

DESKTOP = {"width": 1280, "height": 800}
# WCAG 1.4.10: 320 CSS px wide (1280 px at 400 %), 256 px high for the horizontal case;
# 200 % zoom of a 1280 x 720 window is 640 x 360 CSS px.
NARROW = {"width": 320, "height": 256}
ZOOM_200 = {"width": 640, "height": 360}

# Every rule axe runs by default: WCAG 2.0/2.1/2.2 A and AA and the best practices
# (heading-order, landmark-unique, region ...). Only violations are collected.
_RUN_AXE = """async () => {
  if (typeof axe === "undefined") return null;
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))
  }));
}"""

# After a resize: the page's resize observers (tables.js) are called in the rendering
# update of the next frame, after its animation-frame callbacks; a task queued from such a
# callback runs once that update is done.
_SETTLE = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"

# What only shows in a narrow window: a table's scroll box the keyboard cannot reach.
_RUN_AXE_NARROW = _RUN_AXE.replace(
    "{resultTypes", '{runOnly: {type: "rule", values: ["scrollable-region-focusable"]}, resultTypes'
)

# Whether any element scrolls: axe's scrollable-region-focusable looks only at elements
# whose content is wider (taller) than their box by more than 13 px and whose overflow-x
# (-y) is auto or scroll (its getScroll); this asks less (any excess; overlay too), so
# where it says no, that rule has nothing to look at. A shadow tree, which axe reads too,
# counts as a yes.
_SCROLLS = """() => {
  for (const el of document.querySelectorAll("*")) {
    if (el.shadowRoot) return true;
    const wide = el.scrollWidth > el.clientWidth, tall = el.scrollHeight > el.clientHeight;
    if (!wide && !tall) continue;
    const style = getComputedStyle(el), scrolls = v => ["auto", "scroll", "overlay"].includes(v);
    if ((wide && scrolls(style.overflowX)) || (tall && scrolls(style.overflowY))) return true;
  }
  return false;
}"""

# Elements that stick out to the right make the page scroll sideways; the deepest ones
# are named so a failure says where to look.
_OVERFLOW = """() => {
  const root = document.scrollingElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || clipped(el)) continue;
    if ([...el.children].some(c => c.getBoundingClientRect().right > width + 1)) continue;
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    const parent = el.parentElement;
    if (parent) name = parent.tagName.toLowerCase() + (parent.className ? "." + parent.className.split(" ").join(".") : "") + " > " + name;
    culprits.push(name + " (" + Math.round(r.left) + "–" + Math.round(r.right) + " px)");
    if (culprits.length >= 5) break;
  }
  // Text that runs past its box (a long word that cannot wrap) shows only in its text.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; culprits.length < 5 && (node = walker.nextNode()); ) {
    if (!node.textContent.trim() || clipped(node)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.right > width + 1) {
      culprits.push(node.parentElement.tagName.toLowerCase() + " ”" +
        node.textContent.trim().slice(0, 40) + "” (" + Math.round(r.right) + " px)");
    }
  }
  return {scrollWidth: root.scrollWidth, width, culprits};
}"""

# WCAG 2.4.11: give each focusable element the focus as the Tab key would (the browser
# scrolls it into view) and check that no sticky or fixed element (one that does not
# contain it) covers it entirely. Points of a 5 x 5 grid over the part of the element in
# the window are tested against the covering boxes.
_FOCUS = """() => {
  const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, ' +
    'summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
  const stuck = [...document.querySelectorAll("body *")].filter(el => {
    const p = getComputedStyle(el).position;
    return p === "fixed" || p === "sticky";
  });
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    const text = (el.getAttribute("aria-label") || el.textContent || el.value || el.name || "").trim();
    return text ? s + " ”" + text.slice(0, 40) + "”" : s;
  };
  const hidden = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest("[inert]") || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible") continue;
    if (el.tabIndex < 0) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    let r = el.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) {
      // focus() does not scroll to every kind of element (an iframe); the Tab key does.
      el.scrollIntoView({block: "nearest", inline: "nearest"});
      r = el.getBoundingClientRect();
    }
    const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
    if (right - left < 1 || bottom - top < 1) {
      // Visually hidden on purpose (e.g. a skip link before it has the focus) is the
      // element's own business; a focused element out of the window is reported.
      if (r.width > 1 && r.height > 1) hidden.push(name(el) + " (utanför fönstret)");
      continue;
    }
    const boxes = stuck.filter(s => !s.contains(el) && !el.contains(s))
      .map(s => s.getBoundingClientRect());
    if (!boxes.length) continue;
    let covered = 0;
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
      const x = left + (right - left) * (i + 0.5) / 5, y = top + (bottom - top) * (j + 0.5) / 5;
      if (boxes.some(b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom)) covered++;
    }
    if (covered === 25) hidden.push(name(el));
  }
  document.activeElement && document.activeElement.blur();
  return hidden;
}"""


# One call into the page per width. At desktop width: every default axe rule, then focus
# (null when axe is not in the page yet).
_DESKTOP_CHECK = f"""async () => {{
  const violations = await ({_RUN_AXE})();
  if (violations === null) return null;
  return {{violations, focus: ({_FOCUS})()}};
}}"""

# At 320 px and 200 %, once the page has settled at its new width: sideways scrolling,
# scroll boxes the keyboard cannot reach, focus.
_NARROW_CHECK = f"""async () => {{
  await ({_SETTLE})();
  const overflow = ({_OVERFLOW})();
  const narrow = ({_SCROLLS})() ? await ({_RUN_AXE_NARROW})() : [];
  if (narrow === null) return null;
  return {{overflow, narrow, focus: ({_FOCUS})()}};
}}"""


def check_every_page(context) -> None:
    """Puts axe into each new document of `context` as it loads, for a context whose every
    page is checked: cheaper than sending it with each check (which the checks still do on
    a page that lacks it). Into the top document only, as a check sends it: axe then reads
    what it would without (a frame's own page is checked as a page of its own)."""
    context.add_init_script(f"if (window === window.top) {{ {AXE_SCRIPT}\n}}")


# What Chromium says when a navigation replaces the document axe is reading: the click
# before the check started a page load that had not finished when the check began.
_NAVIGATED_AWAY = ("documentElement", "Execution context was destroyed", "axe is not defined")


def _in_page(page, script: str):
    """`script`'s result on the page, axe sent along if the page lacks it.

    A journey checks the page right after a click; when that click starts a navigation the
    check waits for the new page and runs again on it rather than read a document that is
    being replaced (seen once in CI as "Cannot read properties of null")."""
    from playwright.sync_api import Error

    tries_left = 3
    while True:
        page.wait_for_load_state("load")
        try:
            result = page.evaluate(script)
            if result is None:
                page.evaluate(AXE_SCRIPT)
                result = page.evaluate(script)
            return result
        except Error as error:
            tries_left -= 1
            if not tries_left or not any(s in str(error) for s in _NAVIGATED_AWAY):
                raise


def axe_violations_all(page) -> list[dict]:
    """Every violation of every rule axe runs by default, of any impact."""
    return _in_page(page, _RUN_AXE)


def _axe_lines(violations: list[dict]) -> list[str]:
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'])}" for v in violations
    ]


def _reflow_lines(page) -> list[str]:
    """Horizontal scrolling, scroll boxes out of the keyboard's reach and focus hidden
    behind sticky parts, at 320 px and at 200 %; the page is left at desktop width."""
    problems = []
    try:
        for label, size in (("320 px", NARROW), ("200 %", ZOOM_200)):
            page.set_viewport_size(size)
            found = _in_page(page, _NARROW_CHECK)
            overflow = found["overflow"]
            if overflow:
                problems.append(
                    f"{label}: vågrät rullning ({overflow['scrollWidth']} > {overflow['width']}"
                    " px): " + ", ".join(overflow["culprits"])
                )
            for v in found["narrow"]:
                problems.append(f"{label}: axe {v['id']}: {v['help']}: {', '.join(v['nodes'])}")
            problems += [f"{label}: fokus skymt: {element}" for element in found["focus"]]
    finally:
        page.set_viewport_size(DESKTOP)
    return problems


def reflow_problems(page) -> list[str]:
    """Horizontal scrolling, scroll boxes out of the keyboard's reach and focus hidden
    behind sticky parts, at 320 px and at 200 %; focus also at desktop width."""
    problems = [f"{DESKTOP['width']} px: fokus skymt: {e}" for e in _in_page(page, _FOCUS)]
    return problems + _reflow_lines(page)


def page_problems(page) -> list[str]:
    """All problems of the page now shown: axe first, then reflow and focus."""
    found = _in_page(page, _DESKTOP_CHECK)
    focus = [f"{DESKTOP['width']} px: fokus skymt: {e}" for e in found["focus"]]
    return _axe_lines(found["violations"]) + focus + _reflow_lines(page)
