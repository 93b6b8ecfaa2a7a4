"""Projects, partners and financing shares, team, steering group and implementation plan.

Every function validates everything first, then stores in one transaction, and raises
`InputError` with every problem in Swedish (naming the row and field), so nothing is
ever half stored.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import check_can_edit, editable_organisation_ids
from kompass.audit import trail
from kompass.collaboration.domain.defaults import public_actors
from kompass.collaboration.models import Partner, Person, PlanStep, Project
from kompass.core.errors import InputError, InputProblem
from kompass.lib.numbers import decimals_of, format_number, parse_number
from kompass.organisations.domain.register import OrganisationResolver
from kompass.organisations.models import Organisation

# The statutory split of a coordination association (lag 2003:1210, 5 §).
STATUTORY = {"forsakringskassan": Decimal(50), "region": Decimal(25), "kommun": Decimal(25)}
TOLERANCE = Decimal("0.01")


def suggested_actor(organisation: Organisation) -> str:
    """The account actor an organisation most likely is, from its kind and name."""
    name = organisation.name.casefold()
    if organisation.kind == Organisation.Kind.MUNICIPALITY:
        return "kommun"
    if organisation.kind == Organisation.Kind.REGION:
        return "region"
    if "försäkringskassan" in name:
        return "forsakringskassan"
    if "arbetsförmedlingen" in name:
        return "arbetsformedlingen"
    return ""


def _check_dates(start, end, problems: list[InputProblem]) -> None:
    if start and end and end < start:
        problems.append(InputProblem(_("slutdatumet ligger före startdatumet"), field="end_date"))


@transaction.atomic
def create_project(
    *,
    user,
    name: str,
    organisation: Organisation,
    purpose: str = "",
    target_group: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    role: str = "Projektägare",
    is_example: bool = False,
) -> Project:
    """A new project with `organisation` as its first partner (the user must be allowed
    to change things in that organisation, so the project is theirs to edit)."""
    problems = []
    if not name.strip():
        problems.append(InputProblem(_("ange projektets namn"), field="name"))
    _check_dates(start_date, end_date, problems)
    if (
        user is not None
        and not user.is_administrator
        and organisation.pk not in editable_organisation_ids(user)
    ):
        problems.append(
            InputProblem(
                _("du kan bara skapa projekt för en organisation där du är redigerare eller ägare"),
                field="organisation",
            )
        )
    if problems:
        raise InputError(problems)
    project = Project.objects.create(
        name=name.strip(),
        purpose=purpose,
        target_group=target_group,
        start_date=start_date,
        end_date=end_date,
        is_example=is_example,
        created_by=user,
    )
    Partner.objects.create(
        project=project,
        organisation=organisation,
        role=role,
        actor=suggested_actor(organisation),
    )
    trail.created(user=user, obj=project, organisation_id=organisation.pk)
    return project


@transaction.atomic
def update_project(
    *,
    project: Project,
    user,
    name: str,
    purpose: str = "",
    target_group: str = "",
    start_date=None,
    end_date=None,
) -> Project:
    check_can_edit(user, project)
    problems = []
    if not name.strip():
        problems.append(InputProblem(_("ange projektets namn"), field="name"))
    _check_dates(start_date, end_date, problems)
    if problems:
        raise InputError(problems)
    with trail.changing(user=user, obj=project):
        project.name = name.strip()
        project.purpose = purpose
        project.target_group = target_group
        project.start_date = start_date
        project.end_date = end_date
        project.save()
    return project


# -- partners -------------------------------------------------------------------------


@dataclass
class PartnerRow:
    """One partner as typed in a form or a file: the organisation by name or code, the
    kind to create it with when it is not yet in the register, role, actor and share."""

    organisation: str
    role: str = ""
    actor: str = ""
    share: str = ""
    kind: str = ""


def _parse_share(text: str, row: int, problems: list[InputProblem]) -> Decimal | None:
    text = (text or "").strip().rstrip("%").strip()
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        problems.append(
            InputProblem(
                _("andelen ”%(text)s” är inte ett tal") % {"text": text}, row=row, column="andel"
            )
        )
        return None
    if value < 0 or value > 100:
        problems.append(
            InputProblem(
                _("andelen ska ligga mellan 0 och 100 %% (fick %(text)s)") % {"text": text},
                row=row,
                column="andel",
            )
        )
        return None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def set_partners(*, project: Project, user, rows: list[PartnerRow]) -> list[Partner]:
    """Replace the partners. Financing shares, when any is given, must add up to 100 %;
    a share needs the actor it belongs to in the account."""
    check_can_edit(user, project)
    actors = public_actors()
    resolver = OrganisationResolver()
    problems: list[InputProblem] = []
    resolved: list[tuple[int, PartnerRow, Organisation | None, Decimal | None]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        name = row.organisation.strip()
        if not name:
            continue
        org = None
        try:
            org = resolver(name)
        except LookupError as exc:
            if row.kind and row.kind != Organisation.Kind.MUNICIPALITY:
                if row.kind not in Organisation.Kind.values:
                    problems.append(
                        InputProblem(
                            _("okänd typ ”%(kind)s”") % {"kind": row.kind}, row=number, column="typ"
                        )
                    )
            else:
                problems.append(
                    InputProblem(
                        _(
                            "%(problem)s – välj en typ (region, myndighet, samordningsförbund …) "
                            "för att lägga till en ny organisation"
                        )
                        % {"problem": exc},
                        row=number,
                        column="organisation",
                    )
                )
        key = org.pk if org is not None else name.casefold()
        if key in seen:
            problems.append(
                InputProblem(
                    _("”%(name)s” finns redan på rad %(row)s") % {"name": name, "row": seen[key]},
                    row=number,
                    column="organisation",
                )
            )
        seen[key] = number
        if row.actor and row.actor not in actors:
            problems.append(
                InputProblem(
                    _("okänd aktör ”%(actor)s”") % {"actor": row.actor}, row=number, column="aktör"
                )
            )
        share = _parse_share(row.share, number, problems)
        if share and not row.actor:
            problems.append(
                InputProblem(
                    _("ange vilken aktör i kalkylen parten motsvarar när den finansierar"),
                    row=number,
                    column="aktör",
                )
            )
        resolved.append((number, row, org, share))
    if not resolved:
        problems.append(InputProblem(_("projektet behöver minst en part"), field="partners"))
    shares = [s for _, _, _, s in resolved if s is not None]
    if shares:
        total = sum(shares, Decimal(0))
        if abs(total - 100) > TOLERANCE:
            problems.append(
                InputProblem(
                    _("finansieringsandelarna summerar till %(total)s %%, ska vara 100 %%")
                    % {"total": format_number(total, decimals_of(total))},
                    field="financing_share",
                )
            )
    if user is not None and not user.is_administrator:
        editable = editable_organisation_ids(user)
        if not any(org is not None and org.pk in editable for _, _, org, _ in resolved):
            problems.append(
                InputProblem(
                    _(
                        "minst en part måste vara en organisation där du är redigerare eller "
                        "ägare, annars kan du inte längre ändra projektet"
                    ),
                    field="partners",
                )
            )
    if problems:
        raise InputError(problems)
    before_partners = _partner_lines(project)
    project.partners.all().delete()
    created = []
    for order, (_number, row, org, share) in enumerate(resolved):
        if org is None:
            org = Organisation.objects.create(name=row.organisation.strip(), kind=row.kind)
        created.append(
            Partner.objects.create(
                project=project,
                organisation=org,
                role=row.role.strip(),
                actor=row.actor,
                financing_share=share,
                order=order,
            )
        )
    project.save(update_fields=["updated_at"])
    trail.record_change(
        user=user,
        obj=project,
        action=trail.Action.UPDATE,
        before={"parter": before_partners},
        after={"parter": _partner_lines(project)},
    )
    return created


def _partner_lines(project: Project) -> list[str]:
    return [
        f"{p.organisation.name}: {p.role or '–'}, {p.actor or '–'}, {p.financing_share or '–'} %"
        for p in project.partners.select_related("organisation").order_by("order", "pk")
    ]


def _organisation_lines(project: Project) -> dict[str, list[str]]:
    return {
        "projektteam": [str(p) for p in project.people.filter(group=Person.Group.TEAM)],
        "styrgrupp": [str(p) for p in project.people.filter(group=Person.Group.STEERING)],
        "implementeringsplan": [
            f"{s.action} ({s.responsible or '–'}, {s.get_state_display()})"
            for s in project.plan_steps.all()
        ],
    }


def statutory_rows(project: Project, *, rows: list[PartnerRow] | None = None) -> list[PartnerRow]:
    """The partners with the coordination association's statutory split: Försäkringskassan
    50 %, the region(s) 25 % and the municipalities 25 %, each part shared equally (to the
    hundredth, the last one takes the rounding). Raises InputError if a part is missing.

    `rows` are the rows as the user has them on screen (typed, not yet saved): the split
    works on those, so a row just typed is split too and nothing typed is lost; blank rows
    stay where they are, so row numbers in messages stay the numbers on screen. Without
    `rows` the saved partners are split (the command line)."""
    if rows is None:
        rows = [
            PartnerRow(
                organisation=p.organisation.code or p.organisation.name,
                role=p.role,
                actor=p.actor,
                share=str(p.financing_share) if p.financing_share is not None else "",
            )
            for p in project.partners.select_related("organisation").order_by("order", "pk")
        ]
    present = [i for i, r in enumerate(rows) if r.organisation.strip()]
    groups = {actor: [i for i in present if rows[i].actor == actor] for actor in STATUTORY}
    actors = public_actors()
    missing = [actors[a] for a, members in groups.items() if not members]
    if missing:
        raise InputError(
            [
                InputProblem(
                    _(
                        "Den lagstadgade fördelningen kräver minst en part per aktör. "
                        "Välj ”Aktör i kalkylen” för en part som är %(actors)s."
                    )
                    % {"actors": ", ".join(str(m) for m in missing)}
                )
            ]
        )
    shares: dict[int, Decimal] = {}
    for actor, members in groups.items():
        each = (STATUTORY[actor] / len(members)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        for member in members:
            shares[member] = each
        shares[members[-1]] += STATUTORY[actor] - each * len(members)
    return [
        dataclasses.replace(row, share=str(shares[i]) if i in shares else "")
        if row.organisation.strip()
        else row
        for i, row in enumerate(rows)
    ]


def financing_by_actor(project: Project) -> dict[str, Decimal]:
    """Per cent of the financing per account actor, summed over the partners."""
    out: dict[str, Decimal] = {}
    for partner in project.partners.all():
        if partner.financing_share:
            out[partner.actor] = out.get(partner.actor, Decimal(0)) + partner.financing_share
    return out


# -- people and plan (one line per row, fields separated by ";") ----------------------


def parse_people(text: str) -> list[dict]:
    """ "Namn; roll; organisation" per line."""
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) > 3:
            problems.append(
                InputProblem(_("högst tre fält per rad: namn; roll; organisation"), row=number)
            )
            continue
        if not parts[0]:
            problems.append(InputProblem(_("namnet saknas"), row=number, column="namn"))
            continue
        parts += [""] * (3 - len(parts))
        rows.append({"name": parts[0], "role": parts[1], "organisation_name": parts[2]})
    if problems:
        raise InputError(problems)
    return rows


STATE_WORDS = {
    "": PlanStep.State.PLANNED,
    "planerad": PlanStep.State.PLANNED,
    "pågår": PlanStep.State.ONGOING,
    "pågående": PlanStep.State.ONGOING,
    "klar": PlanStep.State.DONE,
    "klart": PlanStep.State.DONE,
}


def parse_plan(text: str) -> list[dict]:
    """ "Åtgärd; ansvarig; klart senast (ÅÅÅÅ-MM-DD); läge (planerad/pågår/klar)" per line."""
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) > 4:
            problems.append(
                InputProblem(
                    _("högst fyra fält per rad: åtgärd; ansvarig; klart senast; läge"), row=number
                )
            )
            continue
        parts += [""] * (4 - len(parts))
        action, responsible, due_text, state_text = parts
        if not action:
            problems.append(InputProblem(_("åtgärden saknas"), row=number, column="åtgärd"))
        due = None
        if due_text:
            try:
                due = datetime.date.fromisoformat(due_text)
            except ValueError:
                problems.append(
                    InputProblem(
                        _("”%(text)s” är inte ett datum (skriv ÅÅÅÅ-MM-DD)") % {"text": due_text},
                        row=number,
                        column="klart senast",
                    )
                )
        state = STATE_WORDS.get(state_text.casefold())
        if state is None:
            problems.append(
                InputProblem(
                    _("okänt läge ”%(state)s” (planerad, pågår eller klar)")
                    % {"state": state_text},
                    row=number,
                    column="läge",
                )
            )
        if action and state is not None:
            rows.append({"action": action, "responsible": responsible, "due": due, "state": state})
    if problems:
        raise InputError(problems)
    return rows


def people_text(project: Project, group: str) -> str:
    return "\n".join(
        "; ".join(x for x in (p.name, p.role, p.organisation_name)).rstrip("; ")
        for p in project.people.filter(group=group)
    )


def plan_text(project: Project) -> str:
    state_names = {
        PlanStep.State.PLANNED: "planerad",
        PlanStep.State.ONGOING: "pågår",
        PlanStep.State.DONE: "klar",
    }
    return "\n".join(
        f"{s.action}; {s.responsible}; {s.due.isoformat() if s.due else ''}; {state_names[s.state]}"
        for s in project.plan_steps.all()
    )


@transaction.atomic
def set_organisation(*, project: Project, user, team: str, steering: str, plan: str) -> None:
    """Replace the team, the steering group and the implementation plan together."""
    check_can_edit(user, project)
    problems = []
    parsed = {}
    for key, text, parser, label in (
        ("team", team, parse_people, "Projektteam"),
        ("steering", steering, parse_people, "Styrgrupp"),
        ("plan", plan, parse_plan, "Implementeringsplan"),
    ):
        try:
            parsed[key] = parser(text or "")
        except InputError as exc:
            problems += [
                InputProblem(p.message, field=label, row=p.row, column=p.column)
                for p in exc.problems
            ]
    if problems:
        raise InputError(problems)
    before = _organisation_lines(project)
    project.people.all().delete()
    project.plan_steps.all().delete()
    for group in (Person.Group.TEAM, Person.Group.STEERING):
        Person.objects.bulk_create(
            Person(project=project, group=group, order=i, **row)
            for i, row in enumerate(parsed[group])
        )
    PlanStep.objects.bulk_create(
        PlanStep(project=project, order=i, **row) for i, row in enumerate(parsed["plan"])
    )
    project.save(update_fields=["updated_at"])
    trail.record_change(
        user=user,
        obj=project,
        action=trail.Action.UPDATE,
        before=before,
        after=_organisation_lines(project),
    )
