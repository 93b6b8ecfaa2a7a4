"""The surveys' personal data under the retention rules (`kompass.core.retention`):
personal invitations (who was asked, by name or address) and free-text answers. Both
count from the end of their wave: the day it was closed, or its last day."""

from django.db.models import Q

from kompass.core import retention


def _ended_before(cutoff, prefix: str) -> Q:
    return Q(**{f"{prefix}closed_at__lt": cutoff}) | Q(**{f"{prefix}closes__lt": cutoff.date()})


def register() -> None:
    from kompass.surveys.models import Comment, PersonalInvitation

    retention.register(
        "recipients",
        lambda cutoff: PersonalInvitation.objects.filter(_ended_before(cutoff, "wave__")),
        label="surveys.personalinvitation",
        description="personliga inbjudningar till omgångar som avslutades före gränsen",
    )
    retention.register(
        "free_text",
        lambda cutoff: Comment.objects.filter(_ended_before(cutoff, "respondent__wave__")),
        label="surveys.comment",
        description="fritextsvar i omgångar som avslutades före gränsen",
    )
