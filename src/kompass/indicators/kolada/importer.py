"""Importing Kolada figures: into the shared key-ratio table "Kolada" (one metric per KPI,
one value per municipality and year), or into one organisation's indicator.

Everything is fetched and checked first; then one transaction stores it. Municipalities
that are not in the register (Kolada's "Riket" 0000 and the regions) are left out and
counted; values Kolada marks as missing or deleted (`isdeleted`) are left out and counted,
and a value stored earlier that Kolada has deleted since is removed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from kompass.core.errors import InputError, InputProblem
from kompass.indicators.domain.indicators import set_values
from kompass.indicators.domain.keyratios.definitions import KOLADA_SLUG
from kompass.indicators.domain.keyratios.importing import ImportResult, Record, store_records
from kompass.indicators.kolada.client import KoladaClient, KoladaError, Kpi
from kompass.indicators.models import Indicator, Metric, PeriodType, RatioTable, Value
from kompass.organisations.models import Organisation

TABLE_SLUG = KOLADA_SLUG
TABLE_NAME = "Nyckeltal från Kolada"
SOURCE = "Kolada (RKA), CC BY 4.0"


GENDER_NAMES = {"T": "", "K": "kvinnor", "M": "män"}


@dataclass
class KoladaImport:
    kpi: str
    title: str
    result: ImportResult | None = None
    indicator_summary: str = ""
    skipped_unknown: list[str] = field(default_factory=list)
    skipped_missing: int = 0
    skipped_deleted: int = 0
    removed: int = 0  # stored values that Kolada has since deleted
    missing_statuses: dict[str, int] = field(default_factory=dict)  # Kolada's status -> count

    @property
    def summary(self) -> str:
        parts = [f"{self.kpi} {self.title}:"]
        parts.append(self.result.summary if self.result else self.indicator_summary)
        if self.removed:
            parts.append(
                f"{self.removed} tidigare importerade värden är raderade i Kolada och togs bort."
            )
        if self.skipped_deleted:
            parts.append(
                f"{self.skipped_deleted} värden är markerade som raderade i Kolada och importerades inte."
            )
        if self.skipped_missing:
            statuses = ", ".join(
                f"{status} {n}" for status, n in sorted(self.missing_statuses.items()) if status
            )
            parts.append(
                f"{self.skipped_missing} värden saknas i Kolada och hoppades över"
                + (f" (Koladas status: {statuses})." if statuses else ".")
            )
        if self.skipped_unknown:
            listed = ", ".join(sorted(set(self.skipped_unknown))[:8])
            parts.append(f"Inte i kommunregistret (hoppades över): {listed}.")
        return " ".join(parts)


def metric_key(kpi_id: str, gender: str) -> str:
    """One metric per KPI and gender: "n01951", "n01951_k" (women), "n01951_m" (men)."""
    return kpi_id.lower() + ("" if gender == "T" else f"_{gender.lower()}")


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


@dataclass
class Fetched:
    kpi: Kpi
    values: dict[tuple[str, str, int], float]  # (gender, code, year) -> value
    deleted: set[tuple[str, str, int]]
    unknown: list[str]
    missing: int
    statuses: Counter = field(default_factory=Counter)  # status of the missing values


def fetch(
    client: KoladaClient,
    kpi_id: str,
    *,
    municipalities: list[str] | None,
    years: list[int] | None,
    genders: tuple[str, ...] = ("T",),
    progress=None,
) -> Fetched:
    """One KPI's live values for the asked genders, the deleted ones apart. `progress(done,
    total)` is called after each request for data (a job shows it)."""
    kpi = client.kpi(kpi_id)
    points = client.data(kpi.id, municipalities=municipalities, years=years, progress=progress)
    known = set(Organisation.objects.filter(code__isnull=False).values_list("code", flat=True))
    wanted = set(municipalities or [])
    out = Fetched(kpi, {}, set(), [], 0)
    for point in points:
        if point.gender not in genders or (years and point.period not in years):
            continue
        if wanted and point.municipality not in wanted:
            continue
        if point.municipality not in known:
            out.unknown.append(point.municipality)
            continue
        key = (point.gender, point.municipality, point.period)
        if point.deleted:
            out.deleted.add(key)
            continue
        if point.value is None:
            out.missing += 1
            out.statuses[point.status or ""] += 1
            continue
        out.values[key] = point.value
    for key in out.deleted & set(out.values):  # a live value beside a deleted one wins
        out.deleted.discard(key)
    return out


def import_kpi(
    *,
    client: KoladaClient,
    kpi_id: str,
    municipalities: list[str] | None = None,
    years: list[int] | None = None,
    gender: str = "T",
    genders: tuple[str, ...] | None = None,
    table: RatioTable | None = None,
    progress=None,
) -> KoladaImport:
    """Fetch one KPI and store it in a key-ratio table (all or nothing): the shared Kolada
    table unless `table` is given, one metric per gender asked for (`genders=("T", "K",
    "M")` imports all three in one run). In a table of one's own, a reported metric that
    names the KPI (`kolada_kpi`) receives the total, so a table defined in the form before
    the import is filled, not given a second column. Values that Kolada marks as deleted
    are never stored, and a stored one that Kolada has deleted since is removed. The
    caller checks that the user may change `table`."""
    prepared = prepare_kpi(
        client=client,
        kpi_id=kpi_id,
        municipalities=municipalities,
        years=years,
        genders=tuple(genders or (gender,)),
        progress=progress,
    )
    return store_kpi(prepared, table=table)


@dataclass
class Prepared:
    """One KPI fetched and checked, not yet stored (a job fetches every KPI first, with
    progress, then stores them all in one transaction)."""

    got: Fetched
    genders: tuple[str, ...]
    outcome: KoladaImport


def prepare_kpi(
    *,
    client: KoladaClient,
    kpi_id: str,
    municipalities: list[str] | None = None,
    years: list[int] | None = None,
    genders: tuple[str, ...] = ("T",),
    progress=None,
) -> Prepared:
    _check_codes(municipalities)
    bad = [g for g in genders if g not in GENDER_NAMES]
    if bad:
        raise InputError(f"okänt kön {', '.join(bad)}: välj T (totalt), K (kvinnor) eller M (män)")
    got = fetch(
        client,
        kpi_id,
        municipalities=municipalities,
        years=years,
        genders=genders,
        progress=progress,
    )
    kpi = got.kpi
    outcome = KoladaImport(
        kpi.id,
        kpi.title,
        skipped_unknown=got.unknown,
        skipped_missing=got.missing,
        skipped_deleted=len(got.deleted),
        missing_statuses=dict(got.statuses),
    )
    if not got.values and not got.deleted:
        where = f" för {', '.join(municipalities)}" if municipalities else ""
        when = f" år {', '.join(str(y) for y in years)}" if years else ""
        raise KoladaError(f"Kolada har inga värden för {kpi.id}{where}{when}; inget importerades.")
    return Prepared(got, genders, outcome)


def store_kpi(prepared: Prepared, *, table: RatioTable | None = None) -> KoladaImport:
    """Store a prepared KPI in one transaction (a savepoint inside a caller's)."""
    got, genders, outcome = prepared.got, prepared.genders, prepared.outcome
    kpi = got.kpi
    codes = {c for _, c, _ in got.values} | {c for _, c, _ in got.deleted}
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    with transaction.atomic():
        table = table or kolada_table()
        metrics = {g: _metric(table, kpi, g) for g in genders}
        records = [
            Record(0, kpi.id, organisations[code], metrics[g], year, value, source=SOURCE)
            for (g, code, year), value in sorted(got.values.items())
        ]
        outcome.result = store_records(table, records, {}, "kolada")
        gone: dict[tuple[str, int], list[int]] = {}
        for g, code, year in got.deleted:
            gone.setdefault((g, year), []).append(organisations[code].pk)
        for (g, year), ids in sorted(gone.items()):  # one query per gender and year
            outcome.removed += Value.objects.filter(
                metric=metrics[g], year=year, organisation_id__in=ids
            ).delete()[0]
    return outcome


def _metric(table: RatioTable, kpi: Kpi, gender: str) -> Metric:
    suffix = f" ({GENDER_NAMES[gender]})" if GENDER_NAMES[gender] else ""
    name = (kpi.title + suffix)[:200]
    if table.slug != TABLE_SLUG:
        return _own_metric(table, kpi, gender, name)
    metric, created = Metric.objects.get_or_create(
        table=table,
        key=metric_key(kpi.id, gender),
        defaults={
            "name": name,
            "unit": kpi.unit,
            "description": kpi.description,
            "kolada_kpi": kpi.id,
            "source": SOURCE,
            "group": kpi.operating_area,
            "decimals": 0,
            "auto_decimals": True,
            "order": table.metrics.count() + 1,
        },
    )
    if not created and (metric.name, metric.description) != (name, kpi.description):
        metric.name, metric.description = name, kpi.description
        metric.save(update_fields=["name", "description"])
    return metric


def _own_metric(table: RatioTable, kpi: Kpi, gender: str, name: str) -> Metric:
    """The metric of a table of one's own that receives a KPI: the reported metric whose
    Kolada id is the KPI (the total), else the one with the KPI's key, else a new one.
    Its name and description stay as the table's owner wrote them."""
    key = metric_key(kpi.id, gender)
    metric = None
    if gender == "T":
        metric = (
            table.metrics.filter(kolada_kpi__iexact=kpi.id, kind=Metric.Kind.REPORTED)
            .order_by("order")
            .first()
        )
    metric = metric or table.metrics.filter(key=key).first()
    if metric is not None and metric.is_derived:
        raise InputError(
            [
                InputProblem(
                    f"nyckeltalet ”{metric.name}” i tabellen beräknas ur andra och kan inte "
                    f"ta emot {kpi.id} från Kolada"
                )
            ]
        )
    if metric is None:
        metric = Metric.objects.create(
            table=table,
            key=key,
            name=name,
            unit=kpi.unit,
            description=kpi.description,
            kolada_kpi=kpi.id,
            source=SOURCE,
            auto_decimals=True,
            order=table.metrics.count() + 1,
        )
    elif not metric.kolada_kpi:
        metric.kolada_kpi = kpi.id
        metric.save(update_fields=["kolada_kpi"])
    return metric


def import_into_indicator(
    *,
    client: KoladaClient,
    kpi_id: str,
    indicator: Indicator,
    years: list[int] | None = None,
    user=None,
    progress=None,
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
    got = fetch(client, kpi_id, municipalities=[organisation.code], years=years, progress=progress)
    kpi, values = got.kpi, {(c, y): v for (_, c, y), v in got.values.items()}
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
        skipped_unknown=got.unknown,
        skipped_missing=got.missing,
        skipped_deleted=len(got.deleted),
        missing_statuses=dict(got.statuses),
    )


def _check_codes(codes: list[str] | None) -> None:
    if not codes:
        return
    bad = [c for c in codes if not (c.isdigit() and len(c) == 4)]
    if bad:
        raise InputError(f"kommunkoder har fyra siffror, t.ex. 2029; fel: {', '.join(bad)}")
