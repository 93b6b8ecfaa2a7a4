"""Hostile input: each file of tests/hostile/fixtures read by the input toolkit
(`kompass.lib`), its time and peak memory beside a benign file of the same size read
by the fastest plain reader (libyaml's CSafeLoader, json.loads, Polars, openpyxl).

A hostile file is refused (or read as what it really holds) in about the time a benign
file of its size takes; the ratio shows how far the limits' bookkeeping is from the
plain reader. Memory is the Python heap's peak (tracemalloc) while reading, which also
counts the frames and lists a reader builds.
"""

import contextlib
import io
import json
import time
import tracemalloc
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "hostile" / "fixtures"
SECONDS, MEGABYTES = 3, 300  # the promise of issue 8 for a small file


def _measure(fn, repeat: int = 3) -> tuple[float, float]:
    """(best seconds, peak MB) of `fn`, which may raise the InputError it should."""
    from kompass.lib.problems import InputError

    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        tracemalloc.start()
        started = time.perf_counter()
        with contextlib.suppress(InputError):
            fn()
        best = min(best, time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    return best, peak


def _benign_yaml(size: int) -> str:
    lines, n = [], 0
    while sum(len(line) + 1 for line in lines) < size:
        lines.append(f"k{n}: [a, b, {n}]")
        n += 1
    return "\n".join(lines) + "\n"


def _benign_json(size: int) -> str:
    return json.dumps({f"k{n}": [n, "a"] for n in range(max(1, size // 14))})


def _benign_csv(size: int) -> bytes:
    rows = ["period;value"] + [f"2024-{n % 12 + 1:02d};{n}" for n in range(max(1, size // 12))]
    return ("\n".join(rows) + "\n").encode()


def _benign_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["period", "value"])
    workbook.active.append(["2024-01", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(report) -> None:
    import polars as pl
    import yaml
    from openpyxl import load_workbook

    from kompass.lib.jsonfile import load_json
    from kompass.lib.tables import read_table
    from kompass.lib.yamlfile import load_yaml

    def openpyxl_rows(content: bytes) -> list:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = list(sheet.iter_rows(values_only=True))
        book.close()
        return rows

    for path in sorted(FIXTURES.iterdir()):
        content = path.read_bytes()
        size = len(content)
        suffix = path.suffix
        if suffix == ".yaml":
            text = content.decode()
            seconds, peak = _measure(lambda text=text, p=path: load_yaml(text, p.name))
            benign = _benign_yaml(size)
            base, base_peak = _measure(lambda b=benign: yaml.load(b, Loader=yaml.CSafeLoader))
        elif suffix == ".json":
            text = content.decode()
            seconds, peak = _measure(lambda text=text, p=path: load_json(text, p.name))
            benign = _benign_json(size)
            base, base_peak = _measure(lambda b=benign: json.loads(b))
        elif suffix == ".csv":
            seconds, peak = _measure(lambda c=content, p=path: read_table(c, p.name))
            benign = _benign_csv(size)
            base, base_peak = _measure(
                lambda b=benign: pl.read_csv(io.BytesIO(b), separator=";", infer_schema=False)
            )
        elif suffix == ".xlsx":
            seconds, peak = _measure(lambda c=content, p=path: read_table(c, p.name))
            benign = _benign_xlsx()
            base, base_peak = _measure(lambda b=benign: openpyxl_rows(b))
        else:
            continue
        name = f"{path.name} ({size:,} B)".replace(",", " ")
        report(f"{name}: time", seconds * 1000, "ms", target=SECONDS * 1000, baseline=base * 1000)
        report(f"{name}: peak heap", max(peak, 0.001), "MB", target=MEGABYTES, baseline=None)
        report(f"  benign {suffix[1:]} of that size, plain reader: peak heap", base_peak, "MB")
