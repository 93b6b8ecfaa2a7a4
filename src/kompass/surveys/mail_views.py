"""Pages for a wave's recipients, its mail (texts, rounds, failures, the local outbox),
its live response rates, and the respondents' opt-out page."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from kompass.accounts.access import can_edit, feedback_organisation_ids, get_survey_for_user
from kompass.core.errors import InputError, add_to_form
from kompass.core.models import OutboxMessage
from kompass.organisations.domain.names import OrganisationMatcher
from kompass.surveys.domain import mailing as mail
from kompass.surveys.domain import recipients as lists
from kompass.surveys.domain.instrument import layout_of
from kompass.surveys.domain.results import survey_results
from kompass.surveys.forms import MailTextsForm, RecipientForm, RecipientListForm
from kompass.surveys.jobs import queue_mailing
from kompass.surveys.models import Delivery, Mailing, Recipient, Wave
from kompass.surveys.report import caution_text, count_text


def _wave(request, slug, code, *, edit=True):
    survey = get_survey_for_user(request.user, slug, edit=edit)
    return survey, get_object_or_404(Wave, survey=survey, code=code)


@login_required
def recipients(request, slug, wave):
    survey, wave = _wave(request, slug, wave)
    layout = layout_of(survey)
    form = RecipientListForm(
        request.POST if request.POST.get("form") == "upload" else None,
        request.FILES if request.POST.get("form") == "upload" else None,
    )
    problems = []
    if request.method == "POST" and request.POST.get("form") == "upload" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = lists.import_recipients(
                survey=survey, wave=wave, content=upload.read(), filename=upload.name
            )
        except InputError as exc:
            problems = exc.messages
        else:
            text = _("%(added)s nya mottagare, %(updated)s ändrade, %(unchanged)s oförändrade.") % {
                "added": result.added,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
            if result.organisations_added:
                text += " " + _("Nya i kohorten: %(o)s.") % {
                    "o": ", ".join(result.organisations_added)
                }
            messages.success(request, text)
            return redirect("surveys:recipients", slug=slug, wave=wave.code)
    if request.method == "POST" and request.POST.get("form") == "remove":
        ids = [int(v) for v in request.POST.getlist("recipient") if v.isdigit()]
        removed = lists.remove_recipients(wave=wave, ids=ids)
        messages.success(
            request,
            ngettext("%(n)s mottagare togs bort.", "%(n)s mottagare togs bort.", removed)
            % {"n": removed},
        )
        return redirect("surveys:recipients", slug=slug, wave=wave.code)
    rows = list(
        Recipient.objects.filter(wave=wave)
        .select_related("organisation", "invitation")
        .annotate(
            invited=Count(
                "deliveries",
                filter=Q(deliveries__mailing__kind="invitation", deliveries__status="sent"),
            ),
            reminded=Count(
                "deliveries",
                filter=Q(deliveries__mailing__kind="reminder", deliveries__status="sent"),
            ),
            failed=Count("deliveries", filter=Q(deliveries__status="failed")),
        )
        .order_by("organisation__name", "email")
    )
    organisations = [
        {"organisation": org, "recipients": list(group)}
        for org, group in groupby(rows, key=lambda r: r.organisation)
    ]
    for block in organisations:
        for r in block["recipients"]:
            r.labels = [
                a.label_of(r.values.get(a.code)) if r.values.get(a.code) else "–"
                for a in layout.respondent_attributes
            ]
    return render(
        request,
        "surveys/recipients.html",
        {
            "survey": survey,
            "wave": wave,
            "form": form,
            "problems": problems,
            "organisations": organisations,
            "attributes": layout.respondent_attributes,
            "total": len(rows),
            "closed": wave.is_closed(),
        },
    )


@login_required
def recipient_edit(request, slug, wave, pk):
    survey, wave = _wave(request, slug, wave)
    recipient = get_object_or_404(
        Recipient.objects.select_related("organisation", "survey", "wave"), wave=wave, pk=pk
    )
    attributes = layout_of(survey).respondent_attributes
    initial = {"email": recipient.email, "organisation": recipient.organisation.name}
    initial |= {f"attr_{code}": value for code, value in recipient.values.items()}
    form = RecipientForm(request.POST or None, initial=initial, attributes=attributes)
    if request.method == "POST" and request.POST.get("action") == "remove":
        lists.remove_recipients(wave=wave, ids=[recipient.pk])
        messages.success(request, _("%(email)s togs bort.") % {"email": recipient.email})
        return redirect("surveys:recipients", slug=slug, wave=wave.code)
    if request.method == "POST" and form.is_valid():
        organisation = OrganisationMatcher().find(form.cleaned_data["organisation"])
        if organisation is None:
            try:
                OrganisationMatcher()(form.cleaned_data["organisation"])
            except LookupError as exc:
                form.add_error("organisation", str(exc.args[0]))
        else:
            try:
                lists.update_recipient(
                    recipient=recipient,
                    email=form.cleaned_data["email"],
                    organisation=organisation,
                    values={a.code: form.cleaned_data.get(f"attr_{a.code}") for a in attributes},
                )
            except InputError as exc:
                for problem in exc.problems:
                    field = problem.field if problem.field in ("email", "organisation") else None
                    if field is None and problem.field:
                        field = f"attr_{problem.field}"
                    form.add_error(field if field in form.fields else None, problem.message)
            else:
                messages.success(request, _("Mottagaren är sparad."))
                return redirect("surveys:recipients", slug=slug, wave=wave.code)
    return render(
        request,
        "surveys/recipient_edit.html",
        {"survey": survey, "wave": wave, "recipient": recipient, "form": form},
    )


def _rounds(wave):
    rounds = []
    for m in wave.mailings.order_by("kind", "number"):
        counts = dict(
            m.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        failed = list(
            m.deliveries.filter(status=Delivery.Status.FAILED).select_related("recipient")[:200]
        )
        uncertain = m.deliveries.filter(
            status=Delivery.Status.SENDING,
            updated_at__lt=mail.timezone.now() - mail.STALE,
        ).count()
        rounds.append({"mailing": m, "counts": counts, "failed": failed, "uncertain": uncertain})
    return rounds


@login_required
def mailings(request, slug, wave):
    survey, wave = _wave(request, slug, wave)
    texts = mail.mail_texts(wave)
    posted = request.POST.get("form")
    initial = {name: getattr(texts, name) for name in mail.TEXT_FIELDS}
    initial["reminder_days"] = ", ".join(str(d) for d in texts.reminder_days)
    form = MailTextsForm(request.POST if posted == "texts" else None, initial=initial)
    if request.method == "POST":
        if posted == "texts" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                mail.set_mail_texts(wave=wave, reminder_days=data.pop("reminder_days"), **data)
            except InputError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Texterna är sparade."))
                return redirect("surveys:mailings", slug=slug, wave=wave.code)
        elif posted in ("invite", "remind", "retry"):
            try:
                if posted == "invite":
                    round_ = mail.start_invitations(wave=wave)
                elif posted == "remind":
                    round_ = mail.start_reminder(wave=wave)
                else:
                    round_ = get_object_or_404(
                        Mailing, wave=wave, pk=request.POST.get("mailing", "0") or 0
                    )
                    mail.retry(mailing=round_, uncertain=request.POST.get("uncertain") == "1")
            except InputError as exc:
                for problem in exc.problems:
                    messages.error(request, problem.message)
                return redirect("surveys:mailings", slug=slug, wave=wave.code)
            pending = mail.pending_count(round_)
            if pending:
                job = queue_mailing(round_, user=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(n)s e-postmeddelande skickas i bakgrunden.",
                        "%(n)s e-postmeddelanden skickas i bakgrunden.",
                        pending,
                    )
                    % {"n": pending},
                )
                return redirect("jobs:detail", pk=job.pk)
            messages.info(request, _("Det finns inget att skicka."))
            return redirect("surveys:mailings", slug=slug, wave=wave.code)
    recipients = Recipient.objects.filter(wave=wave)
    invited = Delivery.objects.filter(
        mailing__wave=wave, mailing__kind="invitation", status="sent"
    ).values_list("recipient_id", flat=True)
    outbox = None
    if not settings.EMAIL_HOST:
        outbox = Paginator(
            OutboxMessage.objects.filter(
                tag=f"survey:{survey.pk}", to__in=recipients.values("email")
            ),
            20,
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/mailings.html",
        {
            "survey": survey,
            "wave": wave,
            "form": form,
            "placeholders": {name: _(meaning) for name, meaning in mail.PLACEHOLDERS.items()},
            "rounds": _rounds(wave),
            "recipients": recipients.count(),
            "not_invited": recipients.filter(opted_out=False).exclude(pk__in=invited).count(),
            "not_answered": recipients.filter(
                pk__in=invited, opted_out=False, invitation__answered=False
            ).count(),
            "opted_out": recipients.filter(opted_out=True).count(),
            "closed": wave.is_closed(),
            "page": outbox,
            "smtp": bool(settings.EMAIL_HOST),
        },
    )


@login_required
def rates(request, slug, wave):
    """Response rates while the wave is open (and after): counts only, each protected as
    every count of respondents is (fewer than k, or hidden so that a smaller group cannot
    be worked out), with the cautions of the analysis."""
    survey = get_survey_for_user(request.user, slug)
    wave = get_object_or_404(Wave, survey=survey, code=wave)
    results = survey_results(survey)
    allowed = feedback_organisation_ids(request.user, survey)
    split = results.layout.split
    groups = [(v, split.label_of(v)) for v in split.values] if split else []

    def row(label, organisation=None, group=None):
        r = results.rate_row(wave.code, organisation, group)
        return {
            "label": label,
            "respondents": count_text(r["respondents"], results.k),
            "invited": r["invited"],
            "rate": r["rate"],
            "cautions": [caution_text(c) for c in r["cautions"]],
        }

    table = []
    if wave.code in results.wave_codes:
        if allowed is None:
            table.append({"total": row(_("Hela kohorten")), "groups": []})
        for code in results.cohort:
            info = results.organisations[code]
            if allowed is not None and info.pk not in allowed:
                continue
            table.append(
                {
                    "total": row(info.name, code),
                    "groups": [row(label, code, value) for value, label in groups],
                }
            )
    return render(
        request,
        "surveys/rates.html",
        {
            "survey": survey,
            "wave": wave,
            "table": table,
            "split": split,
            "k": results.k,
            "open": not wave.is_closed(),
            "perms_manage": can_edit(request.user, survey),
        },
    )


@never_cache
def opt_out(request, token):
    """The link at the foot of every mail: a page with one button (a mail program that
    fetches links in advance must not opt anyone out), then no more reminders."""
    recipient = lists.recipient_for_token(token)
    if recipient is None:
        raise Http404
    done = recipient.opted_out
    if request.method == "POST":
        lists.opt_out(recipient=recipient)
        done = True
    return render(
        request, "surveys/opt_out.html", {"recipient": recipient, "done": done, "token": token}
    )


def _latest_files(survey, organisation):
    """The newest built file per wave and format for `organisation` (None: the cohort)."""
    from kompass.surveys.models import WaveReportFile

    seen, files = set(), []
    qs = WaveReportFile.objects.filter(survey=survey, organisation=organisation).select_related(
        "wave"
    )
    for item in qs.order_by("-created_at"):
        if (item.wave_id, item.fmt) in seen:
            continue
        seen.add((item.wave_id, item.fmt))
        files.append(item)
    return sorted(files, key=lambda f: (f.wave.date, f.fmt), reverse=True)


@login_required
def organisation_downloads(request, slug, code):
    """An organisation's reports built when waves closed, for its owners and editors (and
    those who manage the survey, who also get the cohort report)."""
    from kompass.surveys.exports import feedback_organisation

    survey = get_survey_for_user(request.user, slug)
    organisation = feedback_organisation(request.user, survey, code)
    cohort = _latest_files(survey, None) if can_edit(request.user, survey) else []
    return render(
        request,
        "surveys/downloads.html",
        {
            "survey": survey,
            "organisation": organisation,
            "files": _latest_files(survey, organisation),
            "cohort_files": cohort,
        },
    )


@login_required
def report_file(request, slug, pk):
    from django.http import FileResponse

    from kompass.accounts.access import check_can_see_feedback
    from kompass.surveys.models import WaveReportFile

    survey = get_survey_for_user(request.user, slug)
    item = get_object_or_404(
        WaveReportFile.objects.select_related("organisation"), survey=survey, pk=pk
    )
    if item.organisation is None:
        if not can_edit(request.user, survey):
            raise Http404
    else:
        check_can_see_feedback(request.user, survey, item.organisation)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.mimetype
    )
