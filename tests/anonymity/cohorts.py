"""Random cohorts for the disclosure audit, built in memory: the published summary of each
comes from the product's own `summary()` over its own analysis, exactly as the pages,
API and command line get it, without a database (so hundreds run in seconds).

A cohort has 3 to 12 organisations of mixed sizes (1 to 60 respondents per wave, many of
them small), three roles plus "not stated", two waves, four statements on a 1..5 scale
and a free-text question. Some cohorts have no blanks and no "vet ej" (then a statement's
n is the group's size, as in the LfR survey), some many; some answer alike within an
organisation (so that a small group can be homogeneous); some have an organisation-level
attribute (selected or not) and a second respondent attribute; in some the second wave
is still open (counts of respondents only).
"""

from __future__ import annotations

import datetime

import numpy as np
import polars as pl

from kompass.analytics.survey_analysis import analyse
from kompass.analytics.survey_counts import Codebook, ItemCode, count_codes
from kompass.surveys.domain.instrument import Attribute, Layout
from kompass.surveys.domain.results import OrgInfo, SurveyResults, WaveInfo, summary

ROLES = ("ledning", "stöd", "medarbetare")
WAVES = ("2024-03", "2025-03")


def _codebook() -> Codebook:
    items = [ItemCode(str(i), "numeric", (1, 2, 3, 4, 5), True) for i in range(1, 5)]
    items.append(ItemCode("fritext", "text", ("text",)))
    return Codebook(tuple(items))


def _attributes(extra: bool, selected: bool) -> list[dict]:
    out = [
        {
            "code": "role",
            "label": "Funktion",
            "split": True,
            "options": [{"value": r, "label": r} for r in ROLES],
        }
    ]
    if extra:
        out.append(
            {
                "code": "tenure",
                "label": "Anställningstid",
                "options": [{"value": v, "label": v} for v in ("kort", "lång")],
            }
        )
    if selected:
        out.append(
            {
                "code": "urval",
                "label": "Urval",
                "level": "organisation",
                "options": [{"value": v, "label": v} for v in ("ja", "nej")],
            }
        )
    return out


def _layout(codebook: Codebook, attributes) -> Layout:
    return Layout(
        codebook=codebook,
        attributes=tuple(attributes),
        themes=(),
        texts={},
        theme_names={},
        theme_of={},
        step_labels={},
    )


def published(analysis, *, name: str = "Test") -> SurveyResults:
    """The product's results object for an analysis made without a database, so that
    `summary()` publishes it as it publishes a stored survey."""
    spec = analysis.spec
    attributes = [
        Attribute.from_json(
            {
                "code": a.code,
                "label": a.code,
                "level": a.level,
                "split": a.code == spec.split,
                "options": [{"value": v, "label": v} for v in a.values],
            }
        )
        for a in spec.attributes
    ]
    waves = spec.waves or tuple(sorted(set(analysis.cells["wave"].to_list())))
    orgs = sorted(set(spec.organisations) | set(analysis.cells["organisation"].drop_nulls()))
    orgs = [o for o in orgs if o]
    return SurveyResults(
        survey_pk=0,
        slug="test",
        name=name,
        k=spec.k,
        is_example=True,
        instrument="test",
        layout=_layout(spec.codebook, attributes),
        waves=[
            WaveInfo(i, code, code, datetime.date(2000 + i, 1, 1), code in spec.open_waves)
            for i, code in enumerate(waves)
        ],
        organisations={o: OrgInfo(i, o, f"Organisation {o}") for i, o in enumerate(orgs)},
        cohort=orgs,
        org_values={a: dict(v) for a, v in spec.org_values.items()},
        analysis=analysis,
    )


def random_cohort(seed: int, k: int = 5):
    """(summary, results) of one random cohort."""
    rng = np.random.default_rng(seed)
    codebook = _codebook()
    extra = bool(rng.random() < 0.3)
    selected = bool(rng.random() < 0.4)
    attributes = tuple(Attribute.from_json(a) for a in _attributes(extra, selected))
    blank_rate = float(rng.choice([0.0, 0.0, 0.02, 0.1]))
    dont_know_rate = float(rng.choice([0.0, 0.0, 0.05, 0.2]))
    alike = bool(rng.random() < 0.3)  # organisations whose people answer the same
    orgs = [f"{1000 + i}" for i in range(int(rng.integers(3, 13)))]
    org_values = {"urval": {o: str(rng.choice(["ja", "nej"])) for o in orgs}} if selected else {}

    rows = []
    for wave in WAVES:
        for org in orgs:
            size = int(rng.choice([rng.integers(1, 8), rng.integers(1, 61)]))
            level = rng.integers(1, 6)
            for _ in range(size):
                roll = rng.random()
                role = "" if roll < 0.05 else ROLES[int(rng.choice(3, p=[0.2, 0.3, 0.5]))]
                codes = []
                for _item in codebook.items[:-1]:
                    r = rng.random()
                    if r < blank_rate:
                        codes.append(0)
                    elif r < blank_rate + dont_know_rate:
                        codes.append(1)
                    else:
                        step = level if alike else rng.integers(1, 6)
                        codes.append(1 + int(step))
                codes.append(2 if rng.random() < 0.3 else 0)
                row = {"wave": wave, "organisation": org, "role": role, "codes": codes}
                if extra:
                    row["tenure"] = str(rng.choice(["kort", "lång", ""]))
                rows.append(row)
    frame = pl.DataFrame(
        {
            "wave": [r["wave"] for r in rows],
            "organisation": [r["organisation"] for r in rows],
            "role": [r["role"] for r in rows],
            **({"tenure": [r["tenure"] for r in rows]} if extra else {}),
        }
    )
    keys = frame.unique(maintain_order=True).with_row_index("fine")
    index = frame.join(keys, on=frame.columns, how="left", maintain_order="left")["fine"]
    codes = np.array([r["codes"] for r in rows], dtype=np.uint8)
    counts = count_codes(codes, index.to_numpy(), keys.height, codebook)
    fine = keys.drop("fine").with_columns(
        respondents=pl.Series(np.bincount(index.to_numpy(), minlength=keys.height))
    )
    # Drawn last, so the answers of a cohort do not depend on it: in some cohorts the
    # second wave is still open, and only its counts of respondents are published.
    open_waves = frozenset(WAVES[1:]) if rng.random() < 0.25 else frozenset()
    spec = _layout(codebook, attributes).spec(
        k=k,
        org_values=org_values,
        waves=WAVES,
        organisations=tuple(sorted(orgs)),
        open_waves=open_waves,
    )
    results = published(analyse(fine, counts, spec), name=f"Slumpkohort {seed}")
    return summary(results), results
