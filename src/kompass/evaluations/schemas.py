"""Bodies of the evaluation API (`/api/evaluations/`), as OpenAPI describes them: the rows
and summaries of `kompass.evaluations.domain.summary`."""

from kompass.core.api import Out


class OrganisationRef(Out):
    code: str
    name: str


class EvaluationRow(Out):
    id: int
    organisation: OrganisationRef
    framework: str
    date: str
    status: str
    example: bool


class Figures(Out):
    """An exact score (may be fractional), the shown one (whole, adding up) and the max."""

    score: int | float | None
    shown: int
    max: int | float | None


class SubareaScores(Figures):
    code: str
    name: str


class AreaScores(Figures):
    code: str
    name: str
    subareas: list[SubareaScores]


class EvaluationSummary(Out):
    id: int
    organisation: OrganisationRef
    framework: str
    date: str
    status: str
    first_evaluation: bool
    example: bool
    total: Figures
    areas: list[AreaScores]
