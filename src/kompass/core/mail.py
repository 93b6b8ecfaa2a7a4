"""The local outbox: an e-mail backend that keeps mails in the database instead of
sending them (settings: used when EMAIL_HOST is not set). Administrators read it at
"Utkorg"; an app shows its own mails (by `TAG_HEADER`) to whom it chooses.

Senders mark a message with `tag(message, "survey:12")`; with SMTP the header goes
out with the mail, which does no harm and helps a mail administrator trace it.
"""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

TAG_HEADER = "X-Kompass-Tag"


def tag(message, value: str):
    """Mark `message` (an EmailMessage) with what it belongs to."""
    message.extra_headers[TAG_HEADER] = value
    return message


def _body(message) -> str:
    body = message.body or ""
    for alternative in getattr(message, "alternatives", None) or []:
        content = alternative[0] if isinstance(alternative, tuple) else alternative.content
        if not body and isinstance(content, str):
            body = content
    return body


class OutboxBackend(BaseEmailBackend):
    """Stores every message as an `OutboxMessage`; "accepts" each one."""

    def send_messages(self, email_messages) -> int:
        from kompass.core.models import OutboxMessage

        rows = [
            OutboxMessage(
                sender=str(message.from_email or "")[:300],
                to=", ".join(message.recipients()),
                subject=str(message.subject or "")[:500],
                body=_body(message),
                tag=str(message.extra_headers.get(TAG_HEADER, ""))[:100],
            )
            for message in email_messages
            if message.recipients()
        ]
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)
