"""A small stand-in for the Kolada API v3, served over real sockets on 127.0.0.1 (a random
port) by the test suite and the benchmark.

It behaves as v3 does where Kompass depends on it: metadata (`kpi`, `kpi_groups`,
`municipality` with `title` and `region_type`, `municipality_groups`, `ou` with
`municipality`), data (`/data/kpi/{k}/municipality/{m}/year/{y}`, any two of three) and
unit data (`/oudata/kpi/{k}/ou/{ids}/year/{y}`), `per_page` (at most 5000) and `page` with
an absolute `next_url` (null on the last page), more than 25 ids in a path segment answered
with 400, and the closed v2 paths with 404. Its data come from the recordings in
`recordings/` (the true v3 shape); a test may add or change values (`standin.data`) and
queue faults for the next requests to a path (`standin.fault(...)`): a status with
`Retry-After`, a cut-off body, malformed JSON, or paging that never ends.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from kompass.indicators.kolada.recording import read_recording

RECORDINGS = Path(__file__).parent / "recordings"
MAX_IDS = 25
MAX_PER_PAGE = 5000


@dataclass
class Fault:
    kind: str  # "status", "truncated", "malformed", "endless", "loop"
    status: int = 0
    headers: dict = field(default_factory=dict)


class KoladaStandIn:
    def __init__(self, recordings: Path = RECORDINGS):
        self.kpis = {k["id"]: k for k in read_recording(recordings, "kpi")}
        self.municipalities = read_recording(recordings, "municipality")
        self.groups = read_recording(recordings, "municipality_groups")
        self.kpi_groups: list[dict] = []
        self.units: list[dict] = []
        # (kpi, municipality, period) -> list of {gender, value, status, count, isdeleted}
        self.data: dict[tuple[str, str, int], list[dict]] = {}
        for item in read_recording(recordings, "data_N01951"):
            self.data[(item["kpi"], item["municipality"], item["period"])] = item["values"]
        self.unit_data: dict[tuple[str, str, int], list[dict]] = {}
        self.faults: dict[str, list[Fault]] = defaultdict(list)
        self.log: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # ---------------------------------------------------------------- control

    def start(self) -> KoladaStandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                standin._handle(self)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # shutdown() waits until the serving loop looks at its flag again, which it does
        # every poll_interval: the default 0.5 s would add half a second to each test.
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v3"

    def fault(self, path_contains: str, *faults: Fault) -> None:
        """The next requests whose path contains `path_contains` get these faults, in turn."""
        with self._lock:
            self.faults[path_contains].extend(faults)

    def set_value(self, kpi, municipality, period, gender="T", value=None, **extra) -> None:
        rows = self.data.setdefault((kpi, municipality, period), [])
        rows[:] = [r for r in rows if r["gender"] != gender]
        rows.append(
            {
                "count": 1,
                "gender": gender,
                "isdeleted": False,
                "status": "",
                "value": value,
                **extra,
            }
        )

    # ---------------------------------------------------------------- serving

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        path = unquote(parts.path).rstrip("/")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.log.append(request.path)
            fault = None
            for key, queued in self.faults.items():
                if key in path and queued:
                    fault = queued.pop(0)
                    break
        if fault is not None and fault.kind == "status":
            return self._send(request, fault.status, {"detail": "stand-in fault"}, fault.headers)
        if fault is not None and fault.kind == "malformed":
            return self._send_raw(request, 200, b'{"count": 3, "values": [{"kpi": "N0', 0)
        if fault is not None and fault.kind == "truncated":
            return self._send_raw(request, 200, b'{"count": 1, "values": [', 4000)
        if not path.startswith("/v3/") and path != "/v3":
            return self._send(request, 404, {"detail": "Not Found"})
        segments = path.split("/")[2:]
        try:
            values = self._answer(segments, query)
        except ValueError as exc:
            return self._send(request, 400, {"detail": str(exc)})
        except LookupError:
            return self._send(request, 404, {"detail": "Not Found"})
        try:
            per_page = int(query.get("per_page", MAX_PER_PAGE))
            page = int(query.get("page", 1))
        except ValueError:
            return self._send(request, 400, {"detail": "per_page and page are numbers"})
        if not 1 <= per_page <= MAX_PER_PAGE or page < 1:
            return self._send(request, 400, {"detail": f"per_page must be 1-{MAX_PER_PAGE}"})
        chunk = values[(page - 1) * per_page : page * per_page]
        more = page * per_page < len(values)
        if fault is not None and fault.kind in ("endless", "loop"):
            more = True
        next_url = None
        if more:
            nxt = dict(query, page=str(page + 1), per_page=str(per_page))
            if fault is not None and fault.kind == "loop":
                nxt = dict(query)
            next_url = f"{self.url}/{'/'.join(segments)}?{urlencode(sorted(nxt.items()))}"
            if fault is not None and fault.kind in ("endless", "loop"):
                self.fault(path, Fault(fault.kind))  # keeps doing it
        body = {"count": len(chunk), "values": chunk}
        if next_url or page > 1:
            body["next_url"] = next_url
        self._send(request, 200, body)

    def _answer(self, segments: list[str], query: dict) -> list:
        if not segments:
            raise LookupError
        entity, rest = segments[0], segments[1:]
        if entity in ("data", "oudata"):
            return self._data(entity, rest)
        ids = _ids(rest[0]) if rest else []
        if len(rest) > 1:
            raise LookupError
        title = query.get("title", "").casefold()
        if entity == "kpi":
            rows = [k for k in self.kpis.values() if not ids or k["id"] in ids]
        elif entity == "municipality":
            rows = [m for m in self.municipalities if not ids or m["id"] in ids]
            if query.get("region_type"):
                rows = [m for m in rows if m["type"] == query["region_type"]]
        elif entity == "municipality_groups":
            rows = [g for g in self.groups if not ids or g["id"] in ids]
        elif entity == "kpi_groups":
            rows = [g for g in self.kpi_groups if not ids or g["id"] in ids]
        elif entity == "ou":
            rows = [u for u in self.units if not ids or u["id"] in ids]
            if query.get("municipality"):
                rows = [u for u in rows if u["municipality"] in _ids(query["municipality"])]
        else:
            raise LookupError
        return [r for r in rows if title in str(r.get("title", "")).casefold()]

    def _data(self, entity: str, rest: list[str]) -> list:
        unit_key = "municipality" if entity == "data" else "ou"
        if len(rest) % 2:
            raise LookupError
        given = {}
        for name, value in zip(rest[::2], rest[1::2], strict=True):
            if name not in ("kpi", unit_key, "year"):
                raise LookupError
            given[name] = _ids(value)
        if len(given) < 2:
            raise ValueError("At least two of kpi, municipality/ou and year are required")
        store = self.data if entity == "data" else self.unit_data
        out = []
        for (kpi, unit, period), rows in sorted(store.items()):
            if "kpi" in given and kpi not in given["kpi"]:
                continue
            if unit_key in given and unit not in given[unit_key]:
                continue
            if "year" in given and str(period) not in given["year"]:
                continue
            out.append({"kpi": kpi, unit_key: unit, "period": period, "values": list(rows)})
        return out

    @staticmethod
    def _send(request, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)

    @staticmethod
    def _send_raw(request, status: int, data: bytes, extra_length: int) -> None:
        """A body shorter than its Content-Length (cut off), or plain malformed JSON."""
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data) + extra_length))
        if extra_length:
            request.send_header("Connection", "close")
            request.close_connection = True
        request.end_headers()
        request.wfile.write(data)
        request.wfile.flush()


def _ids(segment: str) -> list[str]:
    ids = [i for i in unquote(segment).split(",") if i]
    if len(ids) > MAX_IDS:
        raise ValueError(f"At most {MAX_IDS} ids per path segment, got {len(ids)}")
    return ids
