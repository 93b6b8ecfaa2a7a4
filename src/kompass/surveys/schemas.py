"""Bodies of the survey API (`/api/surveys/`), as OpenAPI describes them: the rows of the
survey list and the results summary of `surveys.domain.results.summary` (hidden cells
have null figures and say why in `suppressed`)."""

from pydantic import Field

from kompass.core.api import Out


class SurveyRow(Out):
    slug: str
    name: str
    instrument: str
    min_group: int  # the smallest group whose results are shown
    example: bool
    waves: list[str]
    manage: bool  # whether the user may run the survey (else: reads feedback)


class Wave(Out):
    code: str
    name: str
    date: str
    respondents: int


class AttributeValue(Out):
    value: str
    label: str


class Attribute(Out):
    code: str
    label: str
    level: str  # respondent or organisation
    split: bool
    values: list[AttributeValue]


class Named(Out):
    code: str
    name: str


class Item(Out):
    code: str
    text: str
    theme: str | None


# A cell's group: attribute code (or "organisation") -> value; {} is everyone.
Group = dict[str, str | None]


class Cell(Out):
    wave: str
    item: str
    group: Group
    n: int
    mean: float | None
    sd: float | None
    dist: dict[str, float] | None  # share of answers per scale step
    dont_know: int | None
    suppressed: str | None  # why the figures are hidden


class ThemeCell(Out):
    wave: str
    theme: str
    group: Group
    n: int
    mean: float | None
    sd: float | None
    dont_know: int | None
    suppressed: str | None


class Change(Out):
    from_: str = Field(alias="from")
    to: str
    item: str
    group: Group
    diff: float | None
    ci95: list[float | None] | None
    suppressed: str | None


class Summary(Out):
    survey: str
    name: str
    instrument: str
    example: bool
    min_group: int
    waves: list[Wave]
    attributes: list[Attribute]
    organisations: list[Named]
    themes: list[Named]
    items: list[Item]
    cells: list[Cell]
    theme_cells: list[ThemeCell]
    changes: list[Change]
