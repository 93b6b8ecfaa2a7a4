"""NUL refused at the door: a request whose address, query or form fields hold the NUL
character (U+0000) is answered 400 before any view sees it.

No one types a NUL, and PostgreSQL cannot store one in a text column: it raises an error
for a parameter that holds one, so each lookup by a code from the address, each search
and each text field read straight from `request.POST` answered 500 on PostgreSQL (on
SQLite the same request went through). Django's form fields refuse the character on
their own; this one check covers every view, the API's JSON bodies included (where it is
written `\\u0000`). Uploaded files are not looked at: a spreadsheet is binary, and the
table reader turns its cells into text it checks itself.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from kompass.core.http import refusal

NUL = "\x00"
# In a JSON text the character is written as an escape (any case of the hex digits);
# an escaped backslash before "u0000" is text, not the character.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def holds_nul(request) -> bool:
    if NUL in request.path:
        return True
    if any(NUL in key or NUL in value for key, values in request.GET.lists() for value in values):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any(
            NUL in key or NUL in value for key, values in request.POST.lists() for value in values
        )
    if content_type == "application/json" or content_type.endswith("+json"):
        body = request.body
        return b"\x00" in body or bool(_JSON_NUL.search(body))
    return False


def refused(request):
    message = _("Begäran innehöll ett tecken som inte kan sparas (NUL). Ingenting har sparats.")
    return refusal(request, message, status=400, template="400.html")


class NulCharacterMiddleware:
    """After the upload cap (the body is never read past it), before everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            return refused(request)
        return self.get_response(request)
