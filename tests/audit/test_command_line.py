"""Changes from the command line name who ran them: `kompass --user NAME`, KOMPASS_USER,
or the operating-system account (mapped to the Kompass user of the same name)."""

import json

import pytest

from kompass.audit.actor import os_account
from kompass.cli import main
from kompass.evaluations.models import Evaluation
from tests.conftest import make_user
from tests.evaluations.conftest import evaluation_yaml
from tests.trail import entries_of

# The command line runs in this process and closes its database connections when it
# ends, as a real command does; inside a test transaction that would end it on
# PostgreSQL, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def _import(tmp_path, *argv_before):
    path = tmp_path / "u.yaml"
    path.write_text(evaluation_yaml(), encoding="utf-8")
    main(["kompass", *argv_before, "evaluation", "import", str(path)])
    return Evaluation.objects.get()


def test_user_option_names_the_kompass_user(base_data, tmp_path, capsys):
    admin = make_user("ada", superuser=True)
    evaluation = _import(tmp_path, "--user", "ada")
    entry = entries_of(evaluation).get()
    assert (entry.action, entry.user, entry.who, entry.via) == ("import", admin, "Ada (ada)", "cli")


def test_environment_variable_names_the_kompass_user(base_data, tmp_path, monkeypatch):
    ulla = make_user("ulla", superuser=True)
    monkeypatch.setenv("KOMPASS_USER", "ulla")
    evaluation = _import(tmp_path)
    assert entries_of(evaluation).get().user == ulla


def test_unknown_user_stops_the_command_before_it_changes_anything(
    base_data, tmp_path, monkeypatch, capsys
):
    monkeypatch.delenv("KOMPASS_USER", raising=False)
    with pytest.raises(SystemExit) as info:
        _import(tmp_path, "--user=ingen")
    assert info.value.code == 2
    assert "det finns ingen aktiv användare" in capsys.readouterr().err
    assert not Evaluation.objects.exists()


def test_operating_system_account_is_mapped_to_its_kompass_user(base_data, tmp_path, monkeypatch):
    monkeypatch.delenv("KOMPASS_USER", raising=False)
    evaluation = _import(tmp_path)
    entry = entries_of(evaluation).get()
    assert (entry.user, entry.who) == (None, f"kommandoraden ({os_account()})")

    namesake = make_user(os_account(), superuser=True)
    main(["kompass", "evaluation", "list"])  # reading records nothing
    Evaluation.objects.all().delete()
    evaluation = _import(tmp_path)
    assert entries_of(evaluation).get().user == namesake


def test_audit_list_prints_when_who_object_action_before_after(base_data, tmp_path, capsys):
    make_user("ada", superuser=True)
    evaluation = _import(tmp_path, "--user", "ada")
    capsys.readouterr()
    main(
        [
            "kompass",
            "audit",
            "list",
            "--organisation",
            "2029",
            "--since",
            "2000-01-01",
            "--format",
            "json",
        ]
    )
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    row = rows[0]
    assert set(row) >= {"when", "who", "object", "action", "before", "after"}
    assert row["object"] == {
        "kind": "evaluations.evaluation",
        "id": str(evaluation.pk),
        "label": str(evaluation),
    }
    assert (row["who"], row["action"], row["before"], row["after"]) == (
        "Ada (ada)",
        "import",
        {},
        {"fil": str(tmp_path / "u.yaml")},
    )
    main(["kompass", "audit", "list", "--since", "2999-01-01", "--format", "json"])
    assert json.loads(capsys.readouterr().out) == []


def test_audit_list_refuses_a_date_it_cannot_read(base_data, capsys):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="”31/1” är inget datum; skriv ÅÅÅÅ-MM-DD"):
        call_command("audit", "list", "--since", "31/1")
