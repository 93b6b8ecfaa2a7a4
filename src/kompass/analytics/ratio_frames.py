"""Derived key ratios for a whole table at once.

`ratios.derive` computes one ratio for one organisation and year; a status analysis needs
every ratio for every organisation and year of a table (hundreds of thousands of values).
This computes them column-wise in Polars with the same arithmetic, in the same order
(``factor × (a + b + …) / (c + d + …)``), so each value is the same float `derive` gives:
missing inputs or a zero denominator give a missing value, never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

import polars as pl

from kompass.analytics.ratios import RatioDefinition

SCHEMA = {"organisation": pl.String, "metric": pl.String, "year": pl.Int64, "value": pl.Float64}


def _total(columns: Sequence[str], present: set[str]) -> pl.Expr:
    """a + b + … (missing when any part is missing or the column does not exist)."""
    parts = [pl.col(c) if c in present else pl.lit(None, dtype=pl.Float64) for c in columns]
    return reduce(lambda left, right: left + right, parts)


def derive_frame(values: pl.DataFrame, definitions: Sequence[RatioDefinition]) -> pl.DataFrame:
    """Long rows (organisation, metric, year, value) of the derived ratios, computed from
    the reported figures in `values` (same columns). Rows whose ratio is missing keep a
    null value, so a derived figure is missing exactly where `derive` says so."""
    if not definitions or values.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    wide = values.pivot(
        on="metric", index=["organisation", "year"], values="value", aggregate_function="first"
    )
    present = set(wide.columns) - {"organisation", "year"}
    expressions = []
    for definition in definitions:
        numerator = _total(definition.numerator, present)
        value = pl.lit(definition.factor, dtype=pl.Float64) * numerator
        if definition.denominator:
            denominator = _total(definition.denominator, present)
            value = pl.when(denominator == 0).then(None).otherwise(value / denominator)
        expressions.append(value.cast(pl.Float64).alias(definition.key))
    return (
        wide.select("organisation", "year", *expressions)
        .unpivot(index=["organisation", "year"], variable_name="metric", value_name="value")
        .select(list(SCHEMA))
        .cast(SCHEMA)
    )
