"""Reading YAML files from users: safe loading, and the line of any path in the file so
that a problem can be reported as "rad 12, fält scores.1.1"."""

import yaml

from kompass.core.errors import InputError, InputProblem


class YamlLines:
    """Maps a path of keys/indices to the line where it is written."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            root = None
        if root is not None:
            self._walk(root, ())

    def _walk(self, node, path: tuple) -> None:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._walk(value, (*path, key.value))
                self.lines[(*path, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._walk(value, (*path, index))

    def get(self, path) -> int | None:
        path = tuple(str(p) if not isinstance(p, int) else p for p in path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def format_path(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(text: str, filename: str = ""):
    """Parse YAML, turning syntax errors into an InputError with the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "okänt fel"
        raise InputError(
            [
                InputProblem(
                    f"filen är inte giltig YAML ({reason})",
                    line=mark.line + 1 if mark is not None else None,
                    file=filename,
                )
            ]
        ) from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits, a date 2024-13-45
        raise InputError(
            [
                InputProblem(
                    "filen innehåller ett värde som inte kan läsas (till exempel ett tal med "
                    "tusentals siffror eller ett datum som inte finns)",
                    file=filename,
                )
            ]
        ) from exc
