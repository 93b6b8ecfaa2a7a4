"""Visit every page a user can reach from the start page, the way a person clicking
around would: links, frames, images and GET forms that ask for nothing, staying on the
site. Used by the tests that fail on broken links, the browser tests that visit each
kind of page once per role, and the page-speed benchmark.

It goes through a client only (Django's test `Client`, or anything with the same
`get(path)`), never through the apps, so it knows no domain: what a page links to is what
it finds. Each address is fetched once (the fragment dropped); downloads of rendered
reports and files, the static files, the Django admin and signing out are not fetched,
only checked against the URL map, so a link to an address nothing answers still counts as
broken.

    from kompass.core.crawl import crawl, broken, one_per_route
    visits = crawl(Client(), user=user)        # {url: Visit}, in the order found
    broken(visits)                             # the 404s and 5xx, with their referrers
    one_per_route(visits)                      # one page per URL pattern
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.urls import Resolver404, resolve

SITE = "http://testserver"
FILES = "static or uploaded file"  # served beside the URL map, so not checked against it
MAX_PAGES = 20000

# Report formats that are rendered documents (seconds each, and the fast test lane
# forbids them): checked against the URL map, not fetched.
DOCUMENT_FORMATS = {"pdf", "docx", "xlsx", "csv", "zip", "odt", "ods", "png", "svg"}


@dataclass(frozen=True)
class Visit:
    """One address: what answered, how fast, and the first page that linked to it."""

    url: str  # path and query, e.g. "/utvarderingar/3/?visa=alla"
    status: int | None  # None: not fetched (see `skipped`)
    content_type: str
    seconds: float  # time the client waited for the answer (0 when not fetched)
    referrer: str | None  # None for the start page
    route: str | None  # the URL pattern that answers, e.g. "utvarderingar/<int:pk>/"
    location: str | None = None  # where a redirect points
    skipped: str | None = None  # why it was not fetched
    attachment: bool = False  # a download (Content-Disposition: attachment)

    @property
    def is_page(self) -> bool:
        """An HTML page a person reads (not a download, redirect or skipped address)."""
        return (
            self.status == 200 and self.content_type.startswith("text/html") and not self.attachment
        )


def default_skip(url: str) -> str | None:
    """Why `url` (path and query) is not fetched, or None to fetch it."""
    parts = urlsplit(url)
    path, query = parts.path, dict(parse_qsl(parts.query))
    files = [settings.STATIC_URL, settings.MEDIA_URL]
    prefixes = tuple("/" + p.strip("/") + "/" for p in files if p and p.strip("/"))
    if prefixes and path.startswith(prefixes):
        return FILES
    if "logga-ut" in path or path.endswith("/logout/"):
        return "signs out"
    if path.startswith("/admin/"):
        return "Django admin"
    if path.startswith("/rapporter/") and query.get("format", "pdf") in DOCUMENT_FORMATS:
        return "rendered report"
    if "/filer/" in path or "/rapportfil/" in path:
        return "stored file"
    return None


def route_of(url: str) -> str | None:
    """The URL pattern that answers `url`, or None when none does."""
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return None


def crawl(
    client,
    *,
    user=None,
    start: str = "/",
    skip: Callable[[str], str | None] = default_skip,
    max_pages: int = MAX_PAGES,
    per_route: int | None = None,
    on_visit: Callable[[Visit], None] | None = None,
) -> dict[str, Visit]:
    """Every address reachable from `start`, in the order found. With `user`, the client
    is signed in as that user first (`force_login`). `on_visit` sees each visit as it
    happens (for progress). With `per_route`, only the first that many addresses of each
    URL pattern are fetched (the rest are listed as skipped, "sampled"): for large data,
    where every organisation has its copy of each page. Stops with an error past
    `max_pages` addresses, which means a page invents addresses without end."""
    if user is not None:
        client.force_login(user)
    visits: dict[str, Visit] = {}
    queue: list[tuple[str, str | None]] = [(start, None)]
    queued = {start}
    fetched: dict[str | None, int] = {}
    while queue:
        url, referrer = queue.pop(0)
        if len(visits) >= max_pages:
            raise RuntimeError(f"more than {max_pages} addresses; the last was {url}")
        route = route_of(url)
        sampled = per_route is not None and fetched.get(route, 0) >= per_route
        visit, found = _visit(client, url, referrer, route, "sampled" if sampled else skip(url))
        if visit.status is not None:
            fetched[route] = fetched.get(route, 0) + 1
        visits[url] = visit
        if on_visit is not None:
            on_visit(visit)
        for link in found:
            if link not in queued:
                queued.add(link)
                queue.append((link, url))
    return visits


def broken(visits: dict[str, Visit] | Iterable[Visit]) -> list[Visit]:
    """The addresses that answered 404 or a server error (or that nothing answers)."""
    items = visits.values() if isinstance(visits, dict) else visits
    return [v for v in items if v.status is not None and (v.status == 404 or v.status >= 500)]


def one_per_route(visits: dict[str, Visit] | Iterable[Visit]) -> list[Visit]:
    """The first page found of each URL pattern: one visit per kind of page (for tests
    that are too slow to visit every organisation's copy of the same page)."""
    items = visits.values() if isinstance(visits, dict) else visits
    chosen: dict[str, Visit] = {}
    for visit in items:
        if visit.is_page and visit.route is not None and visit.route not in chosen:
            chosen[visit.route] = visit
    return list(chosen.values())


def _visit(client, url: str, referrer, route, reason) -> tuple[Visit, list[str]]:
    if reason is not None:
        # Not fetched, but an address that nothing answers is still a broken link.
        status = None if route is not None or reason == FILES else 404
        return Visit(url, status, "", 0.0, referrer, route, skipped=reason), []
    started = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - started
    content_type = response.get("Content-Type", "")
    attachment = "attachment" in response.get("Content-Disposition", "")
    location = response.get("Location") if 300 <= response.status_code < 400 else None
    visit = Visit(
        url,
        response.status_code,
        content_type,
        seconds,
        referrer,
        route,
        location=location,
        attachment=attachment,
    )
    found: list[str] = []
    if location:
        found = _on_site(url, [location])
    elif visit.is_page:
        page = _Links()
        page.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        page.close()
        found = _on_site(url, page.addresses())
    return visit, found


def _on_site(base: str, addresses: Iterable[str]) -> list[str]:
    """The addresses on this site, as path and query, without fragments."""
    site = urlsplit(SITE)
    found = []
    for address in addresses:
        address = address.strip()
        if not address or address.startswith(("mailto:", "tel:", "javascript:", "data:")):
            continue
        parts = urlsplit(urljoin(SITE + base, address))
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            continue
        found.append(urlunsplit(("", "", parts.path or "/", parts.query, "")))
    return found


class _Links(HTMLParser):
    """Addresses a page leads to: <a href>, <iframe src>, <img src> and GET forms whose
    fields all have a value or are optional (submitted as they stand)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.select: dict | None = None

    def addresses(self) -> list[str]:
        out = list(self.links)
        for form in self.forms:
            if form["required"]:
                continue
            action = urlsplit(form["action"])
            query = urlencode(form["fields"])
            if action.path or query:
                out.append(action.path + ("?" + query if query else ""))
        return out

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag in {"iframe", "img"} and a.get("src"):
            self.links.append(a["src"])
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self.form = {
                "get": method == "get",
                "action": a.get("action") or "",
                "fields": [],
                "required": False,
                "submitted": False,
            }
        elif self.form is not None:
            self._field(tag, a)

    def _field(self, tag, a):
        form = self.form
        name = a.get("name")
        disabled = "disabled" in a
        if tag in {"input", "textarea"} and "required" in a and not disabled:
            # A required field asks for input unless it already holds a value (a
            # select's chosen option is checked when the select ends).
            form["required"] = form["required"] or not (tag == "input" and a.get("value"))
        if tag == "input" and name and not disabled:
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form["fields"].append((name, a.get("value", "on")))
            elif kind in {"submit", "image"}:
                if not form["submitted"]:
                    form["fields"].append((name, a.get("value", "")))
                    form["submitted"] = True
            elif kind not in {"file", "reset", "button"}:
                form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and name and not disabled:
            if (a.get("type") or "submit").lower() == "submit" and not form["submitted"]:
                form["fields"].append((name, a.get("value", "")))
                form["submitted"] = True
        elif tag == "select" and name and not disabled:
            self.select = {
                "name": name,
                "first": None,
                "selected": None,
                "required": "required" in a,
            }
        elif tag == "option" and self.select is not None:
            value = a.get("value")
            if value is None:  # the option's text is its value: taken in handle_data
                self.select["pending"] = "first" if self.select["first"] is None else None
                self.select["pending_selected"] = "selected" in a
                return
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a and self.select["selected"] is None:
                self.select["selected"] = value
        elif tag == "textarea" and name and not disabled:
            form["fields"].append((name, ""))  # the text inside is not kept: crawl stays simple

    def handle_data(self, data):
        select = self.select
        if select is not None and (select.get("pending") or select.get("pending_selected")):
            value = data.strip()
            if select.get("pending") == "first":
                select["first"] = value
            if select.get("pending_selected") and select["selected"] is None:
                select["selected"] = value
            select["pending"] = select["pending_selected"] = None

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None and self.form is not None:
            value = self.select["selected"]
            if value is None:
                value = self.select["first"]
            if value is not None:
                self.form["fields"].append((self.select["name"], value))
            if self.select["required"] and not value:
                self.form["required"] = True
            self.select = None
        elif tag == "form" and self.form is not None:
            if self.form["get"]:
                self.forms.append(self.form)
            self.form = None
