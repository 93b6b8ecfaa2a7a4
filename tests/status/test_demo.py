"""`kompass demo` fills the status analysis and leadership development, so a newcomer
sees the pages filled: a vägval with a cause record and a plan for Leksand, and a
management group's assessments over time with a programme plan followed up by the LfR
self-assessment for Ludvika. A second run changes nothing."""

import io

import pytest

from kompass.leadership.models import Activity, Assessment, ProgrammePlan
from kompass.status.models import Cause, CauseAnalysis, Choice, Evidence

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_fills_status_and_leadership(base_data, cast, client_for):
    from kompass.indicators import demo as indicators_demo
    from kompass.leadership import demo as leadership_demo
    from kompass.status import demo as status_demo
    from kompass.surveys.demo import load_lfr

    indicators_demo.load(io.StringIO())
    load_lfr()
    for _ in range(2):  # a second run changes nothing
        status_demo.load(io.StringIO())
        leadership_demo.load(io.StringIO())
    assert Choice.objects.filter(is_example=True).count() == 2
    prioritised = Choice.objects.get(decision="prioritised")
    assert prioritised.metric == "medarbetare_per_chef"
    assert prioritised.peers_label.endswith("(SKR 2023)")
    analysis = CauseAnalysis.objects.get()
    assert Cause.objects.filter(analysis=analysis).count() == 2
    assert set(Evidence.objects.values_list("kind", flat=True)) >= {"figure", "survey"}
    assert analysis.plan.actions.get().indicators.get().measures == "effect"
    assert Assessment.objects.filter(is_example=True).count() == 2
    plan = ProgrammePlan.objects.get()
    assert plan.followup_survey.slug == "lfr-2012-2013"
    assert {a.level for a in Activity.objects.all()} == {"L", "S"}

    client = client_for(cast["admin"])
    page = client.get(
        "/nulage/organisation/2029/?source=table:exempel-hemtjanst-c9&peers=skr"
    ).content.decode()
    assert "Medarbetare per chef i hemtjänsten" in page and "Lämnas medvetet" in page
    choice = client.get(f"/nulage/vagval/{prioritised.pk}/").content.decode()
    assert "Medarbetarenkäten" in choice and "Effekt: Nöjda brukare i hemtjänsten" in choice
    leadership = client.get("/ledarskap/organisation/2085/").content.decode()
    assert "Kommunens ledningsgrupp (exempeldata)" in leadership
