"""The one access policy: who may see and who may change what, for every app.

Views, API routers, report kinds (`reports/exports.py`), commands and jobs all fetch
through here, never through the models directly. One vocabulary:

- `visible_<things>(user)`: a queryset of what `user` may see (lists, searches).
- `get_<thing>_for_user(user, key, *, edit=False)`: one object. Http404 when it does not
  exist *or* the user may not see it (nobody learns that something exists), and with
  `edit=True` PermissionDenied (403) when the user sees it but may not change it.
- `can_see(user, obj)`, `can_edit(user, obj)`: predicates for pages and templates
  (show a button or not); `can_create_<thing>(user)` for "new" buttons.
- `check_can_see(user, obj)` raises Http404; `check_can_edit(user, obj)` raises
  PermissionDenied with the reason in Swedish. Domain functions call `check_can_edit`;
  `user=None` is the command line, which acts as the operator (an administrator).

The rules of each domain live in the submodules (organisations and peer groups,
evaluations, surveys, indicators, collaboration, the things one organisation owns,
jobs, the audit trail); this package is the only entry point. It reads the other apps'
models and nothing else of theirs (an import contract checks that).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from kompass.accounts.access import (
    collaboration as _collaboration,
)
from kompass.accounts.access import (
    evaluations as _evaluations,
)
from kompass.accounts.access import (
    indicators as _indicators,
)
from kompass.accounts.access import (
    instruments as _instruments,
)
from kompass.accounts.access import (
    jobs as _jobs,
)
from kompass.accounts.access import (
    organisations as _organisations,
)
from kompass.accounts.access import (
    owned as _owned,
)
from kompass.accounts.access import (
    surveys as _surveys,
)
from kompass.accounts.access.audit import (
    can_see_object_trail,
    can_see_organisation_trail,
    can_see_some_trail,
    visible_trail_entries,
)
from kompass.accounts.access.collaboration import can_create_project, visible_projects
from kompass.accounts.access.evaluations import (
    EvaluationLocked,
    can_create_evaluation,
    can_see_evidence,
    is_evaluator_of,
    visible_evaluations,
)
from kompass.accounts.access.indicators import (
    can_create_ratio_table,
    visible_indicators,
    visible_ratio_tables,
)
from kompass.accounts.access.instruments import (
    can_create_instrument,
    instrument_organisation_ids,
    visible_instruments,
)
from kompass.accounts.access.jobs import own_jobs, visible_jobs
from kompass.accounts.access.organisations import (
    can_manage_members,
    editable_organisation_ids,
    editable_organisations,
    member_organisation_ids,
    membership,
    visible_organisations,
    visible_peer_groups,
)
from kompass.accounts.access.surveys import (
    can_create_survey,
    feedback_organisation_ids,
    managed_survey_ids,
    visible_surveys,
)
from kompass.collaboration.models import Project
from kompass.evaluations.models import Evaluation
from kompass.frameworks.models import Framework
from kompass.indicators.models import Indicator, RatioTable
from kompass.jobs.models import Job
from kompass.organisations.models import Organisation, PeerGroup
from kompass.surveys.models import Survey

__all__ = [
    "EvaluationLocked",
    "can_create_evaluation",
    "can_create_instrument",
    "can_create_project",
    "can_create_ratio_table",
    "can_create_survey",
    "can_edit",
    "can_manage_members",
    "can_see",
    "can_see_evidence",
    "can_see_object_trail",
    "can_see_organisation_trail",
    "can_see_some_trail",
    "check_can_edit",
    "check_can_see",
    "check_can_see_feedback",
    "editable_organisation_ids",
    "editable_organisations",
    "feedback_organisation_ids",
    "get_action_for_user",
    "get_activity_for_user",
    "get_dialogue_for_user",
    "get_evaluation_for_user",
    "get_indicator_for_user",
    "get_instrument_for_user",
    "get_job_for_user",
    "get_organisation_for_user",
    "get_peer_group_for_user",
    "get_person_for_user",
    "get_plan_for_user",
    "get_programme_plan_for_user",
    "get_project_for_user",
    "get_ratio_table_for_user",
    "get_status_choice_for_user",
    "get_survey_for_user",
    "instrument_organisation_ids",
    "is_evaluator_of",
    "managed_survey_ids",
    "member_organisation_ids",
    "membership",
    "own_jobs",
    "visible_evaluations",
    "visible_indicators",
    "visible_instruments",
    "visible_jobs",
    "visible_organisations",
    "visible_peer_groups",
    "visible_projects",
    "visible_ratio_tables",
    "visible_surveys",
    "visible_trail_entries",
]


# --------------------------------------------------------------------------- the rules
# Each kind of object: may the user see it, may the user change it, and the 403 to raise
# when not. Things owned by one organisation follow the organisation's rule.


def _organisation_refusal(user, obj) -> PermissionDenied:
    return PermissionDenied(_("Du får inte ändra uppgifterna för den här organisationen."))


def _no_edit(user, obj) -> bool:
    return False


_RULES = {
    Organisation: (
        _organisations.can_see_organisation,
        _organisations.can_edit_organisation,
        _organisation_refusal,
    ),
    PeerGroup: (
        _organisations.can_see_peer_group,
        _organisations.can_edit_peer_group,
        lambda user, obj: PermissionDenied(_("Du får inte ändra den här jämförelsegruppen.")),
    ),
    Evaluation: (
        _evaluations.can_see_evaluation,
        _evaluations.can_edit_evaluation,
        _evaluations.edit_refusal,
    ),
    Survey: (_surveys.can_see_survey, _surveys.can_edit_survey, _surveys.edit_refusal),
    Indicator: (
        lambda user, obj: _organisations.can_see_organisation(user, obj.organisation_id),
        lambda user, obj: _organisations.can_edit_organisation(user, obj.organisation_id),
        _organisation_refusal,
    ),
    RatioTable: (
        _indicators.can_see_ratio_table,
        _indicators.can_edit_ratio_table,
        _indicators.ratio_table_refusal,
    ),
    Project: (
        _collaboration.can_see_project,
        _collaboration.can_edit_project,
        _collaboration.edit_refusal,
    ),
    Framework: (
        _instruments.can_see_instrument,
        _instruments.can_edit_instrument,
        _instruments.edit_refusal,
    ),
    Job: (_jobs.can_see_job, _no_edit, lambda user, obj: PermissionDenied()),
}
for _model in _owned.BY_ORGANISATION + _owned.BY_PLAN:
    _RULES[_model] = (
        lambda user, obj: _organisations.can_see_organisation(
            user, _owned.owning_organisation_id(obj)
        ),
        lambda user, obj: _organisations.can_edit_organisation(
            user, _owned.owning_organisation_id(obj)
        ),
        _organisation_refusal,
    )


def _rules(obj):
    try:
        return _RULES[type(obj)]
    except KeyError:
        raise TypeError(f"The access policy has no rule for {type(obj).__name__}") from None


def can_see(user, obj) -> bool:
    """May `user` see `obj`? (`None`, the command line, sees everything.)"""
    return user is None or _rules(obj)[0](user, obj)


def can_edit(user, obj) -> bool:
    """May `user` change `obj`? (`None`, the command line, may.)"""
    return user is None or _rules(obj)[1](user, obj)


def check_can_see(user, obj) -> None:
    """Http404 unless `user` may see `obj`: the same answer as for a missing object."""
    if not can_see(user, obj):
        raise Http404


def check_can_edit(user, obj) -> None:
    """PermissionDenied (403, with the reason) unless `user` may change `obj`. Callers
    that have not yet shown `obj` to the user use `get_<thing>_for_user(..., edit=True)`,
    which answers 404 first for what the user may not see."""
    if can_edit(user, obj):
        return
    raise _rules(obj)[2](user, obj)


def check_can_see_feedback(user, survey: Survey, organisation) -> None:
    """Http404 unless `user` may see `organisation`'s feedback report of `survey`."""
    allowed = feedback_organisation_ids(user, survey)
    if allowed is not None and organisation.pk not in allowed:
        raise Http404


