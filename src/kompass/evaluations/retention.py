"""Interview notes behind an evaluation's scores under the retention rules
(`kompass.core.retention`): what interviewees said is kept for the period after the
evaluation was published, then deleted. Notes from documents and websites stay: they
quote public material, not people."""

from kompass.core import retention


def register() -> None:
    from kompass.evaluations.models import Evaluation, Evidence

    retention.register(
        "interview_notes",
        lambda cutoff: Evidence.objects.filter(
            source=Evidence.Source.INTERVIEW,
            evaluation__status=Evaluation.Status.PUBLISHED,
            evaluation__published_at__lt=cutoff,
        ),
        label="evaluations.evidence",
        description="intervjuanteckningar i utvärderingar publicerade före gränsen",
    )
