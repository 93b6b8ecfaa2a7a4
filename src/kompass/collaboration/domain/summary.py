"""Projects as plain data for the API and the command line (the same rows in both)."""

from kompass.collaboration.domain import assessments as assess
from kompass.collaboration.domain.account import current_data
from kompass.collaboration.models import Project


def project_row(project: Project) -> dict:
    return {
        "id": project.pk,
        "name": project.name,
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "example": project.is_example,
        "partners": [p.organisation.name for p in project.partners.all()],
    }


def project_summary(project: Project) -> dict:
    data = project_row(project)
    data.update(
        {
            "purpose": project.purpose,
            "target_group": project.target_group,
            "partners": [
                {
                    "organisation": p.organisation.name,
                    "code": p.organisation.code,
                    "kind": p.organisation.kind,
                    "role": p.role,
                    "actor": p.actor or None,
                    "financing_share": float(p.financing_share)
                    if p.financing_share is not None
                    else None,
                }
                for p in project.partners.select_related("organisation")
            ],
            "team": [
                {"name": p.name, "role": p.role, "organisation": p.organisation_name}
                for p in project.people.filter(group="team")
            ],
            "steering_group": [
                {"name": p.name, "role": p.role, "organisation": p.organisation_name}
                for p in project.people.filter(group="steering")
            ],
            "implementation_plan": [
                {
                    "action": s.action,
                    "responsible": s.responsible,
                    "due": s.due.isoformat() if s.due else None,
                    "state": s.state,
                }
                for s in project.plan_steps.all()
            ],
            "assessments": [
                {
                    "id": a.pk,
                    "date": a.date.isoformat(),
                    "framework": a.framework.identifier,
                    "degree_reached": a.degree_reached,
                    "degree_aimed": a.degree_aimed,
                    "comment": a.comment,
                    "counts": (t := assess.tally(a)).counts,
                    "unanswered": t.unanswered,
                    "answers": {
                        x.item_code: {"value": x.value, "comment": x.comment}
                        for x in a.answers.all()
                    },
                }
                for a in assess.history(project)
            ],
            "has_account": current_data(project) is not None,
        }
    )
    return data
