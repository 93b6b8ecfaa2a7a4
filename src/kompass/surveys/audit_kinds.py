"""How surveys appear in the audit trail (`kompass.audit.kinds`).

Answers never do: a respondent's answers, a free-text answer, a saved draft of answers
and the counts of answers are not recorded, whoever changes them (recording one raises).
The trail records what the survey's owners do: settings, cohort, waves, recipients,
instrument, imports (as counts), closing and releasing results.
"""

from kompass.audit.kinds import register_kind


def _owns(user, object_id) -> bool:
    from kompass.surveys.models import Survey

    return str(object_id).isdigit() and Survey.objects.filter(pk=object_id, owners=user).exists()


def register() -> None:
    for label in ("respondent", "comment", "draft", "groupcounts", "countsstate"):
        register_kind(f"surveys.{label}", never=True)
    register_kind("surveys.survey", readers=_owns, organisation=lambda survey: None)
    for label in ("wave", "cohortmember", "invited", "answerlink", "personalinvitation"):
        register_kind(f"surveys.{label}", root=lambda obj: obj.survey)
    register_kind(
        "surveys.personalinvitation",
        root=lambda obj: obj.survey,
        name=lambda inv: f"personlig inbjudan ({inv.organisation})",
        redact=("label",),
        exclude=("token_hash",),
        about_person=True,
    )
    register_kind("surveys.answerlink", root=lambda obj: obj.survey, exclude=("token",))
