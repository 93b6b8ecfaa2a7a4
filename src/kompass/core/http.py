"""HTTP answers the apps share."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes, filename: str, mimetype: str) -> HttpResponse:
    """A download. The file name may hold å, ä and ö: the header is encoded for that."""
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
