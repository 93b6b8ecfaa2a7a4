from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kompass.core.navigation import panels_for


@login_required
def home(request):
    """The start page: each domain app contributes a panel of what this user can do."""
    return render(request, "core/home.html", {"panels": panels_for(request)})


def outbox(request):
    """The local outbox (administrators): mails kept instead of sent when EMAIL_HOST is
    not set. A survey's owners read their own survey's mails on its mailing page."""
    from django.conf import settings
    from django.core.exceptions import PermissionDenied
    from django.core.paginator import Paginator

    from kompass.core.models import OutboxMessage

    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not request.user.is_administrator:
        raise PermissionDenied
    page = Paginator(OutboxMessage.objects.all(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/outbox.html",
        {"page": page, "smtp": bool(settings.EMAIL_HOST), "scope": ""},
    )
