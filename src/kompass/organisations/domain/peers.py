"""Peer groups: whom to compare an organisation with.

Four ways to choose peers (seed 003 compares with municipalities of at most 20 000
inhabitants; seed 001 with hand-picked municipalities):

* ``band``   – municipalities in the same population band (`bands.POPULATION_BANDS`);
* ``county`` – municipalities in the same county;
* ``skr``    – municipalities in the same SKR municipality group (kommungrupp) in SKR's
  newest grouping (2023); ``skr-2017`` and the like use an older grouping. The label
  always names the grouping year, since 33 municipalities moved between 2017 and 2023;
* ``group-<id>`` – a saved `PeerGroup` (any of the above criteria, or a hand-picked list).

Dynamic criteria are resolved from the register each time, so a group follows the
register when populations or groups are updated. Every result is a `Peers` value: a key,
a label, a description and the member ids, without the organisation itself. Key ratios,
indicators and the evaluation comparisons all call `peer_options` / `resolve_peers`;
pages and the API pass the `user`, so a group owned by an organisation is offered only
to those who may read that organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kompass.accounts.access import can_see
from kompass.core.errors import InputError, InputProblem
from kompass.lib.numbers import format_number
from kompass.organisations.domain.bands import POPULATION_BANDS, Band, band_of
from kompass.organisations.domain.register import groupings, newest_grouping
from kompass.organisations.models import Organisation, PeerGroup

STANDARD_KEYS = ("band", "county", "skr")


@dataclass(frozen=True)
class Peers:
    key: str
    label: str
    description: str
    organisation_ids: frozenset[int]

    @property
    def n(self) -> int:
        return len(self.organisation_ids)

    def organisations(self):
        return Organisation.objects.filter(pk__in=self.organisation_ids).order_by("name")


def _municipalities():
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)


def _ids(queryset, exclude: Organisation | None) -> frozenset[int]:
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return frozenset(queryset.values_list("pk", flat=True))


def _band_filter(band: Band) -> Q:
    q = Q(population__isnull=False)
    if band.low is not None:
        q &= Q(population__gte=band.low)
    if band.high is not None:
        q &= Q(population__lte=band.high)
    return q


def band_peers(organisation: Organisation) -> Peers | None:
    band = band_of(organisation.population)
    if band is None:
        return None
    return Peers(
        "band",
        _("Kommuner med %(band)s") % {"band": band.label},
        _("Kommuner i samma invånarintervall som %(name)s (%(band)s)")
        % {"name": organisation.name, "band": band.label},
        _ids(_municipalities().filter(_band_filter(band)), organisation),
    )


def county_peers(organisation: Organisation) -> Peers | None:
    if not organisation.county_code:
        return None
    return Peers(
        "county",
        _("Kommuner i %(county)s") % {"county": organisation.county},
        _("Övriga kommuner i %(county)s") % {"county": organisation.county},
        _ids(_municipalities().filter(county_code=organisation.county_code), organisation),
    )


def skr_group_peers(organisation: Organisation, grouping: int | None = None) -> Peers | None:
    """Peers in the organisation's SKR group of `grouping` (default: the newest). The key
    is "skr" for the newest grouping and "skr-<year>" for older ones."""
    newest = newest_grouping()
    grouping = grouping or newest
    group = organisation.skr_groups.filter(grouping=grouping).first() if grouping else None
    if group is None:
        return None
    key = "skr" if grouping == newest else f"skr-{grouping}"
    return Peers(
        key,
        _("Kommungruppen %(name)s (SKR %(year)s)") % {"name": group.name, "year": grouping},
        _(
            "Kommuner i SKR:s kommungrupp %(code)s (%(name)s) enligt kommungruppsindelningen %(year)s"
        )
        % {"code": group.code, "name": group.name, "year": grouping},
        _ids(_municipalities().filter(_skr_filter(grouping, group.code)), organisation),
    )


def _skr_filter(grouping: int | None, code: str) -> Q:
    return Q(skr_groups__grouping=grouping, skr_groups__code=code)


def parse_skr_criterion(criterion: str) -> tuple[int | None, str]:
    """ "C9" (the newest grouping) or "C9 2017" / "2017:C9" (a named grouping) as
    (grouping year or None, group code)."""
    parts = criterion.replace(":", " ").replace("/", " ").upper().split()
    year = next((int(p) for p in parts if p.isdigit() and len(p) == 4), None)
    codes = [p for p in parts if not p.isdigit()]
    return year, (codes[0] if len(codes) == 1 else "")


def parse_band(criterion: str) -> Band:
    """ "20001-50000", "-20000" or "100001-" as a Band; ValueError in Swedish otherwise."""
    text = criterion.replace(" ", "").replace("\u00a0", "").replace("–", "-")
    low_text, sep, high_text = text.partition("-")
    if not sep:
        raise ValueError(f"”{criterion}” är inget invånarintervall; skriv t.ex. 20001-50000")
    try:
        low = int(low_text) if low_text else None
        high = int(high_text) if high_text else None
    except ValueError:
        raise ValueError(
            f"”{criterion}” är inget invånarintervall; skriv t.ex. 20001-50000"
        ) from None
    if low is None and high is None:
        raise ValueError("invånarintervallet behöver minst en gräns")
    if low is not None and high is not None and low > high:
        raise ValueError(f"i ”{criterion}” är den nedre gränsen större än den övre")
    for band in POPULATION_BANDS:
        if band.low == low and band.high == high:
            return band
    if low is None:
        label = f"högst {format_number(high)} invånare"
    elif high is None:
        label = f"minst {format_number(low)} invånare"
    else:
        label = f"{format_number(low)}–{format_number(high)} invånare"
    return Band(low, high, label)


def _criterion_filter(group: PeerGroup, newest: int | None = None) -> Q:
    """The municipalities a group chosen by criterion (county, SKR group, band) holds.
    `newest` saves the look-up of the newest grouping when many groups are resolved."""
    if group.kind == PeerGroup.Kind.COUNTY:
        return Q(county_code=group.criterion)
    if group.kind == PeerGroup.Kind.SKR_GROUP:
        year, code = parse_skr_criterion(group.criterion)
        return _skr_filter(year or newest or newest_grouping(), code)
    return _band_filter(parse_band(group.criterion))


def group_member_ids(group: PeerGroup) -> frozenset[int]:
    """All organisations of a saved group (criteria resolved against the register now)."""
    if group.kind == PeerGroup.Kind.HAND_PICKED:
        return frozenset(group.members.values_list("pk", flat=True))
    return _ids(_municipalities().filter(_criterion_filter(group)), None)


def group_sizes(groups) -> dict[int, int]:
    """How many organisations each group holds, for lists of groups: three queries however
    many groups (hand-picked ones counted together, the criteria as one aggregate)."""
    groups = list(groups)
    hand_picked = [g.pk for g in groups if g.kind == PeerGroup.Kind.HAND_PICKED]
    sizes = dict(
        PeerGroup.objects.filter(pk__in=hand_picked)
        .annotate(n=Count("members"))
        .values_list("pk", "n")
    )
    by_criterion = [g for g in groups if g.kind != PeerGroup.Kind.HAND_PICKED]
    if by_criterion:
        newest = newest_grouping()
        counts = _municipalities().aggregate(
            **{
                f"g{g.pk}": Count("pk", filter=_criterion_filter(g, newest), distinct=True)
                for g in by_criterion
            }
        )
        sizes.update({g.pk: counts[f"g{g.pk}"] for g in by_criterion})
    return sizes


def group_peers(group: PeerGroup, organisation: Organisation | None = None) -> Peers:
    ids = group_member_ids(group)
    if organisation is not None:
        ids = ids - {organisation.pk}
    return Peers(f"group-{group.pk}", group.name, group.description or _criterion_text(group), ids)


def _criterion_text(group: PeerGroup) -> str:
    if group.kind == PeerGroup.Kind.SKR_GROUP:
        year, code = parse_skr_criterion(group.criterion)
        return (
            f"SKR:s kommungrupp {code} enligt kommungruppsindelningen {year or newest_grouping()}"
        )
    return f"{group.get_kind_display()}: {group.criterion or 'handplockad lista'}"


def shared_and_own_groups(organisation: Organisation | None = None):
    """Shared groups and those owned by `organisation`."""
    q = Q(owner__isnull=True)
    if organisation is not None:
        q |= Q(owner=organisation)
    return PeerGroup.objects.filter(q).order_by("name")


def _usable_groups(organisation: Organisation, user):
    """The saved groups `organisation` may use, as `user` may see them: an organisation's
    own groups are private to those who may read the organisation (`user=None`: a
    trusted caller such as the command line, which sees them all)."""
    if user is not None and not can_see(user, organisation):
        return shared_and_own_groups(None)
    return shared_and_own_groups(organisation)


def peer_options(organisation: Organisation, *, user=None) -> list[Peers]:
    """Every way to pick peers for `organisation`: the three standard criteria that apply
    to it, then the saved groups it may use (its own ones only when `user` may read the
    organisation). For the evaluation comparisons: filter the evaluations to
    `organisation_id in peers.organisation_ids`."""
    newest = newest_grouping()
    older = [skr_group_peers(organisation, year) for year in groupings() if year != newest]
    options = [
        p
        for p in (
            skr_group_peers(organisation),
            *reversed(older),
            band_peers(organisation),
            county_peers(organisation),
        )
        if p is not None
    ]
    options.extend(group_peers(g, organisation) for g in _usable_groups(organisation, user))
    return options


def resolve_peers(organisation: Organisation, key: str, *, user=None) -> Peers | None:
    """The peers named by `key` ("skr", "band", "county" or "group-<id>"); None when the
    key does not apply to this organisation or names a group it (or `user`) may not use."""
    if key == "band":
        return band_peers(organisation)
    if key == "county":
        return county_peers(organisation)
    if key == "skr":
        return skr_group_peers(organisation)
    if key.startswith("skr-") and key[4:].isdigit():
        return skr_group_peers(organisation, int(key[4:]))
    if key.startswith("group-") and key[6:].isdigit():
        group = _usable_groups(organisation, user).filter(pk=int(key[6:])).first()
        return group_peers(group, organisation) if group else None
    return None


@transaction.atomic
def create_peer_group(
    *,
    name: str,
    kind: str,
    criterion: str = "",
    members: list[str] | None = None,
    owner: Organisation | None = None,
    description: str = "",
    user=None,
) -> PeerGroup:
    """Validate and save a peer group. `members` are codes or names (hand-picked lists)."""
    from kompass.organisations.domain.register import OrganisationResolver

    problems: list[InputProblem] = []
    name = (name or "").strip()
    criterion = (criterion or "").strip()
    if not name:
        problems.append(InputProblem("ge gruppen ett namn", field="name"))
    elif PeerGroup.objects.filter(owner=owner, name__iexact=name).exists():
        problems.append(InputProblem(f"det finns redan en grupp som heter ”{name}”", field="name"))
    if kind not in PeerGroup.Kind.values:
        problems.append(InputProblem(f"okänd grund ”{kind}”", field="kind"))
    resolved: list[Organisation] = []
    if kind == PeerGroup.Kind.HAND_PICKED:
        resolver = OrganisationResolver()
        for ref in members or []:
            if not str(ref).strip():
                continue
            try:
                resolved.append(resolver(ref))
            except LookupError as exc:
                problems.append(InputProblem(str(exc), field="members"))
        if not resolved and not any(p.field == "members" for p in problems):
            problems.append(InputProblem("välj minst en organisation", field="members"))
        criterion = ""
    elif kind == PeerGroup.Kind.POPULATION_BAND:
        try:
            parse_band(criterion)
        except ValueError as exc:
            problems.append(InputProblem(str(exc), field="criterion"))
    elif kind == PeerGroup.Kind.COUNTY:
        if not _municipalities().filter(county_code=criterion).exists():
            problems.append(
                InputProblem(
                    f"okänd länskod ”{criterion}” (t.ex. 20 för Dalarnas län)", field="criterion"
                )
            )
    elif kind == PeerGroup.Kind.SKR_GROUP:
        year, code = parse_skr_criterion(criterion)
        known = groupings()
        if year is not None and year not in known:
            listed = ", ".join(str(y) for y in known)
            problems.append(
                InputProblem(
                    f"SKR:s kommungruppsindelning {year} finns inte i registret (finns: {listed})",
                    field="criterion",
                )
            )
        elif (
            not code
            or not _municipalities().filter(_skr_filter(year or newest_grouping(), code)).exists()
        ):
            problems.append(
                InputProblem(
                    f"okänd kommungrupp ”{criterion.strip()}” (A1–C9, t.ex. C9, eller C9 2017 "
                    "för 2017 års indelning)",
                    field="criterion",
                )
            )
        else:
            criterion = f"{code} {year}" if year else code
    if problems:
        raise InputError(problems)
    group = PeerGroup.objects.create(
        name=name,
        kind=kind,
        criterion=criterion,
        owner=owner,
        description=description,
        created_by=user,
    )
    if resolved:
        group.members.set(resolved)
    return group
