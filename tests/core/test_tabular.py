import pytest

from kompass.core.errors import InputError
from kompass.core.tabular import decode, is_xlsx, separator_of


def test_decode_reads_utf8_with_or_without_bom_and_windows_1252():
    assert decode("Växjö".encode()) == ("Växjö", "UTF-8")
    assert decode(b"\xef\xbb\xbf" + "Växjö".encode()) == ("Växjö", "UTF-8")
    assert decode("Växjö".encode("cp1252")) == ("Växjö", "Windows-1252")


def test_decode_refuses_mixed_encodings_naming_the_row():
    with pytest.raises(InputError) as info:
        decode("a\nÖrebro\n".encode() + "Växjö\n".encode("cp1252"), "fil.csv")
    assert info.value.problems[0].row == 3
    assert "blandar teckenkodningar" in info.value.problems[0].message


def test_separator_is_read_from_the_header():
    assert separator_of("a;b;c") == ";"
    assert separator_of("a,b,c") == ","
    assert separator_of("a\tb") == "\t"
    assert separator_of("ensam") == ","


def test_xlsx_is_recognised_by_name_or_content():
    assert is_xlsx(b"", "svar.XLSX")
    assert not is_xlsx(b"a;b\n1;2\n", "svar.csv")


def test_a_broken_xlsx_is_reported_as_one():
    from kompass.core.tabular import xlsx_rows

    assert is_xlsx(b"PK\x03\x04trasig", "svar.csv")
    with pytest.raises(InputError, match="kan inte läsas som XLSX"):
        list(xlsx_rows(b"PK\x03\x04trasig", "svar.csv"))
