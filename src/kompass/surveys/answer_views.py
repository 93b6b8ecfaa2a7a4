"""The respondents' pages: no account needed, the link or token is the key.

One page per survey: background questions, then each theme's statements as radio groups
(a fieldset with a legend per statement, so screen readers read the statement before the
choices), free-text questions as text areas. Works without JavaScript and on a phone.
"Spara och fortsätt senare" keeps the answers (for an anonymous link by a code in a
cookie and in a link to keep); "Skicka svaren" stores everything in one transaction.

The token stays out of the addresses that are logged when answers are given: the link
(`/enkater/svara/<token>/`) only checks the token, keeps it in the session and redirects
to `/enkater/svara/`; the form sends it back in the request body (so an expired session
loses nothing), and the receipt `/enkater/svara/tack/` carries none. After a submission
the session keeps no token, only the survey's name for the receipt: nothing stored with
the session's expiry time leads to an invitation.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kompass.core.errors import InputError
from kompass.surveys.domain.answering import (
    DONT_KNOW_VALUE,
    TOKEN_RE,
    draft_data,
    draft_was_submitted,
    field_name,
    new_submission_id,
    resolve_token,
    save_draft,
    submit_response,
)
from kompass.surveys.domain.instrument import layout_of

COOKIE = "kompass-utkast"
COOKIE_AGE = 90 * 24 * 3600
SESSION_TOKEN = "kompass-svar"  # the token of the link being answered
SESSION_DONE = "kompass-svar-klart"  # the survey's name, for the receipt


def _access(token):
    access = resolve_token(token)
    if access is None:
        raise Http404
    return access


def _draft_code(value: str | None) -> str | None:
    """A continue-later code as `new_token` makes them; anything else is ignored."""
    return value if value and TOKEN_RE.fullmatch(value) else None


def _form_path() -> str:
    return reverse("surveys:answer_form")


@never_cache
@require_GET
def enter(request, token):
    """The link itself: check the token, keep it in the session and redirect to the
    form's address without it (a continue-later code comes along)."""
    _access(token)
    request.session[SESSION_TOKEN] = token
    url = _form_path()
    code = request.GET.get("utkast")
    if code:
        url += "?" + urlencode({"utkast": code})
    return redirect(url)


def answer_fields(layout, tree, data: dict, errors: dict) -> dict:
    """The questions of the answer form: background questions, then each theme's
    statements with their choices. The editor's phone preview shows the same."""
    attributes = [
        {
            "name": field_name("attr", a.code),
            "question": a.question,
            "required": a.required,
            "choices": [(o.value, o.label) for o in a.options],
            "value": data.get(field_name("attr", a.code), ""),
            "error": errors.get(field_name("attr", a.code)),
        }
        for a in layout.respondent_attributes
    ]
    coded = {item.code: item for item in layout.codebook.items}
    themes = []
    for area in tree.areas:
        items = []
        for node in area.all_items:
            item = coded.get(node.code)
            if item is None:
                continue
            name = field_name("q", item.code)
            labels = layout.step_labels.get(item.code) or [str(s) for s in item.steps]
            choices = (
                list(zip([str(s) for s in item.steps], labels, strict=False))
                if item.kind != "text"
                else []
            )
            if item.dont_know:
                choices.append((DONT_KNOW_VALUE, _("Vet ej")))
            items.append(
                {
                    "code": item.code,
                    "text": node.text,
                    "help": node.help,
                    "name": name,
                    "kind": item.kind,
                    "choices": choices,
                    "value": data.get(name, ""),
                    "error": errors.get(name),
                }
            )
        if items:
            themes.append({"name": area.name, "items": items})
    answered = sum(1 for t in themes for i in t["items"] if i["value"])
    total = sum(len(t["items"]) for t in themes)
    return {"attributes": attributes, "themes": themes, "answered": answered, "total": total}


def _form_context(access, token: str, data: dict, errors: dict, draft_code: str | None) -> dict:
    wave = access.wave
    layout = layout_of(access.survey, wave)
    framework = wave.framework if wave.framework_id else access.survey.framework
    return {
        "access": access,
        "survey": access.survey,
        **answer_fields(layout, framework.tree, data, errors),
        "errors": errors,
        "submission": new_submission_id(),
        "draft_code": draft_code or "",
        "token": token,
    }


