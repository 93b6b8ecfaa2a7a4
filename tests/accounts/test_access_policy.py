"""One access policy: every rule about who may see or change what lives in
`kompass.accounts.access` and speaks one vocabulary; no app keeps its own helpers.

The permission matrices (tests/<app>/test_permissions.py, test_views.py, test_pages.py
and tests/accounts/test_access_matrix.py) check the rules themselves, URL by URL.
"""

import re
from pathlib import Path

import pytest

import kompass.accounts.access as access

SRC = Path(__file__).resolve().parents[2] / "src" / "kompass"
HELPER = re.compile(
    r"^\s*def (get_\w+_for_user|visible_\w+|check_can_\w+|can_\w+|may_\w+|require_\w+"
    r"|manages|is_assigned)\b",
    re.M,
)


def test_the_old_access_modules_are_gone():
    for old in [
        "evaluations/domain/access.py",
        "surveys/domain/access.py",
        "indicators/domain/access.py",
        "followup/domain/access.py",
        "collaboration/domain/access.py",
        "governance/domain/readers.py",
        "accounts/access.py",
    ]:
        assert not (SRC / old).exists(), old


def test_no_app_defines_its_own_access_helpers():
    found = []
    for path in SRC.rglob("*.py"):
        if "accounts/access" in path.as_posix() or "migrations" in path.parts:
            continue
        for match in HELPER.finditer(path.read_text(encoding="utf-8")):
            if path.name == "models.py" and match.group(1) == "can_edit":
                continue  # Membership.can_edit: a property of the role, not a rule
            found.append(f"{path.relative_to(SRC)}: {match.group(1)}")
    assert found == []


def test_the_vocabulary():
    """Every exported name is a queryset (`visible_`), a fetch (`get_…_for_user` with
    `edit`), a predicate (`can_`, `is_`), a check that raises (`check_can_`) or one of the
    few membership helpers."""
    import inspect

    others = {
        "EvaluationLocked",
        "membership",
        "member_organisation_ids",
        "editable_organisation_ids",
        "editable_organisations",
        "feedback_organisation_ids",
        "managed_survey_ids",
        "own_jobs",
        "instrument_organisation_ids",
    }
    for name in access.__all__:
        assert hasattr(access, name), name
        if name in others:
            continue
        assert re.match(r"(visible_|get_\w+_for_user$|can_|check_can_|is_)", name), name
        if name.startswith("get_"):
            parameters = inspect.signature(getattr(access, name)).parameters
            assert list(parameters)[:2] == ["user", list(parameters)[1]]
            assert parameters["edit"].kind is inspect.Parameter.KEYWORD_ONLY, name


def test_an_object_without_a_rule_is_refused_loudly():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(TypeError, match="no rule"):
        access.can_see(AnonymousUser(), object())
