"""The people of an organisation who own actions and take part in dialogues.

People are never deleted once they own an action or had a dialogue (the history would
lose its names); they are marked inactive instead."""

from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import check_can_edit
from kompass.audit import trail
from kompass.core.errors import InputError
from kompass.followup.domain.values import Problems, read_person
from kompass.followup.models import Person
from kompass.organisations.models import Unit

MAX_DIALOGUES_PER_YEAR = 52


@transaction.atomic
def save_person(
    *,
    organisation,
    user,
    name: str,
    title: str = "",
    unit=None,
    reports_to=None,
    dialogues_per_year=None,
    active: bool = True,
    person: Person | None = None,
) -> Person:
    """Create a person (or change `person`). Returns the stored person."""
    check_can_edit(user, organisation)
    problems = Problems()
    name = (name or "").strip()
    if not name:
        problems.add("name", _("Skriv personens namn."))
    elif len(name) > 200:
        problems.add("name", _("Namnet får vara högst 200 tecken."))
    elif (
        Person.objects.filter(organisation=organisation, name__iexact=name)
        .exclude(pk=person.pk if person else None)
        .exists()
    ):
        problems.add(
            "name",
            _("Det finns redan en person som heter ”%(name)s” i %(org)s.")
            % {"name": name, "org": organisation.name},
        )
    boss = read_person(
        reports_to, organisation, "reports_to", _("närmaste chef"), problems, required=False
    )
    if boss is not None and person is not None:
        seen, current = set(), boss
        while current is not None and current.pk not in seen:
            if current.pk == person.pk:
                problems.add(
                    "reports_to",
                    _("En person kan inte ha sig själv som chef, inte heller via andra.")
                    if boss.pk == person.pk
                    else _("%(boss)s rapporterar redan till %(person)s; välj en annan chef.")
                    % {"boss": boss.name, "person": person.name},
                )
                break
            seen.add(current.pk)
            current = current.reports_to
    if unit not in (None, ""):
        unit_pk = unit.pk if isinstance(unit, Unit) else unit
        unit = Unit.objects.filter(organisation=organisation, pk=unit_pk).first()
        if unit is None:
            problems.add("unit", _("Enheten finns inte i %(org)s.") % {"org": organisation.name})
    else:
        unit = None
    if dialogues_per_year in ("", None):
        dialogues_per_year = None
    else:
        try:
            dialogues_per_year = int(dialogues_per_year)
        except (TypeError, ValueError):
            problems.add(
                "dialogues_per_year",
                _("”%(value)s” är inget heltal.") % {"value": dialogues_per_year},
            )
            dialogues_per_year = None
        else:
            if not 1 <= dialogues_per_year <= MAX_DIALOGUES_PER_YEAR:
                problems.add(
                    "dialogues_per_year",
                    _("Ange mellan 1 och %(max)s dialoger per år, eller lämna tomt.")
                    % {"max": MAX_DIALOGUES_PER_YEAR},
                )
    if problems:
        raise InputError(problems)
    new = person is None
    if person is None:
        person = Person(organisation=organisation)
    before = {} if new else trail.snapshot(person)
    person.name = name
    person.title = (title or "").strip()[:200]
    person.unit = unit
    person.reports_to = boss
    person.dialogues_per_year = dialogues_per_year
    person.active = bool(active)
    person.save()
    if new:
        trail.created(user=user, obj=person)
    else:
        trail.record_change(
            user=user,
            obj=person,
            action=trail.Action.UPDATE,
            before=before,
            after=trail.snapshot(person),
        )
    return person


def erase_person(person: Person, user) -> str:
    """Erase a person of the follow-up (`kompass.core.people`): the row stays, because
    dialogues and actions point at it and their counts matter, but the name becomes
    "(borttagen N)", the title goes, and the notes and agenda of the dialogues held with
    them are blanked. The trail's entries about them are anonymised."""
    from django.db import transaction

    from kompass.audit import trail
    from kompass.audit.models import AuditEntry
    from kompass.followup.models import Dialogue

    with transaction.atomic():
        trail.record_change(
            user=user, obj=person, action=trail.Action.ERASE, label=f"(borttagen {person.pk})"
        )
        blanked = (
            Dialogue.objects.filter(manager=person)
            .exclude(notes="", agenda="")
            .update(notes="", agenda="")
        )
        person.name = f"(borttagen {person.pk})"
        person.title = ""
        person.active = False
        person.save()
        AuditEntry.objects.filter(object_kind="followup.person", object_id=str(person.pk)).exclude(
            action=trail.Action.ERASE
        ).update(object_label=person.name, before={}, after={}, anonymised=True)
    return f"anonymiserad, anteckningar från {blanked} dialoger tömda"
