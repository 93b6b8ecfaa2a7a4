"""Recipient lists: who is asked in a wave, by e-mail (`kompass survey recipients SLUG
--wave W FILE`, the wave's "Mottagare" page).

A list has one row per person: `email`, `organisation` (municipality code or name, as
the cohort list reads it) and one column per respondent-level attribute the survey
declares (e.g. `role`). The file is read whole first; an invalid or repeated address, an
organisation the register does not know, an attribute value that is not declared or a
column nobody declared is reported with its row, and a file with any problem stores
nothing.

Each recipient gets a personal invitation. Its link's token is derived from a random
secret of the recipient and the server's SECRET_KEY (`token_of`), so reminders can carry
the same link while the database alone holds no working link (the invitation stores a
hash, as for the links an organiser hands out by hand). The invitation records only
*that* its holder answered.

The list sets the wave's invited counts (per organisation and per value of the split
attribute) for the organisations it covers, so response rates need no second list.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.lib.tables import ROW, read_table
from kompass.organisations.domain.names import OrganisationMatcher
from kompass.surveys.domain.instrument import fold, layout_of
from kompass.surveys.domain.privacy import invitation_hash
from kompass.surveys.models import (
    CohortMember,
    Invited,
    PersonalInvitation,
    Recipient,
    Survey,
    Wave,
)
from kompass.surveys.models_mail import new_secret

EMAIL_COLUMNS = ("email", "e-post", "epost", "e-postadress", "mejl", "mail")
ORGANISATION_COLUMNS = ("organisation", "organization", "kommun", "kommunkod", "org")
MAX_ROWS = 100_000
MAX_PROBLEMS = 200


def _link_secret() -> bytes:
    return hashlib.sha256(
        b"kompass.surveys.recipient-link\x1f" + settings.SECRET_KEY.encode("utf-8")
    ).digest()


def token_of(recipient: Recipient) -> str:
    """The token of the recipient's personal link (the same every time it is asked)."""
    mac = hmac.new(_link_secret(), recipient.secret.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:18]).decode("ascii")


def clean_email(text: str) -> str:
    """The address as stored: trimmed, the domain in lower case. Raises ValueError with a
    Swedish message for an address that is not one."""
    value = (text or "").strip()
    if not value:
        raise ValueError(_("e-postadress saknas"))
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError(
            _("”%(text)s” är ingen giltig e-postadress") % {"text": value[:80]}
        ) from None
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


@dataclass
class RecipientRow:
    row: int
    email: str
    organisation: object
    values: dict[str, str]


@dataclass
class RecipientResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations_added: list[str] = field(default_factory=list)


def _check_wave(survey: Survey, wave: Wave) -> None:
    if wave.survey_id != survey.pk:
        raise InputError([InputProblem(_("omgången hör inte till enkäten"), field="wave")])
    if wave.is_closed():
        raise InputError(
            [
                InputProblem(
                    _("omgången är stängd; mottagare kan bara läggas till i en öppen omgång"),
                    field="wave",
                )
            ]
        )


