"""Peer groups: population band, county, SKR municipality group and hand-picked lists,
as used by key ratios, indicators and (through `peer_options`) the evaluations."""

import pytest

from kompass.core.errors import InputError
from kompass.organisations.domain.bands import band_of
from kompass.organisations.domain.peers import (
    create_peer_group,
    group_member_ids,
    parse_band,
    peer_options,
    resolve_peers,
)
from kompass.organisations.models import Organisation, PeerGroup

pytestmark = pytest.mark.django_db


def test_standard_peers_of_leksand(leksand):
    skr = resolve_peers(leksand, "skr")
    county = resolve_peers(leksand, "county")
    band = resolve_peers(leksand, "band")
    c9 = Organisation.objects.filter(skr_group_code="C9")
    assert skr.organisation_ids == frozenset(c9.exclude(pk=leksand.pk).values_list("pk", flat=True))
    assert leksand.pk not in county.organisation_ids
    assert county.n == Organisation.objects.filter(county_code="20").count() - 1
    assert band.label == "Kommuner med högst 20 000 invånare"
    assert all(band_of(o.population).label == "högst 20 000 invånare" for o in band.organisations())
    assert [p.key for p in peer_options(leksand)][:3] == ["skr", "band", "county"]


def test_saved_groups_follow_their_criteria(leksand, rattvik):
    county = create_peer_group(name="Dalarna", kind="county", criterion="20")
    band = create_peer_group(name="Små", kind="population_band", criterion="-10000")
    picked = create_peer_group(
        name="Siljan", kind="hand_picked", members=["Rättvik", "2062", "Orsa"], owner=leksand
    )
    assert leksand.pk in group_member_ids(county)
    assert all(
        o.population <= 10000 for o in Organisation.objects.filter(pk__in=group_member_ids(band))
    )
    assert {o.name for o in Organisation.objects.filter(pk__in=group_member_ids(picked))} == {
        "Rättvik",
        "Mora",
        "Orsa",
    }
    peers = resolve_peers(leksand, f"group-{picked.pk}")
    assert peers.n == 3 and peers.label == "Siljan"
    # Another organisation may not use Leksand's own group.
    assert resolve_peers(rattvik, f"group-{picked.pk}") is None
    assert f"group-{county.pk}" in [p.key for p in peer_options(rattvik)]


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"name": "", "kind": "county", "criterion": "20"}, "name", "ge gruppen ett namn"),
        ({"name": "X", "kind": "county", "criterion": "99"}, "criterion", "okänd länskod ”99”"),
        (
            {"name": "X", "kind": "skr_group", "criterion": "D1"},
            "criterion",
            "okänd kommungrupp ”D1”",
        ),
        (
            {"name": "X", "kind": "population_band", "criterion": "mycket"},
            "criterion",
            "inget invånarintervall",
        ),
        (
            {"name": "X", "kind": "population_band", "criterion": "5000-100"},
            "criterion",
            "nedre gränsen större",
        ),
        (
            {"name": "X", "kind": "hand_picked", "members": ["Atlantis"]},
            "members",
            "okänd organisation ”Atlantis”",
        ),
        (
            {"name": "X", "kind": "hand_picked", "members": []},
            "members",
            "välj minst en organisation",
        ),
    ],
)
def test_bad_peer_groups_are_refused(base_data, kwargs, field, message):
    with pytest.raises(InputError) as info:
        create_peer_group(**kwargs)
    assert any(p.field == field and message in p.message for p in info.value.problems)
    assert not PeerGroup.objects.exists()


def test_band_labels():
    assert parse_band("20001-50000").label == "20 001–50 000 invånare"
    assert parse_band("-15000").label == "högst 15\u00a0000 invånare"
    assert parse_band("100001-").high is None
