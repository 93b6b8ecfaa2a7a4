"""The municipality register: Sweden's 290 municipalities, shipped as a CSV file
(`organisations/data/kommuner.csv`, sources in `data/SOURCE.md`), and lookups by code or
name used by every import."""

import csv
from pathlib import Path

from django.db import transaction

from kompass.organisations.models import Organisation

REGISTER = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"
COLUMNS = [
    "code",
    "name",
    "county_code",
    "county",
    "population",
    "population_year",
    "skr_group_code",
    "skr_group",
]


def read_register(path: Path = REGISTER) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path}: kolumnerna ska vara {', '.join(COLUMNS)}")
        return list(reader)


@transaction.atomic
def load_register(path: Path = REGISTER) -> tuple[int, int]:
    """Create or update the municipalities. Safe to run again. Returns (created, updated)."""
    rows = read_register(path)
    existing = {o.code: o for o in Organisation.objects.filter(code__in=[r["code"] for r in rows])}
    created = updated = 0
    for row in rows:
        values = {
            "name": row["name"],
            "kind": Organisation.Kind.MUNICIPALITY,
            "county_code": row["county_code"],
            "county": row["county"],
            "population": int(row["population"]) if row["population"] else None,
            "population_year": int(row["population_year"]) if row["population_year"] else None,
            "skr_group_code": row["skr_group_code"],
            "skr_group": row["skr_group"],
        }
        org = existing.get(row["code"])
        if org is None:
            Organisation.objects.create(code=row["code"], **values)
            created += 1
        elif any(getattr(org, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(org, key, value)
            org.save()
            updated += 1
    return created, updated


class OrganisationResolver:
    """Resolves organisation references in files: by code ("2029", 2029, "0114") or by name
    ("Leksand", "Leksands kommun", "LEKSAND"), case-insensitively for å, ä and ö too.

    Loads the register once, so an import of a million rows asks the database once."""

    def __init__(self, queryset=None):
        orgs = list(queryset if queryset is not None else Organisation.objects.all())
        self.by_code = {o.code: o for o in orgs if o.code}
        self.by_name: dict[str, list[Organisation]] = {}
        for org in orgs:
            for key in {org.name.casefold(), org.display_name.casefold()}:
                self.by_name.setdefault(key, []).append(org)
        self._memo: dict[str, Organisation] = {}

    def __call__(self, value: str | int) -> Organisation:
        text = str(value).strip()
        if text in self._memo:
            return self._memo[text]
        org = self._resolve(text)
        self._memo[text] = org
        return org

    def _resolve(self, text: str) -> Organisation:
        if text.isdigit():
            org = self.by_code.get(text.zfill(4)) or self.by_code.get(text)
            if org:
                return org
        if text in self.by_code:
            return self.by_code[text]
        matches = self.by_name.get(text.casefold(), [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise LookupError(f"”{text}” matchar flera organisationer; ange koden")
        raise LookupError(f"okänd organisation ”{text}” (ange kommunkod eller namn)")


def find_organisation(value: str | int) -> Organisation:
    """One organisation by code or name; raises LookupError with a Swedish message."""
    return OrganisationResolver()(value)
