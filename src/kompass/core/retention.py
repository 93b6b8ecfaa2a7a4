"""Retention of personal data: the kinds Kompass keeps, and how each app lets the
retention job reach its rows.

The periods are the municipality's decision (settings, and rules an administrator edits
in `kompass.governance`); the rows are the apps' business. So an app registers, in its
`AppConfig.ready()`, which of its rows hold a kind of personal data and when they are
due, and `kompass.governance.retention` (the daily job and `kompass retention run`) asks
every registration with the cut-off moment its rule gives:

    from kompass.core import retention

    retention.register(
        "recipients",
        lambda cutoff: PersonalInvitation.objects.filter(wave__closed_at__lt=cutoff),
        "delete",
        label="surveys.personalinvitation",
        description="personliga inbjudningar till omgångar som stängdes före gränsen",
    )

- `queryset_fn(cutoff)` returns the rows whose retention has run out: the app decides
  from which moment the period counts (a wave's closing, a sign-in, a publication),
  and returns those where that moment lies before `cutoff` (now minus the period).
- `action` is "delete", or a function `(queryset, now) -> int` that anonymises the rows
  in place (blanks the text, keeps the row for the figures that need it) and returns
  how many it changed.

Registering lives here, below every app, so that any app may register without importing
governance (apps on one layer never import each other).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# The kinds of personal data with a retention rule, and the default period in days when
# neither KOMPASS_RETENTION_DAYS nor an administrator's rule says otherwise.
KINDS: dict[str, tuple[Any, int]] = {
    "recipients": (_("Mottagarlistor och personliga inbjudningar"), 90),
    "free_text": (_("Fritextsvar i enkäter"), 365 * 3),
    "interview_notes": (_("Intervju- och dialoganteckningar"), 365 * 2),
    "audit_people": (_("Ändringsloggens poster om personer"), 365 * 5),
    "closed_accounts": (_("Avslutade användarkonton"), 365),
}

DELETE = "delete"


@dataclass(frozen=True)
class Target:
    kind: str
    label: str  # the model label, "surveys.personalinvitation"
    queryset_fn: Callable[[datetime.datetime], Any]
    action: str | Callable[[Any, datetime.datetime], int]
    description: str = ""

    @property
    def deletes(self) -> bool:
        return self.action == DELETE


_targets: dict[tuple[str, str], Target] = {}


def register(
    kind: str,
    queryset_fn: Callable[[datetime.datetime], Any],
    action: str | Callable[[Any, datetime.datetime], int] = DELETE,
    *,
    label: str,
    description: str = "",
) -> None:
    """Let the retention job reach rows of `kind` (one of KINDS). Registering the same
    (kind, label) again replaces the earlier registration."""
    if kind not in KINDS:
        raise ValueError(f"okänd sorts personuppgifter {kind!r} (finns: {', '.join(KINDS)})")
    if not (action == DELETE or callable(action)):
        raise ValueError('action ska vara "delete" eller en funktion (queryset, now) -> int')
    _targets[(kind, label.lower())] = Target(kind, label.lower(), queryset_fn, action, description)


def targets(kind: str | None = None) -> list[Target]:
    """The registrations, by kind (in the order of KINDS) and label."""
    order = list(KINDS)
    found = [t for t in _targets.values() if kind is None or t.kind == kind]
    return sorted(found, key=lambda t: (order.index(t.kind), t.label))


def kind_name(kind: str) -> str:
    return str(KINDS[kind][0]) if kind in KINDS else kind


def default_days(kind: str) -> int:
    """The period from KOMPASS_RETENTION_DAYS, else the built-in default."""
    from django.conf import settings

    configured = getattr(settings, "KOMPASS_RETENTION_DAYS", {}) or {}
    return int(configured.get(kind, KINDS[kind][1]))
