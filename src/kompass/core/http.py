"""HTTP answers the apps share."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header


def attachment(content: bytes, filename: str, mimetype: str) -> HttpResponse:
    """A download. The file name may hold å, ä and ö: the header is encoded for that."""
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def refusal(request, message: str, *, status: int, template: str) -> HttpResponse:
    """A request refused before any view: the API's error body for /api/, else a page."""
    if request.path.startswith("/api/"):
        from kompass.core.api import error_data

        return JsonResponse(error_data(message), status=status)
    return render(request, template, {"message": message}, status=status)
