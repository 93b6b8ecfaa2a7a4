import pytest

from kompass.lib.jsonfile import load_json
from kompass.lib.problems import InputError
from kompass.lib.yamlfile import MAX_DEPTH


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_without_recursion_error(depth):
    text = '{"a":\n' + "[" * depth + "]" * depth + "}"
    with pytest.raises(InputError) as info:
        load_json(text, "djup.json")
    problem = info.value.problems[0]
    assert f"{MAX_DEPTH} nivåer" in problem.message and problem.line == 2


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_constants_are_refused(constant):
    with pytest.raises(InputError) as info:
        load_json('{\n"value": ' + constant + "}", "tal.json")
    assert "inte ett tal" in info.value.problems[0].message
    assert info.value.problems[0].line == 2


@pytest.mark.parametrize("number", ["1e308", "1e400", "1e27", "-1e13"])
def test_huge_numbers_are_refused_with_their_field(number):
    with pytest.raises(InputError) as info:
        load_json('{"scores": {"1.1": ' + number + "}}")
    assert info.value.problems[0].field == "scores.1.1"


def test_ordinary_json_loads():
    assert load_json('{"a": [1, 2.5, {"b": null}], "c": "NaN"}') == {
        "a": [1, 2.5, {"b": None}],
        "c": "NaN",
    }


def test_syntax_errors_name_the_line():
    with pytest.raises(InputError) as info:
        load_json('{\n"a": }')
    assert info.value.problems[0].line == 2
