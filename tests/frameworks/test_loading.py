import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompass.frameworks.domain.loading import (
    load_framework_file,
    load_shipped_frameworks,
    shipped_files,
)
from kompass.frameworks.models import Framework


def test_loading_shipped_frameworks_twice_changes_nothing(empty_database):
    first = load_shipped_frameworks()
    assert all(changed for _, changed in first)
    second = load_shipped_frameworks()
    assert not any(changed for _, changed in second)
    assert Framework.objects.count() == len(shipped_files())


@pytest.mark.django_db
def test_changed_file_updates_the_framework(tmp_path):
    source = next(p for p in shipped_files() if p.name == "kommunkompassen-2020.yaml")
    load_framework_file(source)
    changed = tmp_path / "kk.yaml"
    changed.write_text(
        source.read_text(encoding="utf-8").replace(
            "name: Kommunkompassen", "name: Kommunkompassen (rev)"
        ),
        encoding="utf-8",
    )
    framework, was_changed = load_framework_file(changed)
    assert was_changed
    assert framework.tree.name == "Kommunkompassen (rev)"


@pytest.mark.django_db
def test_framework_check_command_reports_problems(tmp_path):
    bad = tmp_path / "trasig.yaml"
    bad.write_text("schema: kompass-framework/1\nid: x\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"trasig\.yaml"):
        call_command("framework", "check", str(bad))


@pytest.mark.django_db
def test_a_framework_in_use_keeps_its_structure(tmp_path, leksand):
    from kompass.evaluations.models import Evaluation
    from kompass.frameworks.schema import FrameworkError

    source = next(p for p in shipped_files() if p.name == "kommunkompassen-2020.yaml")
    framework, _ = load_framework_file(source)
    Evaluation.objects.create(organisation=leksand, framework=framework, date="2024-01-01")
    renamed = tmp_path / "kk.yaml"
    renamed.write_text(
        source.read_text(encoding="utf-8").replace("name: Kommunkompassen", "name: KK"),
        encoding="utf-8",
    )
    assert load_framework_file(renamed)[1]  # texts may change
    changed = tmp_path / "kk2.yaml"
    changed.write_text(
        source.read_text(encoding="utf-8").replace('code: "1.1"', 'code: "1.01"', 1),
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError, match="används redan"):
        load_framework_file(changed)
