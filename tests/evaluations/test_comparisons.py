"""Reference groups: same framework version, published, up to the evaluation's date; each
says how many evaluations it holds. Good examples: the highest published scores."""

import datetime
from decimal import Decimal

import pytest

from kompass.evaluations.domain.comparisons import reference_groups, top_scorers
from kompass.evaluations.models import Evaluation, SubareaScore
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def make(kk2020, code, date, share, status="published"):
    evaluation = Evaluation.objects.create(
        organisation=Organisation.objects.get(code=code),
        framework=kk2020,
        date=datetime.date.fromisoformat(date),
        status=status,
    )
    SubareaScore.objects.bulk_create(
        SubareaScore(
            evaluation=evaluation,
            code=s.code,
            score=(s.max * Decimal(share)).quantize(Decimal("0.01")),
        )
        for s in kk2020.tree.subareas
    )
    return evaluation


def groups_by_key(evaluation):
    return {g.key: g for g in reference_groups(evaluation)}


def test_groups_state_their_size_and_average(leksand_2023, kk2020):
    make(kk2020, "2031", "2021-01-01", "0.5")  # Rättvik, small, first
    make(kk2020, "2034", "2022-01-01", "0.7")  # Orsa, small, first
    make(kk2020, "0180", "2022-06-01", "0.6")  # Stockholm, large, first
    groups = groups_by_key(leksand_2023)
    assert groups["national"].n == 3
    assert groups["national"].sheet.shown == 480  # (400 + 560 + 480) / 3
    assert groups["population"].n == 2
    assert groups["population"].label == "Kommuner med högst 20 000 invånare"
    assert groups["population"].sheet.shown == 480
    assert groups["first_population"].n == 2
    assert groups["first"].n == 3
    assert "previous" not in groups


def test_only_published_evaluations_of_the_same_version_up_to_the_date_count(leksand_2023, kk2020):
    make(kk2020, "2031", "2021-01-01", "0.5", status="draft")
    make(kk2020, "2034", "2025-01-01", "0.7")  # after Leksand's report: not in it
    groups = groups_by_key(leksand_2023)
    assert groups["national"].n == 0
    assert groups["national"].sheet is None


def test_re_evaluations_are_not_first_time_and_show_the_previous(leksand_2023, kk2020):
    make(kk2020, "2031", "2020-01-01", "0.4")
    make(kk2020, "2031", "2022-01-01", "0.6")
    later = make(kk2020, "2029", "2026-01-01", "0.55")
    groups = groups_by_key(later)
    assert groups["first_population"].n == 2  # Rättvik 2020 and Leksand 2023
    assert groups["population"].n == 3
    assert groups["previous"].n == 1
    assert groups["previous"].label == "Leksand 2023"
    assert groups["previous"].sheet.shown == 412


def test_top_scorers_per_subarea_leave_out_the_evaluated_organisation(leksand_2023, kk2020):
    make(kk2020, "2031", "2021-01-01", "0.5")
    make(kk2020, "2034", "2022-01-01", "0.7")
    make(kk2020, "2034", "2023-01-01", "0.8")  # Orsa's latest counts
    tops = top_scorers(leksand_2023)
    assert [(t.organisation, t.year, t.shown) for t in tops["1.1"]] == [
        ("Orsa", 2023, 16),
        ("Rättvik", 2021, 10),
    ]


def test_peer_groups_of_county_and_skr_group_are_reference_groups(leksand_2023, kk2020):
    make(kk2020, "2031", "2021-01-01", "0.5")  # Rättvik: Dalarna, C9 like Leksand
    make(kk2020, "2080", "2021-06-01", "0.7")  # Falun: Dalarna, another group
    groups = groups_by_key(leksand_2023)
    assert groups["peers-county"].label == "Kommuner i Dalarnas län"
    assert groups["peers-county"].n == 2
    assert groups["peers-skr"].n == 1
    assert groups["peers-skr"].sheet.shown == 400


def test_a_chosen_group_gets_its_own_profile_chart(leksand_2023, kk2020, cast, client_for):
    make(kk2020, "2031", "2021-01-01", "0.5")
    page = (
        client_for(cast["reader"])
        .get(f"/utvarderingar/{leksand_2023.pk}/?jamfor=peers-county")
        .content.decode()
    )
    assert "jämfört med Kommuner i Dalarnas län" in page
    assert 'value="peers-county" selected' in page


def test_an_earlier_evaluation_in_review_is_not_shown_as_previous(leksand_2023, kk2020):
    make(kk2020, "2029", "2025-01-01", "0.5", status="review")
    later = make(kk2020, "2029", "2026-01-01", "0.55")
    assert groups_by_key(later)["previous"].label == "Leksand 2023"
