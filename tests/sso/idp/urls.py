import json
import os

from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group, User
from django.http import HttpResponseForbidden, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import Application

from tests.sso.idp import validator


@csrf_exempt
def control(request):
    """Set users, their groups, redirect addresses and the fault mode (tests only)."""
    if request.headers.get("X-Control-Secret") != os.environ["IDP_CONTROL_SECRET"]:
        return HttpResponseForbidden()
    data = json.loads(request.body)
    for spec in data.get("users", []):
        user, _ = User.objects.get_or_create(username=spec["username"])
        user.set_password(spec["password"])
        user.email = spec.get("email", "")
        user.first_name = spec.get("given_name", "")
        user.last_name = spec.get("family_name", "")
        user.save()
        user.groups.set([Group.objects.get_or_create(name=g)[0] for g in spec.get("groups", [])])
    app = Application.objects.get(client_id=os.environ["IDP_CLIENT_ID"])
    for uri in data.get("redirect_uris", []):
        if uri not in app.redirect_uris.split():
            app.redirect_uris = f"{app.redirect_uris} {uri}".strip()
            app.save()
    if "fault" in data:
        if data["fault"] not in validator.FAULTS:
            return JsonResponse({"error": "unknown fault"}, status=400)
        validator.STATE["fault"] = data["fault"]
    return JsonResponse({"fault": validator.STATE["fault"]})


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("control/", control),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
