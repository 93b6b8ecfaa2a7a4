"""Answering on the web: links, personal invitations, saved drafts and the submission.

- An anonymous link belongs to one organisation and wave; anyone holding it may answer
  while it is open (the survey's owner can close a link that went astray, and open it
  again).
- A personal invitation's token is shown once and stored only as a hash. When its holder
  submits, the invitation is marked answered in the same transaction that stores the
  response; the response itself carries no reference to the invitation, no time and no
  session, so who answered is known but not what they answered.
- A draft keeps answers to finish later: for an anonymous link by a random code, for a
  personal invitation by another hash of its token (`privacy.draft_key`), so the stored
  draft cannot be tied to the invitation, and so to the recipient's name, without the
  token that only the respondent holds.
- A submission is validated whole and stored in one transaction, or not at all. Each
  form carries a random submission id, stored as the response's key: sending the same
  form twice stores one response.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.analytics.survey_counts import BLANK, NotOnScale
from kompass.core.errors import InputError, InputProblem
from kompass.core.prepared import PreparedLookup
from kompass.surveys.domain.instrument import Layout, layout_of
from kompass.surveys.domain.privacy import draft_key, invitation_hash, submitted_draft_hash
from kompass.surveys.models import (
    AnswerLink,
    Comment,
    Draft,
    PersonalInvitation,
    Respondent,
    SubmittedDraft,
    Survey,
    Wave,
    random_id,
)

SUBMISSION_RE = re.compile(r"^[0-9a-f]{32}$")
# What `new_token` makes (URL-safe base64); anything else is no token of ours, and is
# not sent to the database (PostgreSQL refuses a NUL in a text parameter outright).
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
DONT_KNOW_VALUE = "vet-ej"
MAX_TEXT = 4000


def new_token() -> str:
    return secrets.token_urlsafe(18)


def new_submission_id() -> str:
    return secrets.token_hex(16)


def ensure_links(*, survey: Survey, wave: Wave) -> list[AnswerLink]:
    """One anonymous link per cohort organisation for the wave (existing ones are kept)."""
    with transaction.atomic():
        existing = {
            link.organisation_id: link for link in wave.links.select_related("organisation")
        }
        for member in survey.members.select_related("organisation"):
            if member.organisation_id not in existing:
                existing[member.organisation_id] = AnswerLink.objects.create(
                    survey=survey, wave=wave, organisation=member.organisation, token=new_token()
                )
    return sorted(existing.values(), key=lambda link: link.organisation.name)


def create_invitations(
    *, survey: Survey, wave: Wave, organisation, labels: list[str]
) -> list[tuple[str, str]]:
    """Personal invitations; returns (label, token) once (only hashes are stored)."""
    clean = [label.strip() for label in labels if label and label.strip()]
    if not clean:
        raise InputError([InputProblem("ange minst en mottagare", field="recipients")])
    too_long = [label for label in clean if len(label) > 200]
    if too_long:
        raise InputError(
            [
                InputProblem(
                    _("”%(text)s…” är längre än 200 tecken") % {"text": too_long[0][:40]},
                    field="recipients",
                )
            ]
        )
    out = []
    with transaction.atomic():
        if not survey.members.filter(organisation=organisation).exists():
            from kompass.surveys.domain.surveys import add_organisations

            add_organisations(survey=survey, organisations=[organisation])
        for label in clean:
            token = new_token()
            PersonalInvitation.objects.create(
                survey=survey,
                wave=wave,
                organisation=organisation,
                label=label,
                token_hash=invitation_hash(token),
            )
            out.append((label, token))
    return out


@dataclass(frozen=True)
class Access:
    """What a token opens: a survey, a wave, an organisation, maybe a personal invitation
    (then `draft_key` finds its saved draft)."""

    survey: Survey
    wave: Wave
    organisation: object
    invitation: PersonalInvitation | None = None
    draft_key: str | None = None
    link_open: bool = True

    @property
    def is_open(self) -> bool:
        return self.link_open and self.wave.takes_answers(timezone.localdate())

    @property
    def already_answered(self) -> bool:
        return bool(self.invitation and self.invitation.answered)


_RELATED = ("survey__framework", "wave", "organisation")
# Compiled once: this lookup runs on every page view and submission of the form.
_LINK_BY_TOKEN = PreparedLookup(
    lambda token: AnswerLink.objects.select_related(*_RELATED).filter(token=token)
)
_INVITATION_BY_HASH = PreparedLookup(
    lambda token_hash: PersonalInvitation.objects.select_related(*_RELATED).filter(
        token_hash=token_hash
    )
)


def resolve_token(token: str) -> Access | None:
    """What `token` opens (an anonymous link's token, or a personal invitation's), with
    survey, instrument, wave and organisation in one query; None for an unknown token.
    Tokens are unique, so the first row found is the only one: no ORDER BY (the page and
    every submission ask this, and ordering was a fifth of its cost)."""
    if not token or not TOKEN_RE.fullmatch(token):
        return None
    link = _LINK_BY_TOKEN.first(token)
    if link is not None:
        return Access(link.survey, link.wave, link.organisation, link_open=link.active)
    invitation = _INVITATION_BY_HASH.first(invitation_hash(token))
    if invitation is not None:
        return Access(
            invitation.survey,
            invitation.wave,
            invitation.organisation,
            invitation,
            draft_key=draft_key(token),
        )
    return None


def set_link_active(*, link: AnswerLink, active: bool) -> AnswerLink:
    """Close an anonymous link (answers through it are refused from now on; those already
    given stay) or open it again."""
    AnswerLink.objects.filter(pk=link.pk).update(active=active)
    link.active = active
    return link


@dataclass
class Answers:
    attributes: dict[str, str | None]
    codes: list[int]
    texts: dict[str, str]


def field_name(kind: str, code: str) -> str:
    return f"{kind}-{code}"


def read_answers(layout: Layout, data, *, complete: bool) -> tuple[Answers, list[InputProblem]]:
    """Answers from form data ("attr-role", "q-1" ...). `complete` applies the rules for
    submitting (required attributes); a draft accepts anything valid so far."""
    problems = []
    attributes = {}
    for attribute in layout.respondent_attributes:
        name = field_name("attr", attribute.code)
        value = (data.get(name) or "").strip()
        if not value:
            if complete and attribute.required:
                problems.append(
                    InputProblem(
                        _("Svara på frågan ”%(question)s”.") % {"question": attribute.question},
                        field=name,
                    )
                )
            attributes[attribute.code] = None
        elif value in attribute.values:
            attributes[attribute.code] = value
        else:
            problems.append(InputProblem(_("Välj ett av alternativen."), field=name))
    codes = []
    texts = {}
    for position, item in enumerate(layout.codebook.items):
        name = field_name("q", item.code)
        value = (data.get(name) or "").strip()
        if item.kind == "text":
            if len(value) > MAX_TEXT:
                problems.append(
                    InputProblem(
                        _("Svaret får vara högst %(n)s tecken.") % {"n": MAX_TEXT}, field=name
                    )
                )
            if value:
                texts[item.code] = value
        try:
            codes.append(layout.codebook.encode(position, value))
        except NotOnScale:
            problems.append(InputProblem(_("Välj ett av alternativen."), field=name))
            codes.append(BLANK)
    return Answers(attributes, codes, texts), problems


def draft_data(access: Access, code: str | None) -> dict:
    """Saved answers for this token (personal) or this draft code (anonymous link)."""
    draft = None
    if access.draft_key is not None:
        draft = Draft.objects.filter(code=access.draft_key).first()
    elif code:
        draft = Draft.objects.filter(
            code=code, wave=access.wave, organisation=access.organisation
        ).first()
    return dict(draft.data) if draft else {}


def save_draft(*, access: Access, data, code: str | None = None) -> str:
    """Keep the answers given so far; returns the code that finds them again (for a
    personal invitation the token itself finds them: the code is not shown)."""
    layout = layout_of(access.survey)
    _answers, problems = read_answers(layout, data, complete=False)
    if problems:
        raise InputError(problems)
    keep = {
        key: str(data.get(key, "")).strip()[:MAX_TEXT]
        for key in [field_name("attr", a.code) for a in layout.respondent_attributes]
        + [field_name("q", i.code) for i in layout.codebook.items]
        if str(data.get(key, "")).strip()
    }
    with transaction.atomic():
        if access.draft_key is not None:
            draft, _created = Draft.objects.update_or_create(
                code=access.draft_key,
                defaults={"wave": access.wave, "organisation": access.organisation, "data": keep},
            )
        else:
            draft = (
                Draft.objects.filter(
                    code=code, wave=access.wave, organisation=access.organisation
                ).first()
                if code
                else None
            )
            if draft is None:
                draft = Draft(wave=access.wave, organisation=access.organisation, code=new_token())
            draft.data = keep
            draft.save()
    return draft.code


def submit_response(
    *, access: Access, data, submission: str, draft_code: str | None = None
) -> bool:
    """Store the response whole, or raise InputError with every problem (by field).

    Returns False when this submission (or this personal invitation) was already stored,
    so a repeated POST shows the same receipt and stores nothing new."""
    if not SUBMISSION_RE.match(submission or ""):
        raise InputError(
            [
                InputProblem(
                    _("Formuläret saknar sitt id; ladda om sidan och försök igen."),
                    field="submission",
                )
            ]
        )
    if not access.is_open:
        raise InputError([InputProblem(_("Omgången är stängd för svar."))])
    layout = layout_of(access.survey)
    answers, problems = read_answers(layout, data, complete=True)
    if problems:
        raise InputError(problems)
    if access.invitation is None and not answers.texts and not draft_code:
        # The common case, an anonymous answer with nothing else to keep in step: one
        # INSERT in its own transaction, committed before the receipt is sent.
        return _store_respondent(access, layout, answers, key=f"web:{submission}") is not None
    with transaction.atomic():
        invitation = None
        if access.invitation is not None:
            invitation = PersonalInvitation.objects.select_for_update().get(pk=access.invitation.pk)
            if invitation.answered:
                return False
        respondent_id = _store_respondent(access, layout, answers, key=f"web:{submission}")
        if respondent_id is None:
            return False
        if answers.texts:
            Comment.objects.bulk_create(
                [
                    Comment(survey=access.survey, respondent_id=respondent_id, item=k, text=v)
                    for k, v in answers.texts.items()
                ]
            )
        if invitation is not None:
            invitation.answered = True
            invitation.save(update_fields=["answered"])
            Draft.objects.filter(code=access.draft_key).delete()
        elif draft_code:
            deleted, _rows = Draft.objects.filter(
                code=draft_code, wave=access.wave, organisation=access.organisation
            ).delete()
            if deleted:
                SubmittedDraft.objects.get_or_create(code_hash=submitted_draft_hash(draft_code))
    return True


def _store_respondent(access: Access, layout: Layout, answers: Answers, *, key: str) -> int | None:
    """Store the new response; its id, or None when this submission is stored already.

    One statement, `INSERT ... ON CONFLICT DO NOTHING`, and no savepoint: this is the
    whole of the intake's work for most answers (the ORM's way, a savepoint around an
    INSERT that may fail, takes three round trips to the database). When nothing was
    stored, either the same submission is in already (its key), or the random id
    (`models.random_id`) was taken, a chance of about one in 10**13 per answer: then it
    is drawn again."""
    respondent = Respondent(
        survey=access.survey,
        wave=access.wave,
        organisation=access.organisation,
        key=key,
        attrs=layout.encode_attrs(answers.attributes),
        answers=bytes(answers.codes),
        source=Respondent.Source.WEB,
    )
    fields = Respondent._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Respondent._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING"
    )
    for _attempt in range(5):
        respondent.pk = random_id()
        values = [f.get_db_prep_save(getattr(respondent, f.attname), connection) for f in fields]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            if cursor.rowcount == 1:
                return respondent.pk
        if Respondent.objects.filter(survey=access.survey, wave=access.wave, key=key).exists():
            return None
    raise RuntimeError("no free response id after five draws")


def draft_was_submitted(code: str | None) -> bool:
    """Whether the answers saved under this anonymous draft code have been sent (its
    continue-later link then says so instead of showing an empty form)."""
    if not code or len(code) > 64:
        return False
    return SubmittedDraft.objects.filter(code_hash=submitted_draft_hash(code)).exists()
