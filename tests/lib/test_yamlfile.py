import time

import pytest

from kompass.lib.problems import InputError
from kompass.lib.yamlfile import MAX_DEPTH, YamlLines, load_yaml


def bomb(levels: int = 9, width: int = 9) -> str:
    """The classic: each level lists the one before `width` times (width^levels nodes)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_fast_naming_the_line():
    text = bomb()
    assert len(text) < 1000
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        load_yaml(text, "bomb.yaml")
    assert time.perf_counter() - started < 1
    problem = info.value.problems[0]
    assert problem.file == "bomb.yaml" and problem.line is not None and problem.line <= 9
    assert "alias" in problem.message


def test_deep_nesting_is_refused_before_recursion():
    text = "a: " + "[" * 50_000 + "]" * 50_000 + "\n"
    with pytest.raises(InputError) as info:
        load_yaml(text, "djup.yaml")
    assert f"{MAX_DEPTH} nivåer" in info.value.problems[0].message
    assert info.value.problems[0].line == 1


def test_block_nesting_is_refused_with_its_line():
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(60)) + "  " * 60 + "v\n"
    with pytest.raises(InputError) as info:
        load_yaml(text)
    assert info.value.problems[0].line == MAX_DEPTH + 1


def test_ordinary_aliases_and_nesting_still_load():
    text = "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  z: [[1, 2], [3]]\n"
    assert load_yaml(text) == {
        "base": {"x": 1, "y": 2},
        "other": {"x": 1, "y": 2, "z": [[1, 2], [3]]},
    }


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1.0e+308", "1.0e+27", "1000000000001"])
def test_numbers_are_checked_with_their_line(value):
    with pytest.raises(InputError) as info:
        load_yaml(f"a: 1\nb:\n  c: {value}\n", "tal.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.field) == (3, "b.c")


def test_line_map_of_a_bounded_file():
    lines = YamlLines("a:\n  b: 1\n  c:\n    - x\n    - y\n")
    assert lines.get(("a", "c", 1)) == 5
    assert lines.get(("a", "missing")) == 1


def test_syntax_errors_name_the_line():
    with pytest.raises(InputError) as info:
        load_yaml("a: 1\nb: [1, 2\n", "trasig.yaml")
    assert "inte giltig YAML" in info.value.problems[0].message
    assert info.value.problems[0].line is not None
