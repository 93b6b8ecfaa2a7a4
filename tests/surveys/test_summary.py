"""`kompass survey summary --format json`: the shape the issue gives, one suppression
pattern, nothing derivable."""

import json
from io import StringIO

import numpy as np
from django.core.management import call_command

from kompass.surveys.domain.results import summary, survey_results


def _summary(slug, *args):
    out = StringIO()
    call_command("survey", "summary", slug, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_summary_has_the_issues_shape(subtraction_survey):
    data = _summary("liten")
    assert data["survey"] == "liten"
    assert [w["code"] for w in data["waves"]] == ["2024-10"]
    scale = ["1", "2", "3", "4", "5"]
    assert data["items"] == [
        {
            "code": "1",
            "text": "Första påståendet.",
            "theme": "A",
            "steps": scale,
            "dont_know": True,
        },
        {"code": "2", "text": "Andra påståendet.", "theme": "A", "steps": scale, "dont_know": True},
    ]
    assert data["text_items"] == [{"code": "kommentar", "text": "Något mer?"}]
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
    assert stod["suppressed"] == "hidden"
    assert stod["n"] is None  # not even the number of answers
    assert stod["mean"] is None and stod["sd"] is None and stod["dist"] is None
    total = cells[("1", json.dumps({"organisation": "2029"}, sort_keys=True))]
    ledning = cells[("1", json.dumps({"organisation": "2029", "role": "ledning"}, sort_keys=True))]
    assert "hidden" in (total["suppressed"], ledning["suppressed"])


def test_hidden_groups_show_fewer_than_k_respondents_never_the_number(subtraction_survey):
    data = _summary("liten")
    groups = {json.dumps(g["group"], sort_keys=True): g for g in data["groups"]}
    stod = groups[json.dumps({"organisation": "2029", "role": "stöd"}, sort_keys=True)]
    assert stod["respondents"] is None
    assert stod["respondents_suppressed"] == "few_respondents"
    assert all(
        g["respondents"] is None or g["respondents"] == 0 or g["respondents"] >= 5
        for g in data["groups"]
    )
    hidden_themes = [t for t in data["theme_cells"] if t["suppressed"]]
    assert hidden_themes and all(t["n"] is None for t in hidden_themes)


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


def test_a_mean_of_fewer_than_k_real_answers_is_never_shown(tiny_survey):
    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.importing import import_responses
    from kompass.surveys.report import build_organisation_report
    from tests.surveys.conftest import TINY_HEADER, close_waves, csv_file

    # Leksand: five answers on statement 1, but four of them "vet ej": its mean would be
    # the one person's "5".
    rows = [[f"l{i}", "2024-10", "2029", "ledning", "vet ej", "3", ""] for i in range(4)]
    rows += [["l4", "2024-10", "2029", "ledning", "5", "3", ""]]
    rows += [[f"r{i}", "2024-10", "2031", "ledning", "2", "3", ""] for i in range(9)]
    import_responses(survey=tiny_survey, content=csv_file(rows, TINY_HEADER), filename="x.csv")
    close_waves(tiny_survey)
    cells = [c for c in _summary("liten")["cells"] if c["item"] == "1"]
    leksand = next(c for c in cells if c["group"] == {"organisation": "2029"})
    assert leksand["n"] is None and leksand["suppressed"] == "hidden"
    assert leksand["mean"] is None and leksand["dist"] is None and leksand["dont_know"] is None
    shown = [c for c in cells if c["suppressed"] is None and c["n"] is not None and c["n"]]
    assert all(c["n"] >= 5 for c in shown)
    assert all(c["mean"] != 5.0 for c in cells)
    statement_2 = next(
        c
        for c in _summary("liten")["cells"]
        if c["item"] == "2" and c["group"] == {"organisation": "2029"}
    )
    assert statement_2["mean"] == 3.0  # five real answers: shown
    report = build_organisation_report(tiny_survey, Organisation.objects.get(code="2029"))
    table = next(t for t in report.tables() if t.caption.startswith("Genomsnitt per påstående"))
    assert table.rows[0][1].display == "dolt"


def test_changes_on_pages_equal_the_summary(lfr_survey):
    results = survey_results(lfr_survey)
    data = summary(results)
    checked = 0
    for change in data["changes"]:
        if change["group"] not in ({}, {"urval": "ja"}, {"role": "stöd"}):
            continue
        position = results.item_position(change["item"])
        page = results.change(position, change["from"], change["to"], change["group"])
        assert page.hidden == (change["diff"] is None)
        if not page.hidden:
            assert round(page.diff, 4) == change["diff"]
            assert [round(page.low, 4), round(page.high, 4)] == change["ci95"]
            checked += 1
    assert checked > 40
