"""The Swedish texts for people that the calculation produces (labels, sensitivity
assumptions, notes), kept here as data so that the calculation stays free of Django. The
presentation translates them: kompass.collaboration.report marks every one of `TEXTS`
for makemessages and passes them through gettext, using `Text` to keep each note's
template and values."""

from __future__ import annotations

# Swedish, kept here as data so that this module stays free of Django. The presentation
# translates them (kompass.collaboration.report marks every one of `TEXTS` for
# makemessages and passes them through gettext).

KIND_LABELS = {
    "resource": "Resursförbrukning (real)",
    "production": "Produktion (real)",
    "transfer": "Transferering",
}
SOCIETY_NAME = "Samhället totalt"
BASE_CASE = "Grundkalkyl"
SUCCESS_SHARE = "Framgångsandel"
PRODUCTION_VALUE = "Produktionsvärde"
STATUS_COSTS = "Kostnader och transfereringar per status"
DURATION = "Effektens varaktighet (år)"
DROP_OFF = "Avtagande per år"
START = "Effekten börjar efter (månader)"
DEADWEIGHT = "Dödvikt"
ATTRIBUTION = "Tillskrivning"
NOTE_PRICE_INDEX = (
    "Enhetskostnader med prisår %(years)s är omräknade till %(price_year)s års priser med "
    "det angivna prisindexet."
)
NOTE_PRICE_YEARS = (
    "Enhetskostnaderna har prisår %(years)s och är inte omräknade till ett gemensamt prisår "
    "(ange ”price_index” för att räkna om dem)."
)
NOTE_NO_SOURCE = "Enhetskostnader som saknar källa: %(n)s."
NOTE_COMPARISON_AND_DEADWEIGHT = (
    "Kalkylen har både en jämförelsegrupp och dödvikt; jämförelsegruppen fångar normalt "
    "redan det som skulle ha hänt ändå."
)
NOTE_SKIPPED_DEFAULTS = (
    "Standardenhetskostnader som inte används eftersom kalkylen saknar deras status eller "
    "aktör (inom parentes): %(rows)s."
)
TEXTS = (
    *KIND_LABELS.values(),
    SOCIETY_NAME,
    BASE_CASE,
    SUCCESS_SHARE,
    PRODUCTION_VALUE,
    STATUS_COSTS,
    DURATION,
    DROP_OFF,
    START,
    DEADWEIGHT,
    ATTRIBUTION,
    NOTE_PRICE_INDEX,
    NOTE_PRICE_YEARS,
    NOTE_NO_SOURCE,
    NOTE_COMPARISON_AND_DEADWEIGHT,
    NOTE_SKIPPED_DEFAULTS,
)


class Text(str):
    """A Swedish text made from one of `TEXTS` and its values: reads as the finished
    Swedish text (in JSON, on the command line), and keeps `template` and `values` so
    the presentation can translate the template and fill it in again."""

    template: str
    values: dict

    def __new__(cls, template: str, **values):
        text = super().__new__(cls, template % values if values else template)
        text.template = template
        text.values = values
        return text
