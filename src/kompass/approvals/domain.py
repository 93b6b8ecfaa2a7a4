"""Requesting, approving and rejecting. The app's own domain function checks who may
request and approve (its access rules), calls these in its transaction, and publishes on
approval; these keep the four-eyes rule itself.

- `request(obj=..., what=..., user=...)`: one open request per object and purpose.
- `approve(approval=..., user=...)`: refused (`SelfApproval`) for the person who asked.
- `reject(approval=..., user=..., reason=...)`: another person rejects; the person who
  asked withdraws their own request the same way.

`user` None is the command line: it acts as the user named by `kompass --user` or
KOMPASS_USER (`kompass.audit.actor`); without one it cannot take part in four eyes,
because nobody could tell the two people apart.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.approvals.models import Approval
from kompass.audit import trail
from kompass.audit.actor import current, describe
from kompass.core.errors import InputError, InputProblem

What = Approval.What
State = Approval.State


class SelfApproval(PermissionDenied):
    """The person who requested an approval tried to give it."""


def _key(obj) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def _person(user):
    """The user acting (the command line's named user for None), or an InputError."""
    actor = current(user)
    if actor.user is None:
        raise InputError(
            [
                InputProblem(
                    _(
                        "Fyra ögon kräver att det syns vem som gör vad: ange vem du är med "
                        "kompass --user ANVÄNDARNAMN eller KOMPASS_USER."
                    )
                )
            ]
        )
    return actor.user


def pending(obj, what: str) -> Approval | None:
    kind, pk = _key(obj)
    return Approval.objects.filter(
        object_kind=kind, object_id=pk, what=what, state=State.PENDING
    ).first()


def latest_approved(obj, what: str) -> Approval | None:
    kind, pk = _key(obj)
    return (
        Approval.objects.filter(object_kind=kind, object_id=pk, what=what, state=State.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def history(obj, what: str | None = None):
    kind, pk = _key(obj)
    qs = Approval.objects.filter(object_kind=kind, object_id=pk)
    return qs.filter(what=what) if what else qs


def request(*, obj, what: str, user, shown: dict | None = None) -> Approval:
    """Ask for a second person's approval of `what` on `obj`."""
    person = _person(user)
    waiting = pending(obj, what)
    if waiting is not None:
        raise InputError(
            [
                InputProblem(
                    _(
                        "Det finns redan en begäran som väntar på godkännande (begärd av "
                        "%(who)s %(when)s)."
                    )
                    % {
                        "who": waiting.requested_by_name,
                        "when": timezone.localtime(waiting.requested_at).strftime("%Y-%m-%d"),
                    }
                )
            ]
        )
    kind, pk = _key(obj)
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                object_kind=kind,
                object_id=pk,
                object_label=str(obj)[:300],
                what=what,
                requested_by=person,
                requested_by_name=describe(person)[:200],
                shown=trail.jsonable(shown or {}),
            )
    except IntegrityError:  # a second request at the same moment
        raise InputError(
            [InputProblem(_("Det finns redan en begäran som väntar på godkännande."))]
        ) from None
    trail.record_change(
        user=person,
        obj=obj,
        action=trail.Action.REQUEST,
        after={"gäller": str(What(what).label), "begärd_av": approval.requested_by_name},
    )
    return approval


def _open(approval: Approval) -> Approval:
    locked = Approval.objects.select_for_update().get(pk=approval.pk)
    if locked.state != State.PENDING:
        raise InputError(
            [
                InputProblem(
                    _("Begäran är redan %(state)s.") % {"state": locked.get_state_display().lower()}
                )
            ]
        )
    return locked


@transaction.atomic
def approve(*, approval: Approval, user, obj, shown: dict | None = None) -> Approval:
    """Approve a pending request; refused for the person who made it."""
    person = _person(user)
    approval = _open(approval)
    if approval.requested_by_id == person.pk:
        raise SelfApproval(
            _(
                "Du begärde själv godkännandet och kan inte godkänna det; en annan person "
                "med rätt roll måste göra det."
            )
        )
    approval.state = State.APPROVED
    approval.decided_by = person
    approval.decided_by_name = describe(person)[:200]
    approval.decided_at = timezone.now()
    if shown is not None:
        approval.shown = trail.jsonable(shown)
    approval.save()
    trail.record_change(
        user=person,
        obj=obj,
        action=trail.Action.APPROVE,
        after={
            "gäller": str(What(approval.what).label),
            "begärd_av": approval.requested_by_name,
            "godkänd_av": approval.decided_by_name,
        },
    )
    return approval


@transaction.atomic
def reject(*, approval: Approval, user, obj, reason: str = "") -> Approval:
    """Reject a pending request (another person) or withdraw it (the person who asked)."""
    person = _person(user)
    approval = _open(approval)
    own = approval.requested_by_id == person.pk
    approval.state = State.WITHDRAWN if own else State.REJECTED
    approval.decided_by = person
    approval.decided_by_name = describe(person)[:200]
    approval.decided_at = timezone.now()
    approval.reason = (reason or "").strip()
    approval.save()
    trail.record_change(
        user=person,
        obj=obj,
        action=trail.Action.WITHDRAW if own else trail.Action.REJECT,
        after={
            "gäller": str(What(approval.what).label),
            "begärd_av": approval.requested_by_name,
            ("återkallad_av" if own else "avvisad_av"): approval.decided_by_name,
            "motivering": approval.reason,
        },
    )
    return approval


def report_lines(obj, what: str) -> list[tuple[str, str]]:
    """("Begärd av", "Ulla Utvärderare (utvarderare), 2026-10-01") and ("Godkänd av", ...)
    of the latest approval, for a report's first page; [] when there is none."""
    approval = latest_approved(obj, what)
    if approval is None:
        return []
    day = "%Y-%m-%d"
    return [
        (
            _("Begärd av"),
            f"{approval.requested_by_name}, {timezone.localtime(approval.requested_at):{day}}",
        ),
        (
            _("Godkänd av"),
            f"{approval.decided_by_name}, {timezone.localtime(approval.decided_at):{day}}",
        ),
    ]
