"""An independent disclosure auditor: the attack a determined analyst would make on a
survey's published results.

It reads only what Kompass publishes (the summary that the pages, reports, downloads, API
and `kompass survey summary` all print: cells per statement, respondents per group,
comment counts, organisations with their organisation-level values) and never imports
the product's suppression or analysis code, so a mistake there cannot hide itself here.

The attack, per wave:

- unknowns: for every published group, the number of respondents and, per statement,
  the count of each answer (no answer, "vet ej", every scale step) and n (answers on the
  scale); for a free-text question the number who wrote something;
- what is known: every shown figure (a distribution's shares times its n give the counts),
  the bands of hidden respondent counts ("färre än k" means 1..k-1; hidden for another
  reason means at least k), every published group has at least one respondent, and every
  group that is not published has none;
- the sum relations: a group is the sum of the groups of any finer published grouping
  inside it (everyone = the organisations = the roles = organisation x role ...; "selected
  municipalities" = the selected organisations, and by role), for every count; a group's
  respondents are its blanks + "vet ej" + n for every statement, n is the sum of the steps;
- all counts are whole numbers >= 0.

Bounds are propagated over all of it until nothing changes (interval propagation with
integers). A hidden figure is *disclosed* when its bounds meet: a hidden group's
respondents, a hidden cell's n, or its distribution (every respondent of the hidden cell
who answered on the scale gave the same answer, or every step's count is fixed).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import permutations

import numpy as np

INF = 1 << 40
ORG = "organisation"


@dataclass(frozen=True)
class Finding:
    wave: str
    what: str  # "respondents" or a statement code
    group: str  # the group as sorted JSON
    kind: str  # "respondents", "n" or "distribution"
    value: object

    def __str__(self) -> str:
        return f"wave {self.wave}, {self.what}, group {self.group}: {self.kind} = {self.value}"


@dataclass
class _System:
    lo: list = field(default_factory=list)
    hi: list = field(default_factory=list)
    equations: list = field(default_factory=list)  # (plus vars, minus vars)

    def var(self, lo: int = 0, hi: int = INF) -> int:
        self.lo.append(lo)
        self.hi.append(hi)
        return len(self.lo) - 1

    def fix(self, var: int, lo: int, hi: int | None = None) -> None:
        hi = lo if hi is None else hi
        self.lo[var] = max(self.lo[var], lo)
        self.hi[var] = min(self.hi[var], hi)

    def equal(self, total: int, parts: list[int]) -> None:
        self.equations.append(([total], list(parts)))


def _key(group: dict) -> str:
    return json.dumps(group, sort_keys=True, ensure_ascii=False)


def _steps(summary: dict) -> dict[str, list[str]]:
    """The scale steps of each statement: given with the statement, or read from the
    distributions that are shown."""
    steps: dict[str, list[str]] = {}
    for item in summary["items"]:
        if item.get("steps"):
            steps[item["code"]] = [str(s) for s in item["steps"]]
    for cell in summary["cells"]:
        if cell.get("dist") and cell["item"] not in steps:
            steps[cell["item"]] = list(cell["dist"])
    return steps


def _counts(cell: dict, steps: list[str]) -> list[tuple[int, int]]:
    """Bounds of the count on every step of a shown cell: share x n, exact while the
    rounding of the share (4 decimals) cannot move it by a whole answer."""
    n = cell["n"]
    out = []
    for step in steps:
        share = (cell["dist"] or {}).get(step, 0.0)
        low = int(np.ceil((share - 0.00005) * n - 1e-9))
        high = int(np.floor((share + 0.00005) * n + 1e-9))
        out.append((max(low, 0), max(high, 0)))
    return out


def _contains(parent: tuple, child: tuple, org_level: set[str]) -> bool:
    """Whether the cells of grouping `child` partition each cell of grouping `parent`."""
    if parent == child:
        return False
    return all(a in child or (a in org_level and ORG in child) for a in parent)


def _matches(parent: dict, child: dict, org_values: dict, org_level: set[str]) -> bool:
    for attr, value in parent.items():
        if attr in child:
            if child[attr] != value:
                return False
        elif attr in org_level:
            if org_values.get(child[ORG], {}).get(attr) != value:
                return False
        else:
            return False
    return True


def _propagate(system: _System) -> tuple[np.ndarray, np.ndarray, int]:
    """Bounds at the fixpoint of the propagation; also the number of rounds."""
    lo = np.array(system.lo, dtype=np.int64)
    hi = np.array(system.hi, dtype=np.int64)
    eq_ids, var_ids, signs = [], [], []
    for index, (plus, minus) in enumerate(system.equations):
        for v in plus:
            eq_ids.append(index)
            var_ids.append(v)
            signs.append(1)
        for v in minus:
            eq_ids.append(index)
            var_ids.append(v)
            signs.append(-1)
    if not eq_ids:
        return lo, hi, 0
    eq = np.array(eq_ids, dtype=np.int64)
    var = np.array(var_ids, dtype=np.int64)
    sign = np.array(signs, dtype=np.int64)
    n_eq = len(system.equations)
    positive = sign > 0
    rounds = 0
    while True:
        rounds += 1
        # Each equation reads  sum(plus) - sum(minus) = 0.  The largest and smallest
        # value the other terms can take bound each term.
        term_low = np.where(positive, lo[var], -hi[var])
        term_high = np.where(positive, hi[var], -lo[var])
        low_sum = np.zeros(n_eq, dtype=np.int64)
        high_sum = np.zeros(n_eq, dtype=np.int64)
        np.add.at(low_sum, eq, term_low)
        np.add.at(high_sum, eq, term_high)
        rest_low = low_sum[eq] - term_low
        rest_high = high_sum[eq] - term_high
        # term = -(rest):  for a plus term x = -rest, for a minus term x = rest
        new_lo = np.where(positive, -rest_high, rest_low)
        new_hi = np.where(positive, -rest_low, rest_high)
        next_lo = lo.copy()
        next_hi = hi.copy()
        np.maximum.at(next_lo, var, new_lo)
        np.minimum.at(next_hi, var, new_hi)
        next_lo = np.clip(next_lo, 0, INF)
        next_hi = np.clip(next_hi, 0, INF)
        if (next_lo > next_hi).any():
            bad = np.flatnonzero(next_lo > next_hi)[:5]
            raise AssertionError(f"published figures contradict each other at {bad.tolist()}")
        if np.array_equal(next_lo, lo) and np.array_equal(next_hi, hi):
            return lo, hi, rounds
        lo, hi = next_lo, next_hi


def audit(summary: dict) -> list[Finding]:
    """Every hidden figure of the summary that the attack pins down to one value."""
    k = int(summary["min_group"])
    org_level = {a["code"] for a in summary["attributes"] if a["level"] == "organisation"}
    org_values = {o["code"]: o.get("values") or {} for o in summary["organisations"]}
    steps_of = _steps(summary)
    text_items = [i["code"] for i in summary.get("text_items", [])]

    # What is published, per wave and group.
    groups: dict[str, dict[str, dict]] = defaultdict(dict)
    respondents: dict[tuple[str, str], dict] = {}
    for row in summary.get("groups", []):
        groups[row["wave"]][_key(row["group"])] = row["group"]
        respondents[(row["wave"], _key(row["group"]))] = row
    cells: dict[tuple[str, str, str], dict] = {}
    for cell in summary["cells"]:
        groups[cell["wave"]][_key(cell["group"])] = cell["group"]
        cells[(cell["wave"], cell["item"], _key(cell["group"]))] = cell
    comments: dict[tuple[str, str, str], dict] = {}
    for row in summary.get("comments", []):
        groups[row["wave"]][_key(row["group"])] = row["group"]
        comments[(row["wave"], row["item"], _key(row["group"]))] = row

    findings: list[Finding] = []
    for wave, wave_groups in groups.items():
        findings += _audit_wave(
            wave,
            wave_groups,
            respondents,
            cells,
            comments,
            steps_of,
            text_items,
            k,
            org_level,
            org_values,
        )
    return findings


def _relations(keys, wave_groups, org_level, org_values) -> list[tuple[str, list[str]]]:
    """(parent, children) for every pair of groupings where one partitions the other."""
    by_grouping: dict[tuple, list[str]] = defaultdict(list)
    for key in keys:
        by_grouping[tuple(sorted(wave_groups[key]))].append(key)
    out = []
    for parent_g, child_g in permutations(by_grouping, 2):
        if not _contains(parent_g, child_g, org_level):
            continue
        for parent in by_grouping[parent_g]:
            children = [
                c
                for c in by_grouping[child_g]
                if _matches(wave_groups[parent], wave_groups[c], org_values, org_level)
            ]
            out.append((parent, children))
    return out


def _audit_wave(
    wave, wave_groups, respondents, cells, comments, steps_of, text_items, k, org_level, org_values
) -> list[Finding]:
    system = _System()
    keys = sorted(wave_groups)
    items = sorted({item for (w, item, _g) in cells if w == wave}, key=str)
    texts = sorted({item for (w, item, _g) in comments if w == wave} | set(text_items))
    relations = _relations(keys, wave_groups, org_level, org_values)

    def few(key: str) -> bool:
        row = respondents.get((wave, key))
        return row is not None and row.get("respondents_suppressed") == "few_respondents"

    # A group shown as "fewer than k" holds someone, unless it lies inside another group
    # of fewer than k (the documented rule: empty groups are shown as 0 except there).
    inside_few = {c for parent, children in relations if few(parent) for c in children}
    r_var = {}
    item_vars: dict[tuple[str, str], dict] = {}
    for key in keys:
        r = system.var()
        r_var[key] = r
        row = respondents.get((wave, key))
        if row is not None:
            if row["respondents"] is not None:
                system.fix(r, row["respondents"])
            elif few(key):
                system.fix(r, 0 if key in inside_few else 1, k - 1)
            elif row.get("respondents_suppressed"):
                system.fix(r, k, INF)
        for item in items:
            steps = steps_of.get(item, [])
            v = {
                "blank": system.var(),
                "dk": system.var(),
                "n": system.var(),
                "steps": [system.var() for _ in steps],
            }
            item_vars[(item, key)] = v
            system.equal(r, [v["blank"], v["dk"], v["n"]])
            system.equal(v["n"], v["steps"])
            cell = cells.get((wave, item, key))
            if cell is None:
                continue
            if cell["n"] is not None:
                system.fix(v["n"], cell["n"])
            if cell["suppressed"] is None:
                system.fix(v["dk"], cell["dont_know"] or 0)
                if cell["n"]:
                    for var, (low, high) in zip(v["steps"], _counts(cell, steps), strict=True):
                        system.fix(var, low, high)
                else:
                    for var in v["steps"]:
                        system.fix(var, 0)
        for item in texts:
            v = {"blank": system.var(), "dk": system.var(0, 0), "n": system.var(), "steps": []}
            v["steps"] = [v["n"]]
            item_vars[(item, key)] = v
            system.equal(r, [v["blank"], v["n"]])
            row = comments.get((wave, item, key))
            if row is not None and row["n"] is not None:
                system.fix(v["n"], row["n"])

    # The sums, for every count.
    for parent, children in relations:
        system.equal(r_var[parent], [r_var[c] for c in children])
        for item in [*items, *texts]:
            p = item_vars[(item, parent)]
            ch = [item_vars[(item, c)] for c in children]
            for name in ("blank", "dk", "n"):
                system.equal(p[name], [c[name] for c in ch])
            for s, var in enumerate(p["steps"]):
                system.equal(var, [c["steps"][s] for c in ch])

    lo, hi, _rounds = _propagate(system)

    findings = []
    for key in keys:
        row = respondents.get((wave, key))
        if row is not None and row["respondents"] == 0:
            continue  # a group shown as empty: nothing in it to find out
        r = r_var[key]
        if row is not None and row["respondents"] is None and lo[r] == hi[r]:
            findings.append(Finding(wave, "respondents", key, "respondents", int(lo[r])))
        for item in items:
            cell = cells.get((wave, item, key))
            if cell is None or cell["suppressed"] is None:
                continue
            v = item_vars[(item, key)]
            n = v["n"]
            if lo[n] == hi[n]:
                findings.append(Finding(wave, item, key, "n", int(lo[n])))
            possible = [s for s, var in enumerate(v["steps"]) if hi[var] > 0]
            fixed = all(lo[var] == hi[var] for var in v["steps"])
            if v["steps"] and (fixed or (lo[n] >= 1 and len(possible) == 1)):
                value = (
                    [int(lo[var]) for var in v["steps"]] if fixed else steps_of[item][possible[0]]
                )
                findings.append(Finding(wave, item, key, "distribution", value))
        for item in texts:
            row = comments.get((wave, item, key))
            v = item_vars[(item, key)]
            if row is not None and row["n"] is None and lo[v["n"]] == hi[v["n"]]:
                findings.append(Finding(wave, item, key, "n", int(lo[v["n"]])))
    return findings
