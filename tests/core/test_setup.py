"""`kompass setup` and `kompass demo` run what the apps register; core names no app."""

import io

import pytest
from django.core.management import call_command

from kompass.core.setup import demo_loaders, setup_steps
from kompass.frameworks.models import Framework
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_apps_register_the_register_and_the_frameworks_as_setup_steps():
    assert [s.name for s in setup_steps()] == ["register", "frameworks"]


def test_demo_loaders_run_users_first_then_the_domains_in_order():
    assert [name for name, _load in demo_loaders()] == [
        "kompass.organisations.demo",
        "kompass.evaluations.demo",
        "kompass.surveys.demo",
        "kompass.indicators.demo",
        "kompass.followup.demo",
        "kompass.collaboration.demo",
        "kompass.leadership.demo",
        "kompass.status.demo",
    ]


def test_setup_loads_the_register_and_the_frameworks_and_can_run_again(empty_database):
    out = io.StringIO()
    call_command("setup", stdout=out)
    assert Organisation.objects.filter(code="2029").exists()
    assert Framework.objects.filter(identifier="kommunkompassen-2020").exists()
    lines = out.getvalue().splitlines()
    # created, then given the newest population and SKR group (as load_register counts)
    assert lines[:2] == ["Databasen är migrerad.", "Kommunregistret: 290 nya, 290 uppdaterade."]
    assert "Ramverk kommunkompassen-2020: inläst." in lines
    again = io.StringIO()
    call_command("setup", stdout=again)
    assert "Kommunregistret: 0 nya, 0 uppdaterade." in again.getvalue()
    assert "Ramverk kommunkompassen-2020: oförändrat." in again.getvalue()
