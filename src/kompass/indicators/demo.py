"""Demo data for key ratios and indicators (`kompass demo`). Safe to run again.

* The benchmark table of seed 001 (Lund and four other municipalities, 2020), from
  `data/lund-aldreomsorg-2020.yaml` and `.csv`: real figures from the report, so not
  labelled as example data.
* Exempeldata: indicators for Leksand (2029) in the five perspectives, generated from a
  fixed seed. "Nöjda brukare i hemtjänsten" has a visible shift in its last ten months,
  so the dashboard shows a signal; two yearly series are too short for the rules.
* Exempeldata: a small key-ratio table for the municipalities in Leksand's SKR group
  (C9) and Dalarna, so Leksand's dashboard has peers to compare with, and two saved
  peer groups.
"""

from __future__ import annotations

import random
from pathlib import Path

from kompass.indicators.domain.indicators import add_phase, create_indicator, set_values
from kompass.indicators.domain.keyratios.definitions import define_table
from kompass.indicators.domain.keyratios.importing import import_values
from kompass.indicators.models import Indicator
from kompass.organisations.domain.peers import create_peer_group
from kompass.organisations.models import Organisation, PeerGroup

DATA = Path(__file__).resolve().parent / "data"
BENCHMARK_DEFINITION = DATA / "lund-aldreomsorg-2020.yaml"
BENCHMARK_VALUES = DATA / "lund-aldreomsorg-2020.csv"
LEKSAND = "2029"
SEED = 2029


def load_benchmark():
    table, _ = define_table(
        text=BENCHMARK_DEFINITION.read_text(encoding="utf-8"), filename=BENCHMARK_DEFINITION.name
    )
    import_values(
        table=table,
        data=BENCHMARK_VALUES.read_bytes(),
        filename=BENCHMARK_VALUES.name,
        source="Översyn av stödfunktionerna, Lunds kommun (2020)",
    )
    return table


def _months(start_year: int, count: int) -> list[str]:
    return [f"{start_year + (i // 12)}-{i % 12 + 1:02d}" for i in range(count)]


def _series(rng: random.Random, periods, level, sd, *, shift_from=None, shift=0.0, decimals=1):
    rows = []
    for index, period in enumerate(periods):
        mean = level + (shift if shift_from is not None and index >= shift_from else 0.0)
        rows.append({"period": period, "value": round(rng.gauss(mean, sd), decimals)})
    return rows


def _counts(rng: random.Random, periods, share, size, *, shift_from=None, shift=0.0):
    rows = []
    for index, period in enumerate(periods):
        n = rng.randint(int(size * 0.8), int(size * 1.2))
        p = share + (shift if shift_from is not None and index >= shift_from else 0.0)
        count = sum(1 for _ in range(n) if rng.random() < p)
        rows.append({"period": period, "value": count, "denominator": n})
    return rows


def leksand_indicators(organisation: Organisation) -> list[Indicator]:
    rng = random.Random(SEED)
    falls = random.Random(SEED + 7)
    months = _months(2022, 24)
    specs = [
        (
            {
                "name": "Nöjda brukare i hemtjänsten",
                "perspective": "citizen",
                "measures": "effect",
                "description": "Andel brukare som svarar att de är ganska eller mycket nöjda i den månatliga uppföljningen.",
                "unit": "%",
                "direction": "higher",
                "period_type": "month",
                "chart_type": "run",
                "baseline_period": "2022-01",
                "target": 90,
                "target_note": "Mål i verksamhetsplanen 2023.",
                "source": "Egen månadsuppföljning (Exempeldata)",
            },
            _series(rng, months, 80.0, 2.2, shift_from=14, shift=7.0),
        ),
        (
            {
                "name": "Fallolyckor per 1 000 vårddygn",
                "perspective": "citizen",
                "description": "Rapporterade fall i särskilt boende per 1 000 vårddygn.",
                "unit": "fall per 1 000 vårddygn",
                "direction": "lower",
                "period_type": "month",
                "chart_type": "u",
                "target": 3,
                "source": "Avvikelsesystemet (Exempeldata)",
            },
            [
                {"period": p, "value": c, "denominator": round(d / 1000, 1)}
                for p, c, d in (
                    (p, falls.randint(6, 14), falls.randint(2900, 3200)) for p in months
                )
            ],
        ),
        (
            {
                "name": "Handläggningstid för bistånd",
                "perspective": "efficiency",
                "description": "Median antal dagar från ansökan till beslut om äldreomsorg.",
                "unit": "dagar",
                "direction": "lower",
                "period_type": "month",
                "chart_type": "i",
                "target": 14,
                "source": "Verksamhetssystemet (Exempeldata)",
            },
            _series(rng, months, 18.0, 2.0, decimals=0),
        ),
        (
            {
                "name": "Sjukfrånvaro i hemtjänsten",
                "perspective": "staff",
                "description": "Sjukfrånvarotimmar som andel av schemalagd tid (i hundratal timmar).",
                "unit": "%",
                "direction": "lower",
                "period_type": "month",
                "chart_type": "p",
                "baseline_period": "2022-01",
                "target": 7,
                "source": "Lönesystemet (Exempeldata)",
            },
            _counts(rng, months, 0.085, 900, shift_from=12, shift=-0.02),
        ),
        (
            {
                "name": "Chefer som gått förbättringsutbildning",
                "perspective": "learning",
                "measures": "activity",
                "description": "Andel av cheferna i vård och omsorg som gått utbildningen i förbättringskunskap.",
                "unit": "%",
                "direction": "higher",
                "period_type": "year",
                "chart_type": "run",
                "baseline_period": "2019",
                "target": 100,
                "source": "HR (Exempeldata)",
            },
            [
                {"period": str(y), "value": v}
                for y, v in zip(range(2019, 2024), (20, 35, 55, 70, 85), strict=True)
            ],
        ),
        (
            {
                "name": "Kostnad per hemtjänsttimme",
                "perspective": "economy",
                "description": "Bruttokostnad per utförd hemtjänsttimme.",
                "unit": "kr",
                "direction": "lower",
                "period_type": "year",
                "chart_type": "run",
                "decimals": 0,
                "target": 520,
                "source": "Ekonomisystemet (Exempeldata)",
            },
            [
                {"period": str(y), "value": v}
                for y, v in zip(range(2018, 2024), (548, 561, 556, 570, 566, 574), strict=True)
            ],
        ),
    ]
    out = []
    for fields, rows in specs:
        fields.setdefault("decimals", 1)
        indicator = Indicator.objects.filter(organisation=organisation, name=fields["name"]).first()
        if indicator is None:
            indicator = create_indicator(organisation=organisation, is_example=True, **fields)
        set_values(indicator=indicator, rows=rows, replace=True)
        out.append(indicator)
    sick = out[3]
    if not sick.phases.exists():
        add_phase(
            indicator=sick,
            start_period="2023-01",
            name="Nytt schemaläggningssätt",
            description="Önskeschema och fasta team infördes i januari 2023.",
        )
    return out


