"""The leadership-development framework: seven principles, each with its dialogue question
and options, and the methods table under principle 4 (leader/leadership development x the
five kinds of method), with its source cited."""

from kompass.frameworks.domain.loading import SHIPPED_DIR, read_framework_file

PATH = SHIPPED_DIR / "ledarskapsutveckling-2022.yaml"
KINDS = ("relationer", "uppgifter", "feedback", "kurser", "sjalv")


def _tree():
    return read_framework_file(PATH)[1]


def test_seven_principles_each_with_a_statement_and_a_question_with_options():
    tree = _tree()
    assert tree.kind == "checklist"
    assert [a.code for a in tree.areas] == [str(n) for n in range(1, 8)]
    for number, area in enumerate(tree.areas, start=1):
        assert [i.code for i in area.items] == [f"P{number}"]
        assert area.description.endswith("?"), area.code  # the dialogue question
        assert area.subareas, area.code
        for sub in area.subareas:
            assert len(sub.items) >= 2, sub.code  # a question offers options
    # Every statement and option can be answered yes/partly/no or "don't know".
    assert {i.scale.id for i in tree.items} == {"uppfyllt"}
    assert tree.items[0].scale.dont_know == "Vet ej"


def test_methods_table_has_two_levels_times_five_kinds():
    area = _tree().area("4")
    assert [s.code for s in area.subareas] == ["4.L", "4.S"]
    for sub in area.subareas:
        assert [i.code for i in sub.items] == [f"{sub.code}.{kind}" for kind in KINDS]
        assert all(i.help for i in sub.items)  # examples of methods
    names = [[i.text for i in sub.items] for sub in area.subareas]
    assert names[0] == names[1]  # the same five kinds for both levels


def test_source_cites_skr_honestly():
    """Seed 002 cites SKR's publication by title only; the year given is the one the seed
    states, that of the presentation the principles were taken from (2 June 2022)."""
    tree = _tree()
    assert "Sveriges Kommuner och Regioner (SKR)" in tree.source
    assert "Ledarskapsutveckling – principer och arbetssätt" in tree.source
    assert "kommuner och regioner (utan år)" in tree.source
    assert '"Nätverket" (2022)' in tree.source
    assert "2020" not in tree.source and tree.version == "2022"
    assert "egna ord" in tree.source
