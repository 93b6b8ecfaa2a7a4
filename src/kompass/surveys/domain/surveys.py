"""Setting up a survey: instrument, cohort, waves, attributes, invited counts.

Every function validates first and then stores in one transaction; problems are raised
as `InputError` in Swedish. Each change that affects the analysis bumps
`Survey.config_version`, which keys the cached results.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kompass.accounts.access import visible_instruments
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.frameworks.models import Framework
from kompass.organisations.models import Organisation
from kompass.surveys.domain.instrument import (
    codebook_for,
    default_attributes,
    layout_of,
    normalise_attributes,
)
from kompass.surveys.models import (
    CohortMember,
    Comment,
    CountsState,
    Invited,
    Respondent,
    Survey,
    Wave,
)

RESERVED_SLUGS = {"ny", "svara", "avanmal", "instrument"}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
WAVE_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def touch(survey: Survey) -> None:
    """Mark the survey's configuration as changed (cached results are recomputed)."""
    Survey.objects.filter(pk=survey.pk).update(config_version=F("config_version") + 1)
    survey.refresh_from_db(fields=["config_version"])


def slug_from_name(name: str) -> str:
    """A short name made of a survey's name: "Ledarskap för resultat 2024" becomes
    "ledarskap-for-resultat-2024" (å, ä, ö as a, a, o), at most 80 characters."""
    return slugify(str(name or "")).replace("_", "-").strip("-")[:80].strip("-")


