"""The disclosure audit: a determined analyst combines every table published for a survey
and wave (all groupings, the cohort report, every organisation's feedback report, the
API, the command line) with the sums between groups and whole counts >= 0, and tries to
pin down a hidden group's size, a hidden cell's n or its distribution. The auditor
(`auditor.py`) is separate code that reads only what is published."""

import json
import time
from io import StringIO

import pytest
from django.core.management import call_command

from kompass.surveys.domain.results import summary, survey_results
from tests.anonymity.auditor import audit
from tests.anonymity.cohorts import random_cohort
from tests.conftest import make_user


def _group(group: dict) -> str:
    return json.dumps(group, sort_keys=True, ensure_ascii=False)


def _published(k=5):
    """A hand-made publication with the issue's leak: Norrköping has 7 respondents, 6 of
    them in "stöd" (all answered 2); the seventh stated no role and is shown only as
    "fewer than k". Everyone answered 2 but one person, who answered 3."""
    groups = [
        ({}, 7, None),
        ({"organisation": "0581"}, 7, None),
        ({"organisation": "0581", "role": "stöd"}, 6, None),
        ({"organisation": "0581", "role": None}, None, "few_respondents"),
        ({"role": "stöd"}, 6, None),
        ({"role": None}, None, "few_respondents"),
    ]
    cells = [
        ({}, 7, {"1": 0.0, "2": 0.8571, "3": 0.1429}),
        ({"organisation": "0581"}, 7, {"1": 0.0, "2": 0.8571, "3": 0.1429}),
        ({"organisation": "0581", "role": "stöd"}, 6, {"1": 0.0, "2": 1.0, "3": 0.0}),
        ({"organisation": "0581", "role": None}, None, None),
        ({"role": "stöd"}, 6, {"1": 0.0, "2": 1.0, "3": 0.0}),
        ({"role": None}, None, None),
    ]
    return {
        "min_group": k,
        "attributes": [{"code": "role", "level": "respondent"}],
        "organisations": [{"code": "0581", "values": {}}],
        "items": [{"code": "1", "steps": ["1", "2", "3"]}],
        "groups": [
            {"wave": "w", "group": g, "respondents": r, "respondents_suppressed": why}
            for g, r, why in groups
        ],
        "cells": [
            {
                "wave": "w",
                "item": "1",
                "group": g,
                "n": n,
                "dist": dist,
                "dont_know": None if n is None else 0,
                "suppressed": None if n is not None else "hidden",
            }
            for g, n, dist in cells
        ],
    }


def test_the_auditor_pins_down_a_one_person_group_and_its_answer():
    findings = {(f.what, f.group, f.kind): f.value for f in audit(_published())}
    lone = _group({"organisation": "0581", "role": None})
    assert findings[("respondents", lone, "respondents")] == 1
    assert findings[("1", lone, "n")] == 1
    assert findings[("1", lone, "distribution")] in ("3", [0, 0, 1])


def test_the_auditor_uses_whole_numbers_where_linear_algebra_cannot():
    # Hide the organisation's total too: total 7 = stöd 6 + x with x in 1..4 is still one
    # value because x is a whole number >= 1 and everyone (7) = stöd (6) + not stated.
    data = _published()
    for row in data["groups"] + data["cells"]:
        if row["group"] == {"organisation": "0581"}:
            if "respondents" in row:
                row["respondents"], row["respondents_suppressed"] = None, "hidden"
            else:
                row["n"], row["dist"], row["suppressed"] = None, None, "hidden"
    kinds = {(f.group, f.kind) for f in audit(data)}
    assert (_group({"organisation": "0581", "role": None}), "distribution") in kinds


def test_the_auditor_sees_a_homogeneous_hidden_group():
    # Everyone in the organisation answered 2: a hidden part of it did so too.
    data = _published()
    for row in data["cells"]:
        if row["dist"]:
            row["dist"] = {"1": 0.0, "2": 1.0, "3": 0.0}
    for row in data["groups"] + data["cells"]:
        if row["group"] in ({"organisation": "0581", "role": "stöd"}, {"role": "stöd"}):
            if "respondents" in row:
                row["respondents"], row["respondents_suppressed"] = None, "hidden"
            else:
                row["n"], row["dist"], row["suppressed"] = None, None, "hidden"
    found = [f for f in audit(data) if f.kind == "distribution"]
    assert {f.value for f in found} == {"2"}


