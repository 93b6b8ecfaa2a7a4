"""Importing answers from CSV and XLSX: separators, encodings, "vet ej", blanks, waves
and organisations from the file; every error names row and column and stores nothing."""

import io

import pytest
from openpyxl import Workbook

from kompass.core.errors import InputError
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.results import survey_results
from kompass.surveys.models import Comment, Respondent
from tests.surveys.conftest import TINY_HEADER, close_waves, csv_file

ROWS = [
    ["a1", "2024-10", "2029", "ledning", "5", "4", "Bra."],
    ["a2", "2024-10", "Leksand", "Stöd", "VET EJ", "", ""],
    ["a3", "2024-10", "leksands kommun", "", "1", "Vet Ej", ""],
]


def _import(survey, content, name="svar.csv"):
    return import_responses(survey=survey, content=content, filename=name)


def _problems(exc_info):
    return [(p.row, p.column, p.message) for p in exc_info.value.problems]


def test_semicolon_windows_1252_file_imports(tiny_survey):
    content = "\n".join([";".join(TINY_HEADER)] + [";".join(r) for r in ROWS]).encode("cp1252")
    result = _import(tiny_survey, content)
    assert (result.respondents, result.encoding, result.separator) == (3, "Windows-1252", ";")
    assert result.waves_created == ["2024-10"]
    assert result.organisations_added == ["2029"]
    assert tiny_survey.waves.get().name == "Oktober 2024"
    assert Comment.objects.get().text == "Bra."


def test_comma_utf8_file_with_bom_imports(tiny_survey):
    content = b"\xef\xbb\xbf" + csv_file(ROWS, TINY_HEADER, sep=",")
    assert _import(tiny_survey, content).encoding == "UTF-8"
    assert Respondent.objects.count() == 3


def test_vet_ej_is_counted_and_blank_is_no_answer(tiny_survey):
    _import(tiny_survey, csv_file(ROWS, TINY_HEADER))
    results = survey_results(close_waves(tiny_survey))
    cell = results.cell("2024-10")
    stat = results.analysis
    assert stat.n[0, cell] == 2 and stat.dont_know[0, cell] == 1
    assert stat.n[1, cell] == 1 and stat.dont_know[1, cell] == 1 and stat.blank[1, cell] == 1
    assert stat.mean[0, cell] == pytest.approx(3.0)


def test_xlsx_file_imports(tiny_survey):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(TINY_HEADER)
    sheet.append(["x1", "2024-10", 2029, "ledning", 5, 3, None])
    sheet.append(["x2", "2024-10", "Rättvik", "stöd", "vet ej", 2, "Text"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(tiny_survey, buffer.getvalue(), "svar.xlsx")
    assert result.respondents == 2
    assert sorted(result.organisations_added) == ["2029", "2031"]


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        (
            ["b1", "2024-10", "2029", "ledning", "8", "", ""],
            "q1",
            "”8” är inget svar på skalan (heltal 1–5, ”vet ej” eller tomt)",
        ),
        (
            ["b1", "2024-10", "Atlantis", "ledning", "3", "", ""],
            "organisation",
            "okänd organisation ”Atlantis”",
        ),
        (["b1", "hösten", "2029", "ledning", "3", "", ""], "wave", "okänd omgång ”hösten”"),
        (
            ["b1", "2024-10", "2029", "chef", "3", "", ""],
            "role",
            "”chef” är inget alternativ för funktion",
        ),
        (["", "2024-10", "2029", "ledning", "3", "", ""], "respondent", "respondent-id saknas"),
    ],
)
def test_bad_value_is_refused_with_row_and_column(tiny_survey, row, column, expected):
    rows = [ROWS[0], row]
    with pytest.raises(InputError) as info:
        _import(tiny_survey, csv_file(rows, TINY_HEADER))
    problems = _problems(info)
    assert problems[0][0] == 3 and problems[0][1] == column
    assert problems[0][2].startswith(expected)
    assert Respondent.objects.count() == 0
    assert not tiny_survey.waves.exists()


def test_missing_column_is_refused(tiny_survey):
    header = [h for h in TINY_HEADER if h != "q2"]
    rows = [[v for h, v in zip(TINY_HEADER, r, strict=True) if h != "q2"] for r in ROWS]
    with pytest.raises(InputError) as info:
        _import(tiny_survey, csv_file(rows, header))
    assert _problems(info) == [(1, "q2", "kolumnen ”q2” saknas")]
    assert Respondent.objects.count() == 0


def test_broken_encoding_is_refused_with_its_row(tiny_survey):
    content = (
        b"respondent;wave;organisation;role;q1;q2;kommentar\n"
        b"z1;2024-10;2029;st\xc3\xb6d;1;;\n"  # "stöd" in UTF-8
        b"z2;2024-10;R\xe4ttvik;;1;;\n"  # "Rättvik" in Windows-1252
    )
    with pytest.raises(InputError) as info:
        _import(tiny_survey, content)
    problem = info.value.problems[0]
    assert problem.row == 3
    assert "blandar teckenkodningar" in problem.message
    assert Respondent.objects.count() == 0


