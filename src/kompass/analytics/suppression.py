"""Anonymity for published group results: primary and complementary suppression.

A survey publishes cells (everyone, each organisation, each role, organisation x role ...)
that are linked by sums: an organisation's answers are the answers of its roles, the
cohort's are its organisations'. Hiding a small group is not enough: when a municipality
has 12 answers in "ledning" and 2 in "stöd", showing its total and "ledning" gives "stöd"
by subtraction. So:

- primary: a cell with 0 < n < k answers is hidden;
- complementary: every relation `parent = child_1 + ... + child_m` that would have exactly
  one hidden cell gets a second one (the cell with the fewest answers, which costs the
  least information), repeated until no relation has exactly one hidden cell. A cell with
  no answers never counts as a complement: its content is known to be empty.

The result is the same for every table, chart, export and API answer that shows cells of
the same problem, because they all read this one answer. `derivable` audits a pattern:
it says which hidden cells a reader could still compute exactly from the shown ones by
any combination of the relations (not only one subtraction), which the tests use.

Pure numpy, no Django: the relations arrive as flat arrays.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

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


def suppress(
    answered: np.ndarray, relations: Relations, k: int, keep: np.ndarray | None = None
) -> np.ndarray:
    """Suppression codes for several problems sharing one set of relations.

    `answered` has shape (problems, cells): the number of answers in each cell (for a
    survey: one row per statement). Returns int8 of the same shape: 0 shown,
    PRIMARY (fewer than k answers), COMPLEMENTARY (hidden so that no hidden cell can be
    worked out by subtraction).

    Which complement: among the relation's other cells with answers, the one with the
    lowest `keep` (how much a cell is worth keeping: the survey passes the coarseness of
    the group, so a detail such as organisation x role goes before "everyone"), then the
    one whose hiding leaves the fewest relations with a single hidden cell (it would need
    yet another complement there), then the one with the fewest answers.
    """
    answered = np.atleast_2d(np.asarray(answered, dtype=np.int64))
    problems, n_cells = answered.shape
    if n_cells != relations.n_cells:
        raise ValueError(f"answered has {n_cells} cells, relations {relations.n_cells}")
    keep = np.zeros(n_cells, dtype=np.int64) if keep is None else np.asarray(keep, np.int64)
    code = np.where((answered > 0) & (answered < k), PRIMARY, 0).astype(np.int8)
    if relations.count == 0 or not code.any():
        return code
    members, offsets = relations.members, relations.offsets
    sizes = np.diff(offsets)
    relation_of_member = np.repeat(np.arange(relations.count), sizes)
    order = np.argsort(members, kind="stable")
    cell_relations = relation_of_member[order]
    cell_starts = np.searchsorted(members[order], np.arange(n_cells + 1))
    starts = offsets[:-1]
    nonempty = sizes > 0
    for p in range(problems):
        row = code[p]
        if not row.any():
            continue
        active = answered[p] > 0
        hidden = (row > 0).astype(np.int64)
        count = np.zeros(relations.count, dtype=np.int64)
        count[nonempty] = np.add.reduceat(hidden[members], starts[nonempty])
        queue = deque(np.flatnonzero(count == 1).tolist())
        while queue:
            r = queue.popleft()
            if count[r] != 1:
                continue
            group = members[offsets[r] : offsets[r + 1]]
            candidates = group[active[group] & (row[group] == 0)]
            if len(candidates) == 0:
                continue  # only possible for inconsistent input (a sum without parts)
            best, best_key = None, None
            for cell in candidates.tolist():
                touched = count[cell_relations[cell_starts[cell] : cell_starts[cell + 1]]]
                key = (
                    int(keep[cell]),
                    int(np.count_nonzero(touched == 0)) - int(np.count_nonzero(touched == 1)),
                    int(answered[p, cell]),
                    cell,
                )
                if best_key is None or key < best_key:
                    best, best_key = cell, key
            row[best] = COMPLEMENTARY
            for rr in cell_relations[cell_starts[best] : cell_starts[best + 1]].tolist():
                count[rr] += 1
                if count[rr] == 1:
                    queue.append(rr)
    return code


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
    if len(unknown) == 0:
        return leaks
    column = {cell: i for i, cell in enumerate(unknown)}
    rows = []
    for group in relations.iter():
        coefficients = np.zeros(len(unknown))
        touched = False
        for position, cell in enumerate(group):
            if cell in column:
                coefficients[column[cell]] += 1.0 if position == 0 else -1.0
                touched = True
        if touched:
            rows.append(coefficients)
    if not rows:
        return leaks
    matrix = np.vstack(rows)
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    tolerance = max(matrix.shape) * np.finfo(float).eps * (singular[0] if len(singular) else 1)
    rank = int(np.sum(singular > tolerance))
    null_space = vt[rank:].T  # columns span the null space
    if null_space.shape[1] == 0:
        leaks[unknown] = True
        return leaks
    determined = np.linalg.norm(null_space, axis=1) < 1e-9
    leaks[unknown[determined]] = True
    return leaks
