"""The survey analysis core: counts per fine group in, every published cell out.

A *cell* is a wave and a group: everyone, one value of one attribute (an organisation, a
role, "selected municipalities"), or a value of an attribute crossed with the survey's
split attribute (organisation x role). For each cell and item it computes n, mean,
standard deviation, the count on every scale step and the "vet ej" count (never
averaged in); themes pool their statements' answers. Suppression (`suppression.py`) runs
once over all cells, so every table, chart, export and API answer that shows a cell shows
the same thing.

Cells are dense: every wave with answers has a cell for every combination of the values
of its grouping (every cohort organisation, every option and "not stated"), also where
nobody answered, so that which groups hold answers is no secret of its own (see
`_hidden_empty`). Results of an open wave are never computed: its cells carry the number
of respondents only (`AnalysisSpec.open_waves`).

Input: a Polars frame of fine groups (wave, organisation, respondent attributes,
respondents) and their counts matrix from `survey_counts.count_codes`. The group-bys and
joins run in Polars, the arithmetic in numpy; nothing loops over respondents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import polars as pl

from kompass.analytics.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    UNPUBLISHED,
    LinkedTables,
    Relations,
    protect,
)
from kompass.analytics.survey_counts import FIRST_STEP, Codebook
from kompass.analytics.survey_stats import welch_interval

ORGANISATION = "organisation"
THEME_HIDDEN = 3
WAVE_OPEN = 4
SEP = "\x1f"  # separates "attribute=value" parts of a group key (never in a value)

# What a reader is told about a hidden statement cell. Whether it was hidden for having
# fewer than k answers or as a complement is not told: that would bound its n.
REASONS = {
    PRIMARY: "hidden",
    COMPLEMENTARY: "hidden",
    UNPUBLISHED: "hidden",
    THEME_HIDDEN: "theme_part_hidden",
    WAVE_OPEN: "wave_open",
}
# What a reader is told about hidden respondent counts: "fewer than k" (a band), or hidden
# as a complement (so at least k: the check counts with that).
RESPONDENT_REASONS = {PRIMARY: "few_respondents", COMPLEMENTARY: "hidden"}


@dataclass(frozen=True)
class AttributeSpec:
    code: str
    level: str = "respondent"  # "respondent" (answered per person) or "organisation"
    values: tuple[str, ...] = ()  # the options; with "not stated" they make the cells


@dataclass(frozen=True)
class ThemeSpec:
    code: str
    items: tuple[int, ...]  # positions in the codebook


@dataclass(frozen=True)
class AnalysisSpec:
    codebook: Codebook
    attributes: tuple[AttributeSpec, ...] = ()
    themes: tuple[ThemeSpec, ...] = ()
    split: str | None = None
    k: int = 5
    org_values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    waves: tuple[str, ...] = ()  # wave codes in date order
    organisations: tuple[str, ...] = ()  # the cohort (each gets cells, answers or not)
    open_waves: frozenset[str] = frozenset()  # waves still taking answers: counts only
    # Free-text answers are published only in the organisations' own reports.
    text_groupings: tuple[tuple[str, ...], ...] = ((ORGANISATION,),)

    @property
    def attribute_codes(self) -> tuple[str, ...]:
        return (ORGANISATION, *(a.code for a in self.attributes))

    @property
    def org_level(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.attributes if a.level == "organisation")

    def groupings(self) -> list[tuple[str, ...]]:
        """Everyone, each attribute, and each attribute crossed with the split attribute."""
        codes = self.attribute_codes
        out: list[tuple[str, ...]] = [(), *((c,) for c in codes)]
        if self.split and self.split in codes:
            for code in codes:
                if code != self.split:
                    out.append(tuple(c for c in codes if c in (code, self.split)))
        return out


def group_key(group: Mapping[str, str | None]) -> str:
    """The key of a group given as {attribute: value} (None = not stated)."""
    return SEP.join(f"{a}={'' if v is None else v}" for a, v in group.items())


def _families(spec: AnalysisSpec, published: list[tuple[str, ...]]):
    """The direct sums: (parent grouping, child grouping, org-level attributes of the
    parent refined through the child's organisation). A child adds one attribute, or
    replaces one org-level attribute by the organisation."""
    pub = set(published)
    out = []
    for child in published:
        for attr in child:
            parent = tuple(a for a in child if a != attr)
            if parent in pub and not (
                attr in spec.org_level and ORGANISATION in parent
            ):  # an org-level value is fixed by the organisation: no new parts
                out.append((parent, child, ()))
    for g in spec.org_level:
        for parent in published:
            if g in parent and ORGANISATION not in parent:
                wanted = {a for a in parent if a != g} | {ORGANISATION}
                child = tuple(a for a in spec.attribute_codes if a in wanted)
                if child in pub:
                    out.append((parent, child, (g,)))
    return out


def _closure_families(spec: AnalysisSpec, published: list[tuple[str, ...]]):
    """Every sum the published groupings imply: each grouping whose cells split each cell
    of a coarser one (everyone = organisation x role, selected = the selected
    organisations by role ...). The check uses them all: a reader may combine any."""
    out = []
    for parent in published:
        for child in published:
            if child == parent:
                continue
            refined = tuple(
                a
                for a in parent
                if a not in child and a in spec.org_level and ORGANISATION in child
            )
            if all(a in child or a in refined for a in parent):
                out.append((parent, child, refined))
    return out


@dataclass
class Analysis:
    """Every cell of a survey with its statistics and suppression, as numpy arrays indexed
    [item, cell] (and [theme, cell]); `cells` describes the cells."""

    spec: AnalysisSpec
    cells: pl.DataFrame  # cell, wave, grouping, key, respondents, one column per attribute
    relations: Relations  # the direct sums between cells
    closure: Relations  # every sum the published groupings imply
    n: np.ndarray  # answers on a scale step (the n of the mean)
    dont_know: np.ndarray
    blank: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    steps: np.ndarray  # [item, cell, step]
    code: np.ndarray  # suppression code per [item, cell]
    respondents_code: np.ndarray  # suppression code of the respondents per [cell]
    theme_n: np.ndarray
    theme_dont_know: np.ndarray
    theme_mean: np.ndarray
    theme_sd: np.ndarray
    theme_steps: np.ndarray  # [theme, cell, step]; zero when the theme mixes scales
    theme_code: np.ndarray
    tables: LinkedTables | None = None  # what the suppression was decided on
    keep: np.ndarray | None = None  # worth of keeping each cell shown
    rounds: int = 0  # rounds the disclosure check took (for the benchmark)

    @cached_property
    def index(self) -> dict[tuple[str, str], int]:
        """(wave, group key) -> cell."""
        return {
            (w, k): c
            for c, w, k in zip(
                self.cells["cell"].to_list(),
                self.cells["wave"].to_list(),
                self.cells["key"].to_list(),
                strict=True,
            )
        }

    def cell(self, wave: str, group: Mapping[str, str | None]) -> int | None:
        return self.index.get((wave, group_key(group)))

    @cached_property
    def groups(self) -> list[dict[str, str | None]]:
        """The group of each cell as {attribute: value} (None = not stated)."""
        columns = {a: self.cells[a].to_list() for a in self.spec.attribute_codes}
        out = []
        for i, grouping in enumerate(self.cells["grouping"].to_list()):
            attrs = grouping.split(",") if grouping else []
            out.append({a: (columns[a][i] or None) for a in attrs})
        return out

    @property
    def respondents(self) -> np.ndarray:
        return self.cells["respondents"].to_numpy()

    def _change_arrays(self, rows, ca: np.ndarray, cb: np.ndarray, themes: bool):
        """Change from cells `ca` to cells `cb` for the given items (or themes): diff,
        95 % interval and hidden (either end hidden or without answers), each
        [row, pair]; NaN where hidden."""
        if themes:
            n, mean, sd, code = self.theme_n, self.theme_mean, self.theme_sd, self.theme_code
        else:
            n, mean, sd, code = self.n, self.mean, self.sd, self.code
        n, mean, sd, code = n[rows], mean[rows], sd[rows], code[rows]
        diff, low, high, _ = welch_interval(
            mean[:, ca], sd[:, ca], n[:, ca], mean[:, cb], sd[:, cb], n[:, cb]
        )
        hidden = (code[:, ca] > 0) | (code[:, cb] > 0) | (n[:, ca] == 0) | (n[:, cb] == 0)
        return (
            np.where(hidden, np.nan, diff),
            np.where(hidden, np.nan, low),
            np.where(hidden, np.nan, high),
            hidden,
        )

    def change(self, item: int, cell_a: int | None, cell_b: int | None, *, themes: bool = False):
        """(diff, low, high, hidden) for one item (or theme) between two cells; figures
        are None where hidden or undefined."""
        if cell_a is None or cell_b is None:
            return None, None, None, True
        diff, low, high, hidden = self._change_arrays(
            [item], np.array([cell_a]), np.array([cell_b]), themes
        )

        def value(array):
            number = float(array[0, 0])
            return None if np.isnan(number) else number

        return value(diff), value(low), value(high), bool(hidden[0, 0])

    def changes(self, wave_a: str, wave_b: str, *, themes: bool = False) -> pl.DataFrame:
        """Change from wave a to wave b for every group present in both, per item (or
        theme): diff, 95 % interval and whether it is hidden (either end hidden)."""
        cells = self.cells.select("cell", "wave", "key")
        a = cells.filter(pl.col("wave") == wave_a).rename({"cell": "cell_a"}).drop("wave")
        b = cells.filter(pl.col("wave") == wave_b).rename({"cell": "cell_b"}).drop("wave")
        pairs = a.join(b, on="key", how="inner").sort("cell_a")
        ca, cb = pairs["cell_a"].to_numpy(), pairs["cell_b"].to_numpy()
        rows = (self.theme_n if themes else self.n).shape[0]
        diff, low, high, hidden = self._change_arrays(slice(None), ca, cb, themes)
        column = "theme" if themes else "item"
        return pl.DataFrame(
            {
                column: np.repeat(np.arange(rows), len(ca)),
                "cell_a": np.tile(ca, rows),
                "cell_b": np.tile(cb, rows),
                "key": pairs["key"].to_list() * rows,
                "diff": diff.ravel(),
                "low": low.ravel(),
                "high": high.ravel(),
                "hidden": hidden.ravel(),
            }
        ).with_columns(pl.col("diff", "low", "high").fill_nan(None))


def _domain(fine: pl.DataFrame, spec: AnalysisSpec, attr: str) -> list[str]:
    """The values a grouping by `attr` has cells for ("" = not stated)."""
    seen = set(fine[attr].unique().to_list())
    if attr == ORGANISATION:
        return sorted(set(spec.organisations) | seen)
    declared = next((a.values for a in spec.attributes if a.code == attr), ())
    return [*declared, *sorted(seen - set(declared) - {""}), ""]


def _grid(fine: pl.DataFrame, spec: AnalysisSpec, grouping) -> pl.DataFrame:
    """Every combination of the grouping's values in every wave with answers."""
    grid = fine.select("wave").unique().sort("wave")
    for attr in grouping:
        # Typed like the answers' column, also when there are no answers yet (an empty
        # list would be a column of nulls that the join refuses).
        values = pl.Series(attr, _domain(fine, spec, attr), dtype=fine.schema[attr])
        grid = grid.join(values.to_frame(), how="cross")
    return grid


def _cells_and_maps(fine: pl.DataFrame, spec: AnalysisSpec, published):
    frames, maps, offset = [], [], 0
    for grouping in published:
        keys = ["wave", *grouping]
        sizes = fine.group_by(keys).agg(pl.col("respondents").sum())
        cells = (
            _grid(fine, spec, grouping)
            .join(sizes, on=keys, how="left")
            .with_columns(pl.col("respondents").fill_null(0))
            .sort(keys)
            .with_row_index("cell", offset=offset)
            .with_columns(pl.col("cell").cast(pl.Int64))
        )
        key = (
            pl.concat_str([pl.format(f"{a}={{}}", pl.col(a)) for a in grouping], separator=SEP)
            if grouping
            else pl.lit("")
        )
        cells = cells.with_columns(grouping=pl.lit(",".join(grouping)), key=key)
        maps.append(fine.select("fine", *keys).join(cells.select(*keys, "cell"), on=keys))
        frames.append(cells)
        offset += cells.height
    columns = ["cell", "wave", "grouping", "key", "respondents", *spec.attribute_codes]
    cells = pl.concat(frames, how="diagonal_relaxed")
    cells = cells.with_columns(
        pl.lit(None, pl.Utf8).alias(c) for c in columns if c not in cells.columns
    ).select(columns)
    return cells, pl.concat([m.select("fine", "cell") for m in maps])


def _relations(cells: pl.DataFrame, spec: AnalysisSpec, families) -> Relations:
    members_parts, offsets_parts, base = [], [], 0
    for parent_g, child_g, refined in families:
        parent_keys = ["wave", *parent_g]
        children = cells.filter(pl.col("grouping") == ",".join(child_g)).select(
            "wave", *child_g, "cell"
        )
        for attr in refined:
            mapping = dict(spec.org_values.get(attr, {}))
            children = children.with_columns(
                pl.col(ORGANISATION)
                .replace_strict(mapping, default="", return_dtype=pl.Utf8)
                .alias(attr)
            )
        parents = cells.filter(pl.col("grouping") == ",".join(parent_g)).select(
            *parent_keys, pl.col("cell").alias("parent")
        )
        pairs = children.join(parents, on=parent_keys).sort("parent", "cell")
        if pairs.height == 0:
            continue
        parent = pairs["parent"].to_numpy()
        child = pairs["cell"].to_numpy()
        uniq, starts, counts = np.unique(parent, return_index=True, return_counts=True)
        relation_of_child = np.repeat(np.arange(len(uniq)), counts)
        members = np.empty(len(uniq) + len(child), dtype=np.int64)
        members[starts + np.arange(len(uniq))] = uniq
        members[np.arange(len(child)) + relation_of_child + 1] = child
        offsets = starts + np.arange(len(uniq))
        members_parts.append(members)
        offsets_parts.append(offsets + base)
        base += len(members)
    if not members_parts:
        return Relations(cells.height, np.zeros(0, np.int64), np.zeros(1, np.int64))
    members = np.concatenate(members_parts)
    offsets = np.concatenate([*offsets_parts, [len(members)]]).astype(np.int64)
    return Relations(cells.height, members, offsets)


def _fine_frame(fine: pl.DataFrame, spec: AnalysisSpec) -> pl.DataFrame:
    frame = fine.with_row_index("fine").with_columns(pl.col("fine").cast(pl.Int64))
    for code in spec.org_level:
        mapping = dict(spec.org_values.get(code, {}))
        frame = frame.with_columns(
            pl.col(ORGANISATION)
            .replace_strict(mapping, default="", return_dtype=pl.Utf8)
            .alias(code)
        )
    missing = [c for c in spec.attribute_codes if c not in frame.columns]
    if missing:
        raise ValueError(f"fine groups lack the attribute columns {missing}")
    return frame.with_columns(pl.col(c).fill_null("") for c in spec.attribute_codes)


def analyse(fine: pl.DataFrame, counts: np.ndarray, spec: AnalysisSpec) -> Analysis:
    """All cells of a survey, with statistics and one consistent suppression pattern."""
    codebook = spec.codebook
    counts = np.asarray(counts, dtype=np.uint32)
    if counts.shape != (fine.height, codebook.total):
        raise ValueError(f"counts shape {counts.shape} does not match {fine.height} fine groups")
    frame = _fine_frame(fine, spec)
    published = spec.groupings()
    cells, mapping = _cells_and_maps(frame, spec, published)
    relations = _relations(cells, spec, _families(spec, published))
    closure = _relations(cells, spec, _closure_families(spec, published))

    n_cells, n_items = cells.height, len(codebook.items)
    mapping = mapping.sort("cell", "fine")
    cell_of = mapping["cell"].to_numpy()
    fine_of = mapping["fine"].to_numpy()
    agg = np.zeros((n_cells, codebook.total), dtype=np.uint32)
    if len(cell_of):
        starts = np.flatnonzero(np.r_[True, cell_of[1:] != cell_of[:-1]])
        agg[cell_of[starts]] = np.add.reduceat(counts[fine_of], starts, axis=0)
    open_cells = cells["wave"].is_in(list(spec.open_waves)).to_numpy()
    agg[open_cells] = 0  # an open wave's results are not computed, only its respondents

    width = max(codebook.max_steps, 1)
    steps = np.zeros((n_items, n_cells, width), dtype=np.int64)
    dont_know = np.zeros((n_items, n_cells), dtype=np.int64)
    blank = np.zeros((n_items, n_cells), dtype=np.int64)
    total = np.zeros((n_items, n_cells))
    squares = np.zeros((n_items, n_cells))
    offsets = codebook.offsets
    for i, item in enumerate(codebook.items):
        block = agg[:, offsets[i] : offsets[i + 1]].astype(np.int64)
        blank[i], dont_know[i] = block[:, 0], block[:, 1]
        k_i = len(item.steps)
        steps[i, :, :k_i] = block[:, FIRST_STEP:]
        if item.kind == "numeric":
            values = np.asarray(item.steps, dtype=float)
            total[i] = block[:, FIRST_STEP:] @ values
            squares[i] = block[:, FIRST_STEP:] @ (values**2)
    n = steps.sum(axis=2)
    mean, sd = _moments(n, total, squares, codebook)

    # Worth keeping: everyone 2, one attribute 1, a cross 0 (hidden first when needed).
    depth = (
        cells["grouping"]
        .map_elements(lambda g: 0 if not g else g.count(",") + 1, return_dtype=pl.Int64)
        .to_numpy()
    )
    keep = 2 - np.minimum(depth, 2)
    respondents = cells["respondents"].to_numpy().astype(np.int64)
    grouping = cells["grouping"].to_list()
    text_groupings = {",".join(g) for g in spec.text_groupings}
    published_cells = ~open_cells
    published_items = np.zeros((n_items, n_cells), dtype=bool)
    for i, item in enumerate(codebook.items):
        if item.kind == "text":
            in_text = np.array([g in text_groupings for g in grouping], dtype=bool)
            published_items[i] = published_cells & in_text
        else:
            published_items[i] = published_cells
    tables = LinkedTables(
        relations=relations,
        closure=closure,
        respondents=respondents,
        counts=np.concatenate([blank[:, :, None], dont_know[:, :, None], steps], axis=2),
        published=published_items,
        steps=np.array([len(item.steps) for item in codebook.items], dtype=np.int64),
        duplicates=_canonical(mapping, n_cells),
        blocks=cells["wave"].rank("dense").to_numpy().astype(np.int64),
    )
    pattern = protect(tables, spec.k, keep)
    code = pattern.problems.copy()
    code[:, open_cells] = WAVE_OPEN

    themes = spec.themes
    t_n = np.zeros((len(themes), n_cells), dtype=np.int64)
    t_dk = np.zeros_like(t_n)
    t_total = np.zeros((len(themes), n_cells))
    t_squares = np.zeros_like(t_total)
    t_steps = np.zeros((len(themes), n_cells, width), dtype=np.int64)
    t_code = np.zeros((len(themes), n_cells), dtype=np.int8)
    for t, theme in enumerate(themes):
        members = [i for i in theme.items if codebook.items[i].kind == "numeric"]
        if not members:
            continue
        t_n[t] = n[members].sum(axis=0)
        t_dk[t] = dont_know[members].sum(axis=0)
        t_total[t] = total[members].sum(axis=0)
        t_squares[t] = squares[members].sum(axis=0)
        if len({codebook.items[i].steps for i in members}) == 1:
            t_steps[t] = steps[members].sum(axis=0)
        # A theme pools its statements, so it is hidden wherever one of them is.
        t_code[t] = np.where((code[members] > 0).any(axis=0), THEME_HIDDEN, 0)
    t_code[:, open_cells] = WAVE_OPEN
    t_mean, t_sd = _pooled_moments(t_n, t_total, t_squares)

    return Analysis(
        spec=spec,
        cells=cells,
        relations=relations,
        closure=closure,
        n=n,
        dont_know=dont_know,
        blank=blank,
        mean=mean,
        sd=sd,
        steps=steps,
        code=code,
        respondents_code=pattern.respondents,
        theme_n=t_n,
        theme_dont_know=t_dk,
        theme_mean=t_mean,
        theme_sd=t_sd,
        theme_steps=t_steps,
        theme_code=t_code,
        tables=tables,
        keep=keep,
        rounds=pattern.rounds,
    )


def _canonical(mapping: pl.DataFrame, n_cells: int) -> np.ndarray:
    """For each cell, the first cell holding exactly the same respondents (e.g. everyone
    in a wave that only the selected municipalities answered, and "selected"): such cells
    are one cell for disclosure and are shown or hidden together. Empty cells are each
    their own."""
    canonical = np.arange(n_cells)
    if mapping.height == 0:
        return canonical
    signatures = (
        mapping.with_columns(a=pl.col("fine").hash(seed=1), b=pl.col("fine").hash(seed=2))
        .group_by("cell")
        .agg(pl.len(), pl.col("a").sum(), pl.col("b").sum())
        .sort("cell")
    )
    first = signatures.group_by("len", "a", "b").agg(pl.col("cell").min().alias("canonical"))
    joined = signatures.join(first, on=["len", "a", "b"]).sort("cell")
    canonical[joined["cell"].to_numpy()] = joined["canonical"].to_numpy()
    return canonical


def _pooled_moments(n, total, squares):
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        variance = np.where(n > 1, (squares - total**2 / n) / (n - 1), np.nan)
    return mean, np.sqrt(np.clip(variance, 0, None))


def _moments(n, total, squares, codebook: Codebook):
    mean, sd = _pooled_moments(n, total, squares)
    numeric = np.array([i.kind == "numeric" for i in codebook.items])
    if len(numeric):
        mean[~numeric] = np.nan
        sd[~numeric] = np.nan
    return mean, sd
