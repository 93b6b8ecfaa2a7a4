"""Synthetic raw answers (Exempeldata) for the LfR cohort 2012–2014 that reproduce the
published figures of seed 000 (cleaned in shared/reference/lfr-2012-2013.md):

- Table 2: the mean of every statement for all municipalities in October 2012 (259
  answers: 136 ledning, 117 stöd, 6 not stated) and May 2013 (234: 111, 105, 18), and the
  change, all to two decimals; so the largest changes are 8, 1, 5 and the smallest 16, 14;
- Table 1: statement 8 for the seven selected municipalities, 3,17 / 4,52 / 4,23 over three
  waves (68, 63 and 35 answers; two answers in October and one in May left blank);
- Diagram 10: statement 5 by role in the selected municipalities (4,6 / 3,6; 5,0 / 5,2;
  5,0 / 4,2);
- the pattern the text describes where no figure is given: the selected municipalities
  start where the others do and improve more on every statement but 19, and in 2014 fall
  back on statements 1–10 and hold or rise on the rest; "stöd" answers lower than
  "ledning", the gap narrowing by May.

The seed names the seven selected municipalities; the others are not named, so real
municipalities from the register stand in for them. Everything is labelled Exempeldata.
The generator is deterministic: `rows()` always returns the same answers.
"""

from __future__ import annotations

import csv
import io
import random
from decimal import ROUND_HALF_UP, Decimal

WAVES = [
    ("2012-10", "Oktober 2012", "2012-10-15"),
    ("2013-05", "Maj 2013", "2013-05-15"),
    ("2014", "Uppföljning 2014", "2014-02-15"),
]
# (code, name, weight for the number of participants)
SELECTED = [
    ("0127", "Botkyrka", 1.3),
    ("0862", "Emmaboda", 0.8),
    ("1380", "Halmstad", 1.3),
    ("1082", "Karlshamn", 1.0),
    ("2085", "Ludvika", 0.9),
    ("0861", "Mönsterås", 0.8),
    ("1081", "Ronneby", 1.0),
]
OTHERS = [
    ("1080", "Karlskrona", 1.2),
    ("1060", "Olofström", 0.7),
    ("1083", "Sölvesborg", 0.8),
    ("1415", "Stenungsund", 0.9),
    ("0581", "Norrköping", 1.4),
    ("0680", "Jönköping", 1.3),
    ("0780", "Växjö", 1.2),
    ("0883", "Västervik", 0.9),
    ("1282", "Landskrona", 1.0),
    ("1384", "Kungsbacka", 1.1),
    ("1490", "Borås", 1.2),
    ("1785", "Säffle", 0.7),
    ("1880", "Örebro", 1.4),
    ("1980", "Västerås", 1.3),
    ("2180", "Gävle", 1.1),
    ("2281", "Sundsvall", 1.1),
    ("2480", "Umeå", 1.2),
    ("0484", "Eskilstuna", 1.1),
]
ROLES = ("ledning", "stöd", "")
# Answers per wave, population (selected/others) and role (ledning, stöd, not stated).
COUNTS = {
    ("2012-10", "sel"): (35, 32, 1),
    ("2012-10", "oth"): (101, 85, 5),
    ("2013-05", "sel"): (32, 25, 6),
    ("2013-05", "oth"): (79, 80, 12),
    ("2014", "sel"): (17, 17, 1),
}
# Table 2: statement -> (October, May, May - October), all municipalities.
TABLE2 = {
    "1": ("3.29", "4.08", "0.79"),
    "2": ("3.82", "4.24", "0.42"),
    "3": ("4.62", "4.98", "0.36"),
    "4": ("4.02", "4.60", "0.58"),
    "5": ("4.08", "4.83", "0.75"),
    "6": ("3.54", "4.21", "0.67"),
    "7": ("3.81", "4.41", "0.60"),
    "8": ("3.45", "4.33", "0.88"),
    "9": ("3.39", "4.03", "0.64"),
    "10": ("4.39", "5.03", "0.64"),
    "11": ("4.49", "5.04", "0.55"),
    "12": ("3.99", "4.50", "0.51"),
    "13": ("4.78", "5.24", "0.46"),
    "14": ("3.99", "4.29", "0.30"),
    "15": ("3.91", "4.28", "0.37"),
    "16": ("3.22", "3.46", "0.24"),
    "17": ("4.05", "4.40", "0.35"),
    "18": ("3.60", "4.29", "0.69"),
    "19": ("3.78", "4.13", "0.35"),
}
ITEMS = list(TABLE2)
# Table 1 (statement 8, selected): sums of answers that give 3,17 (66 answers), 4,52 (62)
# and 4,23 (35), and changes 1,35 and 1,06.
SELECTED_SUMS = {("2012-10", "8"): 209, ("2013-05", "8"): 280, ("2014", "8"): 148}
# Blank answers to statement 8 among the selected: role -> how many.
BLANKS = {("2012-10", "8"): {"ledning": 1, "stöd": 1}, ("2013-05", "8"): {"stöd": 1}}
# Diagram 10 (statement 5, selected) as sums: 161/35 = 4,6; 115/32 = 3,6; 160/32 = 5,0;
# 130/25 = 5,2; 85/17 = 5,0; 71/17 = 4,2.
ROLE_SUMS = {
    ("2012-10", "5", "ledning"): 161,
    ("2012-10", "5", "stöd"): 115,
    ("2013-05", "5", "ledning"): 160,
    ("2013-05", "5", "stöd"): 130,
    ("2014", "5", "ledning"): 85,
    ("2014", "5", "stöd"): 71,
}
ROLE_GAP = {"2012-10": 0.35, "2013-05": 0.1, "2014": 0.25}  # ledning above stöd
SEED = 2012


