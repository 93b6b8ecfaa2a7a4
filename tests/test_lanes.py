"""The fast lane stays fast: rendering a DOCX (or PDF) or starting a Python process in a
test without its marker fails that test, and the marked ones run as usual. The PostgreSQL
run takes the tests that use the database: they carry the marker `database`."""

import io
import subprocess
import sys

import pytest


def test_an_unmarked_test_may_not_start_a_python_process():
    with pytest.raises(RuntimeError, match=r"starts a process .* @pytest.mark.subprocess"):
        subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_an_unmarked_test_may_not_write_a_docx():
    from docx import Document

    with pytest.raises(RuntimeError, match=r"writes a DOCX file .* @pytest.mark.pdf"):
        Document().save(io.BytesIO())


def test_other_programs_are_not_counted_as_slow():
    assert subprocess.run(["true"], check=True).returncode == 0


@pytest.mark.subprocess
def test_a_marked_test_starts_python():
    assert subprocess.run([sys.executable, "-c", "print(1)"], capture_output=True).stdout == b"1\n"


@pytest.mark.pdf
def test_a_marked_test_writes_a_docx():
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    assert out.getvalue()[:2] == b"PK"


def test_a_test_without_the_database_is_left_out_of_the_postgresql_run(request):
    assert request.node.get_closest_marker("database") is None


@pytest.mark.django_db
def test_the_django_db_marker_puts_a_test_in_the_postgresql_run(request):
    assert request.node.get_closest_marker("database") is not None


def test_a_database_fixture_puts_a_test_in_the_postgresql_run(request, leksand):
    """`leksand` asks for `db` through `base_data`."""
    assert request.node.get_closest_marker("database") is not None
