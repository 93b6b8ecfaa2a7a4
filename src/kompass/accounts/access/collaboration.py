"""Collaboration projects.

- Administrators see and change everything.
- Members of a partner organisation read the project; its editors and owners change it.
- Anyone else gets 404 (nobody learns that a project exists); a reader who tries to
  change something gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kompass.accounts.access.organisations import editable_organisation_ids, member_organisation_ids
from kompass.collaboration.models import Project


def visible_projects(user):
    qs = Project.objects.all()
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(partners__organisation_id__in=member_organisation_ids(user)).distinct()


def can_create_project(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_administrator or editable_organisation_ids(user))
    )


def can_see_project(user, project: Project) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    members = member_organisation_ids(user)
    return any(p.organisation_id in members for p in project.partners.all())


def can_edit_project(user, project: Project) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    editable = editable_organisation_ids(user)
    return any(p.organisation_id in editable for p in project.partners.all())


def edit_refusal(user, project: Project) -> PermissionDenied:
    return PermissionDenied(_("Du får inte ändra det här projektet."))


def lookup_project(key) -> Project | None:
    return Project.objects.filter(pk=key).prefetch_related("partners").first()
