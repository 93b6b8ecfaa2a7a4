"""Shared fixtures: the municipality register and frameworks, and the cast of users.

The cast matches the permission matrix: administrator, evaluator, owner, editor and
reader of an organisation, an outsider (member of another organisation) and anonymous.
"""

import pytest
from django.conf import settings

from kompass.accounts.models import Membership, User
from kompass.frameworks.domain.loading import load_shipped_frameworks
from kompass.frameworks.models import Framework
from kompass.organisations.domain.register import load_register
from kompass.organisations.models import Organisation

PASSWORD = "test-lösenord-123"


def pytest_configure():
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def base_data(db):
    """The municipality register and the shipped frameworks (loaded once per test DB)."""
    if not Organisation.objects.filter(code="2029").exists():
        load_register()
    if not Framework.objects.exists():
        load_shipped_frameworks()


@pytest.fixture
def leksand(base_data):
    return Organisation.objects.get(code="2029")


@pytest.fixture
def rattvik(base_data):
    return Organisation.objects.get(code="2031")


@pytest.fixture
def kk2020(base_data):
    return Framework.objects.get(identifier="kommunkompassen-2020")


def make_user(username, *, superuser=False, evaluator=False, organisation=None, role=None):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.title(),
        is_superuser=superuser,
        is_staff=superuser,
        is_evaluator=evaluator,
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def cast(leksand, rattvik):
    """Users by role, relative to Leksand."""
    return {
        "admin": make_user("admin", superuser=True),
        "evaluator": make_user("utvarderare", evaluator=True),
        "owner": make_user("agare", organisation=leksand, role=Membership.Role.OWNER),
        "editor": make_user("redigerare", organisation=leksand, role=Membership.Role.EDITOR),
        "reader": make_user("lasare", organisation=leksand, role=Membership.Role.READER),
        "outsider": make_user("utomstaende", organisation=rattvik, role=Membership.Role.EDITOR),
        "other_evaluator": make_user("annan_utvarderare", evaluator=True),
    }


@pytest.fixture
def client_for(client):
    """`client_for(user)` logs the test client in as `user` (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def draft(kk2020, leksand, cast):
    """A draft evaluation of Leksand assigned to the evaluator of the cast."""
    import datetime

    from kompass.evaluations.models import Evaluation

    evaluation = Evaluation.objects.create(
        organisation=leksand, framework=kk2020, date=datetime.date(2026, 10, 1)
    )
    evaluation.evaluators.add(cast["evaluator"])
    return evaluation
