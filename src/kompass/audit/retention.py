"""The trail's entries about people (users, memberships, people in the follow-up,
personal invitations) under the retention rule "audit_people": after the period they are
anonymised, not deleted. That something changed, when and by whom stays; the label and
the values before and after (names, addresses, roles) go."""

from kompass.core import retention

LABEL = "(gallrad)"


def _anonymise(queryset, now) -> int:
    return queryset.update(object_label=LABEL, before={}, after={}, anonymised=True)


def register() -> None:
    from kompass.audit.models import AuditEntry

    retention.register(
        "audit_people",
        lambda cutoff: AuditEntry.objects.filter(
            about_person=True, anonymised=False, at__lt=cutoff
        ),
        _anonymise,
        label="audit.auditentry",
        description="ändringsloggens poster om personer, äldre än gränsen",
    )
