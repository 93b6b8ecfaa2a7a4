"""The JSON API (`/api/`), described by OpenAPI at `/api/openapi.json` and browsable at
`/api/docs`. Each domain contributes a router; access rules are the same as the web UI's.
Callers authenticate with the web session or a personal API key (`Authorization: Bearer`).
Every router answers errors in one shape (`kompass.core.api`)."""

from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from kompass.accounts.api_auth import ApiKeyAuth
from kompass.core import api as shared

api = NinjaAPI(
    title="Kompass API",
    version="1",
    description="Utvärderingar, enkäter, nyckeltal och uppföljning. Samma behörigheter som webbgränssnittet.",
    auth=[ApiKeyAuth(), django_auth],
    urls_namespace="api",
    docs_url=None,
    parser=shared.BodyParser(),
)
shared.install(api)


def __getattr__(name):
    # Read by Django after this module is fully imported, so routers added below count.
    if name == "urlpatterns":
        return [path("", api.urls)]
    raise AttributeError(name)


# Each domain adds its router here.
from kompass.evaluations.api import router as evaluations_router  # noqa: E402

api.add_router("/evaluations/", evaluations_router)

from kompass.followup.api import router as followup_router  # noqa: E402

api.add_router("/followup/", followup_router)

from kompass.indicators.api import router as indicators_router  # noqa: E402

api.add_router("/indicators/", indicators_router)

from kompass.collaboration.api import router as collaboration_router  # noqa: E402

api.add_router("/collaboration/", collaboration_router)

from kompass.surveys.api import router as surveys_router  # noqa: E402

api.add_router("/surveys/", surveys_router)

from kompass.status.api import router as status_router  # noqa: E402

api.add_router("/status/", status_router)
