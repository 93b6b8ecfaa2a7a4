"""An independent status analysis, written apart from `kompass.analytics.status` to check
it: plain Python for the percentiles and the ranking, DuckDB's `quantile_cont` for the
median and the quartiles. It shares no code with the module it checks."""

from __future__ import annotations

import duckdb


def reference_rows(
    values: list[tuple[str, str, int, float | None]],
    *,
    organisation: str,
    year: int,
    figures: list[tuple[str, str]],
    peers: set[str],
) -> list[dict]:
    """Rows in the shape of `kompass analysis status --format json` (without the trend
    and the target gap): metric, value, direction, peers {n, median, p25, p75},
    percentile; ordered worst first, figures with a direction but no percentile next,
    figures without a direction last."""
    others = peers - {organisation}
    own: dict[str, float] = {}
    peer_values: dict[str, list[float]] = {}
    for org, metric, y, value in values:
        if y != year or value is None:
            continue
        if org == organisation:
            own[metric] = value
        elif org in others:
            peer_values.setdefault(metric, []).append(value)

    connection = duckdb.connect()
    connection.execute("create table v (metric varchar, value double)")
    connection.executemany(
        "insert into v values (?, ?)",
        [(m, x) for m, xs in peer_values.items() for x in xs],
    )
    quartiles = {
        metric: (n, median, p25, p75)
        for metric, n, median, p25, p75 in connection.execute(
            "select metric, count(*), quantile_cont(value, 0.5), quantile_cont(value, 0.25),"
            " quantile_cont(value, 0.75) from v group by metric"
        ).fetchall()
    }
    connection.close()

    rows = []
    for order, (metric, direction) in enumerate(figures):
        n, median, p25, p75 = quartiles.get(metric, (0, None, None, None))
        mine = own.get(metric)
        share = None
        if direction in ("higher", "lower") and mine is not None and n:
            xs = peer_values[metric]
            if direction == "higher":
                worse = len([x for x in xs if x < mine])
            else:
                worse = len([x for x in xs if x > mine])
            ties = len([x for x in xs if x == mine])
            share = 100 * (worse + ties / 2) / n
        rows.append(
            {
                "order": order,
                "metric": metric,
                "value": mine,
                "direction": direction if direction in ("higher", "lower") else "neutral",
                "peers": {"n": n, "median": median, "p25": p25, "p75": p75},
                "percentile": share,
            }
        )

    def place(row):
        if row["percentile"] is not None:
            return (0, row["percentile"], row["order"])
        return (1 if row["direction"] != "neutral" else 2, 0, row["order"])

    rows.sort(key=place)
    for row in rows:
        del row["order"]
    return rows
