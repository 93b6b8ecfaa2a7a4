"""Four eyes on a socio-economic account: the person who asks cannot approve; another
editor, owner or administrator can, on a page that shows the account; the account report
names both; a change afterwards makes the account unapproved again; the trail has each
step; readers and outsiders cannot take part."""

import pytest
from django.core.exceptions import PermissionDenied

from kompass.approvals.domain import SelfApproval
from kompass.audit.models import AuditEntry
from kompass.collaboration.domain import account as acc
from kompass.collaboration.domain.approval import (
    approval_lines,
    approve,
    is_current,
    reject,
    request_approval,
)
from tests.collaboration.conftest import example_data

pytestmark = pytest.mark.django_db


def test_requester_cannot_approve_and_a_second_person_can(account_project, cast, client_for):
    editor, owner = cast["editor"], cast["owner"]
    request_approval(project=account_project, user=editor)
    with pytest.raises(SelfApproval):
        approve(project=account_project, user=editor)
    assert not is_current(account_project)
    approve(project=account_project, user=owner)
    assert is_current(account_project)
    lines = dict(approval_lines(account_project))
    assert lines["Begärd av"].startswith("Redigerare (redigerare)")
    assert lines["Godkänd av"].startswith("Agare (agare)")
    # The account report names both on its first page.
    html = (
        client_for(cast["reader"])
        .get(f"/rapporter/samverkansbokslut/{account_project.pk}/?format=html")
        .content.decode()
    )
    assert "Begärd av" in html and "Redigerare (redigerare)" in html
    assert "Agare (agare)" in html
    actions = list(
        AuditEntry.objects.filter(object_kind="collaboration.socioaccount")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["request", "approve"]


def test_a_change_after_approval_unapproves(account_project, cast):
    request_approval(project=account_project, user=cast["editor"])
    approve(project=account_project, user=cast["admin"])
    data = example_data()
    data["name"] = "Ändrad kalkyl"
    acc.save_account(project=account_project, user=cast["editor"], data=data)
    assert not is_current(account_project)
    assert dict(approval_lines(account_project))["Godkänd av"].startswith("inte godkänd")


def test_reject_and_roles(account_project, cast):
    request_approval(project=account_project, user=cast["editor"])
    with pytest.raises(PermissionDenied):
        approve(project=account_project, user=cast["reader"])
    with pytest.raises(PermissionDenied):
        approve(project=account_project, user=cast["outsider"])
    reject(project=account_project, user=cast["owner"], reason="Fel diskonteringsränta")
    assert AuditEntry.objects.filter(action="reject").get().after["motivering"] == (
        "Fel diskonteringsränta"
    )


def test_the_confirmation_page(account_project, cast, client_for):
    url = f"/samverkan/{account_project.pk}/kalkyl/godkannande/"
    editor = client_for(cast["editor"])
    page = editor.get(url).content.decode()
    assert "Det här godkänns" in page and 'value="request"' in page
    editor.post(url, {"action": "request"})
    editor.post(url, {"action": "approve"})
    assert not is_current(account_project)
    owner = client_for(cast["owner"])
    assert 'value="approve"' in owner.get(url).content.decode()
    owner.post(url, {"action": "approve"})
    assert is_current(account_project)
    assert client_for(cast["reader"]).get(url).status_code == 403
    assert client_for(cast["outsider"]).get(url).status_code == 404
