"""Pages for running surveys and reading their results (signed-in users). The pages for
answering are in `answer_views.py`."""

from __future__ import annotations

import threading
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_create_survey,
    can_edit,
    feedback_organisation_ids,
    get_survey_for_user,
    visible_surveys,
)
from kompass.analytics.survey_analysis import ORGANISATION
from kompass.core.errors import InputError, add_to_form
from kompass.organisations.domain.names import OrganisationMatcher
from kompass.organisations.models import Organisation
from kompass.reports.exports import REPORT_FORMATS
from kompass.reports.render import render_html_fragment
from kompass.surveys.domain import surveys as setup
from kompass.surveys.domain.answering import create_invitations, ensure_links, set_link_active
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.instrument import layout_of
from kompass.surveys.domain.results import survey_results
from kompass.surveys.exports import feedback_organisation
from kompass.surveys.forms import (
    AttributeForm,
    CohortForm,
    ImportForm,
    RecipientsForm,
    SettingsForm,
    SurveyCreateForm,
    WaveEditForm,
    WaveForm,
)
from kompass.surveys.models import AnswerLink, CohortMember, PersonalInvitation, Wave
from kompass.surveys.report import (
    build_cohort_report,
    build_organisation_report,
    caution_text,
    count_text,
)

_html_cache: OrderedDict = OrderedDict()
_html_lock = threading.Lock()


def menu_visible(user) -> bool:
    return bool(
        user.is_authenticated and (can_create_survey(user) or visible_surveys(user).exists())
    )


def home_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    surveys = list(visible_surveys(user).order_by("-created_at")[:8])
    if not surveys and not can_create_survey(user):
        return None
    return {"surveys": surveys, "may_create": can_create_survey(user)}


def _report_html(request, key: tuple, results, build) -> str:
    """The report's HTML, kept while the results are the same (charts are costly)."""
    full_key = (*key, get_language())
    with _html_lock:
        hit = _html_cache.get(full_key)
        if hit is not None and hit[0] is results:
            _html_cache.move_to_end(full_key)
            return hit[1]
    html = render_html_fragment(build(), request)
    with _html_lock:
        _html_cache[full_key] = (results, html)
        while len(_html_cache) > 16:
            _html_cache.popitem(last=False)
    return html


@login_required
def survey_list(request):
    members = (
        CohortMember.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    surveys = (
        visible_surveys(request.user)
        .prefetch_related("waves")
        .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
        .order_by("-created_at", "name")
    )
    return render(
        request,
        "surveys/list.html",
        {"surveys": surveys, "may_create": can_create_survey(request.user)},
    )


@login_required
def survey_create(request):
    if not can_create_survey(request.user):
        raise PermissionDenied
    form = SurveyCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = setup.create_survey(
                slug=form.cleaned_data["slug"],
                framework=form.cleaned_data["framework"],
                name=form.cleaned_data["name"],
                min_group=form.cleaned_data["min_group"],
                user=request.user,
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Enkäten är skapad. Lägg till en omgång och organisationer.")
            )
            return redirect("surveys:detail", slug=survey.slug)
    return render(
        request,
        "surveys/form_page.html",
        {
            "form": form,
            "title": _("Ny enkät"),
            "submit": _("Skapa enkäten"),
            "scripts": ["surveys/slug.js"],
        },
    )


@login_required
def survey_detail(request, slug):
    survey = get_survey_for_user(request.user, slug)
    results = survey_results(survey)
    allowed = feedback_organisation_ids(request.user, survey)
    organisations = [
        results.organisations[code]
        for code in results.cohort
        if allowed is None or results.organisations[code].pk in allowed
    ]
    waves = []
    for wave in survey.waves.all():
        row = results.rate_row(wave.code) if wave.code in results.wave_codes else None
        cautions = [caution_text(c) for c in row["cautions"]] if row else []
        respondents = count_text(row["respondents"], results.k) if row else "0"
        waves.append(
            {
                "wave": wave,
                "rate": row,
                "cautions": cautions,
                "respondents": respondents,
                "closed": wave.is_closed(),
            }
        )
    org_rows = [
        {
            "info": info,
            "counts": [
                count_text(results.count(w.code, {ORGANISATION: info.code}), results.k)
                for w in results.waves
            ],
        }
        for info in organisations
    ]
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "results": results,
            "waves": waves,
            "any_open": any(not w["closed"] for w in waves),
            "org_rows": org_rows,
            "manage": can_edit(request.user, survey),
            "layout": results.layout,
            "site_url": settings.SITE_URL,
        },
    )


