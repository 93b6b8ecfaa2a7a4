"""A national staff survey for the survey benchmark: 1.2 million respondents in two waves,
290 municipalities (sized by population, so small ones have small groups), three roles,
the management-group question and 19 statements on the LfR scale with about 1 % blanks.
Written as the import format (`;`, UTF-8) with numpy and Polars; never committed."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import polars as pl

ROLES = ("ledning", "stöd", "medarbetare")
ROLE_SHARES = (0.03, 0.12, 0.85)
ITEMS = 19


DATA = Path(__file__).resolve().parent.parent / "src/kompass/organisations/data"
REGISTER = DATA / "kommuner.csv"
POPULATION = DATA / "folkmangd.csv"


def municipalities() -> list[tuple[str, int]]:
    """(code, newest population) of the 290 municipalities, read without Django."""
    newest: dict[str, tuple[int, int]] = {}
    with open(POPULATION, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year, people = int(row["year"]), int(row["population"] or 1)
            if row["code"] not in newest or year > newest[row["code"]][0]:
                newest[row["code"]] = (year, people)
    with open(REGISTER, encoding="utf-8", newline="") as handle:
        return [(row["code"], newest.get(row["code"], (0, 1))[1]) for row in csv.DictReader(handle)]


def generate(
    path: Path, respondents: int = 1_200_000, waves=("2024-03", "2025-03"), seed: int = 1
) -> Path:
    rng = np.random.default_rng(seed)
    orgs = municipalities()
    codes = np.array([c for c, _p in orgs])
    weights = np.array([p for _c, p in orgs], dtype=float)
    weights /= weights.sum()
    per_wave = respondents // len(waves)
    frames = []
    for index, wave in enumerate(waves):
        n = per_wave if index < len(waves) - 1 else respondents - per_wave * (len(waves) - 1)
        org = rng.choice(len(codes), size=n, p=weights)
        role = rng.choice(len(ROLES), size=n, p=ROLE_SHARES)
        mgmt = np.where(role == 0, rng.random(n) < 0.8, rng.random(n) < 0.05)
        level = 3.6 + 0.3 * index + 0.4 * (role == 0) + rng.normal(0, 0.35, len(codes))[org]
        values = np.clip(np.rint(level[:, None] + rng.normal(0, 1.3, (n, ITEMS))), 1, 7).astype(
            np.int8
        )
        text = values.astype(str).astype(object)
        text[rng.random((n, ITEMS)) < 0.01] = ""
        columns = {
            "respondent": np.char.add(f"{wave}-", np.arange(n).astype(str)),
            "wave": np.full(n, wave),
            "organisation": codes[org],
            "role": np.array(ROLES)[role],
            "in_management_group": np.where(mgmt, "ja", "nej"),
        }
        for item in range(ITEMS):
            columns[f"q{item + 1}"] = text[:, item].astype(str)
        frames.append(pl.DataFrame(columns))
    pl.concat(frames).write_csv(path, separator=";")
    return path
