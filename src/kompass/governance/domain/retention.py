"""Running the retention rules: the daily job and `kompass retention run` call `run()`.

For each kind of personal data the period is the administrator's rule (`RetentionRule`),
else KOMPASS_RETENTION_DAYS, else the built-in default (`kompass.core.retention.KINDS`).
Each app's registration returns its rows older than now minus the period; they are
deleted or anonymised in one transaction per registration, and the trail gets one entry
per registration that changed anything (how many rows, of which kind, under which rule),
never the personal data itself.

`now` can be given (a test moves the clock; an operator can ask "what would go at the
end of the month?" with a dry run): nothing here reads the clock except through it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.audit import trail
from kompass.audit.actor import acting_as
from kompass.core import retention
from kompass.core.errors import InputError, InputProblem
from kompass.governance.models import RetentionRule, check_days

SYSTEM = "systemet (gallring)"


@dataclass(frozen=True)
class Outcome:
    kind: str
    label: str
    days: int
    cutoff: datetime.datetime
    count: int
    deletes: bool
    description: str

    def line(self, *, dry_run: bool) -> str:
        verb = (
            (_("skulle raderas") if dry_run else _("raderade"))
            if self.deletes
            else (_("skulle anonymiseras") if dry_run else _("anonymiserade"))
        )
        return _(
            "%(kind)s: %(label)s: %(count)s %(verb)s (äldre än %(days)s dagar, före %(cutoff)s)"
        ) % {
            "kind": retention.kind_name(self.kind),
            "label": self.label,
            "count": self.count,
            "verb": verb,
            "days": self.days,
            "cutoff": timezone.localtime(self.cutoff).strftime("%Y-%m-%d %H:%M"),
        }


def periods() -> dict[str, int]:
    """The period in days of every kind, rules first."""
    rules = dict(RetentionRule.objects.values_list("kind", "days"))
    return {kind: rules.get(kind) or retention.default_days(kind) for kind in retention.KINDS}


def set_rule(*, kind: str, days: int, user, reason: str = "") -> RetentionRule:
    """Set the period of a kind; zero, negative or unknown is refused in Swedish."""
    problems = []
    if kind not in retention.KINDS:
        problems.append(
            InputProblem(
                _("okänd sorts personuppgifter ”%(kind)s” (finns: %(known)s)")
                % {"kind": kind, "known": ", ".join(retention.KINDS)},
                field="kind",
            )
        )
    try:
        check_days(days)
    except Exception as exc:  # ValidationError: one Swedish message
        problems.append(InputProblem(" ".join(getattr(exc, "messages", [str(exc)])), field="days"))
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        rule = RetentionRule.objects.filter(kind=kind).first()
        if rule is None:
            rule = RetentionRule.objects.create(
                kind=kind, days=days, reason=reason, updated_by=user if user else None
            )
            trail.created(user=user, obj=rule)
        else:
            with trail.changing(user=user, obj=rule, fields=("days", "reason")):
                rule.days, rule.reason = days, reason
                rule.updated_by = user if user else None
                rule.save()
    return rule


def run(*, now: datetime.datetime | None = None, dry_run: bool = False) -> list[Outcome]:
    """Delete or anonymise what is due; with `dry_run` only count it. Returns one outcome
    per registration, in the order of the kinds."""
    now = now or timezone.now()
    days = periods()
    outcomes = []
    with acting_as(SYSTEM):
        for target in retention.targets():
            period = days[target.kind]
            cutoff = now - datetime.timedelta(days=period)
            with transaction.atomic():
                due = target.queryset_fn(cutoff)
                if dry_run:
                    count = due.count()
                elif target.deletes:
                    count = due.count()
                    if count:
                        due.delete()
                else:
                    count = target.action(due, now)
                outcome = Outcome(
                    target.kind,
                    target.label,
                    period,
                    cutoff,
                    count,
                    target.deletes,
                    target.description,
                )
                if count and not dry_run:
                    _record(outcome)
            outcomes.append(outcome)
    return outcomes


def _record(outcome: Outcome) -> None:
    trail.record_change(
        user=None,
        obj=trail.ObjectRef(
            "governance.retention", outcome.kind, retention.kind_name(outcome.kind)
        ),
        action=trail.Action.RETENTION,
        after={
            "modell": outcome.label,
            "antal": outcome.count,
            "åtgärd": "raderade" if outcome.deletes else "anonymiserade",
            "lagringstid_dagar": outcome.days,
            "gräns": outcome.cutoff,
        },
    )
