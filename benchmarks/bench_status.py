"""Status analysis: 300 figures x 290 organisations x 10 years, against DuckDB.

The whole analysis of one organisation (peers' n, median and quartiles, percentile with
ties, gap to target, run-chart trend over ten years, ranking) with all 290 organisations
as peers, timed against DuckDB computing the same counts, quartiles (`quantile_cont`) and
percentiles in SQL over the same data in the same process. Both results are compared
before anything is printed, so the figures are for the same answer.
"""

import random
import tempfile
import time
from pathlib import Path

N_FIGURES = 300
N_ORGANISATIONS = 290
YEARS = list(range(2014, 2024))
YEAR = YEARS[-1]
TARGET_MS = 1000

DUCKDB_SQL = """
with own as (
    select metric, value as own from v where year = $year and organisation = $organisation
),
peer_values as (
    select v.metric, v.value, own.own, f.direction
    from v
    join f using (metric)
    left join own using (metric)
    where v.year = $year and v.organisation <> $organisation and v.value is not null
      and v.organisation in (select organisation from p)
)
select
    metric,
    count(*) as n,
    quantile_cont(value, 0.5) as median,
    quantile_cont(value, 0.25) as p25,
    quantile_cont(value, 0.75) as p75,
    case when any_value(direction) = 'neutral' or any_value(own) is null then null
    else 100.0 * (
        count(*) filter (
            where (direction = 'higher' and value < own) or (direction = 'lower' and value > own)
        )
        + 0.5 * count(*) filter (where value = own)
    ) / count(*) end as percentile
from peer_values
group by metric
order by percentile nulls last, metric
"""


def _timed(fn, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def _data():
    import polars as pl

    from kompass.analytics.status import FigureSpec

    rng = random.Random(14)
    organisations = [f"{1000 + i:04d}" for i in range(N_ORGANISATIONS)]
    directions = ("higher", "lower", "neutral")
    figures = [
        FigureSpec(
            f"k{i:03d}",
            name=f"Nyckeltal {i}",
            direction=directions[i % 3],
            target=50.0 if i % 4 == 0 else None,
        )
        for i in range(N_FIGURES)
    ]
    org_col, metric_col, year_col, value_col = [], [], [], []
    for figure in figures:
        level = rng.uniform(10, 90)
        for org in organisations:
            own_level = level + rng.gauss(0, 8)
            for year in YEARS:
                org_col.append(org)
                metric_col.append(figure.key)
                year_col.append(year)
                # One decimal, as published figures are: many ties; 2 % missing.
                value = round(own_level + rng.gauss(0, 3), 1)
                value_col.append(None if rng.random() < 0.02 else value)
    frame = pl.DataFrame(
        {"organisation": org_col, "metric": metric_col, "year": year_col, "value": value_col},
        schema={
            "organisation": pl.String,
            "metric": pl.String,
            "year": pl.Int64,
            "value": pl.Float64,
        },
    )
    return organisations, figures, frame


def run(report) -> None:
    import duckdb

    from kompass.analytics.status import analyse_status

    organisations, figures, frame = _data()
    organisation = organisations[17]
    peers = set(organisations)

    seconds, result = _timed(
        lambda: analyse_status(
            organisation=organisation, year=YEAR, figures=figures, values=frame, peers=peers
        )
    )

    # DuckDB reads the same figures into its own table first (not timed), so the baseline
    # is DuckDB querying its native storage.
    connection = duckdb.connect()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "values.parquet"
        frame.write_parquet(path)
        connection.execute(f"create table v as select * from read_parquet('{path}')")
    connection.execute("create table f (metric varchar, direction varchar)")
    connection.executemany("insert into f values (?, ?)", [(f.key, f.direction) for f in figures])
    connection.execute("create table p (organisation varchar)")
    connection.executemany("insert into p values (?)", [(o,) for o in sorted(peers)])
    params = {"year": YEAR, "organisation": organisation}
    baseline, duck_rows = _timed(lambda: connection.execute(DUCKDB_SQL, params).fetchall())
    connection.close()

    _check_same(result, duck_rows)
    size = f"{N_FIGURES} figures x {N_ORGANISATIONS} organisations x {len(YEARS)} years"
    report(
        f"status analysis, {size}",
        seconds * 1000,
        "ms",
        target=TARGET_MS,
        baseline=baseline * 1000,
    )
    report("DuckDB: the same n, quartiles and percentiles (baseline)", baseline * 1000, "ms")


def _check_same(result, duck_rows) -> None:
    """Our rows and DuckDB's agree on n, median, quartiles and percentile."""
    ours = {r.metric: r for r in result.rows}
    assert len(duck_rows) == N_FIGURES, len(duck_rows)
    for metric, n, median, p25, p75, share in duck_rows:
        row = ours[metric]
        assert row.peers.n == n, (metric, row.peers.n, n)
        for mine, theirs in (
            (row.peers.median, median),
            (row.peers.p25, p25),
            (row.peers.p75, p75),
        ):
            assert abs(mine - theirs) < 1e-9, (metric, mine, theirs)
        if share is None:
            assert row.percentile is None, metric
        else:
            assert abs(row.percentile - share) < 1e-9, (metric, row.percentile, share)