def read_recipients(*, survey: Survey, content: bytes, filename: str) -> list[RecipientRow]:
    """The rows of a recipient list, or InputError with every problem (row, column)."""
    table = read_table(content, filename)
    attributes = layout_of(survey).respondent_attributes
    names: dict[str, str] = {}
    for alias in EMAIL_COLUMNS:
        names[fold(alias)] = "email"
    for alias in ORGANISATION_COLUMNS:
        names[fold(alias)] = "organisation"
    for attribute in attributes:
        names[fold(attribute.code)] = attribute.code
        names.setdefault(fold(attribute.label), attribute.code)
    known = ", ".join(["email", "organisation", *[a.code for a in attributes]])
    found: dict[str, int] = {}
    problems: list[InputProblem] = []
    for index, name in enumerate(table.columns):
        target = names.get(fold(name))
        where = {"file": filename, "row": table.header_row, "column": name}
        if target is None:
            problems.append(
                InputProblem(
                    _(
                        "okänd kolumn ”%(name)s” (kända kolumner: %(known)s); ta bort den eller "
                        "lägg till bakgrundsfrågan i enkätens inställningar"
                    )
                    % {"name": name, "known": known},
                    **where,
                )
            )
        elif target in found:
            problems.append(
                InputProblem(
                    _("kolumnen förekommer två gånger (även kolumn %(n)s)")
                    % {"n": found[target] + 1},
                    **where,
                )
            )
        else:
            found[target] = index
    for target in ("email", "organisation"):
        if target not in found:
            problems.append(
                InputProblem(
                    _("kolumnen ”%(name)s” saknas (kolumner: %(known)s)")
                    % {"name": target, "known": known},
                    file=filename,
                    row=table.header_row,
                    column=target,
                )
            )
    if problems:
        raise InputError(problems)
    if table.frame.height == 0:
        raise InputError(
            [
                InputProblem(
                    _("filen innehåller inga rader"), file=filename, row=table.header_row + 1
                )
            ]
        )
    if table.frame.height > MAX_ROWS:
        raise InputError(
            [
                InputProblem(
                    _("filen har %(n)s rader; högst %(max)s mottagare per fil")
                    % {"n": table.frame.height, "max": MAX_ROWS},
                    file=filename,
                )
            ]
        )
    heading = {target: table.columns[index] for target, index in found.items()}
    by_code = {a.code: a for a in attributes}
    matcher = OrganisationMatcher()

    def problem(message: str, row: int, target: str) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(InputProblem(message, file=filename, row=row, column=heading[target]))

    rows: list[RecipientRow] = []
    seen: dict[str, int] = {}
    for record in table.frame.iter_rows(named=True):
        number = record[ROW]
        cell = {
            target: " ".join((record.get(f"c{index}") or "").split())
            for target, index in found.items()
        }
        email = None
        try:
            email = clean_email(cell["email"])
        except ValueError as exc:
            problem(str(exc), number, "email")
        if email is not None:
            key = email.casefold()
            if key in seen:
                problem(
                    _("%(email)s står redan på rad %(row)s") % {"email": email, "row": seen[key]},
                    number,
                    "email",
                )
                email = None
            else:
                seen[key] = number
        organisation = None
        if not cell["organisation"]:
            problem(_("organisation saknas"), number, "organisation")
        else:
            try:
                organisation = matcher(cell["organisation"])
            except LookupError as exc:
                problem(str(exc.args[0]).strip("'\""), number, "organisation")
        values: dict[str, str] = {}
        for code, attribute in by_code.items():
            text = cell.get(code, "")
            if not text:
                continue
            try:
                value = attribute.match(text)
            except LookupError:
                problem(
                    _(
                        "”%(value)s” är inget alternativ för %(label)s (välj %(choices)s eller lämna tomt)"
                    )
                    % {
                        "value": text,
                        "label": attribute.label.lower(),
                        "choices": ", ".join(attribute.values),
                    },
                    number,
                    code,
                )
                continue
            if value:
                values[code] = value
        if email is not None and organisation is not None:
            rows.append(RecipientRow(number, email, organisation, values))
    if problems:
        raise InputError(problems)
    return rows


def import_recipients(
    *, survey: Survey, wave: Wave, content: bytes, filename: str, user=None
) -> RecipientResult:
    """Read a recipient list and store it whole (new people added, known addresses
    updated), or store nothing and raise InputError with every problem."""
    _check_wave(survey, wave)
    rows = read_recipients(survey=survey, content=content, filename=filename)
    return store_recipients(survey=survey, wave=wave, rows=rows, filename=filename)


