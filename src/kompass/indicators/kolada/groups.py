"""Kolada's own groups as peers: "Liknande kommuner" (RKA's groups of municipalities that
resemble one municipality in one respect), SKR's municipality groups as Kolada publishes
them, and KPI groups such as KKiK or Öppna jämförelser.

Kolada names a similar-municipalities group in its title only, e.g. "Liknande kommuner,
övergripande, Höör, 2025" or "Liknande kommuner grundskola, Höör, 2024": the respect
(area), the municipality it was made for and the year. `similar_groups` finds them for one
municipality and reads those three parts, so a page (the Kolada import, the status
analysis) can offer them as peer groups by name and year. The members are Kolada's
`member_id`s; a group that Kolada returns without members is refused, never read as
"every municipality".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kompass.indicators.kolada.client import (
    DataPoint,
    KoladaClient,
    KoladaError,
    Kpi,
    KpiGroup,
    MunicipalityGroup,
)

SIMILAR_PREFIX = "liknande kommuner"
SKR_MARKERS = ("skr:s kommungrupp", "kommungruppsindelning")
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class KoladaPeerGroup:
    """A Kolada municipality group as a peer group. `kind` is "similar" (Liknande kommuner)
    or "skr" (SKR's municipality group); `municipality` is the name the title gives for a
    similar-municipalities group ("Höör"), `area` its respect ("övergripande",
    "grundskola"), `year` the year in the title."""

    id: str
    title: str
    kind: str
    members: tuple[tuple[str, str], ...]  # (municipality code, name)
    area: str = ""
    municipality: str = ""
    year: int | None = None

    @property
    def codes(self) -> list[str]:
        return [code for code, _name in self.members]

    @property
    def label(self) -> str:
        """How a page names the group: Kolada's own title, which says area and year."""
        return self.title


def parse_similar_title(title: str) -> tuple[str, str, int | None] | None:
    """(area, municipality, year) of a "Liknande kommuner ..." title, or None when the
    title is not one. "Liknande kommuner, övergripande, Höör, 2025" gives ("övergripande",
    "Höör", 2025); "Liknande kommuner grundskola, Höör, 2024" gives ("grundskola", "Höör",
    2024)."""
    text = " ".join(str(title or "").split())
    if not text.casefold().startswith(SIMILAR_PREFIX):
        return None
    rest = text[len(SIMILAR_PREFIX) :]
    parts = [p.strip() for p in rest.split(",")]
    head, tail = parts[0], [p for p in parts[1:] if p]
    year = None
    if tail and _YEAR.match(tail[-1]):
        year = int(tail.pop())
    municipality = tail.pop() if tail else ""
    area = ", ".join([p for p in [head, *tail] if p])
    return area, municipality, year


def _peer(group: MunicipalityGroup, kind: str) -> KoladaPeerGroup:
    if not group.members:
        raise KoladaError(
            f"Kolada skickade gruppen {group.id} ({group.title}) utan medlemmar; "
            "den kan inte användas som jämförelsegrupp."
        )
    area = municipality = ""
    year = None
    if kind == "similar":
        area, municipality, year = parse_similar_title(group.title) or ("", "", None)
    else:
        found = re.search(r"\b((?:19|20)\d\d)\b", group.title)
        year = int(found.group(1)) if found else None
    return KoladaPeerGroup(
        group.id, group.title, kind, group.members, area=area, municipality=municipality, year=year
    )


def is_similar(group: MunicipalityGroup) -> bool:
    return parse_similar_title(group.title) is not None


def is_skr(group: MunicipalityGroup) -> bool:
    title = group.title.casefold()
    return any(marker in title for marker in SKR_MARKERS)


def similar_groups(*, client: KoladaClient, municipality: str) -> list[KoladaPeerGroup]:
    """Kolada's "Liknande kommuner" groups made for `municipality` (its name as Kolada
    writes it, e.g. "Höör"), newest year first, then by area. Groups without members are
    left out (Kolada sometimes lists an empty group for a new year before it is filled)."""
    name = " ".join(str(municipality or "").split())
    if not name:
        raise KoladaError("Ange kommunens namn för att hitta Koladas liknande kommuner.")
    out = []
    for group in client.municipality_groups(name):
        parsed = parse_similar_title(group.title)
        if parsed is None or parsed[1].casefold() != name.casefold() or not group.members:
            continue
        out.append(_peer(group, "similar"))
    return sorted(out, key=lambda g: (-(g.year or 0), g.area, g.id))


def skr_groups(*, client: KoladaClient) -> list[KoladaPeerGroup]:
    """SKR's municipality groups as Kolada publishes them (titles that name SKR's
    grouping), the newest grouping first."""
    out = [
        _peer(g, "skr")
        for g in client.municipality_groups("kommungrupp")
        if is_skr(g) and g.members
    ]
    return sorted(out, key=lambda g: (-(g.year or 0), g.title))


def peer_groups(*, client: KoladaClient, municipality: str) -> list[KoladaPeerGroup]:
    """Everything Kolada offers as peers for one municipality: its similar-municipalities
    groups, then SKR's groups. The status analysis and the import page both ask this."""
    return [*similar_groups(client=client, municipality=municipality), *skr_groups(client=client)]


def peer_group(*, client: KoladaClient, group_id: str) -> KoladaPeerGroup:
    """One Kolada municipality group by id, as a peer group (refused when it has no
    members)."""
    group = client.municipality_group(group_id)
    return _peer(group, "similar" if is_similar(group) else "skr" if is_skr(group) else "other")


def kpi_groups(*, client: KoladaClient, title: str = "") -> list[KpiGroup]:
    """Kolada's KPI groups whose title contains `title` (e.g. "KKiK", "Öppna
    jämförelser"), by title."""
    return sorted(client.kpi_groups(title), key=lambda g: g.title.casefold())


@dataclass(frozen=True)
class GroupFigures:
    """A KPI group with its KPIs' metadata and live total values (gender T, not deleted,
    not missing) for the years asked, for the status analysis, which reads and stores
    nothing. Values of ids that are not municipalities in `known` (Riket, the regions)
    are left out and counted."""

    group: KpiGroup
    kpis: tuple[Kpi, ...]
    values: tuple[tuple[str, str, int, float], ...]  # (municipality, KPI id, year, value)
    left_out: int
    missing: int


def group_figures(
    *, client: KoladaClient, group_id: str, years: Iterable[int], known: set[str]
) -> GroupFigures:
    """The figures of KPI group `group_id` for every municipality; an id Kolada does not
    know is a KoladaError that says so (`client.kpi_group`), never an empty group."""
    group = client.kpi_group(group_id)
    ids = [kpi_id for kpi_id, _title in group.members]
    if not ids:
        raise KoladaError(f"Kolada-gruppen {group.id} ({group.title}) har inga nyckeltal.")
    by_id = {k.id.upper(): k for k in client.kpis(ids)}
    ordered = tuple(by_id[i.upper()] for i in ids if i.upper() in by_id)
    points: list[DataPoint] = client.data(list(by_id), years=list(years)) if by_id else []
    values: dict[tuple[str, str, int], float] = {}
    left_out = missing = 0
    for p in points:
        if p.gender != "T" or p.deleted:
            continue
        if p.municipality not in known:
            left_out += 1
            continue
        if p.value is None:
            missing += 1
            continue
        values[(p.municipality, p.kpi.upper(), p.period)] = p.value
    return GroupFigures(
        group,
        ordered,
        tuple((m, k, y, v) for (m, k, y), v in sorted(values.items())),
        left_out,
        missing,
    )
