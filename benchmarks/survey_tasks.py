"""Steps of the survey benchmark that need Django, run as separate processes so that each
gets its own data directory (`KOMPASS_DATA_DIR`) and its own memory measurement:

- `setup-scale`: a survey on the LfR instrument with three roles (ledning, stöd,
  medarbetare) for the national data set;
- `setup-web`: a survey with an open wave and an anonymous link; prints the token;
- `core`: the analysis core on the stored counts, the same statistics with a
  straightforward pandas melt-and-groupby over the raw answers, both in this process,
  and the counting of the raw answers; prints the timings as JSON.
"""

import json
import os
import sys
import time


def _django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompass.settings")
    django.setup()


def setup_scale() -> None:
    from kompass.surveys.domain.surveys import create_survey, set_attributes

    survey = create_survey(
        slug="bench", framework="lfr-sjalvskattning", name="Nationell medarbetarenkät"
    )
    attributes = survey.attributes
    attributes[0]["options"].append({"value": "medarbetare", "label": "Medarbetare", "aliases": []})
    set_attributes(survey=survey, attributes=attributes)


def setup_web() -> None:
    import datetime

    from django.utils import timezone

    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.answering import ensure_links
    from kompass.surveys.domain.surveys import add_organisations, add_wave, create_survey

    survey = create_survey(slug="webb", framework="lfr-sjalvskattning", name="Webbenkät")
    today = timezone.localdate()
    wave = add_wave(
        survey=survey,
        code=f"{today:%Y-%m}",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )
    add_organisations(survey=survey, organisations=[Organisation.objects.get(code="2029")])
    link = ensure_links(survey=survey, wave=wave)[0]
    print(
        json.dumps(
            {
                "token": link.token,
                "items": [i["code"] for i in survey.codebook],
                "attributes": {
                    a["code"]: [o["value"] for o in a["options"]] for a in survey.attributes
                },
            }
        )
    )


def core(csv_path: str) -> None:
    import numpy as np
    import pandas as pd
    import polars as pl

    from kompass.analytics.suppression import protect
    from kompass.analytics.survey_analysis import analyse
    from kompass.analytics.survey_counts import count_codes
    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.counts import load_counts, refresh_counts
    from kompass.surveys.domain.instrument import layout_of
    from kompass.surveys.models import Survey

    survey = Survey.objects.get(slug="bench")
    layout = layout_of(survey)
    refresh_counts(survey, layout)
    orgs = {o.pk: o.code for o in Organisation.objects.all()}
    waves = {w.pk: w.code for w in survey.waves.all()}
    frame, counts = load_counts(survey, layout, orgs, waves)
    spec = layout.spec(
        k=survey.min_group,
        org_values={},
        waves=tuple(waves.values()),
        organisations=tuple(sorted(orgs[m.organisation_id] for m in survey.members.all())),
    )
    analyse(frame, counts, spec)  # warm-up (first calls compile Polars plans)
    core_times = []
    for _ in range(5):
        started = time.perf_counter()
        analysis = analyse(frame, counts, spec)
        core_times.append(time.perf_counter() - started)
    # The disclosure control alone (part of the core): greedy complements and the
    # attack's bounds propagation until nothing hidden is pinned down.
    suppression_times = []
    for _ in range(5):
        started = time.perf_counter()
        pattern = protect(analysis.tables, spec.k, analysis.keep)
        suppression_times.append(time.perf_counter() - started)

    items = [f"q{i}" for i in range(1, 20)]
    raw = pd.read_csv(
        csv_path,
        sep=";",
        usecols=["wave", "organisation", "role", "in_management_group", *items],
        dtype={
            "wave": "category",
            "organisation": "category",
            "role": "category",
            "in_management_group": "category",
            **dict.fromkeys(items, "float32"),
        },
    )
    started = time.perf_counter()
    long = raw.melt(
        id_vars=["wave", "organisation", "role", "in_management_group"],
        value_vars=items,
        var_name="item",
        value_name="value",
    ).dropna(subset=["value"])
    for group in (
        [],
        ["organisation"],
        ["role"],
        ["in_management_group"],
        ["organisation", "role"],
        ["in_management_group", "role"],
    ):
        keys = ["wave", *group, "item"]
        long.groupby(keys, observed=True)["value"].agg(["count", "mean", "std"])
        long.groupby([*keys, "value"], observed=True).size()
    pandas_time = time.perf_counter() - started
    del long

    # Counting the raw answers (what an import does once): packed codes -> counts.
    codes = np.where(raw[items].isna().to_numpy(), 0, raw[items].fillna(0).to_numpy() + 1).astype(
        np.uint8
    )
    keys = pl.DataFrame(
        {
            "w": raw["wave"].cat.codes.to_numpy(),
            "o": raw["organisation"].cat.codes.to_numpy(),
            "r": raw["role"].cat.codes.to_numpy(),
            "m": raw["in_management_group"].cat.codes.to_numpy(),
        }
    )
    started = time.perf_counter()
    fine = keys.unique(maintain_order=True).with_row_index("f")
    index = keys.join(fine, on=["w", "o", "r", "m"], how="left", maintain_order="left")[
        "f"
    ].to_numpy()
    count_codes(codes, index, fine.height, layout.codebook)
    counting_time = time.perf_counter() - started

    print(
        json.dumps(
            {
                "core": min(core_times),
                "core_median": sorted(core_times)[2],
                "suppression": min(suppression_times),
                "rounds": pattern.rounds,
                "hidden_groups": int((analysis.respondents_code > 0).sum()),
                "pandas": pandas_time,
                "counting": counting_time,
                "cells": analysis.cells.height,
                "hidden": int((analysis.code > 0).sum()),
                "fine_groups": frame.height,
            }
        )
    )


if __name__ == "__main__":
    _django()
    action = sys.argv[1]
    if action == "setup-scale":
        setup_scale()
    elif action == "setup-web":
        setup_web()
    elif action == "core":
        core(sys.argv[2])
    else:
        raise SystemExit(f"unknown action {action}")
