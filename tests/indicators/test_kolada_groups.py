"""Kolada's groups as peers (indicators/kolada/groups.py) against the v3 stand-in: the
"Liknande kommuner" groups of one municipality read from their titles (area, municipality,
year), SKR's groups as Kolada publishes them, KPI groups; an empty group is refused."""

import pytest

from kompass.indicators.kolada.client import KoladaError
from kompass.indicators.kolada.groups import (
    kpi_groups,
    parse_similar_title,
    peer_group,
    peer_groups,
    similar_groups,
    skr_groups,
)


def add_similar(standin):
    """Groups in the shape Kolada's titles have (the ids and members are the test's own)."""
    standin.groups += [
        {
            "id": "GT0001",
            "title": "Liknande kommuner, övergripande, Leksand, 2025",
            "members": [
                {"member_id": "2021", "member_title": "Vansbro"},
                {"member_id": "2023", "member_title": "Malung-Sälen"},
            ],
        },
        {
            "id": "GT0002",
            "title": "Liknande kommuner grundskola, Leksand, 2024",
            "members": [{"member_id": "2031", "member_title": "Rättvik"}],
        },
        {"id": "GT0003", "title": "Liknande kommuner äldreomsorg, Leksand, 2025", "members": []},
        {
            "id": "GT0004",
            "title": "Liknande kommuner, övergripande, Lekeberg, 2025",
            "members": [{"member_id": "1814", "member_title": "Lekeberg"}],
        },
    ]


@pytest.mark.parametrize(
    "title, parsed",
    [
        ("Liknande kommuner, övergripande, Höör, 2025", ("övergripande", "Höör", 2025)),
        ("Liknande kommuner grundskola, Höör, 2024", ("grundskola", "Höör", 2024)),
        (
            "Liknande kommuner socioekonomi, Upplands Väsby, 2022",
            ("socioekonomi", "Upplands Väsby", 2022),
        ),
        ("Liknande kommuner, Leksand", ("", "Leksand", None)),
        ("Större stad, SKR:s kommungruppsindelning 2023", None),
    ],
)
def test_similar_titles_are_read(title, parsed):
    assert parse_similar_title(title) == parsed


def test_similar_groups_of_one_municipality_newest_first(kolada, standin):
    add_similar(standin)
    groups = similar_groups(client=kolada(), municipality="Leksand")
    # Lekeberg's group and the empty one are left out.
    assert [(g.id, g.area, g.year) for g in groups] == [
        ("GT0001", "övergripande", 2025),
        ("GT0002", "grundskola", 2024),
    ]
    assert groups[0].codes == ["2021", "2023"] and groups[0].kind == "similar"


def test_skr_groups_name_the_grouping_year(kolada):
    groups = skr_groups(client=kolada())
    assert len(groups) == 9 and {g.year for g in groups} == {2023}
    b3 = next(g for g in groups if g.id == "GSKR23B3")
    assert "0880" in b3.codes and b3.kind == "skr"


def test_peer_groups_are_similar_then_skr(kolada, standin):
    add_similar(standin)
    kinds = [g.kind for g in peer_groups(client=kolada(), municipality="Leksand")]
    assert kinds == ["similar", "similar"] + ["skr"] * 9


def test_an_empty_group_is_refused_not_read_as_everyone(kolada, standin):
    add_similar(standin)
    with pytest.raises(KoladaError, match="utan medlemmar"):
        peer_group(client=kolada(), group_id="GT0003")
    assert peer_group(client=kolada(), group_id="GT0002").codes == ["2031"]


def test_kpi_groups_by_title(kolada, standin):
    standin.kpi_groups += [
        {
            "id": "GK1",
            "title": "KKiK, testgrupp",
            "members": [{"member_id": "N01951", "member_title": "Invånare totalt, antal"}],
        },
        {"id": "GK2", "title": "Öppna jämförelser, testgrupp", "members": []},
    ]
    assert [g.id for g in kpi_groups(client=kolada(), title="kkik")] == ["GK1"]
    assert [g.id for g in kpi_groups(client=kolada())] == ["GK1", "GK2"]


def test_no_name_is_refused(kolada):
    with pytest.raises(KoladaError, match="Ange kommunens namn"):
        similar_groups(client=kolada(), municipality="  ")
