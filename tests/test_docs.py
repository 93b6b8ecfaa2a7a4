"""The documentation is part of the product: every setting, every command and every key
of the file formats must be documented, or a test fails (datasette's habit)."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from kompass.evaluations.domain import transfer
from kompass.frameworks import schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _settings_variables() -> set[str]:
    text = (ROOT / "src" / "kompass" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'(?:environ\.get|envbool|envint)\(\s*"([A-Z][A-Z0-9_]+)"', text))
    return names | {"DATABASE_URL"}


@pytest.mark.parametrize("name", sorted(_settings_variables()))
def test_every_setting_is_documented_and_in_env_example(name):
    assert f"`{name}`" in (DOCS / "settings.md").read_text(encoding="utf-8")
    assert re.search(rf"^#? ?{name}=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M)


def _kompass_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith("kompass."))


@pytest.mark.parametrize("command", _kompass_commands())
def test_every_kompass_command_is_documented(command):
    assert f"`kompass {command}" in (DOCS / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "key",
    sorted(
        schema.TOP_KEYS
        | schema.AREA_KEYS
        | schema.SUBAREA_KEYS
        | schema.ITEM_KEYS
        | schema.SCALE_KEYS
    ),
)
def test_every_framework_key_is_documented(key):
    assert re.search(
        rf"^\s*-?\s*{key}:", (DOCS / "frameworks.md").read_text(encoding="utf-8"), re.M
    )


@pytest.mark.parametrize(
    "key", sorted(transfer.TOP_KEYS | transfer.AREA_KEYS | transfer.EXAMPLE_KEYS)
)
def test_every_evaluation_file_key_is_documented(key):
    assert re.search(
        rf"^\s*-?\s*{key}:", (DOCS / "formats" / "evaluation.md").read_text(encoding="utf-8"), re.M
    )