# --------------------------------------------------------------------------- fetching


def _get(lookup, user, key, edit: bool):
    obj = lookup(key) if key is not None else None
    if obj is None or not can_see(user, obj):
        raise Http404
    if edit:
        check_can_edit(user, obj)
    return obj


def _int_key(key):
    """A primary key from a URL or a command line; anything else finds nothing."""
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def get_organisation_for_user(user, key, *, edit: bool = False) -> Organisation:
    """By primary key (an int) or by code (a string such as "0180"); its own data is
    for members (the register itself is public)."""
    return _get(_organisations.lookup_organisation, user, key, edit)


def get_peer_group_for_user(user, pk, *, edit: bool = False) -> PeerGroup:
    lookup = lambda key: PeerGroup.objects.select_related("owner").filter(pk=key).first()  # noqa: E731
    return _get(lookup, user, _int_key(pk), edit)


def get_evaluation_for_user(user, pk, *, edit: bool = False) -> Evaluation:
    return _get(_evaluations.lookup_evaluation, user, _int_key(pk), edit)


def get_survey_for_user(user, slug, *, edit: bool = False) -> Survey:
    """`edit=True`: manage the survey (owners and administrators)."""
    return _get(_surveys.lookup_survey, user, slug, edit)


def get_indicator_for_user(user, pk, *, edit: bool = False) -> Indicator:
    return _get(_indicators.lookup_indicator, user, _int_key(pk), edit)


def get_ratio_table_for_user(user, slug, *, edit: bool = False) -> RatioTable:
    return _get(_indicators.lookup_ratio_table, user, slug, edit)


def get_project_for_user(user, pk, *, edit: bool = False) -> Project:
    return _get(_collaboration.lookup_project, user, _int_key(pk), edit)


def get_plan_for_user(user, pk, *, edit: bool = False):
    """A follow-up action plan."""
    return _get(_owned.lookup_plan, user, _int_key(pk), edit)


def get_action_for_user(user, pk, *, edit: bool = False):
    return _get(_owned.lookup_action, user, _int_key(pk), edit)


def get_dialogue_for_user(user, pk, *, edit: bool = False):
    return _get(_owned.lookup_dialogue, user, _int_key(pk), edit)


def get_person_for_user(user, pk, *, edit: bool = False):
    return _get(_owned.lookup_person, user, _int_key(pk), edit)


def get_status_choice_for_user(user, pk, *, edit: bool = False):
    return _get(_owned.lookup_status_choice, user, _int_key(pk), edit)


def get_programme_plan_for_user(user, pk, *, edit: bool = False):
    """A leadership development programme plan."""
    return _get(_owned.lookup_programme_plan, user, _int_key(pk), edit)


def get_activity_for_user(user, pk, *, edit: bool = False):
    return _get(_owned.lookup_activity, user, _int_key(pk), edit)


def get_instrument_for_user(user, identifier, *, edit: bool = False) -> Framework:
    """A survey instrument by its id; `edit=True` for one the user's organisation owns."""
    return _get(_instruments.lookup_instrument, user, identifier, edit)


def get_job_for_user(user, pk, *, edit: bool = False) -> Job:
    """A job and its files: only for the user who started it (and administrators)."""
    return _get(_jobs.lookup_job, user, pk, edit)
