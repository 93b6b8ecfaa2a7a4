"""`kompass evaluation import|show|list|export` and every bad input the issue names."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from kompass.audit.models import AuditEntry
from kompass.evaluations.models import Evaluation, SubareaScore
from tests.evaluations.conftest import LEKSAND_TEXT, evaluation_yaml
from tests.trail import entries_of, history

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path, text, name="utv.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_leksand_prints_the_id_and_shows_412(base_data, tmp_path):
    new_id = int(run("evaluation", "import", write(tmp_path, LEKSAND_TEXT)).strip())
    shown = json.loads(run("evaluation", "show", str(new_id), "--format", "json"))
    assert shown["organisation"] == {"code": "2029", "name": "Leksand"}
    assert shown["framework"] == "kommunkompassen-2020"
    assert shown["date"] == "2023-11-23"
    assert shown["total"] == {"score": 412, "shown": 412, "max": 800}
    assert [a["shown"] for a in shown["areas"]] == [52, 57, 54, 48, 52, 48, 48, 53]
    assert shown["areas"][1]["subareas"][0] == {
        "code": "2.1",
        "name": "Strategiskt arbete",
        "score": 7,
        "shown": 7,
        "max": 15,
    }


def test_list_json_has_id_organisation_framework_date_status(leksand_2023):
    rows = json.loads(run("evaluation", "list", "--format", "json"))
    assert rows == [
        {
            "id": leksand_2023.pk,
            "organisation": {"code": "2029", "name": "Leksand"},
            "framework": "kommunkompassen-2020",
            "date": "2023-11-23",
            "status": "published",
            "example": False,
        }
    ]


def test_fractional_scores_show_parts_that_add_up(base_data, tmp_path):
    text = evaluation_yaml(scores='{"4.1": 6.5, "4.2": 6.5, "4.3": "7,5", "4.4": 7.4, "4.5": 12.6}')
    new_id = int(run("evaluation", "import", write(tmp_path, text)).strip())
    shown = json.loads(run("evaluation", "show", str(new_id), "--format", "json"))
    area = shown["areas"][3]
    assert area["score"] == 40.5
    assert sum(s["shown"] for s in area["subareas"]) == area["shown"]
    assert sum(a["shown"] for a in shown["areas"]) == shown["total"]["shown"]
    assert all(abs(s["shown"] - (s["score"] or 0)) < 1 for s in area["subareas"])


BAD_INPUTS = [
    (
        "score above max",
        evaluation_yaml(scores='{"1.1": 21}'),
        "rad 6, fält ”scores.1.1”: poängen 21,00 är högre än maxpoängen 20 för 1.1 Strategi för demokratiutveckling och information",
    ),
    (
        "score below zero",
        evaluation_yaml(scores='{"1.2": -1}'),
        "fält ”scores.1.2”: poängen −1,00 är mindre än 0",
    ),
    (
        "unknown sub-area",
        evaluation_yaml(scores='{"9.9": 3}'),
        "fält ”scores.9.9”: okänt delområde ”9.9” i Kommunkompassen 2020",
    ),
    (
        "unknown framework",
        evaluation_yaml(framework="kommunkompassen-1999"),
        "rad 2, fält ”framework”: okänt ramverk ”kommunkompassen-1999”",
    ),
    (
        "unknown organisation",
        evaluation_yaml(organisation="Atlantis"),
        "rad 3, fält ”organisation”: okänd organisation ”Atlantis”",
    ),
    (
        "future date",
        evaluation_yaml(date="2999-01-01"),
        "rad 4, fält ”date”: datumet 2999-01-01 ligger i framtiden",
    ),
    (
        "not a date",
        evaluation_yaml(date="igår"),
        "fält ”date”: ”igår” är inget datum (skriv ÅÅÅÅ-MM-DD)",
    ),
    ("malformed yaml", evaluation_yaml(scores='{"1.1": 3'), "rad 7: filen är inte giltig YAML"),
    (
        "non-numeric score",
        evaluation_yaml(scores='{"1.1": "mycket"}'),
        "fält ”scores.1.1”: ”mycket” är inte ett tal",
    ),
    (
        "unknown area",
        evaluation_yaml(areas='{"9": {"analysis": "x"}}'),
        "fält ”areas.9”: okänt område ”9”",
    ),
    ("unknown field", evaluation_yaml(betyg="5"), "fält ”betyg”: okänt fält ”betyg”"),
]


@pytest.mark.parametrize(("case", "text", "message"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_refused_with_a_swedish_message_and_nothing_stored(
    base_data, tmp_path, case, text, message
):
    with pytest.raises(CommandError) as info:
        run("evaluation", "import", write(tmp_path, text))
    assert "inget sparades" in str(info.value)
    assert message in str(info.value)
    assert Evaluation.objects.count() == 0
    assert SubareaScore.objects.count() == 0


def test_bad_file_reports_every_problem_at_once(base_data, tmp_path):
    text = evaluation_yaml(scores='{"1.1": 25, "1.2": -3, "7.7": 1}')
    with pytest.raises(CommandError) as info:
        run("evaluation", "import", write(tmp_path, text))
    assert str(info.value).count("scores.") == 3


def test_published_import_needs_every_score(base_data, tmp_path):
    with pytest.raises(
        CommandError, match="en publicerad utvärdering behöver poäng för alla delområden"
    ):
        run(
            "evaluation",
            "import",
            write(tmp_path, evaluation_yaml(status="published", scores='{"1.1": 3}')),
        )


def test_importing_the_same_file_twice_is_refused(base_data, tmp_path):
    path = write(tmp_path, LEKSAND_TEXT)
    first = run("evaluation", "import", path).strip()
    with pytest.raises(
        CommandError, match=rf"\(id {first}\) \(samma fil\); ersätt den med --replace"
    ):
        run("evaluation", "import", path)
    assert Evaluation.objects.count() == 1


def test_replace_updates_the_evaluation_and_keeps_the_audit_trail(base_data, tmp_path):
    first = int(run("evaluation", "import", write(tmp_path, LEKSAND_TEXT)).strip())
    changed = LEKSAND_TEXT.replace('"1.1": 9', '"1.1": 10')
    assert '"1.1": 10' in changed
    second = int(
        run("evaluation", "import", write(tmp_path, changed, "ny.yaml"), "--replace").strip()
    )
    assert second == first
    evaluation = Evaluation.objects.get(pk=first)
    assert history(evaluation, "poäng 1.1") == [(None, "9", "10")]
    shown = json.loads(run("evaluation", "show", str(first), "--format", "json"))
    assert shown["total"]["shown"] == 413


def test_export_then_import_gives_the_same_evaluation(leksand_2023, tmp_path):
    exported = run("evaluation", "export", str(leksand_2023.pk), "--format", "json")
    before = json.loads(run("evaluation", "show", str(leksand_2023.pk), "--format", "json"))
    data = json.loads(exported)
    assert data["scores"]["8.4"] == 17
    assert (
        data["areas"]["1"]["strengths"][0]
        == "En resursstark befolkning med vilja att ha kontakt med kommunen"
    )
    leksand_2023.delete()
    new_id = int(run("evaluation", "import", write(tmp_path, exported, "export.json")).strip())
    after = json.loads(run("evaluation", "show", str(new_id), "--format", "json"))
    assert {**after, "id": None} == {**before, "id": None}
    yaml_text = run("evaluation", "export", str(new_id))
    assert yaml.safe_load(yaml_text)["framework"] == "kommunkompassen-2020"


def test_scores_export_to_xlsx(leksand_2023, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "poang.xlsx"
    run("evaluation", "scores", str(leksand_2023.pk), "--output", str(target))
    book = load_workbook(target)
    assert book.sheetnames == [f"Område {i}" for i in range(1, 9)] + ["Totalt"]
    rows = list(book["Område 1"].iter_rows(values_only=True))
    assert ("1.1 Strategi för demokratiutveckling och information", 9, 100 // 5) in rows
    assert ("Summa", 52, 100) in rows


def test_unknown_id_is_a_clear_error(base_data):
    with pytest.raises(CommandError, match="det finns ingen utvärdering med id 999"):
        run("evaluation", "show", "999")


@pytest.mark.slow
@pytest.mark.subprocess
def test_command_line_exits_non_zero_on_bad_input(tmp_path, set_up_data_dir):
    env = {**os.environ, "KOMPASS_DATA_DIR": str(set_up_data_dir), "DATABASE_URL": ""}
    env.pop("DATABASE_URL")
    kompass = [sys.executable, "-m", "kompass"]
    bad = write(tmp_path, evaluation_yaml(scores='{"1.1": 99}'))
    result = subprocess.run(
        [*kompass, "evaluation", "import", bad], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "högre än maxpoängen 20" in result.stderr
    good = write(tmp_path, LEKSAND_TEXT, "leksand.yaml")
    result = subprocess.run(
        [*kompass, "evaluation", "import", good], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip().isdigit()


def test_good_examples_must_be_a_list(base_data, tmp_path):
    with pytest.raises(CommandError, match="”good_examples” ska vara en lista"):
        run(
            "evaluation",
            "import",
            write(tmp_path, evaluation_yaml(areas='{"1": {"good_examples": 5}}')),
        )


def test_only_evaluation_frameworks_are_accepted(base_data, tmp_path):
    with pytest.raises(CommandError, match="okänt ramverk ”lfr-sjalvskattning”"):
        run(
            "evaluation", "import", write(tmp_path, evaluation_yaml(framework="lfr-sjalvskattning"))
        )


def test_replace_brings_evidence_status_and_example_in_line_with_the_file(base_data, tmp_path):
    first = evaluation_yaml(evidence='{"1.1": [{"source": "interview", "text": "Gammal"}]}')
    pk = int(run("evaluation", "import", write(tmp_path, first)).strip())
    second = evaluation_yaml(
        status="review", example="true", evidence='{"1.1": [{"source": "document", "text": "Ny"}]}'
    )
    run("evaluation", "import", write(tmp_path, second, "ny.yaml"), "--replace")
    evaluation = Evaluation.objects.get(pk=pk)
    assert list(evaluation.evidence.values_list("source", "text")) == [("document", "Ny")]
    assert (evaluation.status, evaluation.is_example) == ("review", True)
    fields = {key for e in entries_of(evaluation) for key in (*e.before, *e.after)}
    assert {"status", "exempeldata"} <= fields
    notes = AuditEntry.objects.filter(object_kind="evaluations.evidence", root_id=str(pk))
    assert sorted(notes.values_list("action", "object_label")) == [
        ("create", "underlag 1.1 (Styrdokument)"),
        ("delete", "underlag 1.1 (Intervju)"),
    ]


def test_good_example_of_an_organisation_without_code_round_trips(leksand_2023, tmp_path):
    from kompass.organisations.models import Organisation

    association = Organisation.objects.create(
        name="Samordningsförbundet Exempel", kind="association"
    )
    leksand_2023.good_examples.create(
        area_code="1", organisation=association, name=association.name, text="x"
    )
    exported = run("evaluation", "export", str(leksand_2023.pk))
    assert "organisation: Samordningsförbundet Exempel" in exported
    leksand_2023.delete()
    run("evaluation", "import", write(tmp_path, exported))
    assert Evaluation.objects.get().good_examples.filter(organisation=association).exists()
