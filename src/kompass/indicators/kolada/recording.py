"""Recorded Kolada answers: what `kompass kolada record` fetches, and how a recording is
written and read.

A recording is one JSON file holding the merged answer to one query (every page), in the
shape API v3 gives: ``{"request": {"path", "params"}, "recorded_at", "source", "body":
{"count", "values"}}``. The test suite's stand-in server (tests/indicators/kolada_standin.py)
serves its data from these files, so refreshing them from the real API keeps the tests
honest about the shape. Nothing here runs at import or in a request; the command asks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kompass.indicators.kolada.client import KoladaClient, KoladaError, KoladaUnavailable

RECORDED_KPIS = ("N01951",)  # Invånare totalt, antal: the population the register uses
RECORDED_YEARS = tuple(range(2015, 2024))


@dataclass(frozen=True)
class Query:
    name: str  # the file name without .json
    path: str
    params: tuple[tuple[str, str], ...] = ()


def queries(kpis=RECORDED_KPIS, years=RECORDED_YEARS) -> list[Query]:
    """The answers the stand-in needs: KPI metadata, municipalities, municipality groups
    and the data of the recorded KPIs for the recorded years."""
    year_list = ",".join(str(y) for y in years)
    out = [
        Query("kpi", "kpi/" + ",".join(kpis)),
        Query("municipality", "municipality"),
        Query("municipality_groups", "municipality_groups"),
    ]
    out.extend(Query(f"data_{k}", f"data/kpi/{k}/year/{year_list}") for k in kpis)
    return out


def write_recording(directory: Path, query: Query, values: list, source: str) -> Path:
    path = Path(directory) / f"{query.name}.json"
    entry = {
        "request": {"path": query.path, "params": dict(query.params)},
        "recorded_at": datetime.now(UTC).date().isoformat(),
        "source": source,
        "body": {"count": len(values), "values": values},
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entry, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def read_recording(directory: Path, name: str) -> list:
    entry = json.loads((Path(directory) / f"{name}.json").read_text(encoding="utf-8"))
    return entry["body"]["values"]


def record(client: KoladaClient, directory: Path) -> list[Path]:
    """Fetch every query (all pages) and write the recordings. All answers are fetched
    before any file is written, so a failure leaves the old recordings as they were."""
    directory = Path(directory)
    if not directory.is_dir():
        raise KoladaError(f"Mappen {directory} finns inte; ange en befintlig mapp med --output.")
    answers = []
    for query in queries():
        try:
            answers.append((query, client.paged(query.path, dict(query.params))))
        except KoladaUnavailable as exc:
            reason = getattr(exc, "reason", "") or str(exc)
            raise KoladaUnavailable(
                f"Inspelningarna kunde inte förnyas eftersom Kolada inte kan nås härifrån "
                f"({client.base_url}: {reason}). Inspelningarna i {directory} är oförändrade; "
                "kör kommandot där nätverket når Kolada."
            ) from exc
    source = f"{client.base_url} (Kolada, RKA; CC BY 4.0)"
    return [write_recording(directory, q, values, source) for q, values in answers]
