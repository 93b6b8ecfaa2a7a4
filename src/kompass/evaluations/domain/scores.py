"""Scores of one evaluation as the scoring function sees them, and setting them.

`score_sheet(evaluation)` is the only way pages, exports and reports get figures: it
hands the exact scores to `analytics.scoring.shown_scores`.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import check_can_edit
from kompass.analytics.scoring import AreaSpec, ScoreSheet, shown_scores
from kompass.core.errors import InputError, InputProblem
from kompass.evaluations.domain.audit import record
from kompass.evaluations.models import Evaluation, SubareaScore
from kompass.frameworks.schema import Framework as FrameworkTree
from kompass.lib.numbers import format_number, parse_number


def area_specs(tree: FrameworkTree) -> list[AreaSpec]:
    return [
        AreaSpec(a.code, a.name, tuple((s.code, s.name, s.max) for s in a.subareas))
        for a in tree.areas
    ]


def exact_scores(evaluation: Evaluation) -> dict[str, Decimal]:
    cached = getattr(evaluation, "_exact_scores", None)
    if cached is None:
        cached = {s.code: s.score for s in evaluation.scores.all()}
        evaluation._exact_scores = cached
    return cached


def score_sheet(evaluation: Evaluation) -> ScoreSheet:
    return shown_scores(area_specs(evaluation.framework.tree), exact_scores(evaluation))


def validate_score(
    tree: FrameworkTree, code: str, value, *, field: str | None = None
) -> Decimal | None:
    """A score checked against the framework: known sub-area, a number, 0..max.

    Returns None for an empty value (the sub-area is then unscored)."""
    where = field or code
    try:
        sub = tree.subarea(code)
    except KeyError:
        raise InputError(
            [
                InputProblem(
                    _("okänt delområde ”%(code)s” i %(framework)s")
                    % {"code": code, "framework": tree.title},
                    field=where,
                )
            ]
        ) from None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = parse_number(value)
    except ValueError as exc:
        raise InputError([InputProblem(str(exc), field=where)]) from None
    if number < 0:
        raise InputError(
            [
                InputProblem(
                    _("poängen %(score)s är mindre än 0") % {"score": format_number(number, 2)},
                    field=where,
                )
            ]
        )
    if sub.max is not None and number > sub.max:
        raise InputError(
            [
                InputProblem(
                    _("poängen %(score)s är högre än maxpoängen %(max)s för %(code)s %(name)s")
                    % {
                        "score": format_number(number, 2),
                        "max": format_number(sub.max),
                        "code": code,
                        "name": sub.name,
                    },
                    field=where,
                )
            ]
        )
    if number != number.quantize(Decimal("0.01")):
        raise InputError([InputProblem(_("poängen får ha högst två decimaler"), field=where)])
    return number


@transaction.atomic
def set_scores(*, evaluation: Evaluation, scores: dict, user) -> int:
    """Validate every score, then store all of them (or none) and log each change.

    `scores` maps sub-area code to a value (number, "7,5", or empty to clear). Returns the
    number of scores that changed."""
    check_can_edit(user, evaluation)
    tree = evaluation.framework.tree
    problems: list[InputProblem] = []
    clean: dict[str, Decimal | None] = {}
    for code, value in scores.items():
        try:
            clean[str(code)] = validate_score(tree, str(code), value)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    current = {
        s.code: s for s in SubareaScore.objects.select_for_update().filter(evaluation=evaluation)
    }
    changed = 0
    for code, value in clean.items():
        existing = current.get(code)
        before = existing.score if existing else None
        if before == value:
            continue
        if value is None:
            existing.delete()
        elif existing is None:
            SubareaScore.objects.create(evaluation=evaluation, code=code, score=value)
        else:
            existing.score = value
            existing.save(update_fields=["score"])
        record(evaluation, user, f"poäng {code}", _plain(before), _plain(value))
        changed += 1
    if changed:
        evaluation._exact_scores = None
        evaluation.save(update_fields=["updated_at"])
    return changed


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_number(value, 0 if value == value.to_integral_value() else 2)
