"""Reading JSON from users, safely: a nesting limit (a few kilobytes of `[[[[` would
otherwise end in RecursionError), and NaN, Infinity and 1e400 (which Python's json reads
as floats) refused like every other number that `check_number` refuses."""

from __future__ import annotations

import json
import re
from typing import Any

from kompass.lib.problems import InputError, InputProblem, translated
from kompass.lib.yamlfile import MAX_DEPTH, number_problems

_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


class JsonSyntaxError(InputError):
    """The text is not JSON at all (as opposed to JSON that breaks a limit)."""


def _refuse(message: str, line: int | None, filename: str) -> InputError:
    return InputError([InputProblem(message, line=line, file=filename)])


def depth_line(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where `text` first nests deeper than `limit`, or None."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth -= 1
    return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def load_json(text: str, filename: str = "") -> Any:
    """Parse JSON within the limits; every problem as an InputError naming the line."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(
            [
                InputProblem(
                    translated("filen är inte giltig JSON (%(reason)s)") % {"reason": exc.msg},
                    line=exc.lineno,
                    file=filename,
                )
            ]
        ) from None
    except ValueError as exc:  # NaN, Infinity, -Infinity
        raise _refuse(
            translated("”%(text)s” är inte ett tal (bara ändliga tal tas emot)") % {"text": exc},
            _line_of_constant(text, str(exc)),
            filename,
        ) from None
    except RecursionError:
        pass
    else:
        if _deeper_than(data, MAX_DEPTH):
            data = None
        else:
            problems = number_problems(data, filename=filename)
            if problems:
                raise InputError(problems)
            return data
    raise _refuse(
        translated("filen är nästlad i fler än %(max)s nivåer; så djupa filer tas inte emot")
        % {"max": MAX_DEPTH},
        depth_line(text),
        filename,
    )


def _line_of_constant(text: str, name: str) -> int | None:
    match = re.search(rf"(?<![\"\w]){re.escape(name)}(?![\"\w])", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _deeper_than(data: Any, limit: int) -> bool:
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth + 1 > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
    return False
