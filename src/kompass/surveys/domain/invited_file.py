"""How many were invited, from a file (`kompass survey invited SLUG FILE`).

One row per wave, organisation and group: columns `wave` (code or name of an existing
wave), `organisation` (municipality code or name), `group` (a value of the survey's split
attribute, e.g. ledning; blank = everyone) and `invited` (a whole number). The file is
read like an answers file (`kompass.lib.tables.read_table`: CSV in UTF-8 or
Windows-1252 with `,` or `;`, or XLSX), every problem is collected with its row and column, and a file with any
problem stores nothing.
"""

from __future__ import annotations

from kompass.core.errors import InputError, InputProblem
from kompass.lib.numbers import parse_number
from kompass.lib.tables import ROW, read_table
from kompass.organisations.domain.register import OrganisationResolver
from kompass.surveys.domain.instrument import fold, layout_of
from kompass.surveys.domain.surveys import set_invited
from kompass.surveys.models import Survey

COLUMNS = {
    "wave": ("wave", "omgång", "omgang"),
    "organisation": ("organisation", "organization", "kommun", "kommunkod", "org"),
    "group": ("group", "grupp"),
    "invited": ("invited", "inbjudna", "antal"),
}
REQUIRED = ("wave", "organisation", "invited")
MAX_PROBLEMS = 200


def read_invited(*, survey: Survey, content: bytes, filename: str) -> list[tuple]:
    """The rows of an invited-counts file as (wave, organisation, group, count), or
    InputError with every problem (file, row, column)."""
    table = read_table(content, filename)
    names = {fold(alias): target for target, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    problems: list[InputProblem] = []
    for index, name in enumerate(table.columns):
        target = names.get(fold(name))
        if target is None:
            continue
        if target in found:
            problems.append(
                InputProblem(
                    f"kolumnen förekommer två gånger (även kolumn {found[target] + 1})",
                    file=filename,
                    row=table.header_row,
                    column=name,
                )
            )
            continue
        found[target] = index
    for target in REQUIRED:
        if target not in found:
            problems.append(
                InputProblem(
                    f"kolumnen ”{target}” saknas (kolumner: wave, organisation, group, invited)",
                    file=filename,
                    row=table.header_row,
                    column=target,
                )
            )
    if problems:
        raise InputError(problems)
    if table.frame.height == 0:
        raise InputError(
            [InputProblem("filen innehåller inga rader", file=filename, row=table.header_row + 1)]
        )

    waves = {}
    for wave in survey.waves.all():
        waves.setdefault(fold(wave.name), wave)
        waves[fold(wave.code)] = wave
    known_waves = ", ".join(survey.waves.values_list("code", flat=True)) or "inga"
    split = layout_of(survey).split
    resolver = OrganisationResolver()
    heading = {target: table.columns[index] for target, index in found.items()}

    def problem(message: str, row: int, target: str) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(InputProblem(message, file=filename, row=row, column=heading[target]))

    rows, seen = [], {}
    for record in table.frame.iter_rows(named=True):
        number = record[ROW]
        cell = dict.fromkeys(COLUMNS, "")
        for target, index in found.items():
            cell[target] = " ".join((record.get(f"c{index}") or "").split())
        wave = waves.get(fold(cell["wave"]))
        if not cell["wave"]:
            problem("omgång saknas", number, "wave")
        elif wave is None:
            problem(f"okänd omgång ”{cell['wave']}” (finns: {known_waves})", number, "wave")
        organisation = None
        if not cell["organisation"]:
            problem("organisation saknas", number, "organisation")
        else:
            try:
                organisation = resolver(cell["organisation"])
            except LookupError as exc:
                problem(str(exc).strip("'\""), number, "organisation")
        group = cell["group"]
        if group and split is None:
            problem("enkäten jämför inte efter någon grupp; lämna kolumnen tom", number, "group")
        elif group:
            try:
                group = split.match(group) or ""
            except LookupError:
                problem(
                    f"”{group}” är inget alternativ för {split.label.lower()} "
                    f"(välj {', '.join(split.values)} eller lämna tomt för alla)",
                    number,
                    "group",
                )
        count = _count(cell["invited"])
        if count is None:
            problem(
                f"”{cell['invited']}” är inget antal (ange ett heltal, 0 eller mer)",
                number,
                "invited",
            )
        if wave is None or organisation is None or count is None:
            continue
        key = (wave.pk, organisation.pk, group)
        if key in seen:
            problem(
                f"samma omgång, organisation och grupp som rad {seen[key]}", number, "organisation"
            )
            continue
        seen[key] = number
        rows.append((wave, organisation, group, count))
    if problems:
        raise InputError(problems)
    return rows


def _count(text: str) -> int | None:
    """A whole number of people written as people write it ("1 234", "12"), else None."""
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        return None
    if value < 0 or value != value.to_integral_value():
        return None
    return int(value)


def import_invited(*, survey: Survey, content: bytes, filename: str) -> int:
    """Read the file and store every row in one transaction; returns how many."""
    return set_invited(
        survey=survey, rows=read_invited(survey=survey, content=content, filename=filename)
    )
