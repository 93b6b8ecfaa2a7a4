"""What a reader can work out from published counts: bounds by interval propagation.

Published tables are linked by equations of the form `sum(plus) - sum(minus) = 0` over
counts that are whole numbers and never negative: a municipality is the sum of its roles,
a group's respondents are its blanks plus "vet ej" plus its answers on the scale ... Given
bounds for every count (exact where a figure is shown, a band where it is hidden, 0..∞
where nothing is known), each equation bounds each of its terms by what the other terms
can add up to; repeating this over all equations until no bound moves gives the tightest
bounds this kind of reasoning reaches (the fixpoint does not depend on the order in
which equations are visited). A hidden count whose lower and upper bound meet has been
worked out.

This is the attack the disclosure control defends against (`suppression.protect` runs it
after every change to the pattern), so it must be at least as strong as any reader's
check: it uses every equation the tables imply, integers and non-negativity. It is not an
exact integer program; cases an integer program could still narrow further are described
in docs/surveys.md.

Pure numpy, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

INF = 1 << 40  # "no upper bound": far above any count, far below int64 overflow


@dataclass(frozen=True)
class Equations:
    """Linear equations over variables `0..n_vars-1`, stored term by term: term t says
    that variable `var[t]` enters equation `eq[t]` with sign `sign[t]` (+1 or -1), and
    equation e reads `sum(sign * x) + constant[e] = 0` (the constant stands for terms
    whose value is known). Terms are sorted by equation."""

    n_vars: int
    eq: Ints
    var: Ints
    sign: npt.NDArray[np.int8]
    constant: Ints | None = None  # per equation; None = zeros

    @property
    def count(self) -> int:
        return int(self.eq[-1]) + 1 if len(self.eq) else 0


def propagate(
    equations: Equations, lo: Ints, hi: Ints, max_rounds: int = 100_000
) -> tuple[Ints, Ints]:
    """The bounds at the fixpoint of interval propagation with integers >= 0.

    `lo` and `hi` are the starting bounds (int64, `INF` for none). Only equations with a
    variable that is not yet fixed take part, and fixed variables enter them as a
    constant; after the first round only the equations with a variable whose bounds just
    moved are visited again. Raises ValueError if the bounds contradict each other
    (inconsistent input)."""
    lo = np.maximum(np.asarray(lo, dtype=np.int64), 0)
    hi = np.minimum(np.asarray(hi, dtype=np.int64), INF)
    if len(equations.eq) == 0:
        return lo, hi
    open_term = (lo != hi)[equations.var]
    if not open_term.any():
        return lo, hi
    # Fold the fixed variables of each equation into a constant, keep the open terms.
    count = equations.count
    closed = ~open_term
    constant = np.bincount(
        equations.eq[closed],
        weights=equations.sign[closed] * lo[equations.var[closed]],
        minlength=count,
    ).astype(np.int64)
    if equations.constant is not None:
        constant += np.asarray(equations.constant, dtype=np.int64)[:count]
    eq, var = equations.eq[open_term], equations.var[open_term]
    plus = equations.sign[open_term] > 0
    new_eq = np.r_[True, eq[1:] != eq[:-1]]  # terms are sorted by equation
    constant = constant[eq[new_eq]]
    eq = np.cumsum(new_eq) - 1
    n_eq = len(constant)
    # Work on the variables that occur, numbered densely.
    occurs = np.zeros(len(lo), dtype=bool)
    occurs[var] = True
    names = np.flatnonzero(occurs)
    local = np.cumsum(occurs) - 1
    var = local[var]
    v_lo, v_hi = lo[names], hi[names]
    visit = np.ones(n_eq, dtype=bool)
    for _ in range(max_rounds):
        terms = np.flatnonzero(visit[eq])
        e, v, p = eq[terms], var[terms], plus[terms]
        term_lo = np.where(p, v_lo[v], -v_hi[v])
        term_hi = np.where(p, v_hi[v], -v_lo[v])
        starts = np.flatnonzero(np.r_[True, e[1:] != e[:-1]])
        index = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(e)]))
        first = e[starts]
        rest_lo = (np.add.reduceat(term_lo, starts) + constant[first])[index] - term_lo
        rest_hi = (np.add.reduceat(term_hi, starts) + constant[first])[index] - term_hi
        # The equation says term = -(rest): for a plus term x = -rest, for a minus x = rest.
        new_lo = v_lo.copy()
        new_hi = v_hi.copy()
        np.maximum.at(new_lo, v, np.where(p, -rest_hi, rest_lo))
        np.minimum.at(new_hi, v, np.where(p, -rest_lo, rest_hi))
        np.clip(new_lo, 0, INF, out=new_lo)
        np.clip(new_hi, 0, INF, out=new_hi)
        moved = (new_lo != v_lo) | (new_hi != v_hi)
        if not moved.any():
            lo[names], hi[names] = v_lo, v_hi
            return lo, hi
        if (new_lo > new_hi).any():
            raise ValueError("the bounds contradict each other")
        v_lo, v_hi = new_lo, new_hi
        visit = np.zeros(n_eq, dtype=bool)
        visit[eq[moved[var]]] = True
    raise RuntimeError("interval propagation did not settle")
