"""Replaying recorded Kolada answers through `httpx.MockTransport`.

A recording is a JSON file::

    {"description": "...",
     "request": {"method": "GET", "url": "https://api.kolada.se/v2/kpi?title=hemtjänst&per_page=5000"},
     "responses": [{"status": 429, "headers": {"Retry-After": "1"}, "json": {...}},
                   {"status": 200, "json": {"count": 1, "values": [...]}}]}

Requests are matched on path and query (in any order, host ignored). Several responses
are given in turn (the last one repeats), which is how a rate limit followed by success
is replayed. A response may carry `text` instead of `json` for a malformed answer. A
request without a recording fails as if the network were down, which is the truth on a
machine without network.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx


def request_key(url: str) -> tuple[str, tuple]:
    parts = urlsplit(url)
    path = unquote(parts.path).rstrip("/")
    if "/v2/" in path:
        path = path[path.index("/v2/") + 3 :]
    return path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def load_recordings(directory: Path) -> dict[tuple, list[dict]]:
    recordings: dict[tuple, list[dict]] = {}
    for path in sorted(Path(directory).glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        recordings[request_key(entry["request"]["url"])] = list(entry["responses"])
    return recordings


def replay_transport(directory: Path, *, log: list | None = None) -> httpx.MockTransport:
    recordings = load_recordings(directory)
    served: dict[tuple, int] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        key = request_key(str(request.url))
        if log is not None:
            log.append(str(request.url))
        responses = recordings.get(key)
        if not responses:
            raise httpx.ConnectError(f"ingen inspelning för {request.url}", request=request)
        index = served.get(key, 0)
        served[key] = index + 1
        recorded = responses[min(index, len(responses) - 1)]
        headers = recorded.get("headers") or {}
        if "json" in recorded:
            return httpx.Response(recorded["status"], headers=headers, json=recorded["json"])
        return httpx.Response(recorded["status"], headers=headers, text=recorded.get("text", ""))

    return httpx.MockTransport(handler)
