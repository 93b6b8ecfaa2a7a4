"""The audit trail: one entry per changed score or text, with who, when, before, after."""

from kompass.evaluations.models import AuditEntry, Evaluation


def record(evaluation: Evaluation, user, field: str, before, after) -> AuditEntry | None:
    before_text = _text(before)
    after_text = _text(after)
    if before_text == after_text:
        return None
    return AuditEntry.objects.create(
        evaluation=evaluation,
        user=user if user is not None and user.is_authenticated else None,
        field=field,
        before=before_text,
        after=after_text,
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(f"• {v}" for v in value)
    return str(value)
