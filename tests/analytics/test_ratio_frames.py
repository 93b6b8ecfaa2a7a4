"""Derived ratios for a whole table give exactly what `ratios.derive` gives row by row."""

import random

import polars as pl

from kompass.analytics.ratio_frames import derive_frame
from kompass.analytics.ratios import RatioDefinition, derive

DEFINITIONS = [
    RatioDefinition("per_manager", ("employees",), ("managers",)),
    RatioDefinition("hr_per_100", ("hr", "payroll"), ("employees",), 100.0),
    RatioDefinition("scaled", ("hr",), (), 2.5),
    RatioDefinition("ghost", ("nothing",), ("employees",)),
]


def test_derive_frame_matches_derive_row_by_row():
    rng = random.Random(3)
    rows = []
    for org in ("A", "B", "C", "D"):
        for year in (2021, 2022, 2023):
            for metric in ("employees", "managers", "hr", "payroll"):
                roll = rng.random()
                if roll < 0.15:
                    continue
                value = 0.0 if roll < 0.25 else round(rng.uniform(1, 300), 1)
                rows.append((org, metric, year, value))
    values = pl.DataFrame(rows, schema=["organisation", "metric", "year", "value"], orient="row")
    derived = derive_frame(values, DEFINITIONS)
    got = {(o, m, y): v for o, m, y, v in derived.iter_rows()}
    for org in ("A", "B", "C", "D"):
        for year in (2021, 2022, 2023):
            mine = {m: v for o, m, y, v in rows if o == org and y == year}
            for definition in DEFINITIONS:
                expected = derive(definition, mine).value
                assert got[(org, definition.key, year)] == expected, (org, year, definition)


def test_derive_frame_without_definitions_or_values():
    empty = pl.DataFrame(
        schema={
            "organisation": pl.String,
            "metric": pl.String,
            "year": pl.Int64,
            "value": pl.Float64,
        }
    )
    assert derive_frame(empty, DEFINITIONS).is_empty()
    assert derive_frame(empty, []).columns == ["organisation", "metric", "year", "value"]