def store_recipients(
    *, survey: Survey, wave: Wave, rows: list[RecipientRow], filename: str = ""
) -> RecipientResult:
    """Add the rows' people to the wave, update those already there; one transaction."""
    _check_wave(survey, wave)
    result = RecipientResult()
    with transaction.atomic():
        existing = {
            r.email.casefold(): r
            for r in Recipient.objects.filter(wave=wave).select_related("invitation")
        }
        sent = set(
            wave.mailings.filter(kind="invitation", deliveries__status="sent").values_list(
                "deliveries__recipient_id", flat=True
            )
        )
        problems = []
        new_rows, changed = [], []
        for row in rows:
            current = existing.get(row.email.casefold())
            if current is None:
                new_rows.append(row)
                continue
            if current.organisation_id != row.organisation.pk and current.pk in sent:
                problems.append(
                    InputProblem(
                        _(
                            "%(email)s har redan fått sin inbjudan till %(org)s; organisationen "
                            "kan inte ändras (ta bort mottagaren och lägg till den igen)"
                        )
                        % {"email": row.email, "org": current.organisation.name},
                        file=filename,
                        row=row.row,
                        column="organisation",
                    )
                )
                continue
            if (
                current.organisation_id == row.organisation.pk
                and current.values == row.values
                and current.email == row.email
            ):
                result.unchanged += 1
                continue
            changed.append((current, row))
        if problems:
            raise InputError(problems)
        members = set(survey.members.values_list("organisation_id", flat=True))
        for row in new_rows:
            if row.organisation.pk not in members:
                CohortMember.objects.create(survey=survey, organisation=row.organisation, values={})
                members.add(row.organisation.pk)
                result.organisations_added.append(row.organisation.name)
        _create(survey, wave, new_rows)
        result.added = len(new_rows)
        affected = {r.organisation.pk for r in new_rows}
        for current, row in changed:
            affected |= {current.organisation_id, row.organisation.pk}
            if current.organisation_id != row.organisation.pk:
                PersonalInvitation.objects.filter(pk=current.invitation_id).update(
                    organisation=row.organisation
                )
            current.organisation = row.organisation
            current.values = row.values
            current.email = row.email
            PersonalInvitation.objects.filter(pk=current.invitation_id).update(label=row.email)
        Recipient.objects.bulk_update([c for c, _r in changed], ["organisation", "values", "email"])
        result.updated = len(changed)
        if affected:
            sync_invited(survey=survey, wave=wave, organisations=affected)
        # The trail counts what the list changed; the addresses stay in the list alone.
        trail.record_change(
            user=None,
            obj=wave,
            action=trail.Action.IMPORT,
            after={"mottagare_nya": result.added, "mottagare_ändrade": result.updated},
        )
    return result


def _create(survey: Survey, wave: Wave, rows: list[RecipientRow]) -> None:
    recipients = []
    invitations = []
    for row in rows:
        recipient = Recipient(
            survey=survey,
            wave=wave,
            organisation=row.organisation,
            email=row.email,
            values=row.values,
            secret=new_secret(),
        )
        recipients.append(recipient)
        invitations.append(
            PersonalInvitation(
                survey=survey,
                wave=wave,
                organisation=row.organisation,
                label=row.email,
                token_hash=invitation_hash(token_of(recipient)),
            )
        )
    for start in range(0, len(invitations), 2000):
        PersonalInvitation.objects.bulk_create(invitations[start : start + 2000])
    if invitations and invitations[0].pk is None:  # a database that returns no ids
        ids = dict(
            PersonalInvitation.objects.filter(
                token_hash__in=[i.token_hash for i in invitations]
            ).values_list("token_hash", "pk")
        )
        for invitation in invitations:
            invitation.pk = ids[invitation.token_hash]
    for recipient, invitation in zip(recipients, invitations, strict=True):
        recipient.invitation_id = invitation.pk
    for start in range(0, len(recipients), 2000):
        Recipient.objects.bulk_create(recipients[start : start + 2000])


def sync_invited(*, survey: Survey, wave: Wave, organisations: set[int]) -> None:
    """Set the wave's invited counts of these organisations from the recipient list: per
    value of the split attribute, and for all when some recipients have no value."""
    from kompass.surveys.domain.surveys import touch

    split = layout_of(survey).split
    counts: dict[int, Counter] = defaultdict(Counter)
    for organisation, values in Recipient.objects.filter(
        wave=wave, organisation_id__in=organisations
    ).values_list("organisation_id", "values"):
        group = (values or {}).get(split.code, "") if split else ""
        counts[organisation][group] += 1
    with transaction.atomic():
        Invited.objects.filter(wave=wave, organisation_id__in=organisations).delete()
        rows = []
        for organisation, groups in counts.items():
            total = sum(groups.values())
            if "" in groups or not split:
                rows.append(("", total))
                rows += [(g, n) for g, n in groups.items() if g]
            else:
                rows += list(groups.items())
            Invited.objects.bulk_create(
                [
                    Invited(
                        survey=survey, wave=wave, organisation_id=organisation, group=g, count=n
                    )
                    for g, n in rows
                ]
            )
            rows = []
        touch(survey)


