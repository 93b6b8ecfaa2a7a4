"""Anonymity for published group results: primary and complementary suppression, decided
against the attack a determined reader would make.

A survey publishes cells (everyone, each organisation, each role, organisation x role ...)
that are linked by sums, and for each cell the number of respondents and, per statement,
the count of every answer. Hiding a small group is not enough: when a municipality has 12
answers in "ledning" and 2 in "stöd", showing its total and "ledning" gives "stöd" by
subtraction, and whole-number counts that cannot be negative pin down more (a group of
one inside a shown total whose other parts are shown leaves no room). So:

- primary: a group with fewer than k respondents is hidden whole (its respondents are
  shown only as "fewer than k", its statements not at all); a statement is hidden also
  where it holds answers but fewer than k on the scale ("vet ej" does not count towards
  k). An empty group inside a group of fewer than k is shown as "fewer than k" too, so
  that which of its neighbours hold the few is not told;
- greedy complements: every direct sum relation (`relations`: an organisation and its
  roles ...) with exactly one hidden cell gets a second one: for the groups' respondents
  a whole cell, for a statement that statement's cell; preferring details to totals,
  cells whose statements are hidden already, and the cell that leaves the fewest new
  relations with a single hidden cell;
- the check: `bounds.propagate` runs the reader's attack on everything published at once
  (every sum the tables imply, in `closure`; respondents = blanks + "vet ej" + n for every
  statement; n = the sum of the steps; the bands of hidden counts; integers >= 0). While
  a hidden figure is pinned down (a group's respondents, a statement's n, or its
  distribution: every answer on the scale the same), more is hidden next to it (a
  statement pinned through its group's shown respondents takes the whole cell with it),
  and the greedy step and the check run again. Each round hides at least one more
  figure, so this ends; at worst everything with answers is hidden.

The pattern is the same for every table, chart, export and API answer of the survey,
because they all read this one answer.

Pure numpy, no Django: the relations arrive as flat arrays.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from kompass.analytics.bounds import INF, Equations, propagate

PRIMARY = 1
COMPLEMENTARY = 2
UNPUBLISHED = 5  # never published (a free-text question outside organisations, an open wave)

BLANK, DONT_KNOW, FIRST_STEP = 0, 1, 2


@dataclass(frozen=True)
class Relations:
    """Sum relations over cells `0..n_cells-1`. Relation r has the members
    `members[offsets[r]:offsets[r + 1]]`; the first member is the parent (the sum) and the
    rest are its children (the parts). A relation with one child says the two are equal."""

    n_cells: int
    members: np.ndarray  # int64, flat
    offsets: np.ndarray  # int64, len = n_relations + 1

    @property
    def count(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def from_lists(cls, n_cells: int, relations: list[tuple[int, list[int]]]) -> Relations:
        members: list[int] = []
        offsets = [0]
        for parent, children in relations:
            members.append(parent)
            members.extend(children)
            offsets.append(len(members))
        return cls(n_cells, np.asarray(members, dtype=np.int64), np.asarray(offsets, np.int64))

    def iter(self):
        for r in range(self.count):
            yield self.members[self.offsets[r] : self.offsets[r + 1]]

    # -- derived indexes (computed once per set of relations) -------------------------
    @cached_property
    def relation_of_member(self) -> np.ndarray:
        return np.repeat(np.arange(self.count), np.diff(self.offsets))

    @cached_property
    def signs(self) -> np.ndarray:
        """+1 for each parent, -1 for each child: relation r reads
        `sum(signs * value[members]) = 0` over its members."""
        signs = -np.ones(len(self.members), dtype=np.int8)
        signs[self.offsets[:-1][np.diff(self.offsets) > 0]] = 1
        return signs

    @cached_property
    def _by_cell(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.members, kind="stable")
        starts = np.searchsorted(self.members[order], np.arange(self.n_cells + 1))
        return self.relation_of_member[order], starts

    def of_cell(self, cell: int) -> np.ndarray:
        """The relations the cell takes part in."""
        relations, starts = self._by_cell
        return relations[starts[cell] : starts[cell + 1]]

    def group(self, r: int) -> np.ndarray:
        return self.members[self.offsets[r] : self.offsets[r + 1]]


@dataclass(frozen=True)
class LinkedTables:
    """Everything published about one population split into cells.

    `respondents[c]` is a cell's size; `counts[p, c, q]` the count of answer category q of
    problem p (a statement) in cell c: q = 0 no answer, 1 "vet ej", 2.. the scale steps
    (`steps[p]` of them; the rest is padding and zero). A cell's categories add up to its
    respondents. `published[p, c]` says whether problem p's figures for cell c are
    published at all when not hidden (False: never shown, e.g. a free-text question
    outside the organisations' own reports)."""

    relations: Relations  # the direct sums, for choosing complements
    closure: Relations  # every sum the published tables imply, for the check
    respondents: np.ndarray  # int64 [cell]
    counts: np.ndarray  # int64 [problem, cell, category]
    published: np.ndarray  # bool [problem, cell]
    steps: np.ndarray  # int64 [problem]
    duplicates: np.ndarray | None = None  # [cell]: the first cell with the same people
    blocks: np.ndarray | None = None  # [cell]: no relation joins cells of two blocks (waves)

    @property
    def scale(self) -> np.ndarray:
        """n: answers on the scale, [problem, cell]."""
        return self.counts[:, :, FIRST_STEP:].sum(axis=2)


@dataclass(frozen=True)
class Pattern:
    """Suppression codes: 0 shown, PRIMARY, COMPLEMENTARY (UNPUBLISHED for problem cells
    that are never published)."""

    respondents: np.ndarray  # int8 [cell]
    problems: np.ndarray  # int8 [problem, cell]
    rounds: int = 0  # rounds of the check (for the benchmark)


def protect(
    tables: LinkedTables, k: int, keep: np.ndarray | None = None, max_rounds: int = 10_000
) -> Pattern:
    """The suppression pattern: primary, greedy complements, then hide more until the
    attack (`bounds.propagate` over everything published) pins down no hidden figure.

    Two kinds of hiding: a whole cell (its respondents and every statement: a group of
    fewer than k, and every complement chosen for one), or one statement in one cell (it
    has fewer than k answers on the scale in a group of at least k, and complements
    chosen for it). Keeping the cells' respondents and statements hidden together where
    the group is small matters: without blanks and "vet ej" a statement's n *is* the
    group's size, so hiding one but not the other hides nothing.

    `keep` (per cell) says how much a cell is worth keeping: a detail (organisation x
    role) goes before a total (everyone)."""
    respondents = np.asarray(tables.respondents, dtype=np.int64)
    counts = np.asarray(tables.counts, dtype=np.int64)
    n_cells = len(respondents)
    if tables.relations.n_cells != n_cells or tables.closure.n_cells != n_cells:
        raise ValueError("relations and cells differ in number")
    keep = np.zeros(n_cells, dtype=np.int64) if keep is None else np.asarray(keep, np.int64)
    scale = tables.scale
    answered = scale + counts[:, :, DONT_KNOW]
    few = (respondents >= 1) & (respondents < k)
    inside_few = _inside(few, tables.closure)
    # An empty group is shown as 0, except inside a group of fewer than k: there it is
    # "fewer than k" like its neighbours, so which of them hold the few is not told.
    small = few | _hidden_empty(respondents == 0, inside_few, tables.closure)
    code_r = np.where(small, PRIMARY, 0).astype(np.int8)
    code_p = np.where(
        tables.published,
        np.where(small[None, :] | ((answered >= 1) & (scale < k)), PRIMARY, 0),
        UNPUBLISHED,
    ).astype(np.int8)

    same = _duplicates(tables.duplicates, n_cells)
    index = _CellIndex(tables.relations)
    items = [
        _Greedy(code_p[p], tables.published[p] & (answered[p] > 0), index, keep, answered[p], same)
        for p in range(len(code_p))
    ]
    cost = np.zeros(n_cells, dtype=np.int64)  # statements a whole-cell hide would hide
    cells = _Greedy(code_r, respondents > 0, index, keep, respondents, same, cost, items)
    check = _Check(tables, k, inside_few)
    rounds = 0
    while True:
        cost[:] = (code_p == 0).sum(axis=0)
        cells.complete_singles()
        for row in items:
            row.complete_singles()
        rounds += 1
        pinned = check.pinned(code_r, code_p, coupled=True)
        if not pinned.any():
            return Pattern(code_r, code_p, rounds)
        if rounds >= max_rounds:
            raise RuntimeError("suppression did not settle")
        for row in (cells, *items):
            row.grown.clear()
        hidden_before = int((code_r > 0).sum() + (code_p > 0).sum())
        next_to_whole = set(np.flatnonzero(pinned.respondents).tolist())
        # A statement pinned where its group's respondents are shown: by its own sums
        # (then a complement for that statement will do) or through the respondents
        # (then the whole cell goes). The check without the link tells which.
        at_shown = pinned.problems & (code_r == 0)[None, :]
        inner = check.pinned(code_r, code_p, coupled=False) if at_shown.any() else None
        for p, cell in zip(*np.nonzero(pinned.problems), strict=True):
            p, cell = int(p), int(cell)
            if code_r[cell] != 0:
                next_to_whole.add(cell)
            elif inner.problems[p, cell]:
                items[p].hide_next_to(cell)
            else:
                cells.hide(cell)
        for cell in sorted(next_to_whole):
            cells.hide_next_to(cell)
        if int((code_r > 0).sum() + (code_p > 0).sum()) == hidden_before:
            # Nothing next to the pinned cells is left to hide: hide every published
            # figure of their relations, and when that is done too, of their whole block
            # (this only happens for tiny, odd tables).
            stuck = np.flatnonzero(pinned.respondents | pinned.problems.any(axis=0))
            if not _hide_neighbourhood(cells, stuck, tables):
                blocks = check.blocks
                around = np.flatnonzero(np.isin(blocks, blocks[stuck]))
                if not _hide_all(cells, around):
                    return Pattern(code_r, code_p, rounds)


def _inside(mask: np.ndarray, relations: Relations) -> np.ndarray:
    """Cells that are a part of some cell marked in `mask`."""
    out = np.zeros(relations.n_cells, dtype=bool)
    if relations.count == 0:
        return out
    parents = relations.members[relations.offsets[:-1]]
    is_child = relations.signs < 0
    marked = mask[parents][relations.relation_of_member]
    out[relations.members[is_child & marked]] = True
    return out


def _hidden_empty(empty: np.ndarray, inside_few: np.ndarray, relations: Relations):
    """Empty cells shown as "fewer than k": those inside a group of fewer than k, unless
    a group around them is empty and shown as 0 (then they are 0 for all to see)."""
    hidden = empty & inside_few
    if relations.count == 0:
        return hidden
    parents = relations.members[relations.offsets[:-1]]
    is_child = relations.signs < 0
    while True:
        shown_empty = empty & ~hidden
        revealed = np.zeros_like(hidden)
        revealed[
            relations.members[is_child & shown_empty[parents][relations.relation_of_member]]
        ] = True
        new = hidden & ~revealed
        if np.array_equal(new, hidden):
            return hidden
        hidden = new


def _duplicates(canonical: np.ndarray | None, n_cells: int) -> dict[int, list[int]]:
    """Cell -> every cell holding the same people (only for cells that have twins)."""
    if canonical is None:
        return {}
    canonical = np.asarray(canonical)
    values, counts = np.unique(canonical, return_counts=True)
    out: dict[int, list[int]] = {}
    for value in values[counts > 1].tolist():
        cells = np.flatnonzero(canonical == value).tolist()
        for cell in cells:
            out[cell] = cells
    return out


def _hide_neighbourhood(cells: _Greedy, stuck: np.ndarray, tables: LinkedTables) -> bool:
    changed = False
    relations = tables.closure
    for cell in stuck.tolist():
        for r in relations.of_cell(cell).tolist():
            for member in relations.group(r).tolist():
                if cells.candidates[member] and cells.row[member] == 0:
                    cells.hide(member)
                    changed = True
    return changed


def _hide_all(cells: _Greedy, around: np.ndarray) -> bool:
    changed = False
    for cell in around.tolist():
        if cells.candidates[cell] and cells.row[cell] == 0:
            cells.hide(cell)
            changed = True
        for statement in cells.statements:
            if statement.candidates[cell] and statement.row[cell] == 0:
                statement.hide(cell)
                changed = True
    return changed


@dataclass
class _Pinned:
    respondents: np.ndarray  # bool [cell]
    problems: np.ndarray  # bool [problem, cell]

    def any(self) -> bool:
        return bool(self.respondents.any() or self.problems.any())


class _Check:
    """The reader's attack on a pattern: a variable for every count, the equations the
    published tables imply, bounds from what the pattern shows.

    Variables: the respondents of each cell; per problem and cell each answer category
    and n. Only the equations that touch a hidden figure are built (the others hold
    known numbers only and can teach a reader nothing)."""

    def __init__(self, tables: LinkedTables, k: int, inside_few: np.ndarray):
        self.tables = tables
        self.k = k
        problems, n_cells, width = tables.counts.shape
        self.shape = (problems, n_cells, width)
        self.x_base = n_cells
        self.n_base = n_cells + problems * n_cells * width
        self.n_vars = self.n_base + problems * n_cells
        # A group of fewer than k is known to hold someone unless it lies inside another
        # group of fewer than k (empty groups there are hidden too).
        self.few_low = np.where(inside_few, 0, 1)
        self.counts = np.asarray(tables.counts, dtype=np.int64)
        self.respondents = np.asarray(tables.respondents, dtype=np.int64)
        closure = tables.closure
        self.closure = closure
        # Blocks (waves) are checked apart; one whose pattern did not change since the
        # last check keeps its answer.
        self.blocks = np.zeros(n_cells, dtype=np.int64) if tables.blocks is None else tables.blocks
        self._last: dict[bool, tuple] = {}

    # -- variables ------------------------------------------------------------------
    def _x(self, p, c, q):
        _problems, n_cells, width = self.shape
        return self.x_base + (p * n_cells + c) * width + q

    def _n(self, p, c):
        return self.n_base + p * self.shape[1] + c

    def _equations(self, hidden_r: np.ndarray, hidden_p: np.ndarray, coupled: bool) -> Equations:
        """The equations touching a hidden figure. A sum relation keeps only its hidden
        members as terms; its shown members add up to a known constant (computed here
        as minus the hidden members' true total: a relation sums to zero)."""
        problems, n_cells, _width = self.shape
        closure = self.closure
        members, rel, signs = closure.members, closure.relation_of_member, closure.signs
        eqs, vars_, sgns, consts = [], [], [], []
        base = 0

        def relations_of(hidden: np.ndarray, families: list[tuple[np.ndarray, np.ndarray]]):
            """Append, for every family (var of each cell, true value of each cell), the
            relations with a hidden member, over their hidden members."""
            nonlocal base
            if closure.count == 0:
                return
            mask = hidden[members]
            if not mask.any():
                return
            r = rel[mask]
            used, eq = np.unique(r, return_inverse=True)
            cell = members[mask]
            sign = signs[mask]
            for var_of, value_of in families:
                eqs.append(eq + base)
                vars_.append(var_of[cell])
                sgns.append(sign)
                consts.append(-np.bincount(eq, weights=sign * value_of[cell], minlength=len(used)))
                base += len(used)

        cells = np.arange(n_cells)
        relations_of(hidden_r, [(cells, self.respondents)])
        steps = self.tables.steps
        counts = self.counts
        for p in range(problems):
            n_steps = int(steps[p])
            blank_unknown = hidden_p[p] | hidden_r
            relations_of(blank_unknown, [(self._x(p, cells, BLANK), counts[p, :, BLANK])])
            families = [
                (self._x(p, cells, q), counts[p, :, q])
                for q in range(DONT_KNOW, FIRST_STEP + n_steps)
            ]
            families.append((self._n(p, cells), counts[p, :, FIRST_STEP:].sum(axis=1)))
            relations_of(hidden_p[p], families)
            if coupled:
                # respondents - blank - vet ej - n = 0
                at = np.flatnonzero(blank_unknown)
                eqs.append(np.repeat(np.arange(len(at)) + base, 4))
                vars_.append(
                    np.stack(
                        [at, self._x(p, at, BLANK), self._x(p, at, DONT_KNOW), self._n(p, at)],
                        axis=1,
                    ).ravel()
                )
                sgns.append(np.tile(np.array([1, -1, -1, -1], np.int8), len(at)))
                consts.append(np.zeros(len(at)))
                base += len(at)
            # n - sum(steps) = 0
            at = np.flatnonzero(hidden_p[p])
            eqs.append(np.repeat(np.arange(len(at)) + base, n_steps + 1))
            vars_.append(
                np.concatenate(
                    [
                        self._n(p, at)[:, None],
                        self._x(p, at[:, None], FIRST_STEP + np.arange(n_steps)[None, :]),
                    ],
                    axis=1,
                ).ravel()
            )
            sgns.append(np.tile(np.r_[1, -np.ones(n_steps)].astype(np.int8), len(at)))
            consts.append(np.zeros(len(at)))
            base += len(at)
        if not eqs:
            empty = np.zeros(0, np.int64)
            return Equations(self.n_vars, empty, empty, np.zeros(0, np.int8))
        eq = np.concatenate(eqs).astype(np.int64)
        order = np.argsort(eq, kind="stable")
        return Equations(
            self.n_vars,
            eq[order],
            np.concatenate(vars_).astype(np.int64)[order],
            np.concatenate(sgns).astype(np.int8)[order],
            np.concatenate(consts).astype(np.int64),
        )

    def start(self, code_r: np.ndarray, code_p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Bounds before any reasoning: shown figures exact, bands for hidden counts."""
        k = self.k
        problems, n_cells, width = self.shape
        lo = np.zeros(self.n_vars, dtype=np.int64)
        hi = np.full(self.n_vars, INF, dtype=np.int64)
        respondents = self.respondents
        shown_r = code_r == 0
        lo[:n_cells] = np.where(shown_r, respondents, np.where(code_r == PRIMARY, self.few_low, k))
        hi[:n_cells] = np.where(shown_r, respondents, np.where(code_r == PRIMARY, k - 1, INF))
        if problems:
            shown = code_p == 0
            counts = self.counts
            known = np.repeat(shown[:, :, None], width, axis=2)
            known[:, :, BLANK] = shown & shown_r[None, :]
            known |= (
                np.arange(width)[None, None, :] >= (FIRST_STEP + self.tables.steps)[:, None, None]
            )  # padding
            lo[self.x_base : self.n_base] = np.where(known, counts, 0).ravel()
            hi[self.x_base : self.n_base] = np.where(known, counts, INF).ravel()
            scale = counts[:, :, FIRST_STEP:].sum(axis=2)
            lo[self.n_base :] = np.where(shown, scale, 0).ravel()
            hi[self.n_base :] = np.where(shown, scale, INF).ravel()
        return lo, hi

    def pinned(self, code_r, code_p, *, coupled: bool) -> _Pinned:
        """Which hidden figures the attack pins down (coupled: with the link between a
        cell's respondents and its statements' answers; without it, each row alone)."""
        problems, n_cells, width = self.shape
        last = self._last.get(coupled)
        if last is None:
            redo = np.ones(n_cells, dtype=bool)
        else:
            moved = (code_r != last[0]) | (code_p != last[1]).any(axis=0)
            redo = np.isin(self.blocks, np.unique(self.blocks[moved]))
        lo, hi = self.start(code_r, code_p)
        hidden_r = (code_r > 0) & redo
        hidden_p = (code_p > 0) & redo[None, :]
        lo, hi = propagate(self._equations(hidden_r, hidden_p, coupled), lo, hi)
        fixed = lo == hi
        respondents = hidden_r & fixed[:n_cells]
        hidden = hidden_p & (code_p != UNPUBLISHED)
        n_fixed = fixed[self.n_base :].reshape(problems, n_cells)
        x_hi = hi[self.x_base : self.n_base].reshape(problems, n_cells, width)
        n_lo = lo[self.n_base :].reshape(problems, n_cells)
        possible = (x_hi[:, :, FIRST_STEP:] > 0).sum(axis=2)
        homogeneous = (n_lo >= 1) & (possible == 1) & (self.tables.steps >= 2)[:, None]
        result = _Pinned(respondents, hidden & (n_fixed | homogeneous))
        if last is not None:
            keep = ~redo
            result.respondents[keep] = last[2].respondents[keep]
            result.problems[:, keep] = last[2].problems[:, keep]
        self._last[coupled] = (code_r.copy(), code_p.copy(), result)
        return _Pinned(result.respondents.copy(), result.problems.copy())


class _CellIndex:
    """The direct relations by cell, for choosing complements without Python loops over
    candidates."""

    def __init__(self, relations: Relations):
        self.relations = relations
        order = np.argsort(relations.members, kind="stable")
        self.rel_by_cell = relations.relation_of_member[order]
        self.starts = np.searchsorted(relations.members[order], np.arange(relations.n_cells + 1))

    def of_cells(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(owner position, relation) for every relation of every cell in `cells`."""
        begin, end = self.starts[cells], self.starts[cells + 1]
        lengths = end - begin
        owner = np.repeat(np.arange(len(cells)), lengths)
        offsets = np.repeat(begin - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
        return owner, self.rel_by_cell[np.arange(lengths.sum()) + offsets]


class _Greedy:
    """Complementary suppression of one row over the direct relations, the row of codes
    changed in place. The row of cells (`statements` given) hides whole cells: its
    respondents and, through `statements`, every statement there."""

    def __init__(
        self,
        row: np.ndarray,
        candidates: np.ndarray,
        index: _CellIndex,
        keep: np.ndarray,
        size: np.ndarray,
        duplicates: dict[int, list[int]],
        cost: np.ndarray | None = None,
        statements: list[_Greedy] = (),
    ):
        self.row = row
        self.candidates = candidates  # cells that may serve as complements (with answers)
        self.index = index
        self.relations = index.relations
        self.keep = keep
        self.size = size
        self.duplicates = duplicates
        self.cost = np.zeros(len(row), dtype=np.int64) if cost is None else cost
        self.statements = statements
        relations = self.relations
        members, offsets = relations.members, relations.offsets
        sizes = np.diff(offsets)
        self.count = np.zeros(relations.count, dtype=np.int64)
        nonempty = sizes > 0
        hidden = (row > 0).astype(np.int64)
        if nonempty.any():
            self.count[nonempty] = np.add.reduceat(hidden[members], offsets[:-1][nonempty])
        self.queue = deque(np.flatnonzero(self.count == 1).tolist())
        self.grown: set[int] = set()  # relations that got a hidden cell this round

    def hide(self, cell: int) -> None:
        for twin in self.duplicates.get(cell, [cell]):
            for statement in self.statements:
                statement.hide(twin)
            if self.row[twin] != 0:
                continue
            self.row[twin] = COMPLEMENTARY
            for r in self.relations.of_cell(twin).tolist():
                self.grown.add(r)
                self.count[r] += 1
                if self.count[r] == 1:
                    self.queue.append(r)

    def _best(self, options: np.ndarray) -> int | None:
        """The complement among `options` (shown cells with answers): the least worth
        keeping, then the fewest statements newly hidden (whole cells), then the one
        whose hiding leaves the fewest relations with a single hidden cell, then the
        smallest, then the lowest number (deterministic)."""
        options = np.unique(options)
        if len(options) == 0:
            return None
        owner, rels = self.index.of_cells(options)
        touched = self.count[rels]
        singles = np.bincount(owner, weights=(touched == 0), minlength=len(options)) - np.bincount(
            owner, weights=(touched == 1), minlength=len(options)
        )
        order = np.lexsort(
            (options, self.size[options], singles, self.cost[options], self.keep[options])
        )
        return int(options[order[0]])

    def _open(self, group: np.ndarray) -> np.ndarray:
        return group[self.candidates[group] & (self.row[group] == 0)]

    def complete_singles(self) -> None:
        """Give every relation with exactly one hidden cell a second one."""
        while self.queue:
            r = self.queue.popleft()
            if self.count[r] != 1:
                continue
            best = self._best(self._open(self.relations.group(r)))
            if best is not None:
                self.hide(best)

    def hide_next_to(self, cell: int) -> None:
        """Hide the best shown cell in a relation touching `cell`, unless one of them got
        a hidden cell already in this round (the check runs again before more)."""
        rels = self.relations.of_cell(cell).tolist()
        if any(r in self.grown for r in rels):
            return
        groups = [self.relations.group(r) for r in rels]
        if groups:
            best = self._best(self._open(np.concatenate(groups)))
            if best is not None:
                self.hide(best)
