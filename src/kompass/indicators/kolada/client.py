"""A small client for the public Kolada API v2 (https://api.kolada.se/v2), the database of
Swedish municipal key figures kept by RKA.

What it covers: KPI search and metadata (`/kpi?title=`, `/kpi/<id>`), municipalities and
municipality groups (`/municipality`, `/municipality_groups`), and data per KPI,
municipality and year (`/data/kpi/<id>/municipality/<ids>/year/<years>`). Every answer
has the form ``{"count": n, "values": [...], "next_page": url}``; pages are followed until
there is no ``next_page``.

Why it is careful: Kolada is a public service that may be slow, rate-limited (HTTP 429)
or unreachable (our own machines have no network at all). Requests are retried with
exponential backoff (honouring ``Retry-After``), answers are cached on disk in
``settings.KOMPASS_KOLADA_CACHE_DIR`` so a repeated import does not ask again, and every
failure becomes a `KoladaError` with a Swedish message that says what to do. Nothing is
stored by this module; `importer.py` stores, all or nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

DEFAULT_URL = "https://api.kolada.se/v2"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_PAGES = 200  # 200 x 5000 rows: far beyond any real answer; stops a loop of next_page


class KoladaError(Exception):
    """Something went wrong talking to Kolada; `str()` is a Swedish sentence for people."""


class KoladaUnavailable(KoladaError):
    """Kolada could not be reached, or kept refusing (rate limit, server errors)."""


class KoladaBadResponse(KoladaError):
    """Kolada answered, but not with what the API documents."""


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    description: str = ""
    operating_area: str = ""
    unit: str = ""
    municipality_type: str = ""
    is_divided_by_gender: bool = False
    publication_date: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Municipality:
    id: str
    title: str
    type: str  # "K" municipality, "L" region


@dataclass(frozen=True)
class MunicipalityGroup:
    id: str
    title: str
    members: tuple[tuple[str, str], ...]  # (id, title)


@dataclass(frozen=True)
class DataPoint:
    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    status: str = ""
    count: int = 1


def _unit_from_title(title: str) -> str:
    """Kolada titles end with the unit after the last comma: "Invånare totalt, antal"."""
    head, sep, tail = title.rpartition(",")
    tail = tail.strip()
    return tail if sep and head and 0 < len(tail) <= 30 else ""


def kpi_from(raw: dict) -> Kpi:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("title"):
        raise KoladaBadResponse(
            "Kolada skickade ett nyckeltal utan id eller titel; svaret kan inte användas."
        )
    title = str(raw["title"]).strip()
    return Kpi(
        id=str(raw["id"]).strip(),
        title=title,
        description=str(raw.get("description") or "").strip(),
        operating_area=str(raw.get("operating_area") or "").strip(),
        unit=str(raw.get("unit") or "").strip() or _unit_from_title(title),
        municipality_type=str(raw.get("municipality_type") or ""),
        is_divided_by_gender=bool(raw.get("is_divided_by_gender")),
        publication_date=str(raw.get("publication_date") or ""),
        raw=raw,
    )


class KoladaClient:
    """`transport` lets tests replay recorded answers (httpx.MockTransport); `sleep` lets
    them run the backoff without waiting."""

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
        per_page: int = 5000,
        sleep=time.sleep,
    ):
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.cache_ttl = cache_ttl
        self.cache_only = cache_only
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.per_page = per_page
        self.sleep = sleep
        self.requests = 0  # answers fetched over the network (not from the cache)
        self.waits: list[float] = []
        self._http = httpx.Client(
            transport=transport,
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
                f"Svaret på {url} finns inte i den lokala cachen och nätverket används inte (--offline). "
                "Kör utan --offline när Kolada kan nås."
            )
        last_problem = ""
        for attempt in range(self.retries + 1):
            try:
                response = self._http.get(url)
            except httpx.TimeoutException:
                last_problem = "tidsgränsen gick ut"
            except httpx.TransportError as exc:
                last_problem = f"ingen förbindelse ({exc.__class__.__name__})"
            else:
                if response.status_code == 200:
                    self.requests += 1
                    body = self._json(response, url)
                    self._to_cache(url, body)
                    return body
                if response.status_code == 404:
                    return {"count": 0, "values": []}
                if response.status_code not in RETRY_STATUSES:
                    raise KoladaBadResponse(
                        f"Kolada svarade med HTTP {response.status_code} på {url}; frågan kan vara felaktig "
                        "(kontrollera nyckeltalets id, kommunkoderna och åren)."
                    )
                last_problem = (
                    "Kolada begränsar antalet anrop (HTTP 429)"
                    if response.status_code == 429
                    else f"serverfel hos Kolada (HTTP {response.status_code})"
                )
                if attempt < self.retries:
                    self._wait(attempt, response.headers.get("Retry-After"))
                continue
            if attempt < self.retries:
                self._wait(attempt, None)
        raise KoladaUnavailable(
            f"Kolada kunde inte nås: {last_problem}, även efter {self.retries + 1} försök. "
            "Kontrollera nätverket eller försök igen senare; inget har importerats."
        )

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2**attempt)
        if retry_after:
            with contextlib.suppress(ValueError):  # an HTTP date instead of seconds
                delay = max(delay, float(retry_after))
        delay = min(delay, self.max_wait)
        self.waits.append(delay)
        self.sleep(delay)

    @staticmethod
    def _json(response: httpx.Response, url: str) -> dict:
        try:
            body = response.json()
        except ValueError:
            raise KoladaBadResponse(
                f"Kolada svarade på {url} med något som inte är JSON; försök igen senare."
            ) from None
        if not isinstance(body, dict) or not isinstance(body.get("values"), list):
            raise KoladaBadResponse(
                f"Kolada svarade på {url} utan listan ”values”; svaret följer inte API:t och används inte."
            )
        return body

    def paged(self, path: str, params: dict | None = None) -> list:
        """All values of a query, following `next_page` links."""
        params = dict(params or {})
        params.setdefault("per_page", self.per_page)
        url: str | None = self.url(path, params)
        values: list = []
        seen: set[str] = set()
        while url:
            if url in seen or len(seen) >= MAX_PAGES:
                raise KoladaBadResponse(
                    "Kolada skickade samma sida flera gånger; hämtningen avbröts."
                )
            seen.add(url)
            body = self.get(url)
            values.extend(body["values"])
            url = body.get("next_page") or None
            if url and not urlsplit(url).scheme:
                url = f"{self.base_url}/{url.lstrip('/')}"
        return values

    # ---------------------------------------------------------------- metadata

    def search_kpis(self, text: str) -> list[Kpi]:
        text = (text or "").strip()
        if not text:
            raise KoladaError("Skriv ett sökord, t.ex. ”hemtjänst”.")
        return [kpi_from(v) for v in self.paged("kpi", {"title": text})]

    def kpi(self, kpi_id: str) -> Kpi:
        kpi_id = kpi_id.strip().upper()
        values = self.paged(f"kpi/{kpi_id}")
        match = [
            v for v in values if isinstance(v, dict) and str(v.get("id", "")).upper() == kpi_id
        ]
        if not match:
            raise KoladaError(
                f"Kolada har inget nyckeltal med id {kpi_id}. Sök med: kompass kolada search TEXT"
            )
        return kpi_from(match[0])

    def municipalities(self, title: str = "") -> list[Municipality]:
        out = []
        for v in self.paged("municipality", {"title": title.strip()} if title.strip() else None):
            if not isinstance(v, dict) or not v.get("id"):
                raise KoladaBadResponse("Kolada skickade en kommun utan id.")
            out.append(Municipality(str(v["id"]), str(v.get("title", "")), str(v.get("type", ""))))
        return out

    def municipality_groups(self, title: str = "") -> list[MunicipalityGroup]:
        out = []
        for v in self.paged(
            "municipality_groups", {"title": title.strip()} if title.strip() else None
        ):
            if not isinstance(v, dict) or not v.get("id"):
                raise KoladaBadResponse("Kolada skickade en kommungrupp utan id.")
            members = tuple(
                (str(m.get("id")), str(m.get("title", "")))
                for m in v.get("members") or []
                if isinstance(m, dict) and m.get("id")
            )
            out.append(MunicipalityGroup(str(v["id"]), str(v.get("title", "")), members))
        return out

    # ---------------------------------------------------------------- data

    def data(
        self,
        kpi_id: str,
        *,
        municipalities: list[str] | None = None,
        years: list[int] | None = None,
    ) -> list[DataPoint]:
        """Values of one KPI, for some or all municipalities and years (at least one of
        municipalities and years must be given, as the API requires)."""
        kpi_id = kpi_id.strip().upper()
        if not municipalities and not years:
            raise KoladaError(
                "Ange kommuner eller år; Kolada lämnar inte ut alla värden för ett nyckeltal på en gång."
            )
        path = f"data/kpi/{kpi_id}"
        if municipalities:
            path += "/municipality/" + ",".join(municipalities)
        if years:
            path += "/year/" + ",".join(str(y) for y in sorted(set(years)))
        points = []
        for item in self.paged(path):
            try:
                municipality = str(item["municipality"])
                period = int(item["period"])
                rows = item["values"]
                if not isinstance(rows, list):
                    raise TypeError
            except (KeyError, TypeError, ValueError):
                raise KoladaBadResponse(
                    "Kolada skickade ett värde utan kommun, period eller värdelista; svaret används inte."
                ) from None
            for row in rows:
                if not isinstance(row, dict):
                    raise KoladaBadResponse(
                        "Kolada skickade ett värde i oväntad form; svaret används inte."
                    )
                value = row.get("value")
                if value is not None:
                    try:
                        value = float(value)
                    except (TypeError, ValueError):
                        raise KoladaBadResponse(
                            f"Kolada skickade värdet ”{value}” för {municipality} {period}, som inte är ett tal."
                        ) from None
                points.append(
                    DataPoint(
                        kpi=str(item.get("kpi") or kpi_id),
                        municipality=municipality,
                        period=period,
                        gender=str(row.get("gender") or "T"),
                        value=value,
                        status=str(row.get("status") or ""),
                        count=int(row.get("count") or 1),
                    )
                )
        return points


def default_client(**kwargs) -> KoladaClient:
    """The client the commands use: settings' URL and cache directory. With the
    setting KOMPASS_KOLADA_REPLAY set to a directory of recorded answers, they are
    replayed instead of asking the network (offline demos and tests)."""
    from django.conf import settings

    replay = getattr(settings, "KOMPASS_KOLADA_REPLAY", "")
    if replay and "transport" not in kwargs:
        from kompass.indicators.kolada.replay import replay_transport

        kwargs["transport"] = replay_transport(Path(replay))
        kwargs.setdefault("sleep", lambda _s: None)
    kwargs.setdefault("cache_dir", getattr(settings, "KOMPASS_KOLADA_CACHE_DIR", None))
    return KoladaClient(getattr(settings, "KOMPASS_KOLADA_URL", DEFAULT_URL), **kwargs)