def update_recipient(
    *, recipient: Recipient, email: str, organisation, values: dict[str, str]
) -> Recipient:
    """Correct one recipient's address, organisation or attribute values."""
    survey, wave = recipient.survey, recipient.wave
    _check_wave(survey, wave)
    problems = []
    try:
        email = clean_email(email)
    except ValueError as exc:
        problems.append(InputProblem(str(exc), field="email"))
    else:
        clash = (
            Recipient.objects.filter(wave=wave, email__iexact=email)
            .exclude(pk=recipient.pk)
            .exists()
        )
        if clash:
            problems.append(
                InputProblem(_("%(email)s står redan på listan") % {"email": email}, field="email")
            )
    clean = {}
    for attribute in layout_of(survey).respondent_attributes:
        text = (values.get(attribute.code) or "").strip()
        if not text:
            continue
        try:
            value = attribute.match(text)
        except LookupError:
            problems.append(
                InputProblem(
                    _(
                        "”%(value)s” är inget alternativ för %(label)s (välj %(choices)s eller lämna tomt)"
                    )
                    % {
                        "value": text,
                        "label": attribute.label.lower(),
                        "choices": ", ".join(attribute.values),
                    },
                    field=attribute.code,
                )
            )
            continue
        if value:
            clean[attribute.code] = value
    moved = organisation.pk != recipient.organisation_id
    if moved and recipient.deliveries.filter(mailing__kind="invitation", status="sent").exists():
        problems.append(
            InputProblem(
                _(
                    "mottagaren har redan fått sin inbjudan; organisationen kan inte ändras "
                    "(ta bort mottagaren och lägg till den igen)"
                ),
                field="organisation",
            )
        )
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        if not survey.members.filter(organisation=organisation).exists():
            CohortMember.objects.create(survey=survey, organisation=organisation, values={})
        before = recipient.organisation_id
        recipient.email, recipient.organisation, recipient.values = email, organisation, clean
        recipient.save(update_fields=["email", "organisation", "values"])
        PersonalInvitation.objects.filter(pk=recipient.invitation_id).update(
            label=email, organisation=organisation
        )
        sync_invited(survey=survey, wave=wave, organisations={before, organisation.pk})
        trail.record_change(
            user=None,
            obj=wave,
            action=trail.Action.UPDATE,
            before={"mottagare": {str(recipient.pk): "före"}},
            after={"mottagare": {str(recipient.pk): "rättad"}},
        )
    return recipient


def remove_recipients(*, wave: Wave, ids: list[int]) -> int:
    """Remove people from the list: their invitation (and link) goes with them; an answer
    already given stays, as it was never tied to them."""
    with transaction.atomic():
        found = list(Recipient.objects.filter(wave=wave, pk__in=ids))
        organisations = {r.organisation_id for r in found}
        PersonalInvitation.objects.filter(pk__in=[r.invitation_id for r in found]).delete()
        if organisations:
            sync_invited(survey=wave.survey, wave=wave, organisations=organisations)
        if found:
            trail.record_change(
                user=None,
                obj=wave,
                action=trail.Action.DELETE,
                after={"mottagare_borttagna": len(found)},
            )
    return len(found)


def recipient_for_token(token: str) -> Recipient | None:
    """The recipient whose personal link carries `token` (for the opt-out page)."""
    if not token or len(token) > 64:
        return None
    return (
        Recipient.objects.select_related("wave", "survey", "organisation")
        .filter(invitation__token_hash=invitation_hash(token))
        .first()
    )


def opt_out(*, recipient: Recipient) -> None:
    """No more mail about this wave to this person (reminders stop at once)."""
    Recipient.objects.filter(pk=recipient.pk).update(opted_out=True)
    recipient.opted_out = True
