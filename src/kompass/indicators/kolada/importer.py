"""Importing Kolada figures: into the shared key-ratio table "Kolada" (one metric per KPI,
one value per municipality and year), or into one organisation's indicator.

Everything is fetched and checked first; then one transaction stores it. Municipalities
that are not in the register (Kolada's "Riket" 0000 and the regions) are left out and
counted; values Kolada marks as missing are left out too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kompass.core.errors import InputError, InputProblem
from kompass.indicators.domain.indicators import set_values
from kompass.indicators.domain.keyratios import KOLADA_SLUG, ImportResult, Record, store_records
from kompass.indicators.kolada.client import KoladaClient, KoladaError
from kompass.indicators.models import Indicator, Metric, PeriodType, RatioTable
from kompass.organisations.models import Organisation

TABLE_SLUG = KOLADA_SLUG
TABLE_NAME = "Nyckeltal från Kolada"
SOURCE = "Kolada (RKA), CC BY 4.0"


@dataclass
class KoladaImport:
    kpi: str
    title: str
    result: ImportResult | None = None
    indicator_summary: str = ""
    skipped_unknown: list[str] = field(default_factory=list)
    skipped_missing: int = 0

    @property
    def summary(self) -> str:
        parts = [f"{self.kpi} {self.title}:"]
        parts.append(self.result.summary if self.result else self.indicator_summary)
        if self.skipped_missing:
            parts.append(f"{self.skipped_missing} värden saknas i Kolada och hoppades över.")
        if self.skipped_unknown:
            listed = ", ".join(sorted(set(self.skipped_unknown))[:8])
            parts.append(f"Inte i kommunregistret (hoppades över): {listed}.")
        return " ".join(parts)


def parse_years(values: list[str] | None) -> list[int] | None:
    """ "2019 2020", "2019,2020" or "2018-2022" as a list of years."""
    if not values:
        return None
    years: set[int] = set()
    for value in values:
        for part in str(value).replace(",", " ").split():
            low, sep, high = part.partition("-")
            try:
                if sep:
                    start, end = int(low), int(high)
                    if end < start or end - start > 100:
                        raise ValueError
                    years.update(range(start, end + 1))
                else:
                    years.add(int(part))
            except ValueError:
                raise InputError(
                    f"”{part}” är inget år eller årsintervall (skriv t.ex. 2019 eller 2018-2022)"
                ) from None
    if any(not 1900 <= y <= 2200 for y in years):
        raise InputError("åren ska ligga mellan 1900 och 2200")
    return sorted(years)


def kolada_table() -> RatioTable:
    table, _ = RatioTable.objects.get_or_create(
        slug=TABLE_SLUG,
        defaults={
            "name": TABLE_NAME,
            "source": SOURCE,
            "description": "Nyckeltal hämtade från Kolada, RKA:s databas för kommuner och regioner.",
            "comparability": "Se Koladas beskrivning av varje nyckeltal; definitionerna kan ändras mellan år.",
        },
    )
    return table


def fetch(
    client: KoladaClient,
    kpi_id: str,
    *,
    municipalities: list[str] | None,
    years: list[int] | None,
    gender: str = "T",
):
    """(kpi, {(code, year): value}, unknown codes, missing count) for one KPI."""
    kpi = client.kpi(kpi_id)
    points = client.data(kpi.id, municipalities=municipalities, years=years)
    known = set(Organisation.objects.filter(code__isnull=False).values_list("code", flat=True))
    values: dict[tuple[str, int], float] = {}
    unknown: list[str] = []
    missing = 0
    for point in points:
        if point.gender != gender:
            continue
        if years and point.period not in years:
            continue
        if point.municipality not in known:
            unknown.append(point.municipality)
            continue
        if point.value is None:
            missing += 1
            continue
        values[(point.municipality, point.period)] = point.value
    return kpi, values, unknown, missing


def import_kpi(
    *,
    client: KoladaClient,
    kpi_id: str,
    municipalities: list[str] | None = None,
    years: list[int] | None = None,
    gender: str = "T",
) -> KoladaImport:
    """Fetch one KPI and store it in the Kolada table (all or nothing)."""
    _check_codes(municipalities)
    kpi, values, unknown, missing = fetch(
        client, kpi_id, municipalities=municipalities, years=years, gender=gender
    )
    outcome = KoladaImport(kpi.id, kpi.title, skipped_unknown=unknown, skipped_missing=missing)
    if not values:
        where = f" för {', '.join(municipalities)}" if municipalities else ""
        when = f" år {', '.join(str(y) for y in years)}" if years else ""
        raise KoladaError(f"Kolada har inga värden för {kpi.id}{where}{when}; inget importerades.")
    organisations = {
        o.code: o for o in Organisation.objects.filter(code__in={c for c, _ in values})
    }
    with transaction.atomic():
        table = kolada_table()
        key = kpi.id.lower()
        metric, created = Metric.objects.get_or_create(
            table=table,
            key=key,
            defaults={
                "name": kpi.title,
                "unit": kpi.unit,
                "description": kpi.description,
                "kolada_kpi": kpi.id,
                "source": SOURCE,
                "group": kpi.operating_area,
                "decimals": 1,
                "order": table.metrics.count() + 1,
            },
        )
        if not created and (metric.name, metric.description) != (kpi.title, kpi.description):
            metric.name, metric.description = kpi.title, kpi.description
            metric.save(update_fields=["name", "description"])
        records = [
            Record(0, kpi.id, organisations[code], metric, year, value, source=SOURCE)
            for (code, year), value in sorted(values.items())
        ]
        outcome.result = store_records(table, records, {}, "kolada")
    return outcome


def import_into_indicator(
    *,
    client: KoladaClient,
    kpi_id: str,
    indicator: Indicator,
    years: list[int] | None = None,
    user=None,
) -> KoladaImport:
    """Fetch one KPI for the indicator's organisation into its yearly series."""
    organisation = indicator.organisation
    if indicator.period_type != PeriodType.YEAR:
        raise InputError(
            [
                InputProblem(
                    "Kolada har årsvärden; indikatorn måste ha periodtypen år", field="period_type"
                )
            ]
        )
    if indicator.chart_type in ("p", "u"):
        raise InputError(
            [
                InputProblem(
                    "Kolada lämnar inga nämnare; välj körschema eller I-diagram för indikatorn",
                    field="chart_type",
                )
            ]
        )
    if not organisation.code:
        raise InputError("organisationen saknar kommunkod och kan inte hämtas från Kolada")
    kpi, values, unknown, missing = fetch(
        client, kpi_id, municipalities=[organisation.code], years=years
    )
    if not values:
        raise KoladaError(
            f"Kolada har inga värden för {kpi.id} i {organisation.name}; inget importerades."
        )
    rows = [
        {"period": str(year), "value": value, "note": f"Kolada {kpi.id}"}
        for (_code, year), value in sorted(values.items(), key=lambda item: item[0][1])
    ]
    with transaction.atomic():
        result = set_values(indicator=indicator, rows=rows, user=user)
        if not indicator.kolada_kpi:
            indicator.kolada_kpi = kpi.id
            indicator.source = indicator.source or SOURCE
            indicator.save(update_fields=["kolada_kpi", "source"])
    return KoladaImport(
        kpi.id,
        kpi.title,
        indicator_summary=f"{result.summary.rstrip('.')} i indikatorn ”{indicator.name}”.",
        skipped_unknown=unknown,
        skipped_missing=missing,
    )


def _check_codes(codes: list[str] | None) -> None:
    if not codes:
        return
    bad = [c for c in codes if not (c.isdigit() and len(c) == 4)]
    if bad:
        raise InputError(f"kommunkoder har fyra siffror, t.ex. 2029; fel: {', '.join(bad)}")