def unique_slug(name: str) -> str:
    """`slug_from_name`, with -2, -3 ... added when that short name is taken or reserved."""
    base = slug_from_name(name) or "enkat"
    if len(base) < 2:
        base = f"enkat-{base}"
    candidate, n = base, 2
    while candidate in RESERVED_SLUGS or Survey.objects.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate = base[: 80 - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate


def create_survey(
    *,
    slug: str,
    framework: Framework | str,
    name: str = "",
    min_group: int | None = None,
    user=None,
    is_example: bool = False,
    description: str = "",
) -> Survey:
    """A new survey of an instrument. A blank `slug` is made from the name (or the
    instrument's name) and made unique; a given one must be free."""
    from django.conf import settings

    problems = []
    usable = (
        visible_instruments(user)
        if getattr(user, "is_authenticated", False)
        else Framework.objects.filter(organisation__isnull=True)
    )
    if isinstance(framework, str):
        found = Framework.objects.filter(identifier=framework).first()
        if found is not None and (
            getattr(user, "is_authenticated", False) and not usable.filter(pk=found.pk).exists()
        ):
            found = None  # another organisation's instrument: as if it did not exist
        framework = found if found is not None else framework
    elif (
        framework is not None
        and getattr(user, "is_authenticated", False)
        and not usable.filter(pk=framework.pk).exists()
    ):
        framework = framework.identifier
    if isinstance(framework, str):
        # One message for an instrument that does not exist and one the user may not see.
        known = ", ".join(
            usable.filter(kind=Framework.Kind.SURVEY).values_list("identifier", flat=True)
        )
        problems.append(
            InputProblem(
                _("okänt instrument ”%(id)s” (kända: %(known)s)")
                % {"id": framework, "known": known or _("inga")},
                field="instrument",
            )
        )
        framework = None
    if framework is not None and framework.kind != Framework.Kind.SURVEY:
        problems.append(
            InputProblem(
                _("”%(id)s” är inte ett enkätinstrument") % {"id": framework.identifier},
                field="instrument",
            )
        )
    slug = (slug or "").strip()
    if not slug:
        slug = unique_slug(name.strip() or (framework.name if framework else ""))
    elif not SLUG_RE.match(slug):
        suggestion = slug_from_name(slug)
        message = _("kortnamnet ska vara 2–80 tecken: små bokstäver a–z, siffror och bindestreck")
        if SLUG_RE.match(suggestion):
            message += " " + _("(till exempel ”%(slug)s”)") % {"slug": suggestion}
        problems.append(InputProblem(message, field="slug"))
    elif slug in RESERVED_SLUGS or Survey.objects.filter(slug=slug).exists():
        # One message for a reserved name and a taken one: whether a survey the user
        # may not see uses it is not told.
        problems.append(
            InputProblem(
                _("kortnamnet ”%(slug)s” är upptaget; välj ett annat") % {"slug": slug},
                field="slug",
            )
        )
    k = settings.KOMPASS_MIN_GROUP_SIZE if min_group is None else min_group
    if k < 3:
        problems.append(
            InputProblem(_("minsta gruppstorlek får aldrig vara under 3"), field="min_group")
        )
    if problems:
        raise InputError(problems)
    tree = framework.tree
    codebook = codebook_for(tree)
    attributes = default_attributes(tree)
    with transaction.atomic():
        survey = Survey.objects.create(
            slug=slug,
            name=name.strip() or tree.name,
            framework=framework,
            description=description,
            min_group=k,
            codebook=codebook.to_json(),
            attributes=attributes,
            is_example=is_example,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        if getattr(user, "is_authenticated", False):
            survey.owners.add(user)
        trail.created(user=user, obj=survey, m2m=("owners",))
    return survey


def update_settings(*, survey: Survey, name: str, description: str, min_group: int) -> None:
    """Name, description and k, validated together and stored in one transaction."""
    problems = []
    name = (name or "").strip()
    if not name:
        problems.append(InputProblem("ange ett namn", field="name"))
    elif len(name) > Survey._meta.get_field("name").max_length:
        problems.append(InputProblem(_("namnet får vara högst 200 tecken"), field="name"))
    if min_group is None or min_group < 3:
        problems.append(
            InputProblem(_("minsta gruppstorlek får aldrig vara under 3"), field="min_group")
        )
    if problems:
        raise InputError(problems)
    description = (description or "").strip()
    with transaction.atomic():
        fields = ("name", "description", "min_group")
        with trail.changing(user=None, obj=survey, fields=fields):
            Survey.objects.filter(pk=survey.pk).update(
                name=name, description=description, min_group=min_group
            )
            survey.name, survey.description, survey.min_group = name, description, min_group
        touch(survey)


def set_attributes(*, survey: Survey, attributes: list[dict]) -> None:
    """Replace the declared attributes. Once answers exist, respondent attributes and
    their options may only be added at the end (stored answers refer to positions)."""
    new = normalise_attributes(attributes)
    has_answers = Respondent.objects.filter(survey=survey).exists()
    if has_answers:
        old = [a for a in survey.attributes if a.get("level", "respondent") == "respondent"]
        now = [a for a in new if a["level"] == "respondent"]
        problems = []
        for index, attribute in enumerate(old):
            if index >= len(now) or now[index]["code"] != attribute["code"]:
                problems.append(
                    InputProblem(
                        _("bakgrundsfrågan ”%(code)s” har svar och kan inte tas bort eller flyttas")
                        % {"code": attribute["code"]},
                        field="attributes",
                    )
                )
                continue
            old_values = [o["value"] for o in attribute["options"]]
            new_values = [o["value"] for o in now[index]["options"]]
            if new_values[: len(old_values)] != old_values:
                problems.append(
                    InputProblem(
                        _(
                            "svarsalternativen för ”%(code)s” kan bara utökas i slutet när det "
                            "finns svar"
                        )
                        % {"code": attribute["code"]},
                        field="attributes",
                    )
                )
        if problems:
            raise InputError(problems)
    with transaction.atomic():
        with trail.changing(user=None, obj=survey, fields=("attributes",)):
            survey.attributes = new
            survey.save(update_fields=["attributes"])
        touch(survey)


def parse_wave(text: str) -> tuple[str, str, datetime.date] | None:
    """A new wave named by its period: "2014", "2012-10" or "2013-05-15" ->
    (code, Swedish name, date). None when the text is not a period."""
    value = (text or "").strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if not 1990 <= date.year <= 2100:
        return None
    if day:
        return f"{date:%Y-%m-%d}", f"{date.day} {MONTHS[date.month - 1]} {date.year}", date
    if month:
        return f"{date:%Y-%m}", f"{MONTHS[date.month - 1].capitalize()} {date.year}", date
    return year, year, date


def add_wave(
    *,
    survey: Survey,
    code: str,
    name: str = "",
    date: datetime.date | None = None,
    opens: datetime.date | None = None,
    closes: datetime.date | None = None,
) -> Wave:
    problems = []
    code = (code or "").strip()
    parsed = parse_wave(code)
    if not WAVE_CODE_RE.match(code):
        problems.append(
            InputProblem(
                _("koden ska vara 1–40 tecken: bokstäver, siffror, punkt och bindestreck"),
                field="code",
            )
        )
    elif survey.waves.filter(code__iexact=code).exists():
        problems.append(
            InputProblem(_("omgången ”%(code)s” finns redan") % {"code": code}, field="code")
        )
    if date is None:
        if parsed is None:
            problems.append(
                InputProblem(_("ange ett datum (eller en kod som 2012-10)"), field="date")
            )
        else:
            date = parsed[2]
    if opens and closes and closes < opens:
        problems.append(
            InputProblem(_("omgången kan inte stänga innan den öppnar"), field="closes")
        )
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        wave = Wave.objects.create(
            survey=survey,
            code=code,
            name=name.strip() or (parsed[1] if parsed else code),
            date=date,
            opens=opens,
            closes=closes,
            framework_id=survey.framework_id,
        )
        trail.created(user=None, obj=wave)
        touch(survey)
    return wave


REOPEN = gettext_noop(
    "omgången är stängd och dess resultat visas; den kan inte öppnas igen "
    "(lägg till en ny omgång för fler svar)"
)


def update_wave(*, wave: Wave, name: str, date: datetime.date, opens=None, closes=None) -> Wave:
    """Change a wave's name and dates. A closed wave stays closed: moving its last day
    into the future would let answers in after its results were shown, and comparing the
    results before and after would show those answers."""
    if opens and closes and closes < opens:
        raise InputError(
            [InputProblem(_("omgången kan inte stänga innan den öppnar"), field="closes")]
        )
    if not name.strip():
        raise InputError([InputProblem("ange ett namn", field="name")])
    today = timezone.localdate()
    if wave.is_closed(today) and (closes is None or closes >= today):
        raise InputError([InputProblem(_(REOPEN), field="closes")])
    with transaction.atomic(), trail.changing(user=None, obj=wave):
        wave.name, wave.date, wave.opens, wave.closes = name.strip(), date, opens, closes
        wave.save()
        touch(wave.survey)
    return wave


def close_wave(*, wave: Wave, user=None) -> Wave:
    """Close a wave for good and release its results: no more answers (web or import);
    its results are computed and shown from now on. The web asks a second person first
    (`domain.release`); the command line and the demo call this directly."""
    with transaction.atomic():
        if not wave.closed:
            trail.record_change(
                user=user,
                obj=wave,
                action=trail.Action.RELEASE,
                before={"closed": False},
                after={"closed": True},
            )
        wave.closed_at = wave.closed_at or timezone.now()
        Wave.objects.filter(pk=wave.pk).update(closed=True, closed_at=wave.closed_at)
        wave.closed = True
        touch(wave.survey)
    # The released results, computed now rather than by the first page that shows them.
    from kompass.surveys.domain.results import prepare

    prepare(wave.survey)
    return wave


def delete_wave(*, wave: Wave) -> None:
    """Delete a wave and its answers (comments first: they refer to respondents). The
    counts are recounted when next read."""
    with transaction.atomic():
        trail.deleted(user=None, obj=wave)
        Comment.objects.filter(respondent__wave=wave).delete()
        Respondent.objects.filter(survey_id=wave.survey_id, wave=wave).delete()
        CountsState.objects.filter(survey_id=wave.survey_id).update(layout="")
        survey = wave.survey
        wave.delete()
        touch(survey)


def delete_survey(*, survey: Survey) -> None:
    with transaction.atomic():
        trail.deleted(user=None, obj=survey)
        Comment.objects.filter(survey=survey).delete()
        Respondent.objects.filter(survey=survey).delete()
        survey.delete()


def _clean_values(layout, values: dict, where: str = "") -> tuple[dict, list[InputProblem]]:
    """Organisation-level attribute values as stored ({code: value or None}) and the
    problems with them; `where` (an organisation's name) prefixes each message."""
    clean, problems = {}, []
    prefix = f"{where}: " if where else ""
    for code, value in (values or {}).items():
        try:
            attribute = layout.attribute(code)
        except KeyError:
            problems.append(
                InputProblem(
                    prefix + _("okänd bakgrundsfråga ”%(code)s”") % {"code": code}, field=code
                )
            )
            continue
        if attribute.level != "organisation":
            problems.append(
                InputProblem(
                    prefix
                    + _("”%(code)s” besvaras av varje svarande, inte per organisation")
                    % {"code": code},
                    field=code,
                )
            )
            continue
        try:
            clean[code] = attribute.match(value)
        except LookupError:
            problems.append(
                InputProblem(
                    prefix
                    + _(
                        "”%(value)s” är inget alternativ för %(label)s (välj %(choices)s eller lämna tomt)"
                    )
                    % {
                        "value": value,
                        "label": attribute.label.lower(),
                        "choices": ", ".join(attribute.values),
                    },
                    field=code,
                )
            )
    return clean, problems


def _merged(current: dict, clean: dict) -> dict:
    values = {**current, **{k: v for k, v in clean.items() if v}}
    for k, v in clean.items():
        if v is None:
            values.pop(k, None)
    return values


def add_organisations(
    *, survey: Survey, organisations: Iterable[Organisation], values: dict | None = None
) -> int:
    """Add organisations to the cohort (existing members keep theirs); `values` sets
    organisation-level attributes, e.g. {"urval": "ja"}. Returns how many were added."""
    clean, problems = _clean_values(layout_of(survey), values or {})
    if problems:
        raise InputError(problems)
    added = 0
    with transaction.atomic():
        existing = {m.organisation_id: m for m in survey.members.all()}
        for organisation in organisations:
            member = existing.get(organisation.pk)
            before = None if member is None else dict(member.values or {})
            if member is None:
                member = CohortMember(survey=survey, organisation=organisation, values={})
                added += 1
            if clean:
                member.values = _merged(member.values, clean)
            member.save()
            if before is None:
                trail.created(user=None, obj=member)
            else:
                trail.record_change(
                    user=None,
                    obj=member,
                    action=trail.Action.UPDATE,
                    before={"values": before},
                    after={"values": member.values},
                )
            existing[organisation.pk] = member
        touch(survey)
    return added


def set_organisation_values(*, survey: Survey, values: dict[int, dict]) -> int:
    """Organisation-level attribute values for several cohort members at once:
    {organisation id: {attribute code: value, or None/"" to clear}}. Everything is
    validated first (each problem names the organisation) and stored in one transaction,
    or nothing is. Returns how many members changed."""
    layout = layout_of(survey)
    members = {m.organisation_id: m for m in survey.members.select_related("organisation")}
    problems, cleaned = [], {}
    for organisation_id, given in values.items():
        member = members.get(organisation_id)
        if member is None:
            problems.append(
                InputProblem(
                    _("organisation %(id)s ingår inte i kohorten") % {"id": organisation_id}
                )
            )
            continue
        given = {code: (value or None) for code, value in given.items()}
        clean, found = _clean_values(layout, given, member.organisation.name)
        problems += found
        cleaned[organisation_id] = clean
    if problems:
        raise InputError(problems)
    changed = []
    for organisation_id, clean in cleaned.items():
        member = members[organisation_id]
        new = _merged(member.values or {}, clean)
        if new != (member.values or {}):
            member.values = new
            changed.append(member)
    if changed:
        with transaction.atomic():
            CohortMember.objects.bulk_update(changed, ["values"])
            for member in changed:
                trail.record_change(
                    user=None,
                    obj=member,
                    action=trail.Action.UPDATE,
                    after={"values": member.values},
                )
            touch(survey)
    return len(changed)


def remove_organisation(*, survey: Survey, organisation: Organisation) -> None:
    if Respondent.objects.filter(survey=survey, organisation=organisation).exists():
        raise InputError(
            [
                InputProblem(
                    _("%(org)s har svar i enkäten och kan inte tas bort ur kohorten")
                    % {"org": organisation.name}
                )
            ]
        )
    with transaction.atomic():
        for member in survey.members.filter(organisation=organisation):
            trail.deleted(user=None, obj=member)
        survey.members.filter(organisation=organisation).delete()
        touch(survey)


def set_invited(
    *, survey: Survey, rows: Iterable[tuple[Wave, Organisation, str, int | None]]
) -> int:
    """Set how many were invited: (wave, organisation, group, count); group is a value of
    the split attribute or "" for everyone; count None removes the figure."""
    layout = layout_of(survey)
    split = layout.split
    problems = []
    clean = []
    for wave, organisation, group, count in rows:
        if wave.survey_id != survey.pk:
            problems.append(
                InputProblem(
                    _("omgången %(code)s hör inte till enkäten") % {"code": wave.code}, field="wave"
                )
            )
            continue
        group = group or ""
        if group:
            if split is None:
                problems.append(
                    InputProblem(_("enkäten jämför inte efter någon grupp"), field="group")
                )
                continue
            try:
                group = split.match(group) or ""
            except LookupError:
                problems.append(
                    InputProblem(
                        _("”%(value)s” är inget alternativ för %(label)s (välj %(choices)s)")
                        % {
                            "value": group,
                            "label": split.label.lower(),
                            "choices": ", ".join(split.values),
                        },
                        field="group",
                    )
                )
                continue
        if count is not None and count < 0:
            problems.append(
                InputProblem(_("antalet inbjudna kan inte vara negativt"), field="count")
            )
            continue
        clean.append((wave, organisation, group, count))
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        members = set(survey.members.values_list("organisation_id", flat=True))
        for wave, organisation, group, count in clean:
            if organisation.pk not in members:
                CohortMember.objects.create(survey=survey, organisation=organisation, values={})
                members.add(organisation.pk)
            if count is None:
                Invited.objects.filter(wave=wave, organisation=organisation, group=group).delete()
            else:
                Invited.objects.update_or_create(
                    wave=wave,
                    organisation=organisation,
                    group=group,
                    defaults={"count": count, "survey": survey},
                )
        trail.record_change(
            user=None,
            obj=survey,
            action=trail.Action.UPDATE,
            after={
                "inbjudna": {
                    f"{w.code}/{o.code or o.name}/{g or 'alla'}": c for w, o, g, c in clean
                }
            },
        )
        touch(survey)
    return len(clean)
