"""The analysis core on counts: statistics per cell, "vet ej" kept out of the mean,
themes, organisation-level groups and one suppression pattern for all of them."""

import numpy as np
import polars as pl
import pytest

from kompass.analytics.suppression import COMPLEMENTARY, PRIMARY
from kompass.analytics.survey_analysis import (
    AnalysisSpec,
    AttributeSpec,
    ThemeSpec,
    analyse,
)
from kompass.analytics.survey_counts import DONT_KNOW, FIRST_STEP, Codebook, ItemCode, count_codes
from kompass.surveys.domain.results import summary
from tests.anonymity.auditor import audit
from tests.anonymity.cohorts import published

CODEBOOK = Codebook(
    (
        ItemCode("1", "numeric", (1, 2, 3, 4, 5), dont_know=True),
        ItemCode("2", "numeric", (1, 2, 3, 4, 5)),
    )
)


def _build(people, answers, spec):
    frame = pl.DataFrame(people, schema=["wave", "organisation", "role"], orient="row")
    fine = frame.group_by(frame.columns, maintain_order=True).agg(pl.len().alias("respondents"))
    index = frame.join(fine.with_row_index("f"), on=frame.columns, maintain_order="left")[
        "f"
    ].to_numpy()
    counts = count_codes(np.asarray(answers, dtype=np.uint8), index, fine.height, spec.codebook)
    return analyse(fine.drop([]), counts, spec)


def test_mean_sd_and_distribution_leave_vet_ej_out():
    spec = AnalysisSpec(CODEBOOK, (AttributeSpec("role"),), split="role", k=3)
    people = [("w", "A", "ledning")] * 5
    answers = [
        [FIRST_STEP + 4, FIRST_STEP],
        [FIRST_STEP + 2, FIRST_STEP],
        [DONT_KNOW, FIRST_STEP],
        [FIRST_STEP, FIRST_STEP],
        [0, FIRST_STEP],
    ]
    a = _build(people, answers, spec)
    everyone = a.cell("w", {})
    assert a.n[0, everyone] == 3  # 5, 3 and 1; "vet ej" and the blank are not in n
    assert a.dont_know[0, everyone] == 1
    assert a.blank[0, everyone] == 1
    assert a.mean[0, everyone] == pytest.approx(3.0)
    assert a.sd[0, everyone] == pytest.approx(2.0)
    assert a.steps[0, everyone, :5].tolist() == [1, 0, 1, 0, 1]


def test_theme_pools_its_statements():
    spec = AnalysisSpec(
        CODEBOOK, (AttributeSpec("role"),), (ThemeSpec("T", (0, 1)),), split="role", k=3
    )
    people = [("w", "A", "ledning")] * 3
    answers = [
        [FIRST_STEP + 4, FIRST_STEP],
        [FIRST_STEP + 4, FIRST_STEP],
        [FIRST_STEP + 4, FIRST_STEP],
    ]
    a = _build(people, answers, spec)
    cell = a.cell("w", {})
    assert a.theme_n[0, cell] == 6
    assert a.theme_mean[0, cell] == pytest.approx(3.0)


def test_cells_cover_everyone_each_value_and_organisation_by_role():
    spec = AnalysisSpec(CODEBOOK, (AttributeSpec("role"),), split="role", k=3)
    people = [("w", "A", "ledning")] * 4 + [("w", "A", "stöd")] * 4 + [("w", "B", "")] * 4
    a = _build(people, [[FIRST_STEP, FIRST_STEP]] * 12, spec)
    groups = a.groups
    assert {} in groups
    assert {"organisation": "A"} in groups and {"organisation": "B"} in groups
    assert {"role": "ledning"} in groups and {"role": None} in groups
    assert {"organisation": "A", "role": "stöd"} in groups
    # Every combination has a cell, answered or not: which groups are empty is not
    # told by a cell's absence.
    assert {"organisation": "B", "role": "ledning"} in groups
    empty = a.cell("w", {"organisation": "B", "role": "ledning"})
    assert a.respondents[empty] == 0