@never_cache
def answer(request):
    token = (
        request.POST.get("token") if request.method == "POST" else None
    ) or request.session.get(SESSION_TOKEN)
    if not token:
        return render(request, "surveys/answer_missing.html", status=404)
    access = _access(token)
    if access.already_answered:
        return render(
            request,
            "surveys/answer_done.html",
            {"survey_name": access.survey.name, "already": True},
        )
    if not access.is_open:
        return render(request, "surveys/answer_closed.html", {"access": access}, status=200)
    draft_code = (
        None
        if access.invitation
        else _draft_code(request.GET.get("utkast") or request.COOKIES.get(COOKIE))
    )
    if request.method == "POST":
        draft_code = (
            None if access.invitation else (_draft_code(request.POST.get("draft")) or draft_code)
        )
        if request.POST.get("action") == "save":
            try:
                code = save_draft(access=access, data=request.POST, code=draft_code)
            except InputError as exc:
                return _invalid(request, access, token, exc, draft_code)
            url = reverse("surveys:answer", args=[token])
            if not access.invitation:
                url += f"?utkast={code}"
            response = render(
                request,
                "surveys/answer_saved.html",
                {"access": access, "resume_url": request.build_absolute_uri(url)},
            )
            if not access.invitation:
                response.set_cookie(
                    COOKIE,
                    code,
                    max_age=COOKIE_AGE,
                    path=_form_path(),
                    httponly=True,
                    samesite="Lax",
                )
            return response
        try:
            submit_response(
                access=access,
                data=request.POST,
                submission=request.POST.get("submission", ""),
                draft_code=draft_code,
            )
        except InputError as exc:
            return _invalid(request, access, token, exc, draft_code)
        if request.session.pop(SESSION_TOKEN, None) is not None:
            # A browser that came through the link: its receipt names the survey (a
            # client without a session gets the receipt without the name, and no
            # session is made for it).
            request.session[SESSION_DONE] = access.survey.name
            request.session.cycle_key()  # the session that held the token is gone
        response = redirect("surveys:answer_done")
        response.status_code = 303
        response.delete_cookie(COOKIE, path=_form_path())
        return response
    data = draft_data(access, draft_code)
    if not data and draft_code and draft_was_submitted(draft_code):
        # A continue-later link whose answers were sent: say so, not an empty form.
        response = render(
            request,
            "surveys/answer_done.html",
            {"survey_name": access.survey.name, "already": True, "draft": True},
        )
        response.delete_cookie(COOKIE, path=_form_path())
        return response
    context = _form_context(access, token, data, {}, draft_code if data else None)
    context["resumed"] = bool(data)
    return render(request, "surveys/answer.html", context)


def _invalid(request, access, token: str, exc: InputError, draft_code):
    # A problem with a question or a background question is shown at it; anything else
    # (the form's submission id, a closed wave ...) at the top.
    layout = layout_of(access.survey, access.wave)
    fields = {field_name("attr", a.code) for a in layout.respondent_attributes}
    fields |= {field_name("q", i.code) for i in layout.codebook.items}
    errors = {p.field: p.message for p in exc.problems if p.field in fields}
    general = [p.message for p in exc.problems if p.field not in fields]
    context = _form_context(access, token, request.POST, errors, draft_code)
    context["general_errors"] = general
    context["error_list"] = [
        {"id": a["name"], "label": a["question"], "message": a["error"]}
        for a in context["attributes"]
        if a["error"]
    ] + [
        {"id": i["name"], "label": f"{i['code']}. {i['text']}", "message": i["error"]}
        for t in context["themes"]
        for i in t["items"]
        if i["error"]
    ]
    return render(request, "surveys/answer.html", context, status=400)


@never_cache
def answer_done(request):
    """The receipt: the survey's name from the session, no token."""
    return render(
        request,
        "surveys/answer_done.html",
        {"survey_name": request.session.get(SESSION_DONE, ""), "already": False},
    )
