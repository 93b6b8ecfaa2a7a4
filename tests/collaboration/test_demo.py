"""The demo project: a coordination association's project, labelled Exempeldata."""

import io

import pytest

from kompass.analytics.socio import kronor
from kompass.collaboration.demo import NAME, load
from kompass.collaboration.domain.account import project_result
from kompass.collaboration.models import Project
from kompass.organisations.demo import load as load_users
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_project_is_complete_and_loads_once(base_data):
    load_users(io.StringIO())
    load(io.StringIO())
    load(io.StringIO())
    project = Project.objects.get(name=NAME)
    assert project.is_example
    kinds = {p.organisation.kind for p in project.partners.select_related("organisation")}
    assert kinds == {
        Organisation.Kind.ASSOCIATION,
        Organisation.Kind.AGENCY,
        Organisation.Kind.REGION,
        Organisation.Kind.MUNICIPALITY,
    }
    shares = sorted(float(p.financing_share) for p in project.partners.all() if p.financing_share)
    assert shares == [8.33, 8.33, 8.34, 25.0, 50.0]
    assert project.assessments.count() == 5
    assert project.people.count() == 9 and project.plan_steps.count() == 4
    result, problems = project_result(project)
    assert problems == []
    assert result.account.example
    assert kronor(result.rate(0).society.horizon(5).net) > 0
    assert Project.objects.filter(name=NAME).count() == 1


def test_demo_that_fails_half_way_leaves_nothing(empty_database):
    from kompass.core.errors import InputError

    # Without the municipality register the partners cannot be set: the project that
    # was already created must go too, or the next run would take it as loaded.
    with pytest.raises(InputError):
        load(io.StringIO())
    assert not Project.objects.filter(name=NAME).exists()
    assert not Organisation.objects.exists()
