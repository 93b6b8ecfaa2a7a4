"""A client for the public Kolada API v3 (https://api.kolada.se/v3), the database of Swedish
municipal key figures kept by RKA.

What it covers: metadata (`kpi`, `kpi_groups`, `municipality` with `region_type`,
`municipality_groups`, `ou` with `municipality`) and data per KPI, municipality and year
(`/data/kpi/{k}/municipality/{m}/year/{y}`, any two of the three) and per organisational
unit (`/oudata/kpi/{k}/ou/{ids}/year/{y}`). Every answer is ``{"count", "values": [...],
"next_url"}``; pages are followed while ``next_url`` is set (it is absent or null on the
last page). Where the shape was taken from: docs/kolada.md.

Why it is careful: Kolada refuses more than 25 ids in one path segment, so longer lists
are split and the answers merged; it may be slow, rate-limited (HTTP 429) or unreachable,
so requests are retried with backoff honouring ``Retry-After``; answers are cached on disk
(``settings.KOMPASS_KOLADA_CACHE_DIR``) so a repeated import does not ask again; a paging
loop is stopped (a page seen twice, or more than `MAX_PAGES`). Every failure is a
`KoladaError` whose `str()` is a Swedish sentence saying what happened: an HTTP error is
reported as the error it is (a 404 on the base address says the API version is wrong),
never as "no data". Nothing is stored by this module; `importer.py` stores, all or nothing.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import hashlib
import json
import ssl
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

import httpx

from kompass.lib.numbers import NumberError, checked_float

DEFAULT_URL = "https://api.kolada.se/v3"
API_VERSION = "v3"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_IDS = 25  # Kolada answers 400 to more ids than this in one path segment
MAX_PER_PAGE = 5000
MAX_PAGES = 500  # 500 x 5000 rows is far beyond any real answer: a longer chain is a loop
GENDERS = ("T", "K", "M")


class KoladaError(Exception):
    """Something went wrong talking to Kolada; `str()` is a Swedish sentence for people."""


class KoladaUnavailable(KoladaError):
    """Kolada could not be reached, or kept refusing (rate limit, server errors)."""


class KoladaBadResponse(KoladaError):
    """Kolada answered, but not with what the API documents (not JSON, cut off, a loop)."""


class KoladaHttpError(KoladaError):
    """Kolada answered with an HTTP error that retrying does not mend (400, 404 ...)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    description: str = ""
    operating_area: str = ""
    unit: str = ""
    municipality_type: str = ""
    is_divided_by_gender: bool = False
    auspice: str = ""
    has_ou_data: bool = False
    perspective: str = ""
    publication_date: str = ""
    publ_period: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class KpiGroup:
    id: str
    title: str
    members: tuple[tuple[str, str], ...]  # (KPI id, title)


@dataclass(frozen=True)
class Municipality:
    id: str
    title: str
    type: str  # "K" municipality, "L" region


@dataclass(frozen=True)
class MunicipalityGroup:
    id: str
    title: str
    members: tuple[tuple[str, str], ...]  # (member_id, member_title)


@dataclass(frozen=True)
class OrganisationalUnit:
    id: str
    title: str
    municipality: str


@dataclass(frozen=True)
class DataPoint:
    kpi: str
    municipality: str  # the municipality id, or the unit id for unit data
    period: int
    gender: str
    value: float | None
    status: str = ""
    count: int = 1
    deleted: bool = False


def _unit_from_title(title: str) -> str:
    """Kolada titles end with the unit after the last comma: "Invånare totalt, antal"."""
    head, sep, tail = title.rpartition(",")
    tail = tail.strip()
    return tail if sep and head and 0 < len(tail) <= 30 else ""


