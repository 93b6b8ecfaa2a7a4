"""`kompass followup plans|show|dialogues|status`: action plans and systematic dialogues
from the command line (e.g. a weekly job that lists the managers who are behind)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kompass.core.errors import InputError
from kompass.followup.domain import dialogues as dialogue_domain
from kompass.followup.domain import plans as plan_domain
from kompass.followup.models import Action, ActionPlan
from kompass.organisations.domain.register import find_organisation


def _organisation(value):
    try:
        return find_organisation(value)
    except LookupError as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = "Handlingsplaner, åtgärder och systematiska dialoger."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("plans", help="lista handlingsplaner")
        p.add_argument("--organisation", help="kommunkod eller namn")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser("show", help="visa en handlingsplan med åtgärder")
        p.add_argument("id", type=int)
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser("dialogues", help="chefernas dialoger: vem är efter?")
        p.add_argument("--organisation", required=True, help="kommunkod eller namn")
        p.add_argument("--year", type=int, help="år (standard: i år)")
        p.add_argument("--behind", action="store_true", help="visa bara de som är efter")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser("status", help="ändra en åtgärds status")
        p.add_argument("id", type=int, help="åtgärdens id")
        p.add_argument("status", help="planerad, pågår, klar eller avbruten")
        p.add_argument("--note", default="", help="anteckning (krävs för avbruten)")
        p.add_argument("--on", help="datum då åtgärden blev klar (ÅÅÅÅ-MM-DD)")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def _json(self, data):
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def do_plans(self, options):
        qs = (
            ActionPlan.objects.select_related("organisation")
            .prefetch_related("actions")
            .order_by("organisation__name", "pk")
        )
        if options.get("organisation"):
            qs = qs.filter(organisation=_organisation(options["organisation"]))
        rows = []
        for plan in qs:
            summary = plan_domain.plan_summary(plan)
            rows.append(
                {
                    "id": plan.pk,
                    "organisation": plan.organisation.name,
                    "title": plan.title,
                    "actions": summary["total"],
                    "done": summary["done"],
                    "overdue": summary["overdue"],
                    "example": plan.is_example,
                }
            )
        if options["format"] == "json":
            return self._json(rows)
        if not rows:
            self.stdout.write(
                "Inga handlingsplaner. Skapa en från en utvärdering i webbgränssnittet."
            )
            return
        for r in rows:
            flag = " (exempeldata)" if r["example"] else ""
            self.stdout.write(
                f"{r['id']:>5}  {r['organisation']:<20} {r['title']:<50} "
                f"{r['done']}/{r['actions']} klara, {r['overdue']} försenade{flag}"
            )

    def do_show(self, options):
        plan = ActionPlan.objects.select_related("organisation").filter(pk=options["id"]).first()
        if plan is None:
            raise CommandError(f"det finns ingen handlingsplan med id {options['id']}")
        today = timezone.localdate()
        actions = plan.actions.select_related("owner", "opportunity").order_by("due_date", "pk")
        rows = [
            {
                "id": a.pk,
                "title": a.title,
                "owner": a.owner.name,
                "start_date": a.start_date.isoformat(),
                "due_date": a.due_date.isoformat(),
                "status": a.status,
                "status_text": plan_domain.status_text(a, today),
                "opportunity": a.opportunity.text if a.opportunity else None,
            }
            for a in actions
        ]
        if options["format"] == "json":
            return self._json({"id": plan.pk, "title": plan.title, "actions": rows})
        self.stdout.write(f"{plan.title} – {plan.organisation.name}")
        if not rows:
            self.stdout.write("Inga åtgärder ännu.")
        for r in rows:
            self.stdout.write(f"{r['id']:>5}  {r['title']:<60} {r['owner']:<20} {r['status_text']}")

    def do_dialogues(self, options):
        organisation = _organisation(options["organisation"])
        year = options.get("year")
        rows = dialogue_domain.organisation_standing(organisation, year=year)
        if options["behind"]:
            rows = [r for r in rows if r.standing.behind]
        data = [
            {
                "person": r.person.name,
                "title": r.person.title,
                "planned_per_year": r.standing.planned_per_year,
                "held": r.standing.held,
                "expected": r.standing.expected,
                "overdue": [d.isoformat() for d in r.standing.overdue],
                "behind": r.standing.behind,
                "reasons": list(r.standing.reasons),
            }
            for r in rows
        ]
        if options["format"] == "json":
            return self._json(data)
        if not data:
            self.stdout.write(
                "Ingen chef är efter."
                if options["behind"]
                else "Ingen chef har planerad dialogfrekvens eller dialoger det året."
            )
            return
        for r in data:
            state = "EFTER: " + "; ".join(r["reasons"]) if r["behind"] else "i fas"
            planned = r["planned_per_year"] if r["planned_per_year"] is not None else "–"
            self.stdout.write(
                f"{r['person']:<24} {r['held']:>2} hållna, {r['expected']:>2} förväntade "
                f"(planerat {planned}/år)  {state}"
            )

    def do_status(self, options):
        action = (
            Action.objects.select_related("plan__organisation").filter(pk=options["id"]).first()
        )
        if action is None:
            raise CommandError(f"det finns ingen åtgärd med id {options['id']}")
        try:
            plan_domain.set_status(
                action=action,
                status=options["status"],
                note=options["note"],
                on=options.get("on"),
                user=None,
            )
        except InputError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(f"{action.title}: {plan_domain.status_text(action)}")
