"""The surveys' personal data under the retention rules (`kompass.core.retention`):
personal invitations and recipient lists (who was asked, by name or address), the local
outbox, and free-text answers. All but the outbox count from the end of their wave: the
day it was closed, or its last day; the outbox from the day the mail was kept."""

from django.db.models import Q

from kompass.core import retention


def _ended_before(cutoff, prefix: str) -> Q:
    return Q(**{f"{prefix}closed_at__lt": cutoff}) | Q(**{f"{prefix}closes__lt": cutoff.date()})


def register() -> None:
    from kompass.core.models import OutboxMessage
    from kompass.surveys.models import Comment, PersonalInvitation, Recipient

    retention.register(
        "recipients",
        lambda cutoff: PersonalInvitation.objects.filter(_ended_before(cutoff, "wave__")),
        label="surveys.personalinvitation",
        description="personliga inbjudningar till omgångar som avslutades före gränsen",
    )
    # A recipient goes with its invitation (and its deliveries with it); registered on its
    # own too, so the list shows where the e-mail addresses are.
    retention.register(
        "recipients",
        lambda cutoff: Recipient.objects.filter(_ended_before(cutoff, "wave__")),
        label="surveys.recipient",
        description="mottagarlistor (e-postadresser) i omgångar som avslutades före gränsen",
    )
    # Mails kept in the local outbox (no SMTP server set) carry addresses and links.
    retention.register(
        "recipients",
        lambda cutoff: OutboxMessage.objects.filter(created_at__lt=cutoff),
        label="core.outboxmessage",
        description="e-post i den lokala utkorgen som är äldre än gränsen",
    )
    retention.register(
        "free_text",
        lambda cutoff: Comment.objects.filter(_ended_before(cutoff, "respondent__wave__")),
        label="surveys.comment",
        description="fritextsvar i omgångar som avslutades före gränsen",
    )
