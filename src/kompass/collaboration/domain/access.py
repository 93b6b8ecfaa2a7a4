"""Who may see and change a collaboration project. Every view, API call and command
fetches through here.

- Administrators see and change everything.
- Members of a partner organisation read the project; its editors and owners change it.
- Anyone else gets 404 (nobody learns that a project exists); a reader who tries to
  change something gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kompass.accounts.access import member_organisation_ids, membership
from kompass.accounts.models import Membership
from kompass.collaboration.models import Project


def visible_projects(user):
    qs = Project.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(partners__organisation_id__in=member_organisation_ids(user)).distinct()


def editable_organisation_ids(user) -> set[int]:
    """Organisations in which `user` may change things (owner or editor)."""
    if not user.is_authenticated:
        return set()
    return {
        org_id
        for org_id in member_organisation_ids(user)
        if (m := membership(user, org_id)) is not None and m.can_edit
    }


def may_create(user) -> bool:
    return user.is_authenticated and (
        user.is_administrator
        or Membership.objects.filter(
            user=user, role__in=(Membership.Role.OWNER, Membership.Role.EDITOR)
        ).exists()
    )


def can_edit(user, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    editable = editable_organisation_ids(user)
    return any(p.organisation_id in editable for p in project.partners.all())


def check_can_edit(user, project: Project) -> None:
    """Raise unless `user` may change `project` (None: the command line, as administrator)."""
    if user is None or can_edit(user, project):
        return
    raise PermissionDenied("Du får inte ändra det här projektet.")


def get_project_for_user(user, pk, *, edit: bool = False) -> Project:
    project = visible_projects(user).filter(pk=pk).prefetch_related("partners").first()
    if project is None:
        raise Http404
    if edit:
        check_can_edit(user, project)
    return project
