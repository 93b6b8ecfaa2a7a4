"""A survey's analysis kept on disk, so that the first page after a restart or a deploy
does not redo the disclosure control.

The analysis (statistics and the suppression pattern, `survey_analysis.analyse`) is a
pure function of the fine-group counts, the analysis spec (k, waves and which are open,
cohort, organisation values, codebook, groupings) and the analysis code. On a national
survey it takes seconds, nearly all of it `suppression.protect`. It is computed when the
data changes (`results.prepare`, run after an import and when a wave is released) and
stored under a digest of exactly those inputs: the counts' bytes, the spec's text (the
same in every process), and a fingerprint of the analysis code and the numpy/Polars versions it ran with. A stored
analysis can therefore only be found by the very inputs it was computed from: any
answer, k, wave, cohort or organisation-value change gives other bytes and another
name, and a deploy that changes the analysis code changes every name. Nothing is ever
invalidated; files of a survey beyond the newest `KEEP` are removed.

Files are pickles signed with HMAC-SHA256 under the installation's secret key: one that
does not verify (altered, or written by another installation) is ignored and
recomputed, never unpickled. Writes go to a temporary file renamed into place, so a
reader never sees half a file. The memory cache of `results.survey_results` stays in
front of this.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from kompass.analytics.survey_analysis import Analysis, AnalysisSpec, analyse

KEEP = 2  # analyses kept per survey: the newest, and the one before while pages switch
_SIGNATURE = 32  # bytes of HMAC-SHA256 in front of the pickle
_UNSET = object()
_place: object = _UNSET  # (folder or None, secret), set on first use or by use_dir


def use_dir(path: Path | str | None, secret: str = "") -> None:
    """Keep analyses in `path` (None: memory only), signed with `secret`. Without a
    call, the installation's data directory and secret key are used."""
    global _place
    _place = (Path(path) if path else None, secret.encode())


def _where() -> tuple[Path | None, bytes]:
    global _place
    if _place is _UNSET:
        from django.conf import settings

        _place = (settings.DATA_DIR / "survey_results", settings.SECRET_KEY.encode())
    return _place  # type: ignore[return-value]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The analysis code and the versions of what it computes with: the source of every
    module of `kompass.analytics` (read once per process)."""
    import kompass.analytics

    digest = hashlib.sha256()
    digest.update(f"{sys.version_info[:2]} numpy {np.__version__} polars {pl.__version__}".encode())
    for path in sorted(Path(kompass.analytics.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def digest(frame: pl.DataFrame, counts: np.ndarray, spec: AnalysisSpec, code: str = "") -> str:
    """The name of the analysis of these inputs: it differs whenever any input does."""
    out = hashlib.sha256()
    out.update((code or code_fingerprint()).encode() + b"\0")
    buffer = io.BytesIO()
    frame.write_ipc(buffer)
    out.update(buffer.getvalue())
    array = np.ascontiguousarray(counts)
    out.update(f"\0{array.dtype.str}{array.shape}\0".encode())
    out.update(array.tobytes())
    out.update(b"\0" + _canonical(spec).encode())
    return out.hexdigest()


def _canonical(value) -> str:
    """A spec as text that depends on its content only, the same in every process: sets
    in sorted order (their iteration order follows the process's string hashing)."""
    if is_dataclass(value) and not isinstance(value, type):
        parts = ",".join(f"{f.name}={_canonical(getattr(value, f.name))}" for f in fields(value))
        return f"{type(value).__qualname__}({parts})"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, Mapping):
        items = sorted((_canonical(k), _canonical(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    raise TypeError(f"no canonical text for {type(value).__name__}")


def analysed(survey_pk: int, frame: pl.DataFrame, counts: np.ndarray, spec: AnalysisSpec):
    """The analysis of these inputs: read from disk when it was stored, else computed
    and stored."""
    folder, secret = _where()
    if folder is None:
        return analyse(frame, counts, spec)
    path = folder / f"{int(survey_pk)}-{digest(frame, counts, spec)}.pickle"
    found = _read(path, secret)
    if found is not None:
        return found
    analysis = analyse(frame, counts, spec)
    _write(path, analysis, secret)
    return analysis


def stored(survey_pk: int) -> list[Path]:
    """The survey's stored analyses, newest first."""
    folder, _secret = _where()
    if folder is None:
        return []
    found = []
    for path in folder.glob(f"{int(survey_pk)}-*.pickle"):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    return [path for _mtime, path in sorted(found, reverse=True)]


def _sign(secret: bytes, data: bytes) -> bytes:
    return hmac.new(secret, data, hashlib.sha256).digest()


def _read(path: Path, secret: bytes) -> Analysis | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    signature, body = data[:_SIGNATURE], data[_SIGNATURE:]
    if not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    try:
        found = pickle.loads(body)  # signed by this installation, checked above
    except Exception:  # a file of an older format: compute again
        return None
    return found if isinstance(found, Analysis) else None


def _write(path: Path, analysis: Analysis, secret: bytes) -> None:
    body = pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as out:
            out.write(_sign(secret, body))
            out.write(body)
        os.replace(out.name, path)
    except OSError:
        return  # a full or read-only disk costs speed, not results
    survey_pk = int(path.name.split("-", 1)[0])
    for old in stored(survey_pk)[KEEP:]:
        if old != path:
            old.unlink(missing_ok=True)
