"""The upload cap: every request body (a web form's file, an API body) is refused with
413 before it is read when it is larger than `KOMPASS_UPLOAD_MAX_BYTES` (50 MB unless
set; docs/settings.md).

The middleware runs first of all, before the CSRF check or a view touches `request.POST`
(which would read and parse the whole body), and decides from Content-Length. Django
never reads more of a request than its Content-Length; the stream is wrapped all the
same so that no more than the cap can ever be read from it, counted as it streams.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from kompass.core.http import refusal
from kompass.lib.numbers import format_number


def upload_limit() -> int:
    return int(settings.KOMPASS_UPLOAD_MAX_BYTES)


def limit_text(limit: int) -> str:
    """50 MB as a Swede writes it ("50 MB", "1,5 MB")."""
    megabytes = limit / 1024 / 1024
    return f"{format_number(megabytes, 0 if megabytes >= 10 else 1)}\u00a0MB"


class CappedStream:
    """A request stream that ends after `limit` bytes, however many are sent."""

    def __init__(self, stream, limit: int):
        self.stream = stream
        self.remaining = limit

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.stream.read(size)
        self.remaining -= len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.stream.readline(size)
        self.remaining -= len(data)
        return data

    def __iter__(self):
        while line := self.readline():
            yield line

    def __getattr__(self, name):  # close() and the rest, as the wrapped stream has them
        return getattr(self.stream, name)


def too_large(request, limit: int):
    """413 in the shape the caller reads: the API's error body, or a page."""
    message = _("Filen är för stor: Kompass tar emot högst %(limit)s per uppladdning.") % {
        "limit": limit_text(limit)
    }
    return refusal(request, message, status=413, template="413.html")


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = upload_limit()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django then reads nothing of the body
        if length > limit:
            return too_large(request, limit)
        stream = getattr(request, "_stream", None)
        if stream is not None:
            request._stream = CappedStream(stream, limit)
        return self.get_response(request)
