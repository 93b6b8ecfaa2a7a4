"""A survey's results, computed once and reused by every page, report, export, API answer
and the `kompass survey summary` command.

`survey_results(survey)` reads the counts (see `counts.py`), runs the analysis core
(`kompass.analytics.survey_analysis.analyse`) with the survey's k, and keeps the result in
memory keyed by the survey's configuration version and the counts it covers, so a second
page, a download or an API call reuse it. Behind the memory the analysis is kept on disk
under a digest of its inputs (`stored_results`), and `prepare` computes it when the data
changes (an import, a released wave), so the first page after a restart or a deploy
reads it instead of running the disclosure control. Everything shown about a cell goes through
`stat()`, `count()` and `summary()`, which never reveal a suppressed cell's figures: a
hidden statement cell has no n, mean, spread, distribution or "vet ej" count, and a
hidden number of respondents is "fewer than k" or hidden, never its value.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from django.db import transaction

from kompass.analytics.survey_analysis import (
    ORGANISATION,
    REASONS,
    RESPONDENT_REASONS,
    Analysis,
)
from kompass.analytics.survey_stats import RateCaution, rate_cautions
from kompass.surveys.domain import stored_results
from kompass.surveys.domain.counts import load_counts, refresh_counts
from kompass.surveys.domain.instrument import Layout, layout_of
from kompass.surveys.models import CountsState, Invited, Survey

_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()
CACHE_SIZE = 8


@dataclass(frozen=True)
class WaveInfo:
    pk: int
    code: str
    name: str
    date: object
    open: bool = False  # still taking answers: its respondents are counted, no results


@dataclass(frozen=True)
class OrgInfo:
    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class Count:
    """A number of respondents as it may be shown: the value, or None with the reason
    ("few_respondents": fewer than k, shown as such; "hidden": hidden so that a smaller
    group cannot be worked out)."""

    value: int | None
    suppressed: str | None = None

    @property
    def shown(self) -> bool:
        return self.suppressed is None


@dataclass(frozen=True)
class Stat:
    """What may be shown about one item (or theme) in one cell (n is None when hidden)."""

    n: int | None
    mean: float | None
    sd: float | None
    dont_know: int | None
    dist: dict[str, float] | None  # share per step key
    suppressed: str | None  # reason code, or None when shown

    @property
    def shown(self) -> bool:
        return self.suppressed is None and self.mean is not None


@dataclass(frozen=True)
class Change:
    diff: float | None
    low: float | None
    high: float | None
    hidden: bool


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


@dataclass
class SurveyResults:
    survey_pk: int
    slug: str
    name: str
    k: int
    is_example: bool
    instrument: str
    layout: Layout
    waves: list[WaveInfo]
    organisations: dict[str, OrgInfo]  # by group code (municipality code)
    cohort: list[str]  # group codes, by name
    org_values: dict[str, dict[str, str]]  # org-level attribute -> organisation -> value
    analysis: Analysis
    invited: dict[tuple[str, str, str], int] = field(default_factory=dict)

    # -- lookups ----------------------------------------------------------------
    def wave(self, code: str) -> WaveInfo:
        for wave in self.waves:
            if wave.code == code:
                return wave
        raise KeyError(code)

    @property
    def wave_codes(self) -> list[str]:
        return [w.code for w in self.waves]

    @property
    def answered_waves(self) -> list[WaveInfo]:
        """Waves with answers, open ones included (for counts)."""
        present = set(self.analysis.cells["wave"].unique().to_list())
        return [w for w in self.waves if w.code in present]

    @property
    def result_waves(self) -> list[WaveInfo]:
        """Closed waves with answers: the waves whose results are published."""
        return [w for w in self.answered_waves if not w.open]

    def item_position(self, code: str) -> int:
        return self.layout.codebook.index(code)

    @property
    def scale_items(self):
        return [(p, i) for p, i in enumerate(self.layout.codebook.items) if i.kind != "text"]

    @property
    def text_items(self):
        return [(p, i) for p, i in enumerate(self.layout.codebook.items) if i.kind == "text"]

    def cell(self, wave: str, group: dict | None = None) -> int | None:
        return self.analysis.cell(wave, group or {})

    def size(self, wave: str, group: dict | None = None) -> int:
        """The true number of respondents. Never show it: `count()` says what may be
        shown; this is for decisions that publish nothing of their own."""
        cell = self.cell(wave, group)
        return 0 if cell is None else int(self.analysis.respondents[cell])

    def count(self, wave: str, group: dict | None = None) -> Count:
        """The number of respondents of a group as it may be shown."""
        cell = self.cell(wave, group)
        if cell is None:
            return Count(0)
        code = int(self.analysis.respondents_code[cell])
        if code:
            return Count(None, RESPONDENT_REASONS[code])
        return Count(int(self.analysis.respondents[cell]))

    def stat(self, item: int, cell: int | None, *, theme: bool = False) -> Stat:
        a = self.analysis
        if cell is None:
            return Stat(0, None, None, None, None, None)
        if theme:
            n, mean, sd = a.theme_n[item, cell], a.theme_mean[item, cell], a.theme_sd[item, cell]
            dk, code, steps = (
                a.theme_dont_know[item, cell],
                a.theme_code[item, cell],
                a.theme_steps[item, cell],
            )
            keys = self.theme_step_keys(item)
        else:
            n, mean, sd = a.n[item, cell], a.mean[item, cell], a.sd[item, cell]
            dk, code, steps = a.dont_know[item, cell], a.code[item, cell], a.steps[item, cell]
            keys = [str(s) for s in self.layout.codebook.items[item].steps]
        n = int(n)
        if code:
            return Stat(None, None, None, None, None, REASONS[int(code)])
        dist = {key: float(steps[i]) / n for i, key in enumerate(keys)} if n and keys else None
        return Stat(n, _num(mean), _num(sd), int(dk), dist, None)

    def theme_step_keys(self, theme: int) -> list[str]:
        items = self.layout.codebook.items
        members = [items[i] for i in self.layout.themes[theme].items if items[i].kind == "numeric"]
        if members and len({m.steps for m in members}) == 1:
            return [str(s) for s in members[0].steps]
        return []

    def change(
        self, item: int, wave_a: str, wave_b: str, group: dict | None = None, *, theme=False
    ) -> Change:
        """The change of one item (or theme) for a group between two waves, as
        `Analysis.changes` computes it for the summary: hidden where either end is."""
        diff, low, high, hidden = self.analysis.change(
            item, self.cell(wave_a, group), self.cell(wave_b, group), themes=theme
        )
        if hidden:
            return Change(None, None, None, True)
        return Change(diff, low, high, False)

    # -- response rates -----------------------------------------------------------
    def invited_count(
        self, wave: str, organisation: str | None = None, group: str | None = None
    ) -> int | None:
        """Invited for a wave, optionally one organisation and one split value. None when
        not every organisation concerned has a figure (concerned: those with a figure,
        and those known to have at least k respondents)."""
        orgs = (
            [organisation]
            if organisation
            else [
                o
                for o in self.cohort
                if self._has_invited(wave, o) or self.at_least_k(wave, {ORGANISATION: o})
            ]
        )
        if not orgs:
            return None
        total = 0
        for org in orgs:
            if group is not None:
                value = self.invited.get((wave, org, group))
            else:
                value = self.invited.get((wave, org, ""))
                if value is None:
                    parts = [
                        v for (w, o, g), v in self.invited.items() if w == wave and o == org and g
                    ]
                    value = sum(parts) if parts else None
            if value is None:
                return None
            total += value
        return total

    def _has_invited(self, wave: str, organisation: str) -> bool:
        return any(w == wave and o == organisation for (w, o, _g) in self.invited)

    def at_least_k(self, wave: str, group: dict) -> bool:
        """Whether a reader can tell that the group has at least k respondents."""
        count = self.count(wave, group)
        return count.suppressed == "hidden" or (count.value or 0) >= self.k

    def rate_row(
        self, wave: str, organisation: str | None = None, group: str | None = None
    ) -> dict:
        """Respondents (a `Count`), invited, rate and cautions for one wave and group;
        the rate and the cautions use only what may be shown."""
        split = self.layout.split
        cell_group = {}
        if organisation:
            cell_group[ORGANISATION] = organisation
        if group is not None and split is not None:
            cell_group[split.code] = group
        count = self.count(wave, cell_group)
        invited = self.invited_count(wave, organisation, group)
        waves = self.wave_codes
        previous = waves[waves.index(wave) - 1] if waves.index(wave) > 0 else None
        before = self.count(previous, cell_group) if previous else None
        prev_inv = self.invited_count(previous, organisation, group) if previous else None
        cautions = []
        if count.suppressed == "few_respondents":
            cautions.append(RateCaution("few_respondents", self.k))
        elif count.shown:
            cautions = rate_cautions(
                respondents=count.value,
                invited=invited,
                k=self.k,
                previous_respondents=(before.value or None) if before and before.shown else None,
                previous_invited=prev_inv if before and before.shown else None,
            )
        return {
            "wave": wave,
            "respondents": count,
            "invited": invited,
            "rate": count.value / invited if invited and count.shown else None,
            "cautions": cautions,
        }

    # -- JSON -------------------------------------------------------------------
    def allowed_cells(self, organisations: set[str] | None) -> list[int]:
        groups = self.analysis.groups
        if organisations is None:
            return list(range(len(groups)))
        return [
            c
            for c, g in enumerate(groups)
            if ORGANISATION not in g or g[ORGANISATION] in organisations
        ]


def _org_code(organisation) -> str:
    return organisation.key


def survey_results(survey: Survey) -> SurveyResults:
    """The analysed results of a survey (cached until answers or settings change)."""
    layout = layout_of(survey)
    refresh_counts(survey, layout)
    state = CountsState.objects.filter(survey=survey).values_list("respondents", "version").first()
    # Results are shown once a wave is released (closed after a second person approved,
    # `domain.release`); a wave whose last day passed waits for that.
    closed = tuple(w.closed for w in survey.waves.order_by("pk"))
    key = (survey.pk, survey.created_at, survey.config_version, survey.min_group, state, closed)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    results = _compute(survey, layout)
    with _lock:
        _cache[key] = results
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return results


def prepare(survey: Survey) -> None:
    """Compute the survey's results now that its data changed, so that the next page,
    in any process and after a restart, finds them (`stored_results`) instead of running
    the disclosure control itself. Runs once the change is committed."""
    pk = survey.pk

    def compute() -> None:
        found = Survey.objects.filter(pk=pk).first()
        if found is not None:
            survey_results(found)

    # robust: a failure here is logged and costs the next page time, never the change.
    transaction.on_commit(compute, robust=True)


def _compute(survey: Survey, layout: Layout) -> SurveyResults:
    waves = [
        WaveInfo(w.pk, w.code, w.name, w.date, not w.closed)
        for w in survey.waves.order_by("date", "code")
    ]
    members = list(survey.members.select_related("organisation").order_by("organisation__name"))
    organisations = {
        _org_code(m.organisation): OrgInfo(
            m.organisation.pk, _org_code(m.organisation), m.organisation.name
        )
        for m in members
    }
    org_codes = {o.pk: code for code, o in organisations.items()}
    from kompass.organisations.models import Organisation
    from kompass.surveys.models import GroupCounts

    missing = set(
        GroupCounts.objects.filter(survey=survey).values_list("organisation_id", flat=True)
    ) - set(org_codes)
    for organisation in Organisation.objects.filter(pk__in=missing):
        code = _org_code(organisation)
        organisations[code] = OrgInfo(organisation.pk, code, organisation.name)
        org_codes[organisation.pk] = code
    org_values: dict[str, dict[str, str]] = {a.code: {} for a in layout.org_attributes}
    for member in members:
        for code, value in (member.values or {}).items():
            if code in org_values and value:
                org_values[code][_org_code(member.organisation)] = value
    frame, counts = load_counts(survey, layout, org_codes, {w.pk: w.code for w in waves})
    spec = layout.spec(
        k=survey.min_group,
        org_values=org_values,
        waves=tuple(w.code for w in waves),
        organisations=tuple(sorted(organisations)),
        open_waves=frozenset(w.code for w in waves if w.open),
    )
    analysis = stored_results.analysed(survey.pk, frame, counts, spec)
    invited = {
        (w, org_codes.get(o, ""), g): c
        for w, o, g, c in Invited.objects.filter(survey=survey).values_list(
            "wave__code", "organisation_id", "group", "count"
        )
    }
    return SurveyResults(
        survey_pk=survey.pk,
        slug=survey.slug,
        name=survey.name,
        k=survey.min_group,
        is_example=survey.is_example,
        instrument=survey.framework.identifier,
        layout=layout,
        waves=waves,
        organisations=organisations,
        cohort=[_org_code(m.organisation) for m in members],
        org_values=org_values,
        analysis=analysis,
        invited=invited,
    )


def _round(values: np.ndarray, decimals: int) -> list:
    return [None if math.isnan(v) else v for v in np.round(values.astype(float), decimals).tolist()]


def summary(results: SurveyResults, *, organisations: set[str] | None = None) -> dict:
    """The summary as plain data (what `kompass survey summary --format json` prints and
    the API returns). `organisations` limits organisation cells to those codes.

    It holds every figure the pages, reports and downloads show about the survey's
    results (cells per statement, respondents per group, the number of free-text answers
    shown per organisation), so the disclosure audit of the test suite reads it."""
    a = results.analysis
    layout = results.layout
    cells = results.allowed_cells(organisations)
    wave_of = a.cells["wave"].to_list()
    groups = a.groups
    items = results.scale_items
    out_cells = []
    for position, item in items:
        keys = [str(s) for s in item.steps]
        n_row = a.n[position].tolist()
        dk_row = a.dont_know[position].tolist()
        code_row = a.code[position].tolist()
        mean_row = _round(a.mean[position], 4)
        sd_row = _round(a.sd[position], 4)
        steps = a.steps[position][:, : len(keys)]
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.round(steps / np.maximum(a.n[position], 1)[:, None], 4).tolist()
        for c in cells:
            n = n_row[c]
            hidden = code_row[c] != 0
            out_cells.append(
                {
                    "wave": wave_of[c],
                    "item": item.code,
                    "group": groups[c],
                    "n": None if hidden else n,
                    "mean": None if hidden else mean_row[c],
                    "sd": None if hidden else sd_row[c],
                    "dist": None if hidden or n == 0 else dict(zip(keys, shares[c], strict=True)),
                    "dont_know": None if hidden else dk_row[c],
                    "suppressed": REASONS[code_row[c]] if hidden else None,
                }
            )
    theme_cells = []
    for t, theme in enumerate(layout.themes):
        n_row = a.theme_n[t].tolist()
        dk_row = a.theme_dont_know[t].tolist()
        code_row = a.theme_code[t].tolist()
        mean_row = _round(a.theme_mean[t], 4)
        sd_row = _round(a.theme_sd[t], 4)
        for c in cells:
            hidden = code_row[c] != 0
            theme_cells.append(
                {
                    "wave": wave_of[c],
                    "theme": theme.code,
                    "group": groups[c],
                    "n": None if hidden else n_row[c],
                    "mean": None if hidden else mean_row[c],
                    "sd": None if hidden else sd_row[c],
                    "dont_know": None if hidden else dk_row[c],
                    "suppressed": REASONS[code_row[c]] if hidden else None,
                }
            )
    sizes = a.respondents.tolist()
    size_codes = a.respondents_code.tolist()
    group_rows = [
        {
            "wave": wave_of[c],
            "group": groups[c],
            "respondents": None if size_codes[c] else sizes[c],
            "respondents_suppressed": RESPONDENT_REASONS[size_codes[c]] if size_codes[c] else None,
        }
        for c in cells
    ]
    comments = []
    for position, item in results.text_items:
        n_row = a.n[position].tolist()
        code_row = a.code[position].tolist()
        for c in cells:
            if set(groups[c]) != {ORGANISATION}:
                continue  # free text is shown in an organisation's own report only
            hidden = code_row[c] != 0
            comments.append(
                {
                    "wave": wave_of[c],
                    "item": item.code,
                    "group": groups[c],
                    "n": None if hidden else n_row[c],
                    "suppressed": REASONS[code_row[c]] if hidden else None,
                }
            )
    changes = []
    allowed = np.zeros(len(groups), dtype=bool)
    allowed[cells] = True
    numeric = {p for p, item in items if item.kind == "numeric"}
    answered = [w.code for w in results.result_waves]
    for wave_a, wave_b in pairwise(answered):
        frame = a.changes(wave_a, wave_b)
        item_col = frame["item"].to_numpy()
        cell_a = frame["cell_a"].to_numpy()
        cell_b = frame["cell_b"].to_numpy()
        keep = allowed[cell_b] & np.isin(item_col, list(numeric))
        either_hidden = (a.code[item_col, cell_a] != 0) | (a.code[item_col, cell_b] != 0)
        diff = _round(frame["diff"].fill_null(np.nan).to_numpy(), 4)
        low = _round(frame["low"].fill_null(np.nan).to_numpy(), 4)
        high = _round(frame["high"].fill_null(np.nan).to_numpy(), 4)
        codes = [item.code for item in layout.codebook.items]
        for i in np.flatnonzero(keep).tolist():
            changes.append(
                {
                    "from": wave_a,
                    "to": wave_b,
                    "item": codes[item_col[i]],
                    "group": groups[cell_b[i]],
                    "diff": None if either_hidden[i] else diff[i],
                    "ci95": None if either_hidden[i] or low[i] is None else [low[i], high[i]],
                    "suppressed": "wave_hidden" if either_hidden[i] else None,
                }
            )
    return {
        "survey": results.slug,
        "name": results.name,
        "instrument": results.instrument,
        "example": results.is_example,
        "min_group": results.k,
        "waves": [
            {
                "code": w.code,
                "name": w.name,
                "date": w.date.isoformat(),
                "open": w.open,
                **_respondents_json(results.count(w.code)),
            }
            for w in results.waves
        ],
        "attributes": [
            {
                "code": attr.code,
                "label": attr.label,
                "level": attr.level,
                "split": attr.split,
                "values": [{"value": o.value, "label": o.label} for o in attr.options],
            }
            for attr in layout.attributes
        ],
        "organisations": [
            {
                "code": code,
                "name": results.organisations[code].name,
                "values": {
                    attr: values[code]
                    for attr, values in results.org_values.items()
                    if code in values
                },
            }
            for code in results.cohort
            if organisations is None or code in organisations
        ],
        "themes": [
            {"code": t.code, "name": layout.theme_names.get(t.code, t.code)} for t in layout.themes
        ],
        "items": [
            {
                "code": item.code,
                "text": layout.texts.get(item.code, item.code),
                "theme": layout.theme_of.get(item.code),
                "steps": [str(s) for s in item.steps],
                "dont_know": item.dont_know,
            }
            for _p, item in items
        ],
        "text_items": [
            {"code": item.code, "text": layout.texts.get(item.code, item.code)}
            for _p, item in results.text_items
        ],
        "groups": group_rows,
        "cells": out_cells,
        "theme_cells": theme_cells,
        "comments": comments,
        "changes": changes,
    }


def _respondents_json(count: Count) -> dict:
    return {"respondents": count.value, "respondents_suppressed": count.suppressed}
