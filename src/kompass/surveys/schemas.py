"""Bodies of the survey API (`/api/surveys/`), as OpenAPI describes them: the rows of the
survey list and the results summary of `surveys.domain.results.summary` (hidden cells
have null figures, n included, and say why in `suppressed`; a hidden number of
respondents is null with `respondents_suppressed`; docs/surveys.md)."""

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
    open: bool  # still taking answers: respondents are counted, no results yet
    respondents: int | None
    respondents_suppressed: str | None  # few_respondents ("färre än k") or hidden


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


class Organisation(Out):
    code: str
    name: str
    values: dict[str, str]  # organisation-level attribute -> value (e.g. urval: ja)


class Item(Out):
    code: str
    text: str
    theme: str | None
    steps: list[str]  # the scale's steps, the keys of `dist`
    dont_know: bool  # whether "vet ej" is an answer


class TextItem(Out):
    code: str
    text: str


# A cell's group: attribute code (or "organisation") -> value; {} is everyone.
Group = dict[str, str | None]


class GroupSize(Out):
    wave: str
    group: Group
    respondents: int | None
    respondents_suppressed: str | None  # few_respondents ("färre än k") or hidden


class Cell(Out):
    wave: str
    item: str
    group: Group
    n: int | None  # null when hidden: a hidden cell does not even say how many answered
    mean: float | None
    sd: float | None
    dist: dict[str, float] | None  # share of answers per scale step
    dont_know: int | None
    suppressed: str | None  # why the figures are hidden


class ThemeCell(Out):
    wave: str
    theme: str
    group: Group
    n: int | None
    mean: float | None
    sd: float | None
    dont_know: int | None
    suppressed: str | None


class Comments(Out):
    wave: str
    item: str
    group: Group
    n: int | None  # free-text answers an organisation's report shows
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
    organisations: list[Organisation]
    themes: list[Named]
    items: list[Item]
    text_items: list[TextItem]
    groups: list[GroupSize]
    cells: list[Cell]
    theme_cells: list[ThemeCell]
    comments: list[Comments]
    changes: list[Change]