@login_required
def survey_settings(request, slug):
    survey = get_survey_for_user(request.user, slug, edit=True)
    form = SettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={
            "name": survey.name,
            "description": survey.description,
            "min_group": survey.min_group,
        },
    )
    attribute_form = AttributeForm(
        request.POST if request.POST.get("form") == "attribute" else None
    )
    if request.method == "POST":
        if request.POST.get("form") == "settings" and form.is_valid():
            try:
                setup.update_settings(
                    survey=survey,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    min_group=form.cleaned_data["min_group"],
                )
            except InputError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Inställningarna är sparade."))
                return redirect("surveys:settings", slug=slug)
        if request.POST.get("form") == "attribute" and attribute_form.is_valid():
            try:
                setup.set_attributes(
                    survey=survey, attributes=[*survey.attributes, attribute_form.attribute()]
                )
            except InputError as exc:
                add_to_form(attribute_form, exc)
            else:
                messages.success(request, _("Bakgrundsfrågan är tillagd."))
                return redirect("surveys:settings", slug=slug)
    return render(
        request,
        "surveys/settings.html",
        {
            "survey": survey,
            "form": form,
            "attribute_form": attribute_form,
            "layout": layout_of(survey),
        },
    )


@login_required
def wave_add(request, slug):
    survey = get_survey_for_user(request.user, slug, edit=True)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup.add_wave(survey=survey, **form.cleaned_data)
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Omgången är tillagd."))
            return redirect("surveys:detail", slug=slug)
    return render(
        request,
        "surveys/form_page.html",
        {
            "form": form,
            "survey": survey,
            "title": _("Ny omgång"),
            "submit": _("Lägg till omgången"),
        },
    )


