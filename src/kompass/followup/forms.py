"""Forms for the follow-up pages. They only lay out and collect the fields: every rule
(dates in order, owner known in the organisation, ...) lives in `domain/`, which answers
with Swedish messages per field; `kompass.core.errors.add_to_form` puts those on the form."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kompass.followup.models import Action, Person
from kompass.lib.text import shorten
from kompass.organisations.models import Unit


def _text(label, *, required=False, help_text="", max_length=None, rows=None, **attrs):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(attrs=attrs)
    if required:
        widget.attrs["required"] = True
    return forms.CharField(
        label=label, required=False, help_text=help_text, max_length=max_length, widget=widget
    )


def _date(label, *, required=False, help_text=""):
    widget = forms.TextInput(attrs={"type": "date"})
    if required:
        widget.attrs["required"] = True
    return forms.CharField(label=label, required=False, help_text=help_text, widget=widget)


def _person_choices(organisation, empty: str, keep=None) -> list[tuple[str, str]]:
    """Active people of the organisation (and `keep`, the current choice, even if inactive)."""
    people = Person.objects.filter(organisation=organisation).order_by("name")
    people = (
        people.filter(active=True) if keep is None else people.filter(Q(active=True) | Q(pk=keep))
    )
    return [("", empty)] + [(str(p.pk), str(p)) for p in people]


class PlanForm(forms.Form):
    title = _text(_("Namn på handlingsplanen"), required=True, max_length=200)
    description = _text(
        _("Syfte och bakgrund"),
        rows=4,
        help_text=_("Varför planen finns och vad den ska leda till."),
    )


class PlanCreateForm(PlanForm):
    opportunities = _text(
        _("Förbättringsområden, ett per rad"),
        rows=4,
        help_text=_("Valfritt. Åtgärder kan kopplas till ett förbättringsområde."),
    )


class OpportunityForm(forms.Form):
    texts = _text(
        _("Egna förbättringsområden, ett per rad"),
        rows=3,
        help_text=_("Valfritt, om planen ska arbeta med något som utvärderingen inte tog upp."),
    )


class ActionForm(forms.Form):
    title = _text(_("Åtgärd"), required=True, max_length=300)
    owner = forms.CharField(label=_("Ansvarig"), required=False)
    start_date = _date(_("Startdatum"), required=True, help_text=_("ÅÅÅÅ-MM-DD"))
    due_date = _date(_("Klart senast"), required=True, help_text=_("ÅÅÅÅ-MM-DD"))
    opportunity = forms.CharField(label=_("Förbättringsmöjlighet"), required=False)
    description = _text(_("Beskrivning"), rows=4)
    indicators = forms.MultipleChoiceField(
        label=_("Indikatorer som visar effekten"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        from kompass.indicators.models import Indicator

        organisation = plan.organisation
        self.fields["owner"].widget = forms.Select(
            choices=_person_choices(
                organisation, _("Välj ansvarig"), keep=action.owner_id if action else None
            ),
            attrs={"required": True},
        )
        opportunities = list(plan.opportunities.all())
        if opportunities:
            self.fields["opportunity"].widget = forms.Select(
                choices=[("", _("Ingen särskild"))]
                + [(str(o.pk), shorten(o.label, width=120)) for o in opportunities]
            )
        else:
            del self.fields["opportunity"]
        indicators = Indicator.objects.filter(organisation=organisation).order_by("name")
        if indicators:
            self.fields["indicators"].choices = [(str(i.pk), i.name) for i in indicators]
        else:
            del self.fields["indicators"]

    @classmethod
    def initial_for(cls, action: Action) -> dict:
        return {
            "title": action.title,
            "owner": str(action.owner_id),
            "start_date": f"{action.start_date:%Y-%m-%d}",
            "due_date": f"{action.due_date:%Y-%m-%d}",
            "opportunity": str(action.opportunity_id or ""),
            "description": action.description,
            "indicators": [str(pk) for pk in action.indicators.values_list("pk", flat=True)],
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("opportunity", None)
        data["indicators"] = data.get("indicators") or []
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Action.Status.choices)
    on = _date(
        _("Datum då åtgärden blev klar"),
        help_text=_("Bara för status Klar. Tomt: i dag."),
    )
    note = _text(
        _("Anteckning"),
        rows=3,
        help_text=_("Vad som har hänt. Krävs när en åtgärd avbryts."),
    )


class NoteForm(forms.Form):
    text = _text(_("Anteckning"), rows=3, required=True)


class PersonForm(forms.Form):
    name = _text(_("Namn"), required=True, max_length=200)
    title = _text(
        _("Befattning"), max_length=200, help_text=_("T.ex. ”Enhetschef hemtjänst Norr”.")
    )
    unit = forms.CharField(label=_("Enhet"), required=False)
    reports_to = forms.CharField(
        label=_("Närmaste chef"),
        required=False,
        help_text=_("Den som håller de systematiska dialogerna med personen."),
    )
    dialogues_per_year = forms.CharField(
        label=_("Planerade dialoger per år"),
        required=False,
        help_text=_(
            "T.ex. 6–8 för chefer som rapporterar till en verksamhetschef. Tomt: följs inte upp."
        ),
        widget=forms.NumberInput(attrs={"min": 1, "max": 52}),
    )
    active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    def __init__(self, *args, organisation, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _person_choices(organisation, _("Ingen"))
        if person is not None:
            choices = [c for c in choices if c[0] != str(person.pk)]
        self.fields["reports_to"].widget = forms.Select(choices=choices)
        units = Unit.objects.filter(organisation=organisation).order_by("name")
        if units:
            self.fields["unit"].widget = forms.Select(
                choices=[("", _("Ingen"))] + [(str(u.pk), u.name) for u in units]
            )
        else:
            del self.fields["unit"]

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {
            "name": person.name,
            "title": person.title,
            "unit": str(person.unit_id or ""),
            "reports_to": str(person.reports_to_id or ""),
            "dialogues_per_year": person.dialogues_per_year or "",
            "active": person.active,
        }


class DialogueForm(forms.Form):
    manager = forms.CharField(label=_("Chef som dialogen hålls med"), required=False)
    held_by = forms.CharField(
        label=_("Leds av"),
        required=False,
        help_text=_("Tomt: chefens närmaste chef."),
    )
    planned_on = _date(_("Planerat datum"), help_text=_("ÅÅÅÅ-MM-DD"))
    held_on = _date(_("Hölls"), help_text=_("Fyll i när dialogen är genomförd."))
    cancelled = forms.BooleanField(label=_("Inställd"), required=False)
    participants = _text(_("Övriga deltagare, en per rad"), rows=2)
    agenda = _text(
        _("Dagordning"),
        rows=4,
        help_text=_(
            "T.ex. analys och slutsatser av resultat, basuppdrag och budget, indikatorer, "
            "systematiskt kvalitetsarbete."
        ),
    )
    notes = _text(_("Anteckningar"), rows=5, help_text=_("Det som sades och bedömdes."))
    agreements = _text(
        _("Överenskomna uppföljningar, en per rad"),
        rows=3,
        help_text=_("Det som ska följas upp till nästa dialog."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].widget = forms.Select(
            choices=_person_choices(organisation, _("Välj chef")), attrs={"required": True}
        )
        self.fields["held_by"].widget = forms.Select(
            choices=_person_choices(organisation, _("Chefens närmaste chef"))
        )

    @classmethod
    def initial_for(cls, dialogue) -> dict:
        return {
            "manager": str(dialogue.manager_id),
            "held_by": str(dialogue.held_by_id or ""),
            "planned_on": f"{dialogue.planned_on:%Y-%m-%d}" if dialogue.planned_on else "",
            "held_on": f"{dialogue.held_on:%Y-%m-%d}" if dialogue.held_on else "",
            "cancelled": dialogue.cancelled,
            "participants": "\n".join(dialogue.participants),
            "agenda": dialogue.agenda,
            "notes": dialogue.notes,
            "agreements": "\n".join(dialogue.agreements),
        }
