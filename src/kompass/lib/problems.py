"""Problems in user input (files, forms, command-line arguments), reported in Swedish with
where they are: the file, one location (a line or row number, printed once as
"rad 12"), a column, a field. An import collects every problem it finds with a
`Problems` collector, stores nothing, and raises `InputError` with all of them, so a user
fixes a file in one go."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

Path = tuple[Any, ...]

# How the words that say where a problem is ("rad 12", "kolumn år", "fält ”namn”") are
# translated: as written (Swedish) unless the core app points this at Django's gettext
# (kompass.core.apps), so a page in English says "row 12" while the command line, which
# runs in Swedish, is unchanged.
_translate: Callable[[str], str] = str


def use_translation(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


def translated(text: str) -> str:
    """`text` (a Swedish message of kompass.lib, marked for makemessages in
    kompass.core.apps) in the language being rendered, or as written without Django."""
    return _translate(text)


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong. `line` (a text file's line) and `row` (a table's row) are the same
    kind of location; whichever is given is printed once, as "rad N"."""

    message: str
    field: str = ""
    line: int | None = None
    row: int | None = None
    column: str = ""
    file: str = ""

    @property
    def position(self) -> int | None:
        """The one location: the line in a text file or the row in a table."""
        return self.line if self.line is not None else self.row

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.position is not None:
            where.append(_translate("rad %(n)s") % {"n": self.position})
        if self.column:
            where.append(_translate("kolumn %(name)s") % {"name": self.column})
        if self.field:
            where.append(_translate("fält ”%(name)s”") % {"name": self.field})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(ValueError):
    """Every problem of one input; nothing of it was stored."""

    def __init__(self, problems: Sequence[InputProblem] | str):
        if isinstance(problems, str):
            problems = [InputProblem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


def format_path(path: Path) -> str:
    """A path of keys and indices as written in messages: `areas[2].items[0].code`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Problems:
    """The one collector of input problems.

    `add` records a problem by line/row, column and field; `at(path, message)` records one
    at a path of keys in a YAML/JSON document, its line looked up (lazily, only when
    there is a problem) through `lines`. `limit` keeps a file with a million bad rows from
    producing a million messages: the rest are counted in one closing line. `raise_if_any`
    raises `error` (InputError or a subclass) with everything collected."""

    def __init__(
        self,
        file: str = "",
        *,
        lines: Callable[[], Callable[[Path], int | None] | None] | None = None,
        limit: int | None = None,
        more: str = "… och {count} fel till",
    ):
        self.file = file
        self.items: list[InputProblem] = []
        self.more = 0
        self._limit = limit
        self._more_text = more
        self._make_lines = lines
        self._lines: Callable[[Path], int | None] | None = None
        self._lines_made = False

    def line_of(self, path: Path) -> int | None:
        if not self._lines_made:
            self._lines = self._make_lines() if self._make_lines is not None else None
            self._lines_made = True
        return self._lines(path) if self._lines is not None else None

    def add(
        self,
        message: str,
        *,
        field: str = "",
        line: int | None = None,
        row: int | None = None,
        column: str = "",
    ) -> None:
        if self._limit is not None and len(self.items) >= self._limit:
            self.more += 1
            return
        self.items.append(
            InputProblem(message, field=field, line=line, row=row, column=column, file=self.file)
        )

    def at(self, path: Path, message: str, *, field: str | None = None) -> None:
        """A problem at `path` in a document: field is the written path, line its line."""
        self.add(
            message,
            field=format_path(path) if field is None else field,
            line=self.line_of(path) if path else None,
        )

    def extend(self, problems: Sequence[InputProblem]) -> None:
        for problem in problems:
            if self._limit is not None and len(self.items) >= self._limit:
                self.more += 1
            else:
                self.items.append(problem)

    @property
    def problems(self) -> list[InputProblem]:
        """What was collected, with the closing "… och N fel till" when some were left."""
        if not self.more:
            return list(self.items)
        closing = InputProblem(self._more_text.format(count=self.more), file=self.file)
        return [*self.items, closing]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items) + self.more

    def __iter__(self) -> Iterator[InputProblem]:
        return iter(self.problems)

    def raise_if_any(self, error: type[InputError] = InputError) -> None:
        if self.items:
            raise error(self.problems)
