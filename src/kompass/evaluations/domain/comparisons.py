"""Reference groups for an evaluation, and good examples per sub-area.

Only like is compared with like: published evaluations of the same framework version.
Each group says what it holds and how many evaluations are in it; the averages are
exact means per sub-area, shown through the same scoring function as everything else.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kompass.analytics.scoring import ScoreSheet, mean_scores, shown_scores
from kompass.evaluations.domain.scores import area_specs, score_sheet
from kompass.evaluations.models import Evaluation, SubareaScore
from kompass.organisations.domain.bands import band_of
from kompass.organisations.domain.peers import peer_options


@dataclass(frozen=True)
class ReferenceGroup:
    key: str
    label: str
    description: str
    n: int
    sheet: ScoreSheet | None  # None when the group is empty
    evaluation: Evaluation | None = None  # for a single previous evaluation


@dataclass(frozen=True)
class TopScorer:
    organisation: str
    organisation_id: int
    evaluation_id: int
    year: int
    shown: int
    max: Decimal


def _published(evaluation: Evaluation):
    """Published evaluations of the same framework version up to this one's date, so a
    published report keeps its comparisons when later evaluations arrive."""
    return Evaluation.objects.filter(
        framework_id=evaluation.framework_id,
        status=Evaluation.Status.PUBLISHED,
        date__lte=evaluation.date,
    )


def _score_maps(evaluation_ids) -> dict[int, dict[str, Decimal]]:
    maps: dict[int, dict[str, Decimal]] = {pk: {} for pk in evaluation_ids}
    for evaluation_id, code, score in SubareaScore.objects.filter(
        evaluation_id__in=list(evaluation_ids)
    ).values_list("evaluation_id", "code", "score"):
        maps[evaluation_id][code] = score
    return maps


def first_evaluation_ids(family: str) -> set[int]:
    """Evaluations that were their organisation's first in this family of frameworks."""
    first: dict[int, tuple] = {}
    for pk, org_id, date in Evaluation.objects.filter(framework__family=family).values_list(
        "pk", "organisation_id", "date"
    ):
        if org_id not in first or (date, pk) < first[org_id]:
            first[org_id] = (date, pk)
    return {pk for _, pk in first.values()}


def reference_groups(evaluation: Evaluation, *, user=None) -> list[ReferenceGroup]:
    """National average, peers by population, first-time evaluations (also among peers),
    and the organisation's own previous evaluation. An organisation's own saved peer
    groups appear only for a `user` who may read that organisation (None: the command
    line, trusted)."""
    framework = evaluation.framework
    tree = framework.tree
    specs = area_specs(tree)
    codes = [s.code for s in tree.subareas]
    candidates = list(
        _published(evaluation).exclude(pk=evaluation.pk).select_related("organisation")
    )
    maps = _score_maps([e.pk for e in candidates])
    firsts = first_evaluation_ids(framework.family)
    band = band_of(evaluation.organisation.population)

    def group(key, label, description, members):
        if not members:
            return ReferenceGroup(key, label, description, 0, None)
        means = mean_scores([maps[e.pk] for e in members], codes)
        return ReferenceGroup(key, label, description, len(members), shown_scores(specs, means))

    groups = [
        group(
            "national",
            _("Alla utvärderingar med %(f)s") % {"f": framework},
            _("Alla publicerade utvärderingar med %(f)s t.o.m. %(date)s")
            % {"f": framework, "date": f"{evaluation.date:%Y-%m-%d}"},
            candidates,
        ),
    ]
    if band is not None:
        peers = [e for e in candidates if band.contains(e.organisation.population)]
        groups.append(
            group(
                "population",
                _("Kommuner med %(band)s") % {"band": band.label},
                _("Publicerade utvärderingar av kommuner med %(band)s") % {"band": band.label},
                peers,
            )
        )
        groups.append(
            group(
                "first_population",
                _("Förstagångsutvärderade kommuner med %(band)s") % {"band": band.label},
                _("Kommuner med %(band)s som utvärderades för första gången")
                % {"band": band.label},
                [e for e in peers if e.pk in firsts],
            )
        )
    # Peers as the indicators and key ratios see them: county, SKR municipality group and
    # saved peer groups (the population band is the group above).
    for peers in peer_options(evaluation.organisation, user=user):
        if peers.key == "band":
            continue
        groups.append(
            group(
                f"peers-{peers.key}",
                peers.label,
                _("%(peers)s: publicerade utvärderingar") % {"peers": peers.description},
                [e for e in candidates if e.organisation_id in peers.organisation_ids],
            )
        )
    groups.append(
        group(
            "first",
            _("Alla förstagångsutvärderingar"),
            _("Kommuner som utvärderades för första gången"),
            [e for e in candidates if e.pk in firsts],
        )
    )
    previous = (
        evaluation.earlier().filter(framework=framework, status=Evaluation.Status.PUBLISHED).first()
    )
    if previous is not None:
        groups.append(
            ReferenceGroup(
                "previous",
                f"{evaluation.organisation.name} {previous.date:%Y}",
                _("Organisationens föregående utvärdering (%(date)s)")
                % {"date": f"{previous.date:%Y-%m-%d}"},
                1,
                score_sheet(previous),
                previous,
            )
        )
    return groups


def top_scorers(evaluation: Evaluation, per_subarea: int = 3) -> dict[str, list[TopScorer]]:
    """For each sub-area, the organisations with the highest published scores (their
    latest published evaluation of this framework), leaving out the evaluated one."""
    latest: dict[int, Evaluation] = {}
    for e in _published(evaluation).select_related("organisation", "framework").order_by("date"):
        if e.organisation_id != evaluation.organisation_id:
            latest[e.organisation_id] = e
    maps = _score_maps([e.pk for e in latest.values()])
    specs = area_specs(evaluation.framework.tree)
    sheets: dict[int, ScoreSheet] = {}  # only for the evaluations that make a top list

    def shown(e: Evaluation, code: str) -> int:
        if e.pk not in sheets:
            sheets[e.pk] = shown_scores(specs, maps[e.pk])
        return sheets[e.pk].subarea(code).shown

    out: dict[str, list[TopScorer]] = {}
    for sub in evaluation.framework.tree.subareas:
        ranked = sorted(
            (
                (maps[e.pk][sub.code], e)
                for e in latest.values()
                if maps[e.pk].get(sub.code) not in (None, Decimal(0))
            ),
            key=lambda pair: (-pair[0], pair[1].organisation.name),
        )
        out[sub.code] = [
            TopScorer(
                e.organisation.name,
                e.organisation_id,
                e.pk,
                e.date.year,
                shown(e, sub.code),
                sub.max,
            )
            for _score, e in ranked[:per_subarea]
        ]
    return out