def peer_table(organisation: Organisation):
    """Exempeldata: staffing figures for the C9 group and Dalarna, 2022 and 2023."""
    rng = random.Random(SEED + 1)
    peers = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).filter(
        skr_group_code=organisation.skr_group_code
    ) | Organisation.objects.filter(county_code=organisation.county_code)
    definition = """
table: exempel-hemtjanst-c9
name: "Exempeldata: hemtjänsten i landsbygdskommuner och Dalarna"
source: Exempeldata (syntetiska siffror)
example: true
comparability: Exempeldata för att visa jämförelser; siffrorna beskriver inga verkliga kommuner.
metrics:
  - {key: medarbetare, name: Medarbetare i hemtjänsten, unit: årsarbetare, decimals: 0}
  - {key: chefer, name: Chefer i hemtjänsten, unit: antal, decimals: 0}
  - {key: timmar, name: Utförda hemtjänsttimmar per brukare och månad, unit: timmar, decimals: 1, direction: neutral}
derived:
  - key: medarbetare_per_chef
    name: Medarbetare per chef i hemtjänsten
    numerator: medarbetare
    denominator: chefer
    unit: medarbetare per chef
    decimals: 1
    direction: lower
    target: 30
"""
    table, _ = define_table(text=definition, filename="exempel-hemtjanst-c9.yaml")
    lines = ["organisation;metric;year;value"]
    for org in sorted(set(peers), key=lambda o: o.code):
        size = max(20, (org.population or 10000) / 160)
        for year in (2022, 2023):
            staff = round(size * rng.uniform(0.85, 1.15))
            managers = max(1, round(staff / rng.uniform(22, 38)))
            hours = round(rng.uniform(22, 36), 1)
            lines += [
                f"{org.code};medarbetare;{year};{staff}",
                f"{org.code};chefer;{year};{managers}",
                f"{org.code};timmar;{year};{str(hours).replace('.', ',')}",
            ]
    import_values(table=table, data="\n".join(lines).encode("utf-8"), filename="exempel.csv")
    return table


def peer_groups(organisation: Organisation) -> None:
    if not PeerGroup.objects.filter(
        owner=None, name="Landsbygdskommuner med besöksnäring"
    ).exists():
        create_peer_group(
            name="Landsbygdskommuner med besöksnäring",
            kind=PeerGroup.Kind.SKR_GROUP,
            criterion="C9",
            description="SKR:s kommungrupp C9.",
        )
    if not PeerGroup.objects.filter(owner=organisation, name="Grannar runt Siljan").exists():
        create_peer_group(
            name="Grannar runt Siljan",
            kind=PeerGroup.Kind.HAND_PICKED,
            members=["Rättvik", "Mora", "Orsa", "Gagnef"],
            owner=organisation,
            description="Exempeldata: en handplockad grupp.",
        )


def load(stdout) -> None:
    table = load_benchmark()
    leksand = Organisation.objects.get(code=LEKSAND)
    indicators = leksand_indicators(leksand)
    peers = peer_table(leksand)
    peer_groups(leksand)
    stdout.write(
        f"Nyckeltal: {table.name}; {peers.name}; {len(indicators)} indikatorer för Leksand (exempeldata)."
    )
