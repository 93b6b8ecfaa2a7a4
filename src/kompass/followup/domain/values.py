"""Reading values that arrive as text (API, command line, files) or already typed (forms):
dates, people and lists. Each reader adds a problem naming the field (`label`, translated by the caller) and returns
None, so a caller can collect every problem before storing anything."""

import datetime

from django.utils.translation import gettext as _

from kompass.core.errors import InputProblem
from kompass.followup.models import Person


class Problems(list):
    """The problems found so far; `add(field, message)` keeps them in order."""

    def add(self, field: str, message: str) -> None:
        self.append(InputProblem(message, field=field))


def read_date(value, field: str, label: str, problems: Problems, *, required: bool = False):
    """A date from a `date`, an ISO text "2025-03-01" or nothing."""
    if value in (None, ""):
        if required:
            problems.add(field, _("Ange %(label)s (ÅÅÅÅ-MM-DD).") % {"label": label})
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.add(
            field,
            _("”%(value)s” är inget giltigt datum för %(label)s; skriv ÅÅÅÅ-MM-DD.")
            % {"value": value, "label": label},
        )
        return None


def read_person(value, organisation, field: str, label: str, problems: Problems, *, required=True):
    """A person of `organisation`, given as a `Person`, an id or a name (case-insensitive).

    Someone from another organisation is "unknown" too: the message never reveals who
    exists elsewhere."""
    if value in (None, ""):
        if required:
            problems.add(field, _("Välj %(label)s.") % {"label": label})
        return None
    people = Person.objects.filter(organisation=organisation)
    person = None
    if isinstance(value, Person):
        person = value if value.organisation_id == organisation.pk else None
    elif isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        person = people.filter(pk=int(value)).first()
        if person is None and isinstance(value, str):
            person = people.filter(name__iexact=value.strip()).first()
    else:
        person = people.filter(name__iexact=str(value).strip()).first()
    if person is None:
        problems.add(
            field,
            _(
                "Okänd %(label)s ”%(value)s”: personen finns inte i %(org)s. "
                "Lägg till personen under Personer först."
            )
            % {"label": label, "value": value, "org": organisation.name},
        )
    return person


def text_lines(value) -> list[str]:
    """A list of non-empty lines from a text (one per line) or a list."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    return [str(v).strip().lstrip("•-* ").strip() for v in value if str(v).strip()]
