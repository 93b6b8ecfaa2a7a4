"""Errors in user input (files, forms, command-line arguments), reported in Swedish with
where they are: file, line, row and column, or the field. An import collects every
problem it finds, stores nothing, and raises `InputError` with all of them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class InputProblem:
    message: str
    field: str = ""
    line: int | None = None
    row: int | None = None
    column: str = ""
    file: str = ""

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"rad {self.line}")
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn {self.column}")
        if self.field:
            where.append(f"fält ”{self.field}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(ValueError):
    def __init__(self, problems: list[InputProblem] | str):
        if isinstance(problems, str):
            problems = [InputProblem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


def add_to_form(form, error: InputError) -> None:
    """Show an InputError's problems on the fields they name; the others above the form."""
    for problem in error.problems:
        if problem.field in form.fields:
            form.add_error(problem.field, problem.message)
        else:  # a field the form lacks is named by the message itself; keep file/row
            form.add_error(None, problem.message if problem.field else str(problem))
