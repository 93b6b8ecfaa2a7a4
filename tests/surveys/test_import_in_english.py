"""An answer file's problems, shown on the import page, are in the reader's language:
an English-speaking evaluator sees English messages and no Swedish interface words."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.surveys.conftest import TINY_HEADER, csv_file
from tests.test_languages_complete import SWEDISH, Checker, interface_text


def test_answer_file_problems_in_english(client_for, cast, tiny_survey):
    tiny_survey.owners.add(cast["evaluator"])
    cast["evaluator"].language = "en"
    cast["evaluator"].save(update_fields=["language"])
    client = client_for(cast["evaluator"])
    bad = csv_file(
        [
            ["", "hösten", "2029", "ledning", "1", "", ""],
            ["b", "2024-10", "", "kanslist", "99", "", ""],
        ],
        TINY_HEADER,
    )
    response = client.post(
        reverse("surveys:import", args=["liten"]), {"file": SimpleUploadedFile("svar.csv", bad)}
    )
    page = response.content.decode()
    assert "respondent id missing" in page
    assert "unknown wave “hösten”" in page
    assert "a new wave is given as YYYY, YYYY-MM or YYYY-MM-DD" in page
    assert "organisation missing" in page
    assert "“kanslist” is not an option for" in page
    assert "“99” is not an answer on the scale" in page
    assert Checker(SWEDISH)(interface_text(page)) == []


def test_table_reading_problems_in_english(client_for, cast, tiny_survey):
    """kompass.lib's table reading says its problems in the reader's language."""
    tiny_survey.owners.add(cast["evaluator"])
    cast["evaluator"].language = "en"
    cast["evaluator"].save(update_fields=["language"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:import", args=["liten"])
    short = csv_file([["a", "2024-10", "2029"]], TINY_HEADER)
    mixed = "respondent;wave\nö;2024-10\n".encode() + "ö;x\n".encode("cp1252")
    cases = [
        (short, "the row has 3 fields but the header row has 7; the column “role”"),
        (b"\n", "the file is empty or has no header row"),
        (mixed, "the file mixes character encodings"),
    ]
    for content, expected in cases:
        page = client.post(url, {"file": SimpleUploadedFile("svar.csv", content)}).content
        page = page.decode()
        assert expected in page
        assert Checker(SWEDISH)(interface_text(page)) == [], expected


def _xlsx(rows: list[list[object]]) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_broken_files_and_spreadsheets_in_english(client_for, cast, tiny_survey):
    """A broken character, UTF-8 read as Windows-1252, an unreadable XLSX and a value in
    too wide a column: kompass.lib's reasons in the reader's language."""
    from kompass.lib.tables import MAX_COLUMNS

    tiny_survey.owners.add(cast["evaluator"])
    cast["evaluator"].language = "en"
    cast["evaluator"].save(update_fields=["language"])
    client = client_for(cast["evaluator"])
    url = reverse("surveys:import", args=["liten"])
    cases = [
        ("svar.csv", b"respondent;wave\na\x81;2024-10\n", "the character 0x81 is neither UTF-8"),
        (
            "svar.csv",
            "respondent;wave\né;2024-10\nÃ¶;2024-10\n".encode("cp1252"),
            "looks like UTF-8 read as Windows-1252: the file mixes character encodings",
        ),
        ("svar.xlsx", b"PK\x03\x04 no spreadsheet", "the file cannot be read as XLSX ("),
        (
            "svar.xlsx",
            _xlsx([["respondent"], [None] * MAX_COLUMNS + ["x"]]),
            "at most 2,000 columns are accepted",
        ),
    ]
    for name, content, expected in cases:
        page = client.post(url, {"file": SimpleUploadedFile(name, content)}).content.decode()
        assert expected in page, expected
        assert Checker(SWEDISH)(interface_text(page)) == [], expected
