"""Load test of the respondents' form: a real gunicorn process on loopback (SQLite in WAL
mode, or PostgreSQL when `env` names a `DATABASE_URL`), and a light asyncio HTTP/1.1 client (keep-alive, no library overhead) so that the
client does not eat the two cores the server needs.

Every submission carries its own random id; a submission counts as acknowledged when the
server answers 303 (stored, go to the receipt). Failed attempts (connection refused or
reset while the server is down) are retried with the same id, so a response that was
stored just before a crash is not stored twice. Afterwards the database is asked for
every acknowledged id: an acknowledged submission that is not there is lost.

Bounded: at most `total` submissions and `duration` seconds.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# The gunicorn of the environment running the benchmark (the checkout's .venv under make).
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving Kompass from `data_dir`; `kill()` is SIGKILL to the whole process
    group (master and workers), as a crash or an OOM kill would do. `env`: more
    environment for the app (e.g. `DATABASE_URL` and `DB_CONN_MAX_AGE`)."""

    def __init__(
        self,
        data_dir: Path,
        port: int,
        workers: int = 2,
        threads: int = 2,
        env: dict[str, str] | None = None,
    ):
        self.data_dir, self.port = data_dir, port
        self.workers, self.threads = workers, threads
        self.env = env or {}
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> None:
        env = {
            **os.environ,
            "KOMPASS_DATA_DIR": str(self.data_dir),
            "DJANGO_SETTINGS_MODULE": "kompass.settings",
            "DEBUG": "False",
            "LOG_LEVEL": "ERROR",
            **self.env,
        }
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "kompass.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.threads),
                "--keep-alive",
                "30",
                "--log-level",
                "error",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd=ROOT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(
                        b"GET /konto/logga-in/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    )
                    if s.recv(12).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.kill()  # nothing left behind (a loaded machine can take long to boot workers)
        raise RuntimeError("gunicorn did not start")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the live processes of the app: the
        master and its workers, read from /proc (Linux)."""
        if self.process is None:
            return 0.0
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # process group: started in its own session
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


@dataclass
class LoadResult:
    acknowledged: set[str] = field(default_factory=set)
    sent: set[str] = field(default_factory=set)  # every id that went out at least once
    latencies: list[float] = field(default_factory=list)
    attempts: int = 0
    failed_attempts: int = 0
    rejected: int = 0
    elapsed: float = 0.0
    first_ack: float = 0.0
    last_ack: float = 0.0

    @property
    def throughput(self) -> float:
        span = self.last_ack - self.first_ack
        return len(self.acknowledged) / span if span > 0 else 0.0

    def percentile(self, q: float) -> float:
        values = sorted(self.latencies)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(q * len(values)))]


async def _read_response(reader) -> tuple[int, dict, bytes]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("closed")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).strip(), 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
    return status, headers, body


async def _get(port: int, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n".encode()
    )
    await writer.drain()
    response = await _read_response(reader)
    writer.close()
    return response


async def _form(port: int, link: str) -> tuple[str, str, str, str]:
    """Open the link as a browser does (it redirects to the form's address without the
    token); returns the form's address, the CSRF cookie and token, and the answer token
    the form sends back in its body."""
    _status, headers, _body = await _get(port, link)
    session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", "")).group(1)
    path = headers["location"]
    _status, headers, body = await _get(port, path, f"sessionid={session}")
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", "")).group(1)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    answer_token = re.search(rb'name="token" value="([^"]+)"', body).group(1).decode()
    return path, cookie, csrf, answer_token


def _body(
    token: str,
    answer_token: str,
    submission: str,
    rng: random.Random,
    items: list[str],
    attributes: dict[str, list[str]],
) -> bytes:
    data = {
        "csrfmiddlewaretoken": token,
        "token": answer_token,
        "submission": submission,
        "action": "submit",
    }
    for code, values in attributes.items():
        data[f"attr-{code}"] = rng.choice(values)
    for item in items:
        data[f"q-{item}"] = str(rng.randint(1, 7))
    return urlencode(data).encode()


async def _run(
    port, path, total, duration, concurrency, items, attributes, on_progress
) -> LoadResult:
    path, cookie, token, answer_token = await _form(port, path)
    rng = random.Random(7)
    jobs: asyncio.Queue = asyncio.Queue()
    for _ in range(total):
        submission = uuid.uuid4().hex
        jobs.put_nowait(
            (submission, _body(token, answer_token, submission, rng, items, attributes))
        )
    result = LoadResult()
    start = time.monotonic()
    deadline = start + duration
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken={cookie}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n"
    )

    async def worker():
        reader = writer = None
        while time.monotonic() < deadline:
            try:
                submission, body = jobs.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                sent = time.monotonic()
                result.attempts += 1
                result.sent.add(submission)
                writer.write(head.replace("{length}", str(len(body))).encode() + body)
                await writer.drain()
                status, headers, _ = await asyncio.wait_for(_read_response(reader), timeout=10)
                if headers.get("connection", "").lower() == "close":
                    writer.close()
                    reader = writer = None
            except (
                TimeoutError,
                OSError,
                asyncio.IncompleteReadError,
                ConnectionError,
                ValueError,
            ):
                result.failed_attempts += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                jobs.put_nowait((submission, body))  # same id: a retry cannot store twice
                await asyncio.sleep(0.05)
                continue
            now = time.monotonic()
            if status == 303:
                if not result.acknowledged:
                    result.first_ack = sent
                result.acknowledged.add(submission)
                result.latencies.append(now - sent)
                result.last_ack = now
                if on_progress:
                    on_progress(len(result.acknowledged))
            elif status >= 500:
                result.failed_attempts += 1
                jobs.put_nowait((submission, body))
            else:
                result.rejected += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.elapsed = time.monotonic() - start
    return result


def run_load(
    *,
    port: int,
    token: str,
    total: int,
    duration: float,
    concurrency: int,
    items: list[str],
    attributes: dict[str, list[str]],
    on_progress=None,
) -> LoadResult:
    return asyncio.run(
        _run(
            port,
            f"/enkater/svara/{token}/",
            total,
            duration,
            concurrency,
            items,
            attributes,
            on_progress,
        )
    )


def stored(database: Path, submissions: set[str]) -> set[str]:
    """Which of the submissions are in the database (read with sqlite3, not the app)."""
    found: set[str] = set()
    keys = [f"web:{s}" for s in submissions]
    with sqlite3.connect(database) as connection:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT key FROM surveys_respondent WHERE key IN ({marks})", chunk
            )
            found.update(row[0][4:] for row in rows)
    return found
