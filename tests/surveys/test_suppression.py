"""Primary and complementary suppression against the reader's attack: sums between
groups, whole numbers that cannot be negative, and the link between a group's
respondents and its answers."""

import numpy as np
import polars as pl

from kompass.analytics.bounds import INF, Equations, propagate
from kompass.analytics.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    LinkedTables,
    Relations,
    protect,
)
from kompass.analytics.survey_analysis import AnalysisSpec, AttributeSpec, analyse
from kompass.analytics.survey_counts import FIRST_STEP, Codebook, ItemCode, count_codes
from kompass.surveys.domain.results import summary
from tests.anonymity.auditor import audit
from tests.anonymity.cohorts import published


def _equations(n_vars, rows):
    """Equations from rows of (plus vars, minus vars)."""
    eq, var, sign = [], [], []
    for index, (plus, minus) in enumerate(rows):
        for v in plus:
            eq.append(index)
            var.append(v)
            sign.append(1)
        for v in minus:
            eq.append(index)
            var.append(v)
            sign.append(-1)
    return Equations(n_vars, np.array(eq), np.array(var), np.array(sign, dtype=np.int8))


def test_whole_numbers_pin_what_linear_algebra_leaves_open():
    # total 7 = a 6 (shown) + b + c, with c a published group (at least one person):
    # b + c = 1 has many real solutions, but in whole numbers >= 0 with c >= 1, b = 0.
    equations = _equations(4, [([0], [1, 2, 3])])
    lo = np.array([7, 6, 0, 1])
    hi = np.array([7, 6, INF, INF])
    lo, hi = propagate(equations, lo, hi)
    assert (lo[2], hi[2]) == (0, 0)
    assert (lo[3], hi[3]) == (1, 1)


def test_propagation_reaches_the_fixpoint_through_a_chain():
    # x0 = x1 + x2, x1 = x3 + x4, x3 known 5, x4 <= 1, x0 = 6  ->  x2 in 0..1, x1 in 5..6
    equations = _equations(5, [([0], [1, 2]), ([1], [3, 4])])
    lo, hi = propagate(equations, np.array([6, 0, 0, 5, 0]), np.array([6, INF, INF, 5, 1]))
    assert (lo[1], hi[1]) == (5, 6)
    assert (lo[2], hi[2]) == (0, 1)


def _tables(respondents, answers, relations, closure=None, steps=2):
    """One statement: `answers[c]` = counts per category (blank, vet ej, steps...)."""
    counts = np.asarray(answers, dtype=np.int64)[None, :, :]
    return LinkedTables(
        relations=relations,
        closure=closure or relations,
        respondents=np.asarray(respondents, dtype=np.int64),
        counts=counts,
        published=np.ones(counts.shape[:2], dtype=bool),
        steps=np.array([steps]),
    )


def test_small_group_is_hidden_whole_with_a_complement():
    # Leksand 14 = ledning 12 + stöd 2
    relations = Relations.from_lists(3, [(0, [1, 2])])
    tables = _tables([14, 12, 2], [[0, 0, 7, 7], [0, 0, 6, 6], [0, 0, 1, 1]], relations)
    pattern = protect(tables, k=5)
    assert pattern.respondents[2] == PRIMARY and pattern.problems[0, 2] == PRIMARY
    assert (pattern.respondents == COMPLEMENTARY).sum() == 1
    hidden = np.flatnonzero(pattern.respondents)
    assert (pattern.problems[0, hidden] > 0).all()  # hidden whole: respondents and answers


def test_a_statement_with_few_real_answers_is_hidden_alone_where_that_is_enough():
    # Everyone 10 = A 5 + B 5. In A one person left the statement blank (4 answers):
    # A's statement is hidden, and B's as its complement; both groups' respondents stay
    # shown, since which of them holds the blank cannot be told.
    relations = Relations.from_lists(3, [(0, [1, 2])])
    answers = [[1, 0, 5, 4], [1, 0, 2, 2], [0, 0, 3, 2]]
    pattern = protect(_tables([10, 5, 5], answers, relations), k=5)
    assert pattern.problems[0].tolist() == [0, PRIMARY, COMPLEMENTARY]
    assert not pattern.respondents.any()