@login_required
def wave_edit(request, slug, wave):
    survey = get_survey_for_user(request.user, slug, edit=True)
    wave = get_object_or_404(Wave, survey=survey, code=wave)
    form = WaveEditForm(
        request.POST or None,
        initial={"name": wave.name, "date": wave.date, "opens": wave.opens, "closes": wave.closes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            setup.update_wave(wave=wave, **form.cleaned_data)
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Omgången är sparad."))
            return redirect("surveys:detail", slug=slug)
    return render(
        request,
        "surveys/wave_edit.html",
        {"survey": survey, "wave": wave, "form": form, "closed": wave.is_closed()},
    )


@login_required
def cohort(request, slug):
    survey = get_survey_for_user(request.user, slug, edit=True)
    layout = layout_of(survey)
    form = CohortForm(request.POST if request.POST.get("form") == "add" else None)
    if request.method == "POST" and request.POST.get("form") == "add" and form.is_valid():
        lines = form.cleaned_data["organisations"].splitlines()
        result = OrganisationMatcher().match_lines(lines, field_name="organisations")
        if result.found:
            added = setup.add_organisations(survey=survey, organisations=result.found)
            messages.success(
                request,
                ngettext(
                    "%(n)s organisation lades till.", "%(n)s organisationer lades till.", added
                )
                % {"n": added},
            )
        if not result.problems:
            return redirect("surveys:cohort", slug=slug)
        # The names that were found are in the cohort now; the field keeps only those
        # that were not, each with its own message, to be corrected and sent again.
        form = CohortForm({"form": "add", "organisations": "\n".join(result.unmatched)})
        form.is_valid()
        for problem in result.problems:
            form.add_error(
                "organisations",
                _("Rad %(line)s: %(message)s") % {"line": problem.line, "message": problem.message},
            )
    if request.method == "POST" and request.POST.get("form") == "values":
        values = {
            member.organisation_id: {
                a.code: request.POST.get(f"v-{member.pk}-{a.code}", "")
                for a in layout.org_attributes
            }
            for member in survey.members.all()
        }
        try:
            setup.set_organisation_values(survey=survey, values=values)
        except InputError as exc:
            for problem in exc.problems:
                messages.error(request, problem.message)
        else:
            messages.success(request, _("Värdena är sparade."))
        return redirect("surveys:cohort", slug=slug)
    members = list(survey.members.select_related("organisation"))
    return render(
        request,
        "surveys/cohort.html",
        {
            "survey": survey,
            "form": form,
            "members": members,
            "org_attributes": layout.org_attributes,
        },
    )


@login_required
def invited(request, slug, wave):
    survey = get_survey_for_user(request.user, slug, edit=True)
    wave = get_object_or_404(Wave, survey=survey, code=wave)
    layout = layout_of(survey)
    split = layout.split
    groups = [("", _("Alla"))] + ([(v, split.label_of(v)) for v in split.values] if split else [])
    members = list(survey.members.select_related("organisation"))
    current = {(i.organisation_id, i.group): i.count for i in wave.invited.all()}
    errors = []
    if request.method == "POST":
        rows = []
        for member in members:
            for value, _label in groups:
                text = request.POST.get(f"n-{member.organisation_id}-{value}", "").strip()
                if text == "" and (member.organisation_id, value) not in current:
                    continue
                try:
                    count = int(text) if text else None
                except ValueError:
                    errors.append(_("%(org)s: ange ett heltal") % {"org": member.organisation.name})
                    continue
                rows.append((wave, member.organisation, value, count))
        if not errors:
            try:
                setup.set_invited(survey=survey, rows=rows)
            except InputError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Antalet inbjudna är sparat."))
                return redirect("surveys:detail", slug=slug)
    table = [
        {
            "member": m,
            "cells": [
                {
                    "name": f"n-{m.organisation_id}-{value}",
                    "label": label,
                    "value": current.get((m.organisation_id, value), ""),
                }
                for value, label in groups
            ],
        }
        for m in members
    ]
    return render(
        request,
        "surveys/invited.html",
        {"survey": survey, "wave": wave, "groups": groups, "table": table, "errors": errors},
    )


@login_required
def links(request, slug, wave):
    survey = get_survey_for_user(request.user, slug, edit=True)
    wave = get_object_or_404(Wave, survey=survey, code=wave)
    members = [m.organisation for m in survey.members.select_related("organisation")]
    form = RecipientsForm(
        request.POST if request.POST.get("form") == "tokens" else None, organisations=members
    )
    created = []
    if request.method == "POST" and request.POST.get("form") == "links":
        ensure_links(survey=survey, wave=wave)
        messages.success(request, _("Länkar finns nu för alla organisationer i kohorten."))
        return redirect("surveys:links", slug=slug, wave=wave.code)
    if request.method == "POST" and request.POST.get("form") == "link":
        link_id = request.POST.get("link", "")
        if not link_id.isdigit():
            raise Http404
        link = get_object_or_404(
            AnswerLink.objects.select_related("organisation"), wave=wave, pk=link_id
        )
        active = request.POST.get("active") == "1"
        set_link_active(link=link, active=active)
        text = (
            _("Länken för %(org)s är öppen igen.")
            if active
            else _("Länken för %(org)s är stängd: den tar inte emot fler svar.")
        )
        messages.success(request, text % {"org": link.organisation.name})
        return redirect("surveys:links", slug=slug, wave=wave.code)
    if request.method == "POST" and request.POST.get("form") == "tokens" and form.is_valid():
        organisation = get_object_or_404(Organisation, pk=form.cleaned_data["organisation"])
        try:
            created = create_invitations(
                survey=survey,
                wave=wave,
                organisation=organisation,
                labels=form.cleaned_data["recipients"].splitlines(),
            )
        except InputError as exc:
            add_to_form(form, exc)
    results = survey_results(survey)
    links = list(
        AnswerLink.objects.filter(wave=wave)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    for link in links:
        # How many answered, as a count protected like every other (never who or when).
        code = link.organisation.code or f"org-{link.organisation.pk}"
        link.answered = count_text(results.count(wave.code, {ORGANISATION: code}), results.k)
    return render(
        request,
        "surveys/links.html",
        {
            "survey": survey,
            "wave": wave,
            "links": links,
            "invitations": PersonalInvitation.objects.filter(wave=wave).select_related(
                "organisation"
            ),
            "form": form,
            "created": created,
            "site_url": settings.SITE_URL,
        },
    )


@login_required
def import_file(request, slug):
    survey = get_survey_for_user(request.user, slug, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_responses(survey=survey, content=upload.read(), filename=upload.name)
        except InputError as exc:
            problems = exc.messages
        else:
            if form.cleaned_data["close"]:
                from kompass.surveys.domain.release import request_release

                # Four eyes: the import asks; another owner or an administrator releases.
                for wave in survey.waves.filter(code__in=result.waves, closed=False):
                    try:
                        request_release(wave=wave, user=request.user)
                    except InputError as exc:  # a request already waits
                        messages.info(request, str(exc))
            text = ngettext(
                "Importerade %(n)s svar.", "Importerade %(n)s svar.", result.respondents
            ) % {"n": result.respondents}
            if result.waves_created:
                text += " " + _("Nya omgångar: %(w)s.") % {"w": ", ".join(result.waves_created)}
            if result.organisations_added:
                text += " " + _("Nya i kohorten: %(o)s.") % {
                    "o": ", ".join(result.organisations_added)
                }
            if result.ignored_columns:
                text += " " + _("Okända kolumner lästes inte: %(c)s.") % {
                    "c": ", ".join(result.ignored_columns)
                }
            messages.success(request, text)
            return redirect("surveys:detail", slug=slug)
    return render(
        request,
        "surveys/import.html",
        {"survey": survey, "form": form, "problems": problems, "layout": layout_of(survey)},
    )


@login_required
def cohort_report(request, slug):
    survey = get_survey_for_user(request.user, slug, edit=True)
    results = survey_results(survey)
    html = _report_html(
        request, ("cohort", survey.pk), results, lambda: build_cohort_report(survey, results)
    )
    return render(
        request,
        "surveys/report.html",
        {
            "survey": survey,
            "report_html": html,
            "organisation": None,
            "report_formats": REPORT_FORMATS,
        },
    )


def _organisation(request, survey, code):
    return feedback_organisation(request.user, survey, code)


@login_required
def organisation_report(request, slug, code):
    survey = get_survey_for_user(request.user, slug)
    organisation = _organisation(request, survey, code)
    results = survey_results(survey)
    html = _report_html(
        request,
        ("organisation", survey.pk, organisation.pk),
        results,
        lambda: build_organisation_report(survey, organisation, results),
    )
    return render(
        request,
        "surveys/report.html",
        {
            "survey": survey,
            "report_html": html,
            "organisation": organisation,
            "report_formats": REPORT_FORMATS,
            "download_query": urlencode({"organisation": organisation.key}),
        },
    )


@login_required
def wave_close(request, slug, wave):
    """Four eyes on releasing a wave's results: the confirmation page shows what will be
    released; one owner asks, another owner or an administrator approves (closing the
    wave) or rejects."""
    from kompass.approvals.domain import SelfApproval
    from kompass.approvals.pages import decision_context
    from kompass.surveys.domain import release

    survey = get_survey_for_user(request.user, slug, edit=True)
    wave = get_object_or_404(Wave, survey=survey, code=wave)
    if request.method == "POST":
        action = request.POST.get("action", "request")
        try:
            if action == "approve":
                release.approve_release(wave=wave, user=request.user)
                from kompass.surveys.jobs import queue_wave_reports

                job = queue_wave_reports(wave, user=request.user)
                messages.success(
                    request,
                    _(
                        "Omgången är stängd. Dess resultat visas nu. Alla återrapporter och "
                        "kohortrapporten byggs i bakgrunden."
                    ),
                )
                return redirect("jobs:detail", pk=job.pk)
            if action == "reject":
                release.reject_release(
                    wave=wave, user=request.user, reason=request.POST.get("reason", "")[:500]
                )
                messages.success(request, _("Begäran är avvisad; omgångens resultat visas inte."))
            else:
                release.request_release(wave=wave, user=request.user)
                messages.success(
                    request,
                    _(
                        "Begäran är skickad. En annan ägare av enkäten eller en administratör "
                        "granskar och släpper resultaten."
                    ),
                )
        except (InputError, SelfApproval) as exc:
            messages.error(request, str(exc))
        return redirect("surveys:wave_close", slug=slug, wave=wave.code)
    results = survey_results(survey)
    rows = []
    for member in survey.members.select_related("organisation"):
        code = member.organisation.code or f"org-{member.organisation.pk}"
        rows.append(
            (
                member.organisation.name,
                count_text(results.count(wave.code, {ORGANISATION: code}), results.k),
            )
        )
    return render(
        request,
        "surveys/wave_release.html",
        {
            "survey": survey,
            "wave": wave,
            "rows": rows,
            "total": count_text(results.count(wave.code), results.k),
            "decision": decision_context(
                wave,
                release.RELEASE,
                request.user,
                may_request=not wave.closed,
                may_decide=release.awaits_decision_by(request.user, wave),
            ),
            "request_label": _("Begär att resultaten släpps"),
            "approve_label": _("Godkänn: stäng omgången och visa resultaten"),
        },
    )


@login_required
@require_POST
def wave_delete(request, slug, wave):
    survey = get_survey_for_user(request.user, slug, edit=True)
    wave = get_object_or_404(Wave, survey=survey, code=wave)
    # A confirmation step: the answers go with the wave and cannot be brought back.
    if request.POST.get("confirm") != "ja":
        messages.error(request, _("Kryssa i att du vill ta bort omgången och dess svar."))
        return redirect("surveys:wave_edit", slug=slug, wave=wave.code)
    setup.delete_wave(wave=wave)
    messages.success(request, _("Omgången och dess svar är borttagna."))
    return redirect("surveys:detail", slug=slug)
