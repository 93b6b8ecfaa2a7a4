"""Population per year for the municipality register, read from Kolada's KPI N01951
(*Invånare totalt, antal*: SCB's population on 31 December) through the v3 client.

The shipped register (organisations/data/folkmangd.csv) works offline; this fills in the
years published after it. All is fetched and checked first, then stored in one
transaction; deleted and missing values are left out and counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from kompass.indicators.kolada.client import KoladaClient, KoladaError
from kompass.organisations.domain.register import store_population, sync_current
from kompass.organisations.models import Organisation

POPULATION_KPI = "N01951"


@dataclass
class PopulationRefresh:
    created: int = 0
    updated: int = 0
    years: list[int] = field(default_factory=list)
    skipped_deleted: int = 0
    skipped_missing: int = 0

    @property
    def summary(self) -> str:
        years = ", ".join(str(y) for y in self.years) or "inga"
        text = (
            f"Folkmängd från Kolada ({POPULATION_KPI}): {self.created} nya och {self.updated} "
            f"ändrade värden, år med värden: {years}."
        )
        if self.skipped_deleted:
            text += f" {self.skipped_deleted} raderade värden hoppades över."
        if self.skipped_missing:
            text += f" {self.skipped_missing} saknade värden hoppades över."
        return text


def default_years(today: date | None = None) -> list[int]:
    return list(range(2019, (today or date.today()).year))


def refresh_population(*, client: KoladaClient, years: list[int]) -> PopulationRefresh:
    points = client.data(POPULATION_KPI, years=years)
    municipalities = {
        o.code: o
        for o in Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY, code__isnull=False
        )
    }
    outcome = PopulationRefresh()
    source = f"Kolada {POPULATION_KPI} (hämtad {date.today().isoformat()})"
    figures = {}
    for p in points:
        if p.gender != "T" or p.municipality not in municipalities or p.period not in years:
            continue
        if p.deleted:
            outcome.skipped_deleted += 1
        elif p.value is None:
            outcome.skipped_missing += 1
        elif p.value < 0 or not float(p.value).is_integer():
            raise KoladaError(
                f"Kolada skickade folkmängden {p.value} för {p.municipality} {p.period}, som inte "
                "är ett antal invånare; inget sparades."
            )
        else:
            figures[(p.municipality, p.period)] = int(p.value)
    if not figures:
        raise KoladaError(
            f"Kolada har ingen folkmängd ({POPULATION_KPI}) för år "
            f"{', '.join(str(y) for y in years)}; inget sparades."
        )
    with transaction.atomic():
        outcome.created, outcome.updated = store_population(
            [(municipalities[c], y, v, source) for (c, y), v in sorted(figures.items())]
        )
        sync_current(municipalities.values())
    outcome.years = sorted({y for _, y in figures})
    return outcome
