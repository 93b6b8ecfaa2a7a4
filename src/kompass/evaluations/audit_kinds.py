"""How evaluations appear in the audit trail (`kompass.audit.kinds`).

An evaluation is its evaluators' work: its trail is read by its assigned evaluators and
administrators, not by the evaluated organisation's owners. Notes from interviews stay
with the evaluators: the trail says that a note was added or removed and how long it
was, never what it said.
"""

from kompass.audit.kinds import register_kind


def _assigned(user, object_id) -> bool:
    from kompass.evaluations.models import Evaluation

    if not str(object_id).isdigit():
        return False
    return Evaluation.objects.filter(pk=object_id, evaluators=user).exists()


def register() -> None:
    register_kind("evaluations.evaluation", readers=_assigned, owners_read=False)
    register_kind(
        "evaluations.evidence",
        name=lambda e: f"underlag {e.subarea_code} ({e.get_source_display()})",
        organisation=lambda e: e.evaluation.organisation_id,
        root=lambda e: e.evaluation,
        redact=("text",),
    )
