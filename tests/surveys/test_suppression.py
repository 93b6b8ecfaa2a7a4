"""Primary and complementary suppression, and the audit that nothing hidden can be
computed from what is shown."""

import numpy as np
import polars as pl

from kompass.analytics.suppression import COMPLEMENTARY, PRIMARY, Relations, derivable, suppress
from kompass.analytics.survey_analysis import AnalysisSpec, AttributeSpec, analyse
from kompass.analytics.survey_counts import Codebook, ItemCode


def _org_table():
    # cells: 0 total, 1 ledning, 2 stöd  (Leksand: 12 + 2)
    return Relations.from_lists(3, [(0, [1, 2])])


def test_small_group_is_hidden_and_a_complement_too():
    code = suppress(np.array([14, 12, 2]), _org_table(), k=5)[0]
    assert code[2] == PRIMARY
    assert (code == COMPLEMENTARY).sum() == 1


def test_showing_total_and_ledning_alone_would_leak_stod():
    relations = _org_table()
    only_primary = np.array([True, True, False])  # total and ledning shown
    assert derivable(only_primary, relations).tolist() == [False, False, True]


def test_complementary_pattern_leaks_nothing():
    relations = _org_table()
    code = suppress(np.array([14, 12, 2]), relations, k=5)[0]
    assert not derivable(code == 0, relations).any()


def test_two_dimensional_table_is_protected_across_rows_and_columns():
    # everyone(0); orgs A(1) B(2) C(3); roles L(4) S(5); A×L(6) A×S(7) B×L(8) B×S(9) C×L(10) C×S(11)
    answered = np.array([49, 14, 17, 18, 27, 22, 12, 2, 8, 9, 7, 11])
    relations = Relations.from_lists(
        12,
        [
            (0, [1, 2, 3]),
            (0, [4, 5]),
            (1, [6, 7]),
            (2, [8, 9]),
            (3, [10, 11]),
            (4, [6, 8, 10]),
            (5, [7, 9, 11]),
        ],
    )
    code = suppress(answered, relations, k=5)[0]
    assert code[7] == PRIMARY
    assert code.astype(bool).sum() >= 4  # a row and a column each need a second cell
    assert not derivable(code == 0, relations).any()
    assert code[0] == 0  # everyone stays shown


def test_empty_cells_are_never_complements():
    # total = a + b + c with c empty: hiding c would protect nothing
    relations = Relations.from_lists(4, [(0, [1, 2, 3])])
    code = suppress(np.array([9, 6, 3, 0]), relations, k=5)[0]
    assert code[3] == 0
    assert code[2] == PRIMARY
    assert code[1] == COMPLEMENTARY or code[0] == COMPLEMENTARY


def test_keep_prefers_hiding_details_before_totals():
    relations = Relations.from_lists(4, [(0, [1, 2, 3])])
    keep = np.array([2, 1, 1, 1])
    code = suppress(np.array([30, 3, 13, 14]), relations, k=5, keep=keep)[0]
    assert code[0] == 0
    assert code[2] == COMPLEMENTARY  # the smaller of the two remaining parts


def test_suppression_runs_per_problem_row():
    code = suppress(np.array([[14, 12, 2], [14, 7, 7]]), _org_table(), k=5)
    assert code[0].any()
    assert not code[1].any()


def _org_by_role(table):
    """Everyone, organisations, roles and organisation x role for a table of answers
    (rows: organisations, columns: roles), with the survey's worth of each cell."""
    x = np.asarray(table)
    orgs, roles = x.shape
    org = list(range(1, 1 + orgs))
    role = list(range(1 + orgs, 1 + orgs + roles))
    cross = np.arange(1 + orgs + roles, 1 + orgs + roles + x.size).reshape(x.shape)
    relations = Relations.from_lists(
        1 + orgs + roles + x.size,
        [(0, org), (0, role)]
        + [(org[i], cross[i].tolist()) for i in range(orgs)]
        + [(role[j], cross[:, j].tolist()) for j in range(roles)],
    )
    answered = np.concatenate([[x.sum()], x.sum(axis=1), x.sum(axis=0), x.ravel()])
    keep = np.array([2] + [1] * (orgs + roles) + [0] * x.size)
    return answered, relations, keep, cross


