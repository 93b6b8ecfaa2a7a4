"""The one organisation-name matcher: how people write municipalities in lists."""

import pytest

from kompass.organisations.domain.names import OrganisationMatcher, normalise
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def matcher(base_data):
    return OrganisationMatcher()


@pytest.mark.parametrize(
    "written",
    [
        "Falun",
        "Falu kommun",  # the genitive form the municipality uses itself
        "Falun kommun",  # the name with "kommun" added, as the walkthrough typed it
        "Faluns kommun",
        "FALU KOMMUN",
        "  falu   kommun ",
        "2080",
        2080,
        "2080 Falun",
        "2080 – Falu kommun",
        "Falun (2080)",
    ],
)
def test_falun_in_every_form(matcher, written):
    assert matcher(written).code == "2080"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Leksands kommun", "2029"),
        ("Leksand kommun", "2029"),
        ("Borås kommun", "1490"),  # ends in s: no extra s
        ("Mora kommun", "2062"),
        ("Region Gotland", "0980"),
        ("Gotlands kommun", "0980"),
        ("Stockholms stad", "0180"),
        ("Göteborgs Stad", "1480"),
        ("Upplands-Väsby", "0114"),
        ("Upplands Väsby kommun", "0114"),
        ("Malung Sälen", "2023"),
        ("Malung-Sälens kommun", "2023"),
        ("Marks kommun", "1463"),
        ("114", "0114"),
    ],
)
def test_common_written_forms(matcher, written, code):
    assert matcher(written).code == code


def test_swedish_letters_are_not_folded_away(matcher):
    """Habo and Håbo are two municipalities: the dots and rings decide."""
    assert matcher("Habo").code == "0643"
    assert matcher("Håbo").code == "0305"
    assert matcher("habo kommun").code == "0643"


def test_unknown_name_gets_a_suggestion_when_one_is_close(matcher):
    with pytest.raises(
        LookupError, match="okänd organisation ”Falum” – menade du Falun \\(2080\\)"
    ):
        matcher("Falum")
    with pytest.raises(LookupError, match="menade du Örebro \\(1880\\)"):
        matcher("Orebro")


def test_unknown_name_without_anything_close(matcher):
    with pytest.raises(LookupError, match="okänd organisation ”Atlantis” \\(ange kommunkod"):
        matcher("Atlantis")


def test_code_and_name_that_disagree_are_refused(matcher):
    with pytest.raises(LookupError, match="kommunkoden 2029 är Leksand, inte ”Rättvik”"):
        matcher("2029 Rättvik")


def test_same_name_twice_asks_for_the_code(base_data):
    Organisation.objects.create(name="Leksand", kind=Organisation.Kind.ASSOCIATION)
    with pytest.raises(LookupError, match=r"kan vara flera organisationer .*ange koden"):
        OrganisationMatcher()("Leksand")
    assert OrganisationMatcher()("2029").code == "2029"


def test_a_list_keeps_what_it_finds_and_reports_each_unknown_line(matcher):
    lines = ["Falun kommun", "", "Atlantis", "0862; Ludvika", "Falu kommun", "Lexand"]
    result = matcher.match_lines(lines, field_name="organisations")
    assert [o.code for o in result.found] == ["2080", "0862", "2085"]  # Falun once
    assert [(p.line, p.field) for p in result.problems] == [
        (3, "organisations"),
        (6, "organisations"),
    ]
    assert "Atlantis" in result.problems[0].message
    assert "menade du Leksand (2029)" in result.problems[1].message
    assert result.unmatched == ["Atlantis", "Lexand"]


def test_normalise_keeps_letters_and_merges_spaces_and_hyphens():
    assert normalise(" Malung-Sälen\t kommun. ") == "malung sälen kommun"
    assert normalise("Håbo") != normalise("Habo")


def test_the_register_gives_every_municipality_unique_names(matcher):
    """No written form of one municipality finds another (so lists never guess)."""
    clashes = {key: orgs for key, orgs in matcher.by_name.items() if len(orgs) > 1}
    assert clashes == {}
    assert len(matcher.by_code) == 290
