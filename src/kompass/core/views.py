from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kompass.core.navigation import panels_for


@login_required
def home(request):
    """The start page: each domain app contributes a panel of what this user can do."""
    return render(request, "core/home.html", {"panels": panels_for(request)})
