"""The municipality register: Sweden's 290 municipalities, shipped as CSV files in
`organisations/data/` (sources in `data/SOURCE.md`): `kommuner.csv` (code, name, county),
`kommungrupper.csv` (SKR's group per grouping year: 2017 and 2023, each row with its
source) and `folkmangd.csv` (population per year)."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from kompass.organisations.domain.names import OrganisationMatcher
from kompass.organisations.domain.names import find_organisation as find_organisation
from kompass.organisations.models import Organisation, PopulationCount, SkrGroup

DATA = Path(__file__).resolve().parent.parent / "data"
REGISTER = DATA / "kommuner.csv"
GROUPS = DATA / "kommungrupper.csv"
POPULATION = DATA / "folkmangd.csv"
COLUMNS = ["code", "name", "county_code", "county"]
GROUP_COLUMNS = ["code", "grouping", "group_code", "group_name", "source"]
POPULATION_COLUMNS = ["code", "year", "population", "source"]


def _read(path: Path, columns: list[str]) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise ValueError(f"{path.name}: kolumnerna ska vara {', '.join(columns)}")
        return list(reader)


def read_register(path: Path = REGISTER) -> list[dict]:
    return _read(path, COLUMNS)


def read_groups(path: Path = GROUPS) -> list[dict]:
    return _read(path, GROUP_COLUMNS)


def read_population(path: Path = POPULATION) -> list[dict]:
    return _read(path, POPULATION_COLUMNS)


def newest_grouping() -> int | None:
    """The newest SKR grouping in the register (2023 with the shipped files)."""
    return SkrGroup.objects.order_by("-grouping").values_list("grouping", flat=True).first()


def groupings() -> list[int]:
    return sorted(set(SkrGroup.objects.values_list("grouping", flat=True)))


@transaction.atomic
def load_register(
    path: Path = REGISTER, groups: Path = GROUPS, population: Path = POPULATION
) -> tuple[int, int]:
    """Create or update the municipalities, their SKR groups per grouping and their
    population per year. Safe to run again; figures fetched later with `kompass register
    refresh` for years the file does not have are kept. Returns (created, updated)."""
    rows = read_register(path)
    group_rows = read_groups(groups)
    population_rows = read_population(population)
    existing = {o.code: o for o in Organisation.objects.filter(code__in=[r["code"] for r in rows])}
    created = updated = 0
    for row in rows:
        values = {
            "name": row["name"],
            "kind": Organisation.Kind.MUNICIPALITY,
            "county_code": row["county_code"],
            "county": row["county"],
        }
        org = existing.get(row["code"])
        if org is None:
            existing[row["code"]] = Organisation.objects.create(code=row["code"], **values)
            created += 1
        elif any(getattr(org, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(org, key, value)
            org.save()
            updated += 1
    _store_groups(existing, group_rows)
    _store_population(existing, population_rows)
    updated += sync_current(existing.values())
    return created, updated


def _store_groups(orgs: dict[str, Organisation], rows: list[dict]) -> None:
    have = {
        (g.organisation_id, g.grouping): g
        for g in SkrGroup.objects.filter(organisation__in=orgs.values())
    }
    new, changed = [], []
    for row in rows:
        org = orgs[row["code"]]
        values = (row["group_code"], row["group_name"], row["source"])
        current = have.get((org.pk, int(row["grouping"])))
        if current is None:
            new.append(
                SkrGroup(
                    organisation=org,
                    grouping=int(row["grouping"]),
                    code=values[0],
                    name=values[1],
                    source=values[2],
                )
            )
        elif (current.code, current.name, current.source) != values:
            current.code, current.name, current.source = values
            changed.append(current)
    SkrGroup.objects.bulk_create(new)
    SkrGroup.objects.bulk_update(changed, ["code", "name", "source"])


def _store_population(orgs: dict[str, Organisation], rows: list[dict]) -> None:
    store_population(
        [(orgs[r["code"]], int(r["year"]), int(r["population"]), r["source"]) for r in rows]
    )


def store_population(figures: list[tuple[Organisation, int, int, str]]) -> tuple[int, int]:
    """Create or update population counts (organisation, year, population, source).
    Returns (created, updated); unchanged figures are left alone."""
    orgs = {org.pk for org, *_ in figures}
    have = {
        (p.organisation_id, p.year): p
        for p in PopulationCount.objects.filter(organisation_id__in=orgs)
    }
    new, changed = [], []
    for org, year, population, source in figures:
        current = have.get((org.pk, year))
        if current is None:
            new.append(
                PopulationCount(organisation=org, year=year, population=population, source=source)
            )
        elif (current.population, current.source) != (population, source):
            current.population, current.source = population, source
            changed.append(current)
    PopulationCount.objects.bulk_create(new)
    PopulationCount.objects.bulk_update(changed, ["population", "source"])
    return len(new), len(changed)


def sync_current(orgs) -> int:
    """Copy the newest population and the newest grouping onto each organisation (the
    fields lists and population bands use). Returns how many organisations changed."""
    orgs = list(orgs)
    newest = newest_grouping()
    groups = {
        g.organisation_id: g
        for g in SkrGroup.objects.filter(organisation__in=orgs, grouping=newest)
    }
    latest: dict[int, PopulationCount] = {}
    for count in PopulationCount.objects.filter(organisation__in=orgs).order_by("year"):
        latest[count.organisation_id] = count
    changed = []
    for org in orgs:
        group, count = groups.get(org.pk), latest.get(org.pk)
        values = {
            "skr_group_code": group.code if group else "",
            "skr_group": group.name if group else "",
            "population": count.population if count else None,
            "population_year": count.year if count else None,
        }
        if any(getattr(org, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(org, key, value)
            changed.append(org)
    Organisation.objects.bulk_update(
        changed, ["skr_group_code", "skr_group", "population", "population_year"]
    )
    return len(changed)


@dataclass(frozen=True)
class RegisterEntry:
    """One municipality as `kompass register show` prints it."""

    organisation: Organisation
    skr_groups: dict[int, SkrGroup]
    population: dict[int, PopulationCount]

    def to_dict(self) -> dict:
        org = self.organisation
        return {
            "code": org.code,
            "name": org.name,
            "county_code": org.county_code,
            "county": org.county,
            "skr_groups": {
                str(year): {"code": g.code, "name": g.name, "source": g.source}
                for year, g in sorted(self.skr_groups.items())
            },
            "population": {str(y): p.population for y, p in sorted(self.population.items())},
            "population_sources": {str(y): p.source for y, p in sorted(self.population.items())},
        }


def register_entry(organisation: Organisation) -> RegisterEntry:
    return RegisterEntry(
        organisation,
        {g.grouping: g for g in organisation.skr_groups.all()},
        {p.year: p for p in organisation.population_counts.all()},
    )


# The lookups by code or name live in `names.py` (the one organisation-name matcher);
# importers and commands written before it ask for them here.
OrganisationResolver = OrganisationMatcher
