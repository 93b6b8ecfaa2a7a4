"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1, a free port): it receives
what Django's SMTP backend sends, and can refuse addresses, defer everything, or be
stopped to play a server that is down."""

from __future__ import annotations

import email
import re
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller

LINK_RE = re.compile(r"https?://[^\s]+/enkater/svara/[^/\s]+/")
OPT_OUT_RE = re.compile(r"https?://[^\s]+/enkater/avanmal/[^/\s]+/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """The server's handler: keeps every accepted message."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()  # addresses answered with 550
        self.defer = False  # answer every recipient with 451 (try later)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.defer:
            return "451 4.3.0 Försök senare"
        if address in self.refuse:
            return "550 5.1.1 Mottagaren finns inte"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    # -- reading --------------------------------------------------------------------
    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]

    def addresses(self) -> list[str]:
        return [str(m["To"]) for m in self.messages]

    @staticmethod
    def body(message) -> str:
        return message.get_body(("plain",)).get_content()

    @classmethod
    def link(cls, message) -> str:
        return LINK_RE.search(cls.body(message)).group(0)

    @classmethod
    def opt_out_link(cls, message) -> str:
        return OPT_OUT_RE.search(cls.body(message)).group(0)


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.mailbox = Mailbox()
        self.controller = None

    def start(self) -> SmtpServer:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def use(self, settings) -> None:
        """Point Django's mail at this server (settings: pytest-django's fixture)."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        settings.KOMPASS_EMAIL_RATE = 0
