"""Texts and cells that the account report and the project report share: the
socio-economic texts in the reader's language, money, shares and rates as table cells.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kompass.analytics.socio.account import SOCIETY
from kompass.analytics.socio.rounding import kronor
from kompass.analytics.socio.texts import SOCIETY_NAME, Text
from kompass.lib.numbers import decimals_of, format_percent
from kompass.reports.document import (
    Cell,
)

EXAMPLE_NOTICE = gettext_noop(
    "Exempeldata – påhittade uppgifter för demonstration, inte ett verkligt projekt."
)

# The names of the actors and statuses in Kompass's standard values
# (collaboration/data/socio-defaults.yaml) and its notice: an account copies them, so the
# reader sees them in their own language while they are as shipped; a name someone typed
# in stays as written.
STANDARD_NAMES = frozenset(
    (
        gettext_noop("Kommunen"),
        gettext_noop("Regionen"),
        gettext_noop("Försäkringskassan"),
        gettext_noop("Arbetsförmedlingen"),
        gettext_noop("Rättsväsendet"),
        gettext_noop("Övrig stat"),
        gettext_noop("Individen"),
        gettext_noop("Ekonomiskt bistånd"),
        gettext_noop("Sjukersättning"),
        gettext_noop("Arbetslös med aktivitetsstöd"),
        gettext_noop("Subventionerad anställning"),
        gettext_noop("Arbete"),
        gettext_noop("Studier"),
        gettext_noop(
            "Standardvärden för att komma igång – antaganden i Kompass, delvis avstämda mot "
            "publicerade uppgifter. Ersätt dem med egna, lokala värden innan kalkylen används "
            "som beslutsunderlag."
        ),
    )
)

# The texts of kompass.analytics.socio (its `TEXTS`, kept there as Swedish data because
# that module has no Django), marked here for makemessages; `socio_text` translates them.
# tests/collaboration/test_report.py checks that the two lists stay the same.
SOCIO_TEXTS = (
    gettext_noop("Resursförbrukning (real)"),
    gettext_noop("Produktion (real)"),
    gettext_noop("Transferering"),
    gettext_noop("Samhället totalt"),
    gettext_noop("Grundkalkyl"),
    gettext_noop("Framgångsandel"),
    gettext_noop("Produktionsvärde"),
    gettext_noop("Kostnader och transfereringar per status"),
    gettext_noop("Effektens varaktighet (år)"),
    gettext_noop("Avtagande per år"),
    gettext_noop("Effekten börjar efter (månader)"),
    gettext_noop("Dödvikt"),
    gettext_noop("Tillskrivning"),
    gettext_noop(
        "Enhetskostnader med prisår %(years)s är omräknade till %(price_year)s års priser med "
        "det angivna prisindexet."
    ),
    gettext_noop(
        "Enhetskostnaderna har prisår %(years)s och är inte omräknade till ett gemensamt prisår "
        "(ange ”price_index” för att räkna om dem)."
    ),
    gettext_noop("Enhetskostnader som saknar källa: %(n)s."),
    gettext_noop(
        "Kalkylen har både en jämförelsegrupp och dödvikt; jämförelsegruppen fångar normalt "
        "redan det som skulle ha hänt ändå."
    ),
    gettext_noop(
        "Standardenhetskostnader som inte används eftersom kalkylen saknar deras status eller "
        "aktör (inom parentes): %(rows)s."
    ),
)


def socio_text(text: str) -> str:
    """A text from kompass.analytics.socio (a label, a sensitivity value, a note) in the
    reader's language: a `Text` is translated as its template and filled in again; any
    other text is looked up as it is (a value such as "25 %" stays as it is)."""
    if isinstance(text, Text):
        template = _(text.template)
        return template % text.values if text.values else template
    return _(text) if text else text


def standard_name(name: str) -> str:
    """A name (of an actor, a status) or the standard values' notice: in the reader's
    language when it is one of Kompass's standard values, else as written."""
    return _(name) if name in STANDARD_NAMES else name


def actor_name(actor) -> str:
    """An actor's name as written in the account (the standard ones and society's in the
    reader's language)."""
    return _(SOCIETY_NAME) if actor.code == SOCIETY else standard_name(actor.name)


def money(value) -> Cell:
    return Cell.number(kronor(value))


def pct(share, decimals: int = 1) -> Cell:
    if share is None:
        return Cell.text("–")
    value = float(share)
    return Cell(value=value, display=format_percent(value, decimals))


def rate_label(rate: Decimal) -> str:
    """The rate exactly as given (3,25 %, not 3,3 %): it names columns and sheets, so two
    rates must never get the same label."""
    return format_percent(rate, decimals_of(Decimal(str(rate)) * 100))


def sheet_name(text: str) -> str:
    """Sheet names with plain spaces (a no-break space is invisible but breaks lookups)."""
    return text.replace("\u00a0", " ")


def months_text(months: int | None, state: str, years: int) -> str:
    if state == "no_cost":
        return _("ingen nettokostnad")
    if months is None:
        return _("inte inom %(years)s år") % {"years": years}
    return _("%(n)s mån") % {"n": months}
