"""An evaluation as plain data (for `kompass evaluation show`, the API and JSON exports)."""

from decimal import Decimal

from kompass.evaluations.domain.scores import score_sheet
from kompass.evaluations.models import Evaluation


def plain_number(value: Decimal | None):
    """A stored Decimal as a JSON number: 9 stays 9, 7.5 becomes 7.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def evaluation_summary(evaluation: Evaluation) -> dict:
    sheet = score_sheet(evaluation)
    return {
        "id": evaluation.pk,
        "organisation": {
            "code": evaluation.organisation.code,
            "name": evaluation.organisation.name,
        },
        "framework": evaluation.framework.identifier,
        "date": evaluation.date.isoformat(),
        "status": evaluation.status,
        "first_evaluation": evaluation.is_first,
        "example": evaluation.is_example,
        "total": {
            "score": plain_number(sheet.score),
            "shown": sheet.shown,
            "max": plain_number(sheet.max),
        },
        "areas": [
            {
                "code": area.code,
                "name": area.name,
                "score": plain_number(area.score),
                "shown": area.shown,
                "max": plain_number(area.max),
                "subareas": [
                    {
                        "code": s.code,
                        "name": s.name,
                        "score": plain_number(s.score),
                        "shown": s.shown,
                        "max": plain_number(s.max),
                    }
                    for s in area.subareas
                ],
            }
            for area in sheet.areas
        ],
    }


def evaluation_row(evaluation: Evaluation) -> dict:
    return {
        "id": evaluation.pk,
        "organisation": {
            "code": evaluation.organisation.code,
            "name": evaluation.organisation.name,
        },
        "framework": evaluation.framework.identifier,
        "date": evaluation.date.isoformat(),
        "status": evaluation.status,
        "example": evaluation.is_example,
    }
