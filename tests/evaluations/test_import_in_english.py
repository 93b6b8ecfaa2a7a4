"""An evaluation file's problems, shown on the import page, are in the reader's language:
an English-speaking evaluator sees English messages and no Swedish interface words."""

from django.core.files.uploadedfile import SimpleUploadedFile

from kompass.evaluations.models import Evaluation
from tests.evaluations.conftest import evaluation_yaml
from tests.test_languages_complete import SWEDISH, Checker, interface_text


def test_evaluation_file_problems_in_english(base_data, cast, client_for):
    cast["evaluator"].language = "en"
    cast["evaluator"].save(update_fields=["language"])
    text = evaluation_yaml(date='"2024-13-40"', status="klar", colour="blå", scores="[1]")
    upload = SimpleUploadedFile("fel.yaml", text.encode())
    response = client_for(cast["evaluator"]).post("/utvarderingar/importera/", {"file": upload})
    page = response.content.decode()
    assert "“2024-13-40” is not a date (write YYYY-MM-DD)" in page
    assert "unknown status “klar” (choose" in page
    assert "unknown field “colour” (allowed:" in page
    assert "“scores” must be a mapping from subarea code to score" in page
    assert not Evaluation.objects.exists()
    assert Checker(SWEDISH)(interface_text(page)) == []


def test_unreadable_yaml_and_json_files_in_english(base_data, cast, client_for):
    """kompass.lib's YAML and JSON loading say their problems in the reader's language."""
    cast["evaluator"].language = "en"
    cast["evaluator"].save(update_fields=["language"])
    client = client_for(cast["evaluator"])
    cases = [
        ("fel.yaml", evaluation_yaml(date="2024-13-40"), "the file contains a value that cannot"),
        ("fel.yaml", "format: [kompass\n", "the file is not valid YAML ("),
        ("fel.json", '{"format": ', "the file is not valid JSON ("),
        ("fel.json", "[" * 100 + "]" * 100, "the file is nested more than"),
    ]
    for name, text, expected in cases:
        upload = SimpleUploadedFile(name, text.encode())
        page = client.post("/utvarderingar/importera/", {"file": upload}).content.decode()
        assert expected in page, name
        assert Checker(SWEDISH)(interface_text(page)) == [], name
