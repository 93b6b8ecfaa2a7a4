"""Notes from systematic dialogues under the retention rules (`kompass.core.retention`):
the dialogue stays (that it was held counts towards the planned number), its notes are
blanked once the period after the day it was held has passed."""

from kompass.core import retention


def _blank_notes(queryset, now) -> int:
    return queryset.update(notes="", agenda="", updated_at=now)


def register() -> None:
    from kompass.followup.models import Dialogue

    retention.register(
        "interview_notes",
        lambda cutoff: Dialogue.objects.filter(held_on__lt=cutoff.date()).exclude(
            notes="", agenda=""
        ),
        _blank_notes,
        label="followup.dialogue",
        description="anteckningar och dagordning från dialoger hållna före gränsen",
    )
