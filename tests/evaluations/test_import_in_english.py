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
