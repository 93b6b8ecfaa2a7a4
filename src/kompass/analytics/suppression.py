"""Anonymity for published group results: primary and complementary suppression.

A survey publishes cells (everyone, each organisation, each role, organisation x role ...)
that are linked by sums: an organisation's answers are the answers of its roles, the
cohort's are its organisations'. Hiding a small group is not enough: when a municipality
has 12 answers in "ledning" and 2 in "stöd", showing its total and "ledning" gives "stöd"
by subtraction. So:

- primary: a cell with answers but fewer than k of those that make up the published
  figures (for a survey: answers on the scale, "vet ej" not counted) is hidden;
- complementary, greedy: every relation `parent = child_1 + ... + child_m` that would
  have exactly one hidden cell gets a second one, repeated until no relation has exactly
  one hidden cell. A cell with no answers never counts as a complement: its content is
  known to be empty;
- complementary, exact: "no relation with a single hidden cell" is not enough when hidden
  cells form cycles joined by one cell (a reader can combine several relations). Each
  connected group of hidden cells is therefore checked with exact linear algebra over its
  relations (`derivable`); while one of its cells is still determined, one more cell in a
  relation touching it is hidden (same choice as the greedy step) and the greedy step and
  the check run again. Each round hides one more cell, so this ends; at worst everything
  with answers is hidden.

The result is the same for every table, chart, export and API answer that shows cells of
the same problem, because they all read this one answer. `derivable` is also the audit
the tests use: it says which hidden cells a reader could still compute exactly from the
shown ones by any combination of the relations (not only one subtraction).

Pure numpy, no Django: the relations arrive as flat arrays.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property

import numpy as np

PRIMARY = 1
COMPLEMENTARY = 2


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
        """+1 for each parent, -1 for each child: row r of the system is
        `sum(signs * value[members]) = 0` over its members."""
        signs = -np.ones(len(self.members))
        signs[self.offsets[:-1][np.diff(self.offsets) > 0]] = 1.0
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


def suppress(
    answered: np.ndarray,
    relations: Relations,
    k: int,
    keep: np.ndarray | None = None,
    scale: np.ndarray | None = None,
) -> np.ndarray:
    """Suppression codes for several problems sharing one set of relations.

    `answered` has shape (problems, cells): the number of answers in each cell (for a
    survey: one row per statement, "vet ej" included), which says which cells have any
    content at all. `scale` (same shape, default `answered`) is the number of answers
    that make up the published figures (for a survey: the answers on the scale that the
    mean and distribution are computed from). Returns int8 of the same shape: 0 shown,
    PRIMARY (answers, but fewer than k in `scale`), COMPLEMENTARY (hidden so that no
    hidden cell can be worked out from the shown ones).

    Which complement: among the relation's other cells with answers, the one with the
    lowest `keep` (how much a cell is worth keeping: the survey passes the coarseness of
    the group, so a detail such as organisation x role goes before "everyone"), then the
    one whose hiding leaves the fewest relations with a single hidden cell (it would need
    yet another complement there), then the one with the fewest answers, then the lowest
    cell number (so the pattern is deterministic).
    """
    answered = np.atleast_2d(np.asarray(answered, dtype=np.int64))
    scale = answered if scale is None else np.atleast_2d(np.asarray(scale, dtype=np.int64))
    problems, n_cells = answered.shape
    if n_cells != relations.n_cells:
        raise ValueError(f"answered has {n_cells} cells, relations {relations.n_cells}")
    if scale.shape != answered.shape:
        raise ValueError(f"scale has shape {scale.shape}, answered {answered.shape}")
    keep = np.zeros(n_cells, dtype=np.int64) if keep is None else np.asarray(keep, np.int64)
    code = np.where((answered > 0) & (scale < k), PRIMARY, 0).astype(np.int8)
    if relations.count == 0 or not code.any():
        return code
    for p in range(problems):
        if code[p].any():
            _Protection(code[p], answered[p], relations, keep).run()
    return code


class _Protection:
    """Complementary suppression of one problem (one row of codes, changed in place)."""

    def __init__(self, row: np.ndarray, answered: np.ndarray, relations: Relations, keep):
        self.row = row
        self.answered = answered
        self.active = answered > 0
        self.relations = relations
        self.keep = keep
        members, offsets = relations.members, relations.offsets
        sizes = np.diff(offsets)
        self.count = np.zeros(relations.count, dtype=np.int64)
        nonempty = sizes > 0
        hidden = (row > 0).astype(np.int64)
        self.count[nonempty] = np.add.reduceat(hidden[members], offsets[:-1][nonempty])
        self.queue = deque(np.flatnonzero(self.count == 1).tolist())
        self.safe: set[frozenset[int]] = set()  # groups of hidden cells proven safe

    def run(self) -> None:
        while True:
            self._complete_singles()
            extra = self._next_for_determined()
            if not extra:
                return
            for cell in extra:
                if self.row[cell] == 0:  # two groups may have chosen the same cell
                    self._hide(cell)

    def _members(self, r: int) -> np.ndarray:
        offsets = self.relations.offsets
        return self.relations.members[offsets[r] : offsets[r + 1]]

    def _hide(self, cell: int) -> None:
        self.row[cell] = COMPLEMENTARY
        for r in self.relations.of_cell(cell).tolist():
            self.count[r] += 1
            if self.count[r] == 1:
                self.queue.append(r)

    def _best(self, candidates) -> int | None:
        best, best_key = None, None
        for cell in sorted({int(c) for c in candidates}):
            touched = self.count[self.relations.of_cell(cell)]
            key = (
                int(self.keep[cell]),
                int(np.count_nonzero(touched == 0)) - int(np.count_nonzero(touched == 1)),
                int(self.answered[cell]),
                cell,
            )
            if best_key is None or key < best_key:
                best, best_key = cell, key
        return best

    def _complete_singles(self) -> None:
        """Greedy: give every relation with exactly one hidden cell a second one."""
        while self.queue:
            r = self.queue.popleft()
            if self.count[r] != 1:
                continue
            group = self._members(r)
            best = self._best(group[self.active[group] & (self.row[group] == 0)])
            if best is None:
                continue  # only possible for inconsistent input (a sum without parts)
            self._hide(best)

    def _components(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Connected groups of hidden cells (linked by sharing a relation), each with the
        relations that touch it: (cells, relations)."""
        relations = self.relations
        touched = np.flatnonzero(self.count > 0)
        member_rel = relations.relation_of_member
        in_touched = np.zeros(relations.count, dtype=bool)
        in_touched[touched] = True
        mask = in_touched[member_rel] & (self.row[relations.members] > 0)
        cells, rels = relations.members[mask], member_rel[mask]
        # Label propagation: each hidden cell takes the smallest label among the cells
        # it shares a relation with, until nothing changes (a few rounds in practice).
        label = np.arange(relations.n_cells)
        while True:
            low = np.full(relations.count, relations.n_cells, dtype=np.int64)
            np.minimum.at(low, rels, label[cells])
            new = label.copy()
            np.minimum.at(new, cells, low[rels])
            if np.array_equal(new, label):
                break
            label = new
        hidden = np.flatnonzero(self.row > 0)
        rel_label = np.full(relations.count, -1, dtype=np.int64)
        rel_label[rels] = label[cells]
        out = []
        hidden_labels = label[hidden]
        for value in np.unique(hidden_labels).tolist():
            out.append((hidden[hidden_labels == value], np.flatnonzero(rel_label == value)))
        return out

    def _next_for_determined(self) -> list[int]:
        """One more cell to hide for each group of hidden cells in which a cell can still
        be computed from the shown ones; empty when every group is safe."""
        extra = []
        for cells, rels in self._components():
            key = frozenset(cells.tolist())
            if key in self.safe:
                continue
            determined = cells[_determined(cells, rels, self.relations)]
            if len(determined) == 0:
                self.safe.add(key)
                continue
            cell = self._complement_for(determined)
            if cell is None:
                cell = self._complement_for(cells)
            if cell is None:
                self.safe.add(key)  # inconsistent input: nothing left to hide
                continue
            extra.append(cell)
        return extra

    def _complement_for(self, cells: np.ndarray) -> int | None:
        """The best cell with answers, still shown, in a relation touching `cells`."""
        candidates = []
        for cell in cells.tolist():
            for r in self.relations.of_cell(cell).tolist():
                group = self._members(r)
                candidates.extend(group[self.active[group] & (self.row[group] == 0)].tolist())
        return self._best(candidates)


