"""Four eyes on releasing a wave's results (`kompass.approvals`).

Closing a wave releases its results: from then on they are computed and shown to the
owners and the cohort's organisations. One of the survey's owners asks; another owner or
an administrator approves after the confirmation page has shown what will be released
(the wave, how many answered per organisation, the smallest group shown); only then is
the wave closed. A wave whose last day has passed takes no more answers but shows no
results until its release is approved, so a date cannot skip the second person.

The command line (`kompass survey close`, `import --close`) closes directly, as the
server's operator; the trail names who ran it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit
from kompass.approvals import domain as approvals
from kompass.core.errors import InputError, InputProblem
from kompass.surveys.domain.surveys import close_wave
from kompass.surveys.models import Respondent, Wave

RELEASE = approvals.What.RELEASE


def _check_manages(user, wave: Wave) -> None:
    if user is None or not can_edit(user, wave.survey):
        raise PermissionDenied(_("Bara enkätens ägare och administratörer får släppa resultat."))


def shown_at_release(wave: Wave) -> dict:
    """What the confirmation page shows, kept with the approval: respondents per
    organisation (counts only) and the survey's k."""
    rows = (
        Respondent.objects.filter(survey_id=wave.survey_id, wave=wave)
        .values_list("organisation__name")
        .order_by("organisation__name")
    )
    per_organisation: dict[str, int] = {}
    for (name,) in rows:
        per_organisation[name] = per_organisation.get(name, 0) + 1
    return {
        "omgång": wave.code,
        "svarande": sum(per_organisation.values()),
        "organisationer": len(per_organisation),
        "minsta_grupp": wave.survey.min_group,
    }


def awaits_decision_by(user, wave: Wave) -> bool:
    waiting = approvals.pending(wave, RELEASE)
    return bool(
        waiting
        and user is not None
        and can_edit(user, wave.survey)
        and waiting.requested_by_id != user.pk
    )


@transaction.atomic
def request_release(*, wave: Wave, user):
    _check_manages(user, wave)
    if wave.closed:
        raise InputError([InputProblem(_("Omgångens resultat är redan släppta."))])
    return approvals.request(obj=wave, what=RELEASE, user=user, shown=shown_at_release(wave))


@transaction.atomic
def approve_release(*, wave: Wave, user) -> Wave:
    """Approve the pending request (never the requester's own) and close the wave."""
    _check_manages(user, wave)
    waiting = approvals.pending(wave, RELEASE)
    if waiting is None:
        raise InputError([InputProblem(_("Ingen har begärt att omgångens resultat släpps."))])
    approvals.approve(approval=waiting, user=user, obj=wave, shown=shown_at_release(wave))
    close_wave(wave=wave, user=user)
    return wave


@transaction.atomic
def reject_release(*, wave: Wave, user, reason: str = ""):
    _check_manages(user, wave)
    waiting = approvals.pending(wave, RELEASE)
    if waiting is None:
        raise InputError([InputProblem(_("Ingen begäran väntar."))])
    return approvals.reject(approval=waiting, user=user, obj=wave, reason=reason)


def release_lines(wave: Wave) -> list[tuple[str, str]]:
    return approvals.report_lines(wave, RELEASE)
