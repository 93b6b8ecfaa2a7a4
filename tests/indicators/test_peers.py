"""Peer groups: population band, county, SKR municipality group and hand-picked lists,
as used by key ratios, indicators and (through `peer_options`) the evaluations."""

import pytest

from kompass.core.errors import InputError
from kompass.organisations.domain.bands import band_of
from kompass.organisations.domain.peers import (
    create_peer_group,
    group_member_ids,
    group_sizes,
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
    assert [p.key for p in peer_options(leksand)][:4] == ["skr", "skr-2017", "band", "county"]


def test_skr_peers_name_their_grouping_and_default_to_the_newest(base_data):
    kalmar = Organisation.objects.get(code="0880")
    newest = resolve_peers(kalmar, "skr")
    older = resolve_peers(kalmar, "skr-2017")
    assert newest.label == "Kommungruppen Större stad (SKR 2023)"
    assert "kommungruppsindelningen 2023" in newest.description
    assert older.label == "Kommungruppen Mindre stad/tätort (SKR 2017)"
    b3_2023 = {o.code for o in newest.organisations()}
    assert len(b3_2023) == 22 and "1290" in b3_2023  # Kristianstad moved into B3 too
    assert "1290" in {o.code for o in older.organisations()}  # and was C6 with Kalmar
    assert resolve_peers(kalmar, "skr-1999") is None
    labels = [p.label for p in peer_options(kalmar)]
    assert labels[:2] == [newest.label, older.label]


def test_saved_skr_group_uses_the_newest_grouping_unless_a_year_is_named(base_data):
    newest = create_peer_group(name="B3", kind="skr_group", criterion="b3")
    old = create_peer_group(name="B3 2017", kind="skr_group", criterion="2017:B3")
    assert (newest.criterion, old.criterion) == ("B3", "B3 2017")
    codes = {o.code for o in Organisation.objects.filter(pk__in=group_member_ids(newest))}
    old_codes = {o.code for o in Organisation.objects.filter(pk__in=group_member_ids(old))}
    assert (len(codes), len(old_codes)) == (23, 21)
    assert "0880" in codes and "0880" not in old_codes
    assert group_sizes([newest, old]) == {newest.pk: 23, old.pk: 21}
    kalmar = Organisation.objects.get(code="0880")
    assert (
        resolve_peers(kalmar, f"group-{old.pk}").description
        == "SKR:s kommungrupp B3 enligt kommungruppsindelningen 2017"
    )
    with pytest.raises(InputError, match="kommungruppsindelning 2011 finns inte"):
        create_peer_group(name="Gammal", kind="skr_group", criterion="B3 2011")


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