def _null_space_zero(matrix: np.ndarray) -> np.ndarray:
    """For each column (unknown) of the homogeneous system `matrix @ x = 0`: whether every
    solution has x = 0 there, i.e. the unknown is fixed by the known cells."""
    if matrix.shape[0] == 0:
        return np.zeros(matrix.shape[1], dtype=bool)
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    tolerance = max(matrix.shape) * np.finfo(float).eps * (singular[0] if len(singular) else 1)
    rank = int(np.sum(singular > tolerance))
    null_space = vt[rank:].T  # columns span the null space
    if null_space.shape[1] == 0:
        return np.ones(matrix.shape[1], dtype=bool)
    return np.linalg.norm(null_space, axis=1) < 1e-9


def _determined(cells: np.ndarray, rels: np.ndarray, relations: Relations) -> np.ndarray:
    """Which of the unknown `cells` the relations `rels` fix (everything else known)."""
    column = np.full(relations.n_cells, -1, dtype=np.int64)
    column[cells] = np.arange(len(cells))
    row_of = np.full(relations.count, -1, dtype=np.int64)
    row_of[rels] = np.arange(len(rels))
    member_rel = relations.relation_of_member
    mask = (row_of[member_rel] >= 0) & (column[relations.members] >= 0)
    matrix = np.zeros((len(rels), len(cells)))
    np.add.at(
        matrix,
        (row_of[member_rel[mask]], column[relations.members[mask]]),
        relations.signs[mask],
    )
    return _null_space_zero(matrix)


def derivable(values_known: np.ndarray, relations: Relations) -> np.ndarray:
    """Which unknown cells are exactly determined by the known ones through the relations.

    `values_known` is a bool array (cells): True where a reader sees the cell's value
    (shown cells, and cells known to be empty). An unknown cell is determined when every
    solution of the linear system `parent - sum(children) = 0` gives it the same value,
    i.e. when the null space of the system restricted to the unknowns is zero at that
    cell. Returns a bool array: True for hidden cells that leak.
    """
    known = np.asarray(values_known, dtype=bool)
    unknown = np.flatnonzero(~known)
    leaks = np.zeros(relations.n_cells, dtype=bool)
    if len(unknown) == 0 or relations.count == 0:
        return leaks
    touching = np.zeros(relations.count, dtype=bool)
    touching[relations.relation_of_member[~known[relations.members]]] = True
    rels = np.flatnonzero(touching)
    if len(rels) == 0:
        return leaks
    involved = np.zeros(relations.n_cells, dtype=bool)
    involved[relations.members[~known[relations.members]]] = True
    cells = np.flatnonzero(involved)
    leaks[cells[_determined(cells, rels, relations)]] = True
    return leaks
