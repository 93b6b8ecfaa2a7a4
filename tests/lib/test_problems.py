from kompass.lib.problems import InputError, InputProblem, Problems


def test_line_and_row_are_one_location_printed_once():
    assert str(InputProblem("fel", line=12, file="a.csv")) == "a.csv, rad 12: fel"
    assert str(InputProblem("fel", row=12, column="q3")) == "rad 12, kolumn q3: fel"
    # Both given (a table read from a text file): still printed once.
    assert str(InputProblem("fel", line=3, row=3)).count("rad") == 1


def test_the_collector_gathers_everything_and_raises_once():
    problems = Problems("fil.yaml", lines=lambda: {("a", "b"): 4}.get)
    problems.at(("a", "b"), "ska vara ett tal")
    problems.add("kolumnen saknas", row=2, column="x")
    assert len(problems) == 2
    try:
        problems.raise_if_any()
    except InputError as exc:
        assert exc.messages == [
            "fil.yaml, rad 4, fält ”a.b”: ska vara ett tal",
            "fil.yaml, rad 2, kolumn x: kolumnen saknas",
        ]
    else:
        raise AssertionError("no InputError")


def test_the_line_map_is_built_only_when_there_is_a_problem():
    built = []
    problems = Problems("f", lines=lambda: built.append(1) or {}.get)
    problems.raise_if_any()  # nothing collected: no error, no map
    assert built == []
    problems.at(("x",), "fel")
    problems.at(("y",), "fel")
    assert built == [1]


def test_a_limit_counts_the_rest_in_one_closing_line():
    problems = Problems("f.csv", limit=2)
    for row in range(5):
        problems.add("fel", row=row)
    assert [str(p) for p in problems][-1] == "f.csv: … och 3 fel till"
    assert len(problems.problems) == 3
