"""A collaboration project of Leksand (whose members are the cast), Försäkringskassan
and a region, financed 50/25/25, with the worked example of the docs as its account."""

import pytest

from kompass.collaboration.domain import account as acc
from kompass.collaboration.domain import projects as proj
from kompass.organisations.models import Organisation
from tests.analytics.socio_example import example_data


@pytest.fixture
def agencies(base_data):
    return {
        "fk": Organisation.objects.create(name="Försäkringskassan", kind=Organisation.Kind.AGENCY),
        "region": Organisation.objects.create(name="Region Dalarna", kind=Organisation.Kind.REGION),
        "forbund": Organisation.objects.create(
            name="Samordningsförbundet Exempel", kind=Organisation.Kind.ASSOCIATION
        ),
    }


@pytest.fixture
def project(cast, leksand, agencies):
    project = proj.create_project(
        user=cast["editor"],
        name="Steget (test)",
        organisation=leksand,
        purpose="Fler i arbete.",
        target_group="Unga vuxna.",
    )
    proj.set_partners(
        project=project,
        user=cast["editor"],
        rows=[
            proj.PartnerRow("Samordningsförbundet Exempel", "Projektägare"),
            proj.PartnerRow("Försäkringskassan", "Finansiär", "forsakringskassan", "50"),
            proj.PartnerRow("Region Dalarna", "Finansiär", "region", "25"),
            proj.PartnerRow("2029", "Finansiär", "kommun", "25"),
        ],
    )
    return project


@pytest.fixture
def account_project(project, cast):
    acc.save_account(project=project, user=cast["editor"], data=example_data())
    return project
