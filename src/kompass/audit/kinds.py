"""How an app's objects appear in the audit trail. Each app registers its models in
`AppConfig.ready()`; a model that is not registered is recorded with the defaults (its
`organisation` field, if it has one, and no parent page).

    register_kind("surveys.wave", root=lambda wave: wave.survey)
    register_kind("evaluations.evidence", root=..., redact=("text",))
    register_kind("surveys.comment", never=True)

- `name(obj)`: the object's label in the trail (default `str(obj)`; a note's text must
  not become its label).
- `organisation(obj)`: the organisation id the change belongs to (its page lists it, its
  owners read it); default `obj.organisation_id` when the model has that field.
- `root(obj)`: the object whose page shows the change too (a survey for its waves).
- `redact`: fields whose values never enter the trail (notes from interviews, free
  text about people); the trail says that the field changed and how long it is.
- `exclude`: fields left out altogether (secrets, digests, bookkeeping).
- `about_person`: the object is a person (a user, a membership, a person in the
  follow-up): the retention rule for audit entries about people applies.
- `readers(user, object_id)`: besides administrators and the owners of the object's
  organisation, who may read the page of this object's changes (an evaluation's
  assigned evaluators, a survey's owners).
- `owners_read=False`: the owners of the object's organisation do not read its changes
  (an evaluation is the evaluators' work until published: its trail is theirs and the
  administrators'); `readers` and administrators still do.
- `never`: the model is never recorded at all (survey answers and free-text answers):
  recording one is a programming error and raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kind:
    label: str  # the model's label, "surveys.wave"
    name: Callable[[Any], str] | None = None  # the object's label (default: str(obj))
    organisation: Callable[[Any], int | None] | None = None
    root: Callable[[Any], Any] | None = None
    redact: frozenset[str] = field(default_factory=frozenset)
    exclude: frozenset[str] = field(default_factory=frozenset)
    about_person: bool = False
    never: bool = False
    readers: Callable[[Any, str], bool] | None = None
    owners_read: bool = True


# Bookkeeping that every model may carry and that says nothing a person changed.
ALWAYS_EXCLUDED = frozenset({"id", "created_at", "updated_at", "created_by", "updated_by"})

_kinds: dict[str, Kind] = {}


def register_kind(
    label: str,
    *,
    name: Callable[[Any], str] | None = None,
    organisation: Callable[[Any], int | None] | None = None,
    root: Callable[[Any], Any] | None = None,
    redact: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    about_person: bool = False,
    never: bool = False,
    readers: Callable[[Any, str], bool] | None = None,
    owners_read: bool = True,
) -> None:
    label = label.lower()
    _kinds[label] = Kind(
        label,
        name,
        organisation,
        root,
        frozenset(redact),
        frozenset(exclude),
        about_person,
        never,
        readers,
        owners_read,
    )


def kind_for(label: str) -> Kind:
    return _kinds.get(label.lower()) or Kind(label.lower())


def registered_kinds() -> dict[str, Kind]:
    return dict(_kinds)


def kinds_hidden_from_owners() -> set[str]:
    return {label for label, kind in _kinds.items() if not kind.owners_read}


def never_recorded() -> set[str]:
    """Model labels that never enter the trail (survey answers, free-text answers)."""
    return {label for label, kind in _kinds.items() if kind.never}