def test_an_open_waves_results_are_not_computed():
    spec = AnalysisSpec(
        CODEBOOK, (AttributeSpec("role"),), split="role", k=3, open_waves=frozenset({"b"})
    )
    people = [("a", "A", "ledning")] * 6 + [("b", "A", "ledning")] * 6
    a = _build(people, [[FIRST_STEP + 2, FIRST_STEP + 1]] * 12, spec)
    closed, open_ = a.cell("a", {}), a.cell("b", {})
    assert a.n[0, closed] == 6 and a.mean[0, closed] == 3.0
    assert a.respondents[open_] == 6  # counted ...
    assert a.n[:, open_].tolist() == [0, 0]  # ... but no result exists
    assert np.isnan(a.mean[:, open_]).all()
    assert (a.code[:, open_] > 0).all() and (a.theme_code[:, open_] > 0).all()


def test_selected_organisations_are_summed_and_protected_like_any_group():
    spec = AnalysisSpec(
        CODEBOOK,
        (AttributeSpec("role"), AttributeSpec("urval", "organisation")),
        split="role",
        k=5,
        org_values={"urval": {"A": "ja", "B": "ja", "C": "nej"}},
    )
    people = (
        [("w", "A", "ledning")] * 6
        + [("w", "A", "stöd")] * 2
        + [("w", "B", "ledning")] * 7
        + [("w", "B", "stöd")] * 6
        + [("w", "C", "ledning")] * 9
        + [("w", "C", "stöd")] * 8
    )
    rng = np.random.default_rng(3)
    answers = rng.integers(FIRST_STEP, FIRST_STEP + 5, size=(len(people), 2))
    a = _build(people, answers, spec)
    selected = a.cell("w", {"urval": "ja"})
    assert a.respondents[selected] == 21
    assert audit(summary(published(a))) == []
    assert a.code[0, a.cell("w", {"organisation": "A", "role": "stöd"})] != 0


def test_changes_between_waves_carry_a_confidence_interval():
    spec = AnalysisSpec(CODEBOOK, (AttributeSpec("role"),), split="role", k=3, waves=("a", "b"))
    people = [("a", "A", "ledning")] * 10 + [("b", "A", "ledning")] * 10
    answers = [[FIRST_STEP + i % 3, FIRST_STEP] for i in range(10)] + [
        [FIRST_STEP + 2 + i % 3, FIRST_STEP] for i in range(10)
    ]
    a = _build(people, answers, spec)
    frame = a.changes("a", "b").filter(pl.col("key") == "", pl.col("item") == 0)
    row = frame.row(0, named=True)
    assert row["diff"] == pytest.approx(2.0)
    assert row["low"] < 2.0 < row["high"]
    assert not row["hidden"]


def test_vet_ej_does_not_count_towards_k():
    # Organisation A: four "vet ej" and one "5" on statement 1. Five answers, but the mean
    # would be that one person's answer: hidden with its "vet ej" count, and B as the
    # complement (else everyone minus B gives A).
    spec = AnalysisSpec(CODEBOOK, k=5)
    people = [("w", "A", "")] * 5 + [("w", "B", "")] * 9
    answers = [[DONT_KNOW, FIRST_STEP]] * 4 + [[FIRST_STEP + 4, FIRST_STEP]]
    answers += [[FIRST_STEP + 2, FIRST_STEP]] * 9
    a = _build(people, answers, spec)
    org_a, org_b = a.cell("w", {"organisation": "A"}), a.cell("w", {"organisation": "B"})
    assert a.n[0, org_a] == 1 and a.dont_know[0, org_a] == 4
    assert a.code[0, org_a] == PRIMARY
    assert a.code[0, org_b] == COMPLEMENTARY
    assert a.code[0, a.cell("w", {})] == 0
    assert not a.code[1].any()  # statement 2 has five real answers in A
    assert audit(summary(published(a))) == []


def test_a_group_of_vet_ej_only_is_hidden_whole():
    spec = AnalysisSpec(CODEBOOK, k=3)
    people = [("w", "A", "")] * 3 + [("w", "B", "")] * 4 + [("w", "C", "")] * 4
    answers = [[DONT_KNOW, FIRST_STEP]] * 3 + [[FIRST_STEP + 1, FIRST_STEP]] * 8
    a = _build(people, answers, spec)
    assert a.code[0, a.cell("w", {"organisation": "A"})] == PRIMARY
    assert audit(summary(published(a))) == []
