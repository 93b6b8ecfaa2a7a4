"""Four eyes on a socio-economic account (`kompass.approvals`): one person who may
change the project asks for approval of the account as it stands; another (an editor or
owner of a partner organisation, or an administrator) approves it after the confirmation
page has shown the key figures. An approval holds for the account as approved: a change
afterwards makes the account unapproved again, and the report says so.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit
from kompass.approvals import domain as approvals
from kompass.collaboration.models import Project, SocioAccount
from kompass.core.errors import InputError, InputProblem

APPROVE = approvals.What.APPROVE


def _account(project: Project) -> SocioAccount:
    account = SocioAccount.objects.filter(project=project).first()
    if account is None:
        raise InputError([InputProblem(_("Projektet har ingen kalkyl att godkänna än."))])
    return account


def _check(user, project: Project) -> None:
    if user is None or not can_edit(user, project):
        raise PermissionDenied(_("Du får inte godkänna kalkyler i det här projektet."))


def is_current(project: Project) -> bool:
    """Whether the account is approved as it stands (not changed since)."""
    account = SocioAccount.objects.filter(project=project).first()
    approval = approvals.latest_approved(account, APPROVE) if account else None
    return bool(approval and approval.decided_at >= account.updated_at)


@transaction.atomic
def request_approval(*, project: Project, user):
    _check(user, project)
    account = _account(project)
    if is_current(project):
        raise InputError([InputProblem(_("Kalkylen är redan godkänd som den ser ut nu."))])
    return approvals.request(obj=account, what=APPROVE, user=user)


def awaits_decision_by(user, project: Project) -> bool:
    account = SocioAccount.objects.filter(project=project).first()
    waiting = approvals.pending(account, APPROVE) if account else None
    return bool(
        waiting
        and user is not None
        and can_edit(user, project)
        and waiting.requested_by_id != user.pk
    )


@transaction.atomic
def approve(*, project: Project, user):
    _check(user, project)
    account = _account(project)
    waiting = approvals.pending(account, APPROVE)
    if waiting is None:
        raise InputError([InputProblem(_("Ingen har begärt att kalkylen godkänns."))])
    return approvals.approve(
        approval=waiting, user=user, obj=account, shown={"kalkyl": account.data.get("name", "")}
    )


@transaction.atomic
def reject(*, project: Project, user, reason: str = ""):
    _check(user, project)
    account = _account(project)
    waiting = approvals.pending(account, APPROVE)
    if waiting is None:
        raise InputError([InputProblem(_("Ingen begäran väntar."))])
    return approvals.reject(approval=waiting, user=user, obj=account, reason=reason)


def approval_lines(project: Project) -> list[tuple[str, str]]:
    """For the account report's first page: who asked and who approved, or that the
    account is not approved (or was changed after its approval)."""
    account = SocioAccount.objects.filter(project=project).first()
    if account is None:
        return []
    if is_current(project):
        return approvals.report_lines(account, APPROVE)
    if approvals.latest_approved(account, APPROVE) is not None:
        return [(_("Godkänd av"), _("inte godkänd: kalkylen har ändrats efter godkännandet"))]
    return [(_("Godkänd av"), _("inte godkänd än"))]
