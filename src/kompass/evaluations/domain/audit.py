"""An evaluation's changes in the one audit trail (`kompass.audit.trail`): one entry per
changed score or text, named by the Swedish label of what changed ("område 1: analys")."""

from kompass.audit import trail
from kompass.audit.models import AuditEntry
from kompass.evaluations.models import Evaluation


def record(evaluation: Evaluation, user, field: str, before, after) -> AuditEntry | None:
    action = trail.Action.STATUS if field == "status" else trail.Action.UPDATE
    before, after = _value(before), _value(after)
    if before == after:
        return None
    return trail.record_change(
        user=user, obj=evaluation, action=action, before={field: before}, after={field: after}
    )


def _value(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return trail.jsonable(value)