def _flag(value) -> bool:
    """v3 sends booleans; older answers and some tools send 0/1 or "true"."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "ja", "yes")
    return bool(value)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def kpi_from(raw: dict) -> Kpi:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("title"):
        raise KoladaBadResponse(
            "Kolada skickade ett nyckeltal utan id eller titel; svaret kan inte användas."
        )
    title = _text(raw["title"])
    return Kpi(
        id=_text(raw["id"]),
        title=title,
        description=_text(raw.get("description")),
        operating_area=_text(raw.get("operating_area")),
        unit=_text(raw.get("unit")) or _unit_from_title(title),
        municipality_type=_text(raw.get("municipality_type")),
        is_divided_by_gender=_flag(raw.get("is_divided_by_gender")),
        auspice=_text(raw.get("auspice")),
        has_ou_data=_flag(raw.get("has_ou_data")),
        perspective=_text(raw.get("perspective")),
        publication_date=_text(raw.get("publication_date")),
        publ_period=_text(raw.get("publ_period")),
        raw=raw,
    )


def chunks(ids: Iterable[str], size: int = MAX_IDS) -> list[list[str]]:
    """Ids in groups of at most `size` (Kolada's limit per path segment), order kept,
    duplicates dropped."""
    unique = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def _segment(ids: list[str]) -> str:
    return ",".join(quote(i, safe="") for i in ids)


def _members(raw: dict, what: str) -> tuple[tuple[str, str], ...]:
    members = raw.get("members") or []
    if not isinstance(members, list):
        raise KoladaBadResponse(
            f"Kolada skickade {what} {raw.get('id')} med en trasig medlemslista."
        )
    out = []
    for m in members:
        if not isinstance(m, dict) or not m.get("member_id"):
            raise KoladaBadResponse(
                f"Kolada skickade {what} {raw.get('id')} med en medlem utan ”member_id”; "
                "svaret följer inte API v3 och används inte."
            )
        out.append((_text(m["member_id"]), _text(m.get("member_title"))))
    return tuple(out)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context (httpx's defaults: its CA bundle) for every client of the process:
    loading the certificate authorities costs about 30 ms, and a client is made per
    import job, page and command."""
    return httpx.create_ssl_context()


class KoladaClient:
    """`transport` lets tests replay recorded answers; `sleep` lets them run the backoff
    without waiting. `requests` counts answers fetched over the network (not the cache)."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        cache_dir: Path | str | None = None,
        cache_ttl: timedelta = timedelta(days=7),
        cache_only: bool = False,
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        timeout: float = 30.0,
        per_page: int = MAX_PER_PAGE,
        max_pages: int = MAX_PAGES,
        sleep=time.sleep,
    ):
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page ska vara 1–{MAX_PER_PAGE}")
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.cache_ttl = cache_ttl
        self.cache_only = cache_only
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.per_page = per_page
        self.max_pages = max_pages
        self.sleep = sleep
        self.requests = 0
        self.waits: list[float] = []
        self._base_checked: bool | None = None
        self._http = httpx.Client(
            transport=transport,
            verify=_tls_context(),
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "Kompass (kommunkompass)"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---------------------------------------------------------------- transport

    def url(self, path: str, params: dict | None = None) -> str:
        query = urlencode(sorted((k, v) for k, v in (params or {}).items() if v not in (None, "")))
        return f"{self.base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:32]}.json"

    def _from_cache(self, url: str) -> dict | None:
        path = self._cache_path(url)
        if path is None or not path.exists():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            fetched = datetime.fromisoformat(entry["fetched_at"])
            body = entry["body"]
        except (ValueError, KeyError, TypeError, OSError):
            return None  # a damaged cache file is simply fetched again
        if not isinstance(body, dict) or not isinstance(body.get("values"), list):
            return None
        if not self.cache_only and datetime.now(UTC) - fetched > self.cache_ttl:
            return None
        return body

    def _to_cache(self, url: str, body: dict) -> None:
        path = self._cache_path(url)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(
                json.dumps(
                    {"url": url, "fetched_at": datetime.now(UTC).isoformat(), "body": body},
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
            tmp.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs a new request next time

    def get(self, url: str) -> dict:
        """One page as JSON: from the cache, or fetched with retries and backoff."""
        cached = self._from_cache(url)
        if cached is not None:
            return cached
        if self.cache_only:
            raise KoladaUnavailable(
                f"Svaret på {url} finns inte i den lokala cachen och nätverket används inte "
                "(--offline). Kör utan --offline när Kolada kan nås."
            )
        last_problem = ""
        for attempt in range(self.retries + 1):
            retry_after = None
            try:
                response = self._http.get(url)
                body_bytes = response.read()
            except httpx.TimeoutException:
                last_problem = "tidsgränsen gick ut"
            except httpx.RemoteProtocolError:
                last_problem = "svaret bröts av innan det var helt (avbrutet svar)"
            except httpx.TransportError as exc:
                last_problem = f"ingen förbindelse ({exc.__class__.__name__})"
            else:
                status = response.status_code
                if status == 200:
                    self.requests += 1
                    body = self._json(body_bytes, url)
                    self._to_cache(url, body)
                    return body
                if status not in RETRY_STATUSES:
                    self.requests += 1
                    raise self._http_error(status, url, body_bytes)
                self.requests += 1
                last_problem = (
                    "Kolada begränsar antalet anrop (HTTP 429)"
                    if status == 429
                    else f"serverfel hos Kolada (HTTP {status})"
                )
                retry_after = response.headers.get("Retry-After")
            if attempt < self.retries:
                self._wait(attempt, retry_after)
        error = KoladaUnavailable(
            f"Kolada kunde inte nås: {last_problem}, även efter {self.retries + 1} försök "
            f"({url}). Kontrollera nätverket eller försök igen senare; inget har importerats."
        )
        error.reason = f"{last_problem}, även efter {self.retries + 1} försök"
        raise error

    def _http_error(self, status: int, url: str, body: bytes) -> KoladaHttpError:
        detail = ""
        with contextlib.suppress(ValueError, AttributeError):
            parsed = json.loads(body)
            detail = _text(parsed.get("detail") or parsed.get("message") or parsed.get("error"))
        said = f" Kolada säger: ”{detail[:200]}”." if detail else ""
        if status == 404:
            if not self._base_answers():
                return KoladaHttpError(
                    f"Kolada-adressen {self.base_url} svarar HTTP 404 (finns inte): API-versionen "
                    f"stämmer troligen inte. Kompass använder Kolada API {API_VERSION}; sätt "
                    f"KOMPASS_KOLADA_URL till t.ex. {DEFAULT_URL}. Inget har importerats.",
                    status,
                )
            return KoladaHttpError(
                f"Kolada svarade HTTP 404 (finns inte) på {url}.{said} Kontrollera id:n i "
                "frågan; inget har importerats.",
                status,
            )
        if status == 400:
            return KoladaHttpError(
                f"Kolada avvisade frågan (HTTP 400) på {url}.{said} Inget har importerats.",
                status,
            )
        return KoladaHttpError(
            f"Kolada svarade HTTP {status} på {url}.{said} Inget har importerats.", status
        )

    def _base_answers(self) -> bool:
        """Does the base address answer as API v3 does? Asked once, after a 404: a base
        that 404s on its own metadata has the wrong version (v2 is closed) or address."""
        if self._base_checked is None:
            try:
                response = self._http.get(self.url("municipality", {"per_page": 1}))
                self.requests += 1
                self._base_checked = response.status_code != 404
            except httpx.TransportError:
                self._base_checked = True  # unreachable is not a wrong version
        return self._base_checked

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2**attempt)
        if retry_after:
            seconds = None
            with contextlib.suppress(ValueError):
                seconds = float(retry_after)
            if seconds is None:  # an HTTP date
                with contextlib.suppress(TypeError, ValueError):
                    when = email.utils.parsedate_to_datetime(retry_after)
                    seconds = (when - datetime.now(UTC)).total_seconds()
            if seconds is not None:
                delay = max(delay, seconds)
        delay = min(max(delay, 0.0), self.max_wait)
        self.waits.append(delay)
        self.sleep(delay)

    @staticmethod
    def _json(body: bytes, url: str) -> dict:
        try:
            parsed = json.loads(body)
        except ValueError:
            raise KoladaBadResponse(
                f"Kolada svarade på {url} med något som inte är giltig JSON (svaret kan vara "
                "avbrutet eller trasigt); försök igen senare. Inget har importerats."
            ) from None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("values"), list):
            raise KoladaBadResponse(
                f"Kolada svarade på {url} utan listan ”values”; svaret följer inte API v3 och "
                "används inte."
            )
        return parsed

    def pages(self, path: str, params: dict | None = None) -> Iterator[list]:
        """The values of a query page by page, following `next_url` while it is set."""
        params = dict(params or {})
        params.setdefault("per_page", self.per_page)
        url: str | None = self.url(path, params)
        seen: set[str] = set()
        base = urlsplit(self.base_url)
        while url:
            if url in seen:
                raise KoladaBadResponse(
                    f"Kolada skickade samma sida två gånger ({url}); hämtningen avbröts så att "
                    "den inte pågår i oändlighet. Inget har importerats."
                )
            if len(seen) >= self.max_pages:
                raise KoladaBadResponse(
                    f"Kolada skickade fler än {self.max_pages} sidor för en fråga; hämtningen "
                    "avbröts så att den inte pågår i oändlighet. Inget har importerats."
                )
            seen.add(url)
            body = self.get(url)
            yield body["values"]
            next_url = body.get("next_url")
            if not next_url:
                return
            if not isinstance(next_url, str):
                raise KoladaBadResponse(f"Kolada skickade en trasig ”next_url” på {url}.")
            url = urljoin(self.base_url + "/", next_url)
            target = urlsplit(url)
            if (target.scheme, target.netloc) != (base.scheme, base.netloc):
                raise KoladaBadResponse(
                    f"Kolada pekade nästa sida till en annan adress ({target.netloc}); "
                    "den följs inte."
                )

    def paged(self, path: str, params: dict | None = None) -> list:
        """All values of a query (every page)."""
        values: list = []
        for page in self.pages(path, params):
            values.extend(page)
        return values

    def _by_ids(self, entity: str, ids: Iterable[str], params: dict | None = None) -> list:
        values: list = []
        for part in chunks(ids):
            values.extend(self.paged(f"{entity}/{_segment(part)}", params))
        return values

    # ---------------------------------------------------------------- metadata

    def search_kpis(self, text: str) -> list[Kpi]:
        text = (text or "").strip()
        if not text:
            raise KoladaError("Skriv ett sökord, t.ex. ”hemtjänst”.")
        return [kpi_from(v) for v in self.paged("kpi", {"title": text})]

    def kpis(self, ids: Iterable[str]) -> list[Kpi]:
        return [kpi_from(v) for v in self._by_ids("kpi", (i.upper() for i in ids))]

    def kpi(self, kpi_id: str) -> Kpi:
        kpi_id = kpi_id.strip().upper()
        match = [k for k in self.kpis([kpi_id]) if k.id.upper() == kpi_id]
        if not match:
            raise KoladaError(
                f"Kolada har inget nyckeltal med id {kpi_id}. Sök med: kompass kolada search TEXT"
            )
        return match[0]

    def kpi_groups(self, title: str = "") -> list[KpiGroup]:
        out = []
        for v in self.paged("kpi_groups", {"title": title.strip()} if title.strip() else None):
            if not isinstance(v, dict) or not v.get("id"):
                raise KoladaBadResponse("Kolada skickade en nyckeltalsgrupp utan id.")
            out.append(KpiGroup(_text(v["id"]), _text(v.get("title")), _members(v, "gruppen")))
        return out

    def kpi_group(self, group_id: str) -> KpiGroup:
        """One KPI group by id, looked up in the list of groups (which the cache keeps), so
        an id Kolada does not know is said plainly rather than read as an empty group."""
        group_id = (group_id or "").strip()
        if not group_id:
            raise KoladaError("Ange id för en nyckeltalsgrupp i Kolada.")
        found = [g for g in self.kpi_groups() if g.id.upper() == group_id.upper()]
        if not found:
            raise KoladaError(
                f"Kolada har ingen nyckeltalsgrupp med id {group_id}; kontrollera id:t."
            )
        return found[0]

    def municipalities(self, title: str = "", *, region_type: str = "") -> list[Municipality]:
        params = {"title": title.strip(), "region_type": region_type.strip().upper()}
        out = []
        for v in self.paged("municipality", params):
            if not isinstance(v, dict) or not v.get("id"):
                raise KoladaBadResponse("Kolada skickade en kommun utan id.")
            out.append(Municipality(_text(v["id"]), _text(v.get("title")), _text(v.get("type"))))
        return out

    def municipality_groups(
        self, title: str = "", *, ids: Iterable[str] = ()
    ) -> list[MunicipalityGroup]:
        ids = list(ids)
        if ids:
            values = self._by_ids("municipality_groups", ids)
        else:
            values = self.paged(
                "municipality_groups", {"title": title.strip()} if title.strip() else None
            )
        out = []
        for v in values:
            if not isinstance(v, dict) or not v.get("id"):
                raise KoladaBadResponse("Kolada skickade en kommungrupp utan id.")
            out.append(
                MunicipalityGroup(
                    _text(v["id"]), _text(v.get("title")), _members(v, "kommungruppen")
                )
            )
        return out

    def municipality_group(self, group_id: str) -> MunicipalityGroup:
        group_id = group_id.strip()
        found = [
            g for g in self.municipality_groups(ids=[group_id]) if g.id.upper() == group_id.upper()
        ]
        if not found:
            raise KoladaError(
                f"Kolada har ingen kommungrupp med id {group_id}; lista dem med: kompass kolada groups"
            )
        return found[0]

    def units(self, title: str = "", *, municipality: str = "") -> list[OrganisationalUnit]:
        params = {"title": title.strip(), "municipality": municipality.strip()}
        out = []
        for v in self.paged("ou", params):
            if not isinstance(v, dict) or not v.get("id"):
                raise KoladaBadResponse("Kolada skickade en enhet utan id.")
            out.append(
                OrganisationalUnit(
                    _text(v["id"]), _text(v.get("title")), _text(v.get("municipality"))
                )
            )
        return out

    # ---------------------------------------------------------------- data

    def data(
        self,
        kpi_id: str | Iterable[str] | None = None,
        *,
        municipalities: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
        progress=None,
    ) -> list[DataPoint]:
        """Values per KPI, municipality and year; any two of the three must be given, as
        the API requires. Lists longer than 25 are split into several requests;
        `progress(done, total)` is called after each of them (a job shows it)."""
        return self._data("data", "municipality", kpi_id, municipalities, years, progress)

    def unit_data(
        self,
        kpi_id: str | Iterable[str] | None = None,
        *,
        units: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
    ) -> list[DataPoint]:
        """Values per KPI, organisational unit and year (`/oudata`)."""
        return self._data("oudata", "ou", kpi_id, units, years)

    def _data(self, entity, unit_key, kpi_id, units, years, progress=None) -> list[DataPoint]:
        kpis = [kpi_id] if isinstance(kpi_id, str) else list(kpi_id or [])
        kpis = [k.strip().upper() for k in kpis if k and k.strip()]
        unit_ids = [str(u).strip() for u in (units or []) if str(u).strip()]
        year_ids = [str(y) for y in sorted({int(y) for y in (years or [])})]
        if sum(bool(x) for x in (kpis, unit_ids, year_ids)) < 2:
            raise KoladaError(
                "Ange två av tre: nyckeltal, "
                + ("kommuner" if unit_key == "municipality" else "enheter")
                + " och år; Kolada lämnar inte ut mer på en gång."
            )
        points: list[DataPoint] = []
        parts = [chunks(kpis) or [[]], chunks(unit_ids) or [[]], chunks(year_ids) or [[]]]
        total, done = len(parts[0]) * len(parts[1]) * len(parts[2]), 0
        for kpi_part in parts[0]:
            for unit_part in parts[1]:
                for year_part in parts[2]:
                    path = entity
                    if kpi_part:
                        path += f"/kpi/{_segment(kpi_part)}"
                    if unit_part:
                        path += f"/{unit_key}/{_segment(unit_part)}"
                    if year_part:
                        path += f"/year/{_segment(year_part)}"
                    for page in self.pages(path):
                        points.extend(_points(page, unit_key))
                    done += 1
                    if progress is not None:
                        progress(done, total)
        return points


def _points(items: list, unit_key: str) -> Iterator[DataPoint]:
    for item in items:
        try:
            unit = _text(item[unit_key])
            period = int(item["period"])
            rows = item["values"]
            kpi = _text(item["kpi"])
            if not isinstance(rows, list) or not unit or not kpi:
                raise TypeError
        except (KeyError, TypeError, ValueError):
            raise KoladaBadResponse(
                "Kolada skickade ett värde utan nyckeltal, "
                + ("kommun" if unit_key == "municipality" else "enhet")
                + ", period eller värdelista; svaret används inte."
            ) from None
        item_deleted = _flag(item.get("isdeleted"))
        for row in rows:
            if not isinstance(row, dict):
                raise KoladaBadResponse(
                    "Kolada skickade ett värde i oväntad form; svaret används inte."
                )
            value = row.get("value")
            if value is not None:
                try:
                    if isinstance(value, bool):
                        raise TypeError
                    value = float(value)
                except (TypeError, ValueError):
                    raise KoladaBadResponse(
                        f"Kolada skickade värdet ”{value}” för {kpi} {unit} {period}, som inte är "
                        "ett tal; svaret används inte."
                    ) from None
                try:
                    value = checked_float(value)
                except NumberError as exc:
                    raise KoladaBadResponse(
                        f"Kolada skickade ett värde som inte tas emot för {kpi} {unit} {period}: "
                        f"{exc}; svaret används inte."
                    ) from None
            gender = _text(row.get("gender")) or "T"
            if gender not in GENDERS:
                raise KoladaBadResponse(
                    f"Kolada skickade det okända könet ”{gender}” för {kpi} {unit} {period}."
                )
            yield DataPoint(
                kpi=kpi,
                municipality=unit,
                period=period,
                gender=gender,
                value=value,
                status=_text(row.get("status")),
                count=int(row.get("count") or 0),
                deleted=item_deleted or _flag(row.get("isdeleted")),
            )


def default_client(**kwargs) -> KoladaClient:
    """The client the commands use: settings' URL, cache directory and backoff."""
    from django.conf import settings

    kwargs.setdefault("cache_dir", getattr(settings, "KOMPASS_KOLADA_CACHE_DIR", None))
    kwargs.setdefault("backoff", getattr(settings, "KOMPASS_KOLADA_BACKOFF", 1.0))
    return KoladaClient(getattr(settings, "KOMPASS_KOLADA_URL", DEFAULT_URL), **kwargs)
