"""Reading YAML files from users, safely: limits first, then loading, then the line of
any path in the file so that a problem can be reported as "rad 12, fält scores.1.1".

A YAML file of a few hundred bytes can describe billions of nodes through aliases
(`&a [*b, *b, ...]`), and a few kilobytes of `[[[[` nest deeper than Python's stack.
`load_yaml` therefore reads the file's event stream first (no tree is built) and
refuses, naming the line, a file that nests deeper than `MAX_DEPTH` or whose aliases
expand to more than `MAX_ALIAS_NODES` nodes. Only a file that passes is loaded, and
only then is any line-number map built. Every number in the file passes
`check_number` (NaN, infinity and 1e308 are valid YAML floats).
"""

from __future__ import annotations

from typing import Any

import yaml

from kompass.lib.numbers import NumberError, check_number
from kompass.lib.problems import InputError, InputProblem, Path, format_path, translated

MAX_DEPTH = 40  # mappings and lists inside each other; real files use fewer than 10
MAX_ALIAS_NODES = 10_000  # nodes that aliases add when expanded; real files add none

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "YamlLines", "format_path", "load_yaml"]


def _refuse(message: str, line: int | None, filename: str) -> InputError:
    return InputError([InputProblem(message, line=line, file=filename)])


def check_limits(text: str, filename: str = "") -> None:
    """Refuse a document that nests too deeply or expands too far through aliases, from
    its event stream: memory and time grow with the file, never with the expansion."""
    stack: list[list[Any]] = []  # [size so far, anchor] per open mapping/list
    anchors: dict[str, int] = {}
    expanded = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([1, event.anchor])
            if len(stack) > MAX_DEPTH:
                raise _refuse(
                    translated(
                        "filen är nästlad i fler än %(max)s nivåer; så djupa filer tas inte emot"
                    )
                    % {"max": MAX_DEPTH},
                    event.start_mark.line + 1,
                    filename,
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            size, anchor = stack.pop()
            if anchor:
                anchors[anchor] = size
            if stack:
                stack[-1][0] += size
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                anchors[event.anchor] = 1
            if stack:
                stack[-1][0] += 1
        elif isinstance(event, yaml.AliasEvent):
            size = anchors.get(event.anchor, 1)
            expanded += size
            if expanded > MAX_ALIAS_NODES:
                raise _refuse(
                    translated(
                        "filens alias (*%(anchor)s) växer till fler än %(max)s värden; "
                        "så stora filer tas inte emot"
                    )
                    % {"anchor": event.anchor, "max": f"{MAX_ALIAS_NODES:,}".replace(",", " ")},
                    event.start_mark.line + 1,
                    filename,
                )
            if stack:
                stack[-1][0] += size


class YamlLines:
    """Maps a path of keys/indices to the line where it is written. Built only from a
    text that passed `check_limits` (as `load_yaml` ensures), so its walk is bounded."""

    def __init__(self, text: str):
        self.lines: dict[Path, int] = {}
        try:
            root = yaml.compose(text, Loader=Loader)
        except (yaml.YAMLError, RecursionError):
            root = None
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: Any, path: Path) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._walk(value, (*path, key.value))
                self.lines[(*path, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._walk(value, (*path, index))

    def get(self, path: Path) -> int | None:
        path = tuple(str(p) if not isinstance(p, int) else p for p in path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def number_problems(data: Any, *, filename: str = "", text: str = "") -> list[InputProblem]:
    """Every number in loaded data that `check_number` refuses, with its path (and line,
    when `text` is the YAML it came from). Walks without recursion."""
    problems: list[InputProblem] = []
    lines: YamlLines | None = None
    pending: list[tuple[Any, Path]] = [(data, ())]
    while pending and len(problems) < 20:
        value, path = pending.pop()
        if isinstance(value, dict):
            pending.extend((v, (*path, k)) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            pending.extend((v, (*path, i)) for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                check_number(value)
            except NumberError as exc:
                if text and lines is None:
                    lines = YamlLines(text)
                problems.append(
                    InputProblem(
                        str(exc),
                        field=format_path(path),
                        line=lines.get(path) if lines is not None else None,
                        file=filename,
                    )
                )
    return problems


def load_yaml(text: str, filename: str = "") -> Any:
    """Parse YAML within the limits, turning syntax errors into an InputError with the
    line, and refusing numbers that are not finite or too large."""
    try:
        check_limits(text, filename)
        data = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or translated("okänt fel")
        raise _refuse(
            translated("filen är inte giltig YAML (%(reason)s)") % {"reason": reason},
            mark.line + 1 if mark is not None else None,
            filename,
        ) from None
    except (ValueError, OverflowError) as exc:  # an integer of thousands of digits, 2024-13-45
        if isinstance(exc, InputError):
            raise
        raise _refuse(
            translated(
                "filen innehåller ett värde som inte kan läsas (till exempel ett tal med "
                "tusentals siffror eller ett datum som inte finns)"
            ),
            None,
            filename,
        ) from None
    problems = number_problems(data, filename=filename, text=text)
    if problems:
        raise InputError(problems)
    return data