def test_utf8_read_as_windows_1252_is_refused(tiny_survey):
    content = (
        b"respondent;wave;organisation;role;q1;q2;kommentar\n"
        b"z1;2024-10;R\xe4ttvik;;1;;\n"  # Windows-1252 first ...
        b"z2;2024-10;2029;st\xc3\xb6d;1;;\n"  # ... then UTF-8, which would read as "stÃ¶d"
    )
    with pytest.raises(InputError) as info:
        _import(tiny_survey, content)
    assert info.value.problems[0].row == 3
    assert "blandar teckenkodningar" in info.value.problems[0].message


def test_bytes_that_are_neither_encoding_are_refused(tiny_survey):
    content = b"respondent;wave;organisation;role;q1;q2;kommentar\nz1;2024-10;2029;\x81;1;;\n"
    with pytest.raises(InputError) as info:
        _import(tiny_survey, content)
    assert info.value.problems[0].row == 2


def test_any_error_stores_nothing_even_when_other_rows_are_good(tiny_survey):
    rows = [*ROWS, ["a4", "2024-10", "2029", "ledning", "9", "", ""]]
    with pytest.raises(InputError):
        _import(tiny_survey, csv_file(rows, TINY_HEADER))
    assert Respondent.objects.count() == Comment.objects.count() == 0
    assert not tiny_survey.members.exists()


def test_duplicate_respondent_in_file_and_second_import_are_refused(tiny_survey):
    with pytest.raises(InputError) as info:
        _import(tiny_survey, csv_file([ROWS[0], ROWS[0]], TINY_HEADER))
    assert _problems(info)[0][:2] == (3, "respondent")
    _import(tiny_survey, csv_file(ROWS, TINY_HEADER))
    with pytest.raises(InputError) as info:
        _import(tiny_survey, csv_file(ROWS, TINY_HEADER))
    assert "en fil importeras bara en gång" in _problems(info)[0][2]
    assert Respondent.objects.count() == 3


def test_vet_ej_where_the_scale_has_none_is_refused(lfr_survey):
    header = [
        "respondent",
        "wave",
        "organisation",
        "role",
        "in_management_group",
        *(f"q{i}" for i in range(1, 20)),
    ]
    row = ["n1", "2015-10", "Botkyrka", "ledning", "ja", "vet ej", *["4"] * 18]
    with pytest.raises(InputError) as info:
        import_responses(survey=lfr_survey, content=csv_file([row], header), filename="x.csv")
    assert _problems(info)[0][:2] == (2, "q1")
    assert "”vet ej” är inget svarsalternativ" in _problems(info)[0][2]


def test_ragged_row_is_refused(tiny_survey):
    content = csv_file(ROWS, TINY_HEADER) + b"a9;2024-10;2029;ledning;1;2;x;extra\n"
    with pytest.raises(InputError) as info:
        _import(tiny_survey, content)
    assert info.value.problems[0].row == 5


def test_respondent_ids_are_kept_only_as_keyed_hashes(tiny_survey, settings):
    rows = [
        ["anna.berg@leksand.se", "2024-10", "2029", "ledning", "5", "4", ""],
        ["E-10442", "2024-10", "2029", "stöd", "3", "2", ""],
    ]
    _import(tiny_survey, csv_file(rows, TINY_HEADER))
    keys = set(Respondent.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any("anna" in k or "10442" in k or "@" in k for k in keys)
    assert all(len(k) == 32 and int(k, 16) >= 0 for k in keys)  # 128 bits of HMAC, hex
    # The same person in a later wave gets an unrelated key (waves cannot be linked).
    later = [["anna.berg@leksand.se", "2025-05", "2029", "ledning", "4", "4", ""]]
    _import(tiny_survey, csv_file(later, TINY_HEADER))
    assert len(set(Respondent.objects.values_list("key", flat=True))) == 3
    # The keys depend on the secret: without it they cannot be recomputed from a list.
    settings.SECRET_KEY = "another secret"
    from kompass.surveys.domain.privacy import respondent_keys

    assert not set(respondent_keys(tiny_survey.pk, [("2024-10", "E-10442")])) & keys


def test_second_import_of_hashed_ids_is_still_refused_by_row(tiny_survey):
    _import(tiny_survey, csv_file(ROWS, TINY_HEADER))
    again = [["new", "2024-10", "2029", "ledning", "1", "", ""], ROWS[1]]
    with pytest.raises(InputError) as info:
        _import(tiny_survey, csv_file(again, TINY_HEADER))
    assert _problems(info) == [
        (
            3,
            "respondent",
            "respondent ”a2” finns redan i omgång 2024-10; en fil importeras bara en gång",
        )
    ]
    assert Respondent.objects.count() == 3


def test_import_reports_progress_as_rows_are_stored(tiny_survey):
    calls = []
    content = csv_file(ROWS, TINY_HEADER, sep=",")
    import_responses(
        survey=tiny_survey,
        content=content,
        filename="svar.csv",
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (3, 3)
