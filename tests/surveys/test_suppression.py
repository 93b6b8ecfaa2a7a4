"""Primary and complementary suppression, and the audit that nothing hidden can be
computed from what is shown."""

import numpy as np

from kompass.analytics.suppression import COMPLEMENTARY, PRIMARY, Relations, derivable, suppress


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
