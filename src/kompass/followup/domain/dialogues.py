"""Systematic dialogues (seed 001): a manager holds planned, structured, recurring and
documented talks with each manager reporting to them, e.g. 6-8 a year.

`standing` is the rule for "behind", kept free of the database so it can be tested and
explained on its own: a manager is behind when fewer dialogues were held so far this
year than the planned frequency calls for by today (planned per year x the share of the
year that has passed, rounded down), or when a planned dialogue's date has passed
without it being held or cancelled.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompass.accounts.access import check_can_edit
from kompass.audit import trail
from kompass.core.errors import InputError
from kompass.followup.domain.values import Problems, read_date, read_person, text_lines
from kompass.followup.models import Dialogue, Person


def expected_by(planned_per_year: int, year: int, today: datetime.date) -> int:
    """How many dialogues should have been held in `year` by `today`."""
    if year < today.year:
        return planned_per_year
    if year > today.year:
        return 0
    days = 366 if calendar.isleap(year) else 365
    elapsed = (today - datetime.date(year, 1, 1)).days + 1
    return planned_per_year * elapsed // days


@dataclass(frozen=True)
class Standing:
    planned_per_year: int | None
    held: int
    expected: int
    overdue: tuple[datetime.date, ...] = ()
    upcoming: tuple[datetime.date, ...] = ()
    undocumented: int = 0
    reasons: tuple[str, ...] = field(default=())

    @property
    def behind(self) -> bool:
        return bool(self.reasons)

    @property
    def next_planned(self) -> datetime.date | None:
        return self.upcoming[0] if self.upcoming else None

    @property
    def tracked(self) -> bool:
        return self.planned_per_year is not None


def standing(
    *,
    planned_per_year: int | None,
    held_dates,
    open_planned_dates,
    year: int,
    today: datetime.date,
    undocumented: int = 0,
) -> Standing:
    """Where a manager stands in `year`, seen on `today`.

    `held_dates`: when dialogues were held; `open_planned_dates`: planned dates of
    dialogues neither held nor cancelled. Viewing the current year, every open planned
    date before today counts as overdue (also last year's); viewing another year, only
    that year's."""
    held = sum(1 for d in held_dates if d.year == year and d <= today)
    if year == today.year:
        overdue = sorted(d for d in open_planned_dates if d < today)
    else:
        overdue = sorted(d for d in open_planned_dates if d.year == year and d < today)
    upcoming = sorted(d for d in open_planned_dates if d >= today and d.year == year)
    expected = expected_by(planned_per_year, year, today) if planned_per_year else 0
    reasons = []
    if planned_per_year and held < expected:
        values = {"held": held, "expected": expected, "planned": planned_per_year, "year": year}
        reasons.append(
            (
                _(
                    "%(held)s av %(expected)s dialoger hållna hittills i år (planerat %(planned)s per år)"
                )
                if year == today.year
                else _(
                    "%(held)s av %(expected)s dialoger hållna %(year)s (planerat %(planned)s per år)"
                )
            )
            % values
        )
    if overdue:
        reasons.append(
            ngettext(
                "%(n)s planerad dialog har passerat utan att hållas (%(dates)s)",
                "%(n)s planerade dialoger har passerat utan att hållas (%(dates)s)",
                len(overdue),
            )
            % {"n": len(overdue), "dates": ", ".join(f"{d:%Y-%m-%d}" for d in overdue)}
        )
    return Standing(
        planned_per_year=planned_per_year,
        held=held,
        expected=expected,
        overdue=tuple(overdue),
        upcoming=tuple(upcoming),
        undocumented=undocumented,
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class ManagerRow:
    person: Person
    standing: Standing


def organisation_standing(
    organisation, *, year: int | None = None, today: datetime.date | None = None
) -> list[ManagerRow]:
    """Every active person with a planned frequency or dialogues in `year`, those behind
    first, then by name."""
    return organisations_standing([organisation], year=year, today=today)[organisation.pk]


def organisations_standing(
    organisations, *, year: int | None = None, today: datetime.date | None = None
) -> dict[int, list[ManagerRow]]:
    """`organisation_standing` for many organisations at once (lists and panels): two
    queries however many organisations. Keyed by organisation id."""
    today = today or timezone.localdate()
    year = year or today.year
    ids = [o.pk for o in organisations]
    people = {
        p.pk: p
        for p in Person.objects.filter(organisation_id__in=ids, active=True).select_related(
            "reports_to", "unit"
        )
    }
    held: dict[int, list] = {pk: [] for pk in people}
    planned: dict[int, list] = {pk: [] for pk in people}
    undocumented: dict[int, int] = dict.fromkeys(people, 0)
    for d in Dialogue.objects.filter(organisation_id__in=ids, manager_id__in=people):
        if d.held_on:
            held[d.manager_id].append(d.held_on)
            if d.held_on.year == year and not d.notes.strip() and not d.agreements:
                undocumented[d.manager_id] += 1
        elif not d.cancelled and d.planned_on:
            planned[d.manager_id].append(d.planned_on)
    rows: dict[int, list[ManagerRow]] = {pk: [] for pk in ids}
    for pk, person in people.items():
        s = standing(
            planned_per_year=person.dialogues_per_year,
            held_dates=held[pk],
            open_planned_dates=planned[pk],
            year=year,
            today=today,
            undocumented=undocumented[pk],
        )
        if s.tracked or s.held or s.overdue or s.upcoming:
            rows[person.organisation_id].append(ManagerRow(person, s))
    for found in rows.values():
        found.sort(key=lambda r: (not r.standing.behind, r.person.name.lower()))
    return rows


@transaction.atomic
def save_dialogue(
    *,
    organisation,
    user,
    manager,
    held_by=None,
    planned_on=None,
    held_on=None,
    cancelled: bool = False,
    participants=(),
    agenda: str = "",
    notes: str = "",
    agreements=(),
    is_example: bool = False,
    dialogue: Dialogue | None = None,
) -> Dialogue:
    """Plan or log a dialogue (or change `dialogue`). `held_by` defaults to the manager's
    own manager. A dialogue needs a planned date or the date it was held."""
    check_can_edit(user, organisation)
    problems = Problems()
    person = read_person(manager, organisation, "manager", _("chef"), problems)
    leader = read_person(
        held_by, organisation, "held_by", _("person som leder dialogen"), problems, required=False
    )
    if leader is None and person is not None and held_by in (None, ""):
        leader = person.reports_to
    if person is not None and leader is not None and person.pk == leader.pk:
        problems.add(
            "held_by", _("En dialog hålls mellan två personer; välj en annan som leder den.")
        )
    planned = read_date(planned_on, "planned_on", _("planerat datum"), problems)
    held = read_date(held_on, "held_on", _("datum då dialogen hölls"), problems)
    if (
        planned is None
        and held is None
        and not any(p.field in ("planned_on", "held_on") for p in problems)
    ):
        problems.add("planned_on", _("Ange planerat datum eller datum då dialogen hölls."))
    if held is not None and held > timezone.localdate():
        problems.add(
            "held_on",
            _(
                "Dialogen kan inte ha hållits %(date)s, det ligger i framtiden; "
                "ange datumet som planerat datum i stället."
            )
            % {"date": f"{held:%Y-%m-%d}"},
        )
    if cancelled and held is not None:
        problems.add("cancelled", _("En inställd dialog kan inte ha hållits; ta bort ett av dem."))
    if problems:
        raise InputError(problems)
    new = dialogue is None
    before = {} if new else trail.snapshot(dialogue)
    if dialogue is None:
        dialogue = Dialogue(
            organisation=organisation,
            created_by=user if user is not None and user.is_authenticated else None,
            is_example=is_example,
        )
    dialogue.manager = person
    dialogue.held_by = leader
    dialogue.planned_on = planned
    dialogue.held_on = held
    dialogue.cancelled = bool(cancelled)
    dialogue.participants = text_lines(participants)
    dialogue.agenda = (agenda or "").strip()
    dialogue.notes = (notes or "").strip()
    dialogue.agreements = text_lines(agreements)
    dialogue.save()
    if new:
        trail.created(user=user, obj=dialogue)
    else:
        trail.record_change(
            user=user,
            obj=dialogue,
            action=trail.Action.UPDATE,
            before=before,
            after=trail.snapshot(dialogue),
        )
    return dialogue


@transaction.atomic
def delete_dialogue(*, dialogue: Dialogue, user) -> None:
    check_can_edit(user, dialogue.organisation)
    trail.deleted(user=user, obj=dialogue)
    dialogue.delete()


def state_key(dialogue: Dialogue, today: datetime.date | None = None) -> str:
    """ "held", "cancelled", "overdue" (planned date passed) or "planned"."""
    today = today or timezone.localdate()
    if dialogue.held_on:
        return "held"
    if dialogue.cancelled:
        return "cancelled"
    if dialogue.planned_on and dialogue.planned_on < today:
        return "overdue"
    return "planned"


def dialogue_state(dialogue: Dialogue, today: datetime.date | None = None) -> str:
    """The state in words: "Hållen", "Inställd", "Försenad" or "Planerad"."""
    return {
        "held": _("Hållen"),
        "cancelled": _("Inställd"),
        "overdue": _("Försenad"),
        "planned": _("Planerad"),
    }[state_key(dialogue, today)]