def test_cycles_joined_by_one_cell_are_closed_too():
    # Organisation 0 has answers in one role only, so it equals its cross cell; with the
    # greedy rule alone organisation 2 x role 0 (2 answers) could be computed from the
    # shown cells by combining five relations, though no relation had one hidden cell.
    answered, relations, keep, cross = _org_by_role([[0, 0, 3], [2, 1, 15], [2, 0, 1]])
    code = suppress(answered, relations, k=5, keep=keep)[0]
    assert code[cross[2, 0]] == PRIMARY
    assert not (derivable(code == 0, relations) & (answered > 0)).any()


def test_a_cell_with_enough_answers_but_few_on_the_scale_is_hidden():
    relations = _org_table()
    answered = np.array([20, 13, 7])  # stöd: 7 answers, of which 5 "vet ej"
    code = suppress(answered, relations, k=5, scale=np.array([15, 13, 2]))[0]
    assert code[2] == PRIMARY
    assert (code == COMPLEMENTARY).sum() == 1
    assert not derivable(code == 0, relations).any()


def _random_cohort(rng, codebook, extra: bool):
    """A cohort shaped like the national ones, small: 3 to 11 organisations, three roles,
    groups of 0 to 15 with blanks and "vet ej"; `extra` adds a respondent attribute,
    "not stated" roles and an organisation-level attribute (selected or not)."""
    orgs = [f"o{i}" for i in range(rng.integers(3, 12))]
    roles = ["a", "b", "c", ""] if extra else ["a", "b", "c"]
    ages = ["x", "y"] if extra else [None]
    rows, counts = [], []
    for org in orgs:
        for role in roles:
            for age in ages:
                n = int(rng.choice([0, 1, 2, 3, 4, 6, 9, 15]))
                if n == 0:
                    continue
                rows.append({"wave": "w", "organisation": org, "role": role, "respondents": n})
                if extra:
                    rows[-1]["age"] = age
                row = np.zeros(codebook.total, np.uint32)
                for item, start in enumerate(codebook.offsets[:-1].tolist()):
                    blank = rng.binomial(n, 0.15)
                    dont_know = rng.binomial(n - blank, 0.15)
                    steps = len(codebook.items[item].steps)
                    row[start] = blank
                    row[start + 1] = dont_know
                    row[start + 2 : start + 2 + steps] = np.bincount(
                        rng.integers(0, steps, n - blank - dont_know), minlength=steps
                    )
                counts.append(row)
    attributes = (AttributeSpec("role"),)
    org_values = {}
    if extra:
        attributes += (AttributeSpec("age"), AttributeSpec("urval", "organisation"))
        org_values = {"urval": {o: str(rng.choice(["ja", "nej"])) for o in orgs}}
    spec = AnalysisSpec(
        codebook, attributes, split="role", k=5, org_values=org_values, waves=("w",)
    )
    return pl.DataFrame(rows), np.array(counts), spec


def test_random_cohorts_leave_no_hidden_cell_computable():
    """Many random cohorts, twelve statements each: for every statement no hidden cell
    with answers can be computed exactly from the shown ones (the greedy rule alone left
    such cells in about one cohort in twenty of these)."""
    codebook = Codebook(
        tuple(ItemCode(str(i), "numeric", (1, 2, 3, 4, 5), True) for i in range(12))
    )
    rng = np.random.default_rng(2)
    checked = hidden = 0
    for trial in range(100):
        frame, counts, spec = _random_cohort(rng, codebook, extra=trial >= 60)
        a = analyse(frame, counts, spec)
        for item in range(len(codebook.items)):
            answered = a.n[item] + a.dont_know[item]
            assert not ((a.code[item] > 0) & (answered == 0)).any()
            assert ((a.code[item] == PRIMARY) == ((answered > 0) & (a.n[item] < 5))).all()
            leaks = derivable(a.code[item] == 0, a.relations) & (answered > 0)
            assert not leaks.any(), (
                f"trial {trial}, statement {item}: cells {np.flatnonzero(leaks)}"
            )
            checked += 1
            hidden += int((a.code[item] > 0).sum())
    assert checked == 1200 and hidden > 0