def _organisations_by_role(table, k=5, values=None):
    """Everyone, organisations, roles and organisation x role for a table of sizes
    (rows: organisations, columns: roles), every respondent answering `values`."""
    x = np.asarray(table)
    codebook = Codebook((ItemCode("1", "numeric", (1, 2, 3, 4, 5)),))
    roles = [f"r{j}" for j in range(x.shape[1])]
    orgs = [f"o{i}" for i in range(x.shape[0])]
    people, answers = [], []
    rng = np.random.default_rng(1)
    for i, org in enumerate(orgs):
        for j, role in enumerate(roles):
            for _ in range(int(x[i, j])):
                people.append(("w", org, role))
                step = values[i][j] if values is not None else int(rng.integers(0, 5))
                answers.append([FIRST_STEP + step])
    frame = pl.DataFrame(people, schema=["wave", "organisation", "role"], orient="row")
    fine = frame.group_by(frame.columns, maintain_order=True).agg(pl.len().alias("respondents"))
    index = frame.join(fine.with_row_index("f"), on=frame.columns, maintain_order="left")["f"]
    counts = count_codes(np.asarray(answers, np.uint8), index.to_numpy(), fine.height, codebook)
    spec = AnalysisSpec(
        codebook,
        (AttributeSpec("role", values=tuple(roles)),),
        split="role",
        k=k,
        waves=("w",),
        organisations=tuple(orgs),
    )
    return analyse(fine, counts, spec)


def test_one_person_inside_shown_neighbours_cannot_be_worked_out():
    # The case in small: an organisation where one person states no role beside
    # two roles large enough to show. Before, that person's answer followed from the
    # organisation's distribution minus the roles'.
    a = _organisations_by_role([[6, 6, 1], [7, 8, 0], [9, 5, 0]])
    single = a.cell("w", {"organisation": "o0", "role": "r2"})
    assert a.respondents_code[single] == PRIMARY and a.code[0, single] == PRIMARY
    assert audit(summary(published(a))) == []


def test_a_homogeneous_hidden_group_is_protected():
    # Everyone in organisation o0 answers 3; its small role would be "all answered 3"
    # whatever its size unless more is hidden.
    values = [[2, 2, 2], [0, 1, 4], [4, 3, 1]]
    a = _organisations_by_role([[6, 2, 5], [6, 7, 6], [8, 6, 5]], values=values)
    assert audit(summary(published(a))) == []


def test_the_pattern_is_the_same_for_every_statement_when_answers_are_complete():
    # No blanks, no "vet ej": each statement's n is the group's size, so statements and
    # respondents must be hidden in the same cells (else n = respondents).
    a = _organisations_by_role([[3, 9, 7], [12, 2, 8], [6, 6, 1]])
    hidden_r = a.respondents_code > 0
    assert ((a.code[0] > 0) == hidden_r).all()
    assert audit(summary(published(a))) == []


def test_empty_groups_inside_a_small_group_read_fewer_than_k():
    # o0 has 3 people, all in r0: r1 and r2 of o0 are empty. Shown as 0 they would say
    # where the 3 are; they read "fewer than k" like r0.
    a = _organisations_by_role([[3, 0, 0], [9, 8, 7], [6, 7, 5]])
    for role in ("r1", "r2"):
        cell = a.cell("w", {"organisation": "o0", "role": role})
        assert a.respondents[cell] == 0
        assert a.respondents_code[cell] == PRIMARY
    empty_elsewhere = a.cell("w", {"organisation": "o1", "role": None})
    assert a.respondents_code[empty_elsewhere] == 0  # an empty group elsewhere shows 0
    assert audit(summary(published(a))) == []


def test_details_are_hidden_before_totals():
    a = _organisations_by_role([[2, 9, 9], [9, 9, 9], [9, 9, 9]])
    everyone = a.cell("w", {})
    assert a.respondents_code[everyone] == 0 and a.code[0, everyone] == 0
    for org in ("o0", "o1", "o2"):
        assert a.respondents_code[a.cell("w", {"organisation": org})] == 0
