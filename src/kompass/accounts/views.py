"""My account: who I am, two-factor authentication, API keys and signing out everywhere."""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from kompass.accounts.domain.sessions import sign_out_everywhere
from kompass.accounts.domain.tokens import create_token, revoke_token
from kompass.accounts.models import ApiToken
from kompass.core.errors import InputError


def _account_context(request, **extra) -> dict:
    user = request.user
    return {
        "tokens": ApiToken.objects.filter(user=user),
        "providers": [a.get_provider().name for a in SocialAccount.objects.filter(user=user)],
        "local_password": user.has_usable_password(),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "memberships": user.memberships.select_related("organisation").order_by(
            "organisation__name"
        ),
        **extra,
    }


@login_required
def account(request):
    return render(request, "accounts/account.html", _account_context(request))


@login_required
@require_POST
def token_create(request):
    try:
        token, key = create_token(user=request.user, name=request.POST.get("name", ""))
    except InputError as error:
        context = _account_context(request, token_errors=error.messages)
        return render(request, "accounts/account.html", context, status=400)
    # The key is shown in this response only; it is never stored or shown again.
    context = _account_context(request, new_token=token, new_key=key)
    response = render(request, "accounts/account.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    if revoke_token(user=request.user, token_id=token_id):
        messages.success(request, _("Nyckeln är återkallad och fungerar inte längre."))
    else:
        messages.error(request, _("Nyckeln finns inte eller är redan återkallad."))
    return redirect("accounts:account")


@login_required
@require_POST
def sign_out_all(request):
    revoked = sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(
        request,
        _(
            "Du är utloggad överallt: alla dina inloggningar har avslutats och %(count)d API-nycklar har återkallats."
        )
        % {"count": revoked},
    )
    return redirect("login")


@require_POST
def set_language(request):
    """Django's language switch, and for a signed-in user the choice is also kept on the
    user, so the next sign-in (on any device) opens in the language they chose last."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    known = code in dict(settings.LANGUAGES)
    if request.user.is_authenticated and known and request.user.language != code:
        request.user.language = code
        request.user.save(update_fields=["language"])
    return response
