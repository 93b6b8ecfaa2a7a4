"""Where people are in the database, so that a person's data can be exported and erased
in one place (`kompass.governance`: `kompass person export|erase`, the admin's page).

Each app registers, in its `AppConfig.ready()`, the models whose rows *are* a person
(a user, a person in the follow-up, a survey recipient), the fields a search matches,
and how such a row is erased:

    from kompass.core import people

    people.register("recipient", "surveys.personalinvitation", match=("label",))
    people.register("followup_person", "followup.person", match=("name",), erase=anonymise)

Everything else is found by walking the models' relations: every row of any model that
points at the person's row (a foreign key, a one-to-one or a many-to-many field) is part
of the export, so a new model that refers to a user is covered without registering.
`erase(row, user)` anonymises or deletes the row (default: delete) and returns a short
description of what it did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

KINDS = {
    "user": _("användare"),
    "recipient": _("mottagare av en enkät"),
    "followup_person": _("person i uppföljningen"),
}


@dataclass(frozen=True)
class PersonModel:
    kind: str
    label: str  # "followup.person"
    match: tuple[str, ...]
    erase: Callable[[Any, Any], str] | None = None  # (row, user) -> what was done


_models: dict[str, PersonModel] = {}


def register(
    kind: str,
    label: str,
    *,
    match: tuple[str, ...],
    erase: Callable[[Any, Any], str] | None = None,
) -> None:
    if kind not in KINDS:
        raise ValueError(f"okänd sorts person {kind!r} (finns: {', '.join(KINDS)})")
    _models[label.lower()] = PersonModel(kind, label.lower(), tuple(match), erase)


def person_models() -> list[PersonModel]:
    return sorted(_models.values(), key=lambda m: (list(KINDS).index(m.kind), m.label))


def person_model(label: str) -> PersonModel | None:
    return _models.get(label.lower())