def _cli_summary(slug: str) -> dict:
    out = StringIO()
    call_command("survey", "summary", slug, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_lfr_demo_publishes_nothing_that_can_be_pinned_down(lfr_survey):
    data = _cli_summary(lfr_survey.slug)
    hidden = [c for c in data["cells"] if c["suppressed"]]
    assert len(hidden) > 1000
    assert all(c["n"] is None and c["dist"] is None for c in hidden)
    started = time.perf_counter()
    assert audit(data) == []
    tables, cells, hidden_cells = _tables_and_cells(data)
    print(
        f"\nLfR demo: {tables:,} tables, {cells:,} published cells, {hidden_cells:,} hidden, "
        f"0 determined, {time.perf_counter() - started:.1f} s"
    )
    # The example: wave 2012-10, statement 1, Norrköping's one respondent who
    # stated no role (that person answered 6).
    lone = next(
        c
        for c in data["cells"]
        if c["wave"] == "2012-10"
        and c["item"] == "1"
        and c["group"] == {"organisation": "0581", "role": None}
    )
    assert lone["suppressed"] == "hidden" and lone["n"] is None
    size = next(
        g
        for g in data["groups"]
        if g["wave"] == "2012-10" and g["group"] == {"organisation": "0581", "role": None}
    )
    assert size["respondents"] is None and size["respondents_suppressed"] == "few_respondents"


@pytest.mark.slow  # a summary per organisation of the demo (~15 s)
def test_the_api_publishes_the_same_and_each_organisation_a_part_of_it(lfr_survey, client):
    owner = make_user("enkatagare", evaluator=True)
    lfr_survey.owners.add(owner)
    client.force_login(owner)
    api = client.get(f"/api/surveys/{lfr_survey.slug}/summary").json()
    assert api == summary(survey_results(lfr_survey))
    assert audit(api) == []
    full = {(c["wave"], c["item"], _group(c["group"])): c for c in api["cells"]}
    results = survey_results(lfr_survey)
    for code in results.cohort:
        # What an organisation's members get: its own cells and the cohort's, each the
        # same as in the owner's answer (nothing a member sees is outside the audit).
        own = summary(results, organisations={code})
        for cell in own["cells"]:
            assert full[(cell["wave"], cell["item"], _group(cell["group"]))] == cell


def _tables_and_cells(data: dict) -> tuple[int, int, int]:
    """(tables, published cells, hidden cells) of a summary: a table is one wave, one
    grouping and one figure (the respondents, a statement, a free-text question)."""
    tables = set()
    cells = hidden = 0
    for rows, what in ((data["groups"], None), (data["cells"], "item"), (data["comments"], "item")):
        for row in rows:
            tables.add((row["wave"], tuple(sorted(row["group"])), row[what] if what else "-"))
            cells += 1
            hidden += bool(row.get("suppressed") or row.get("respondents_suppressed"))
    return len(tables), cells, hidden


def test_random_cohorts_leave_nothing_to_pin_down():
    """8 random cohorts (seeded): organisations of 1 to 60, three roles, two waves, with
    and without blanks and "vet ej", some with a selection attribute or an open wave.
    (200 more in the slow lane.)"""
    for seed in range(8):
        data, _results = random_cohort(seed)
        assert audit(data) == [], f"cohort {seed}"


@pytest.mark.slow
def test_two_hundred_random_cohorts_leave_nothing_to_pin_down():
    started = time.perf_counter()
    tables = cells = hidden = opened = 0
    for seed in range(200):
        data, _results = random_cohort(1000 + seed)
        findings = audit(data)
        assert findings == [], f"cohort {1000 + seed}: {findings[:3]}"
        t, c, h = _tables_and_cells(data)
        tables, cells, hidden = tables + t, cells + c, hidden + h
        opened += any(w["open"] for w in data["waves"])
    print(
        f"\n200 random cohorts ({opened} with an open wave): {tables:,} tables, "
        f"{cells:,} published cells, {hidden:,} hidden, 0 determined, "
        f"{time.perf_counter() - started:.1f} s"
    )
    assert hidden > 10_000 and opened > 20