def _r2(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _sums_for(mean: str, n: int) -> list[int]:
    target = Decimal(mean)
    return [s for s in range(n, 7 * n + 1) if _r2(s / n) == target]


def _blanks(wave: str, item: str, pop: str) -> dict[str, int]:
    return BLANKS.get((wave, item), {}) if pop == "sel" else {}


def _answered(wave: str, pop: str, item: str) -> tuple[int, int, int]:
    blanks = _blanks(wave, item, pop)
    return tuple(
        n - blanks.get(role, 0) for n, role in zip(COUNTS[(wave, pop)], ROLES, strict=True)
    )


def all_sums() -> dict[tuple[str, str], tuple[int, int]]:
    """(wave, statement) -> (sum of answers, answers) for all municipalities, chosen so that
    both means and the change round to Table 2 (the middle of the possible sums)."""
    out = {}
    for item, (october, may, change) in TABLE2.items():
        n_oct = sum(sum(_answered("2012-10", p, item)) for p in ("sel", "oth"))
        n_may = sum(sum(_answered("2013-05", p, item)) for p in ("sel", "oth"))
        pairs = [
            (a, b)
            for a in _sums_for(october, n_oct)
            for b in _sums_for(may, n_may)
            if _r2(b / n_may - a / n_oct) == Decimal(change)
        ]
        if not pairs:
            raise ValueError(f"statement {item}: Table 2 cannot be met")
        a, b = pairs[len(pairs) // 2]
        out[("2012-10", item)] = (a, n_oct)
        out[("2013-05", item)] = (b, n_may)
    return out


def _selected_mean(wave: str, item: str) -> float:
    october, _may, change = (float(v) for v in TABLE2[item])
    number = int(item)
    start = october + (0.04 if number % 3 == 0 else -0.03 if number % 3 == 1 else 0.0)
    extra = {"4": 0.4, "12": 0.4, "19": -0.1}.get(item, 0.15)
    end = start + change + extra
    if wave == "2012-10":
        return start
    if wave == "2013-05":
        return end
    if number <= 10:
        return start + 0.5 * (end - start)
    return end + (0.1 if item in ("13", "14", "17") else 0.05)


def group_sums() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    """(wave, population, role, statement) -> (sum, answers) for every group."""
    totals = all_sums()
    out = {}
    for wave, _name, _date in WAVES:
        for item in ITEMS:
            pops = ("sel", "oth") if wave != "2014" else ("sel",)
            sel_n = _answered(wave, "sel", item)
            if (wave, item) in SELECTED_SUMS:
                sel_sum = SELECTED_SUMS[(wave, item)]
            elif item == "5":
                unstated = round(_selected_mean(wave, item) * sel_n[2])
                sel_sum = (
                    ROLE_SUMS[(wave, "5", "ledning")] + ROLE_SUMS[(wave, "5", "stöd")] + unstated
                )
            else:
                sel_sum = round(_selected_mean(wave, item) * sum(sel_n))
            pop_sums = {"sel": (sel_sum, sel_n)}
            if "oth" in pops:
                total, n_total = totals[(wave, item)]
                oth_n = _answered(wave, "oth", item)
                if sum(sel_n) + sum(oth_n) != n_total:
                    raise ValueError("answer counts do not add up")
                pop_sums["oth"] = (total - sel_sum, oth_n)
            for pop, (pop_sum, (n_l, n_s, n_u)) in pop_sums.items():
                if pop == "sel" and item == "5":
                    s_l, s_s = ROLE_SUMS[(wave, "5", "ledning")], ROLE_SUMS[(wave, "5", "stöd")]
                    s_u = pop_sum - s_l - s_s
                else:
                    mean = pop_sum / (n_l + n_s + n_u)
                    gap = ROLE_GAP[wave]
                    s_u = round(mean * n_u)
                    s_l = round((mean + gap * n_s / (n_l + n_s)) * n_l)
                    s_l = min(max(s_l, pop_sum - s_u - 7 * n_s), pop_sum - s_u - n_s)
                    s_s = pop_sum - s_u - s_l
                for role, s, n in (("ledning", s_l, n_l), ("stöd", s_s, n_s), ("", s_u, n_u)):
                    if n and not n <= s <= 7 * n:
                        raise ValueError(f"{wave} {pop} {role} {item}: impossible sum {s} for {n}")
                    out[(wave, pop, role, item)] = (s, n)
    return out


def _apportion(total: int, weights: list[float]) -> list[int]:
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _fit(values: list[int], target: int, rng: random.Random) -> list[int]:
    """Move single answers up or down by one until they sum to `target` (within 1..7)."""
    values = list(values)
    diff = target - sum(values)
    while diff:
        step = 1 if diff > 0 else -1
        candidates = [i for i, v in enumerate(values) if 1 <= v + step <= 7]
        i = rng.choice(candidates)
        values[i] += step
        diff -= step
    return values


def respondents() -> list[dict]:
    """Every synthetic respondent with wave, organisation, role, management group and the
    19 answers (None = left blank)."""
    rng = random.Random(SEED)
    effects = {code: rng.uniform(-0.45, 0.45) for code, _n, _w in SELECTED + OTHERS}
    sums = group_sums()
    people = []
    for wave, _name, _date in WAVES:
        for pop, orgs in (("sel", SELECTED), ("oth", OTHERS)):
            if (wave, pop) not in COUNTS:
                continue
            weights = [w for _c, _n, w in orgs]
            for role, total in zip(ROLES, COUNTS[(wave, pop)], strict=True):
                group = []
                for (code, name, _w), count in zip(orgs, _apportion(total, weights), strict=True):
                    group += [
                        {"wave": wave, "code": code, "name": name, "role": role}
                        for _ in range(count)
                    ]
                rng.shuffle(group)
                for item in ITEMS:
                    target, answered = sums[(wave, pop, role, item)]
                    blanks = len(group) - answered
                    mean = target / answered if answered else 0
                    values = [
                        min(7, max(1, round(rng.gauss(mean + effects[p["code"]], 1.25))))
                        for p in group[blanks:]
                    ]
                    values = _fit(values, target, rng)
                    for person in group[:blanks]:
                        person[item] = None
                    for person, value in zip(group[blanks:], values, strict=True):
                        person[item] = value
                for person in group:
                    share = {"ledning": 0.85, "stöd": 0.3, "": 0.5}[role]
                    person["mgmt"] = "ja" if rng.random() < share else "nej"
                    if role == "" and rng.random() < 0.5:
                        person["mgmt"] = ""
                people += group
    people.sort(
        key=lambda p: (
            [w for w, _n, _d in WAVES].index(p["wave"]),
            p["name"],
            p["role"] == "",
            p["role"],
        )
    )
    return people


def invited(people: list[dict]) -> list[tuple[str, str, str, int]]:
    """(wave, organisation code, role, invited): nearly everyone present answered at the
    seminars; the 2014 web survey reached about half (as the seed says)."""
    rng = random.Random(SEED + 1)
    counted: dict[tuple[str, str, str], int] = {}
    for p in people:
        counted[(p["wave"], p["code"], p["role"])] = (
            counted.get((p["wave"], p["code"], p["role"]), 0) + 1
        )
    out = []
    for wave, _name, _date in WAVES:
        codes = sorted({c for (w, c, _r) in counted if w == wave})
        for code in codes:
            unstated = counted.get((wave, code, ""), 0)
            for index, role in enumerate(("ledning", "stöd")):
                answered = counted.get((wave, code, role), 0) + (unstated + 1 - index) // 2
                extra = 1 if rng.random() < 0.3 else 0
                count = 2 * answered + extra if wave == "2014" else answered + extra
                out.append((wave, code, role, count))
    return out


def csv_text(people: list[dict] | None = None) -> str:
    """The answers as an import file (semicolon-separated, as Swedish Excel writes)."""
    people = respondents() if people is None else people
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(
        [
            "respondent",
            "wave",
            "organisation",
            "role",
            "in_management_group",
            *(f"q{i}" for i in ITEMS),
        ]
    )
    numbers: dict[str, int] = {}
    for person in people:
        numbers[person["wave"]] = numbers.get(person["wave"], 0) + 1
        writer.writerow(
            [
                f"{person['wave']}-{numbers[person['wave']]:04d}",
                person["wave"],
                person["name"],
                person["role"],
                person["mgmt"],
                *("" if person[i] is None else person[i] for i in ITEMS),
            ]
        )
    return buffer.getvalue()


if __name__ == "__main__":  # `python -m kompass.surveys.demo_data > lfr.csv`
    print(csv_text(), end="")
