"""`kompass survey summary --format json`: the shape the issue gives, one suppression
pattern, nothing derivable."""

import json
from io import StringIO

import numpy as np
from django.core.management import call_command

from kompass.analytics.suppression import derivable
from kompass.surveys.domain.results import summary, survey_results


def _summary(slug, *args):
    out = StringIO()
    call_command("survey", "summary", slug, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_summary_has_the_issues_shape(subtraction_survey):
    data = _summary("liten")
    assert data["survey"] == "liten"
    assert [w["code"] for w in data["waves"]] == ["2024-10"]
    assert data["items"] == [
        {"code": "1", "text": "Första påståendet.", "theme": "A"},
        {"code": "2", "text": "Andra påståendet.", "theme": "A"},
    ]
    keys = {"wave", "item", "group", "n", "mean", "sd", "dist", "dont_know", "suppressed"}
    assert all(set(c) == keys for c in data["cells"])
    groups = [c["group"] for c in data["cells"] if c["item"] == "1"]
    assert {} in groups
    assert {"organisation": "2029"} in groups  # municipality code, not name
    assert {"role": "ledning"} in groups and {"role": "stöd"} in groups
    assert {"organisation": "2031", "role": "stöd"} in groups


def test_shown_cell_has_figures_and_distribution(subtraction_survey):
    cell = next(c for c in _summary("liten")["cells"] if c["group"] == {} and c["item"] == "2")
    assert cell["suppressed"] is None
    assert cell["n"] + cell["dont_know"] == 41
    assert cell["dont_know"] == 5
    assert abs(sum(cell["dist"].values()) - 1) < 1e-3
    assert set(cell["dist"]) == {"1", "2", "3", "4", "5"}


def test_subtraction_case_hides_stod_and_a_complement(subtraction_survey):
    cells = {
        (c["item"], json.dumps(c["group"], sort_keys=True)): c for c in _summary("liten")["cells"]
    }
    stod = cells[("1", json.dumps({"organisation": "2029", "role": "stöd"}, sort_keys=True))]
    assert stod["suppressed"] == "few_answers"
    assert stod["mean"] is None and stod["sd"] is None and stod["dist"] is None
    total = cells[("1", json.dumps({"organisation": "2029"}, sort_keys=True))]
    ledning = cells[("1", json.dumps({"organisation": "2029", "role": "ledning"}, sort_keys=True))]
    assert "complementary" in (total["suppressed"], ledning["suppressed"])


def test_no_hidden_cell_can_be_computed_from_the_shown_ones(lfr_survey):
    a = survey_results(lfr_survey).analysis
    for item in range(a.n.shape[0]):
        known = (a.code[item] == 0) | (a.n[item] + a.dont_know[item] == 0)
        assert not derivable(known, a.relations).any(), f"statement {item + 1} leaks"
    assert (a.code > 0).any()


def test_organisation_member_summary_is_limited_to_its_organisation(subtraction_survey):
    data = summary(survey_results(subtraction_survey), organisations={"2029"})
    organisations = {c["group"].get("organisation") for c in data["cells"]} - {None}
    assert organisations == {"2029"}
    assert any(c["group"] == {} for c in data["cells"])


def test_summary_cells_match_the_analysis_arrays(subtraction_survey):
    results = survey_results(subtraction_survey)
    data = summary(results)
    a = results.analysis
    shown = [c for c in data["cells"] if c["item"] == "1" and c["mean"] is not None]
    for c in shown:
        cell = results.cell(c["wave"], c["group"])
        assert c["mean"] == round(float(a.mean[0, cell]), 4)
        assert np.isclose(c["sd"], a.sd[0, cell], atol=1e-4)
