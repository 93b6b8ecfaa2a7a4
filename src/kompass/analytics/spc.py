"""Statistical process control: is this chance or a trend?

Seed 002 asks municipalities to understand variation before acting on a figure. This
module answers with run charts and control charts, pure Python, no Django:

* **Run chart** (`run`): the median as centre line and the Anhøj rules on the points that
  are not on the median ("useful" observations, n):
  - *unusually long run*: a run of points on the same side of the centre line longer
    than ``round(log2(n) + 3)`` points signals a shift;
  - *unusually few crossings*: fewer crossings of the centre line than the lower 5 %
    limit of a binomial distribution with n - 1 trials and p = 0,5 signals a shift or
    trend.
  Points on the centre line neither break nor extend a run. The rules need
  `MIN_RUN_POINTS` useful observations; with fewer the chart is drawn without a signal
  and says why.
* **Control charts**: ``i`` (individuals, XmR: mean ± 3/1,128 × average moving range,
  the moving ranges screened as qicharts2 does by default: see `screened_mean_range`),
  ``p`` (proportions: p̄ ± 3√(p̄(1 − p̄)/nᵢ), counts over denominators) and ``u`` (rates:
  ū ± 3√(ū/nᵢ), counts over exposure). Points outside the limits signal a special
  cause; the Anhøj rules are applied around the centre line too. Limits need
  `MIN_LIMIT_POINTS` points in a phase.
* **Phases**: after a deliberate change (a new working method) the centre line and the
  limits are recalculated from the first point of the new phase. The headline figures
  and the signal describe the current (last) phase; earlier phases are kept.

Every result carries one plain Swedish sentence of what the chart shows.
"""

from __future__ import annotations

import functools
import itertools
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kompass.lib.numbers import format_number, format_percent

CHARTS = ("run", "i", "p", "u")
CHART_NAMES = {
    "run": "körschema",
    "i": "styrdiagram I (XmR)",
    "p": "styrdiagram P",
    "u": "styrdiagram U",
}
DIRECTIONS = ("higher", "lower", "neutral")
MIN_RUN_POINTS = 10  # useful observations before the Anhøj rules mean anything
MIN_LIMIT_POINTS = 8  # points in a phase before control limits are estimated
D2 = 1.128  # the bias constant d2 for moving ranges of two points
XMR_FACTOR = 3 / D2  # 2,6596…; the rounded 2,66 of many textbooks moves the limits a little
MR_SCREEN_FACTOR = 3.267  # D4 for n = 2: a moving range above D4 × the average is a special cause


class SpcInputError(ValueError):
    """Bad series: `problems` holds (index of the point or None, Swedish message)."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = problems
        super().__init__("; ".join(m for _, m in problems))


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def longest_run_limit(n: int) -> int:
    """The longest run that chance alone explains: ``round(log2(n) + 3)``."""
    return round_half_up(math.log2(n) + 3)


@functools.lru_cache(maxsize=1024)
def crossings_limit(n: int) -> int:
    """The fewest crossings chance alone explains: the lower 5 % quantile of a binomial
    distribution with n - 1 trials and p = 0,5 (R's ``qbinom(0.05, n - 1, 0.5)``),
    computed exactly with integers (each binomial coefficient from the previous one)."""
    trials = max(0, n - 1)
    total = 2**trials
    term = 1  # C(trials, 0)
    cumulative = 0
    for k in range(trials + 1):
        cumulative += term
        if cumulative * 20 >= total:  # P(X <= k) >= 0,05
            return k
        term = term * (trials - k) // (k + 1)
    return trials


@dataclass(frozen=True)
class RunAnalysis:
    useful: int
    longest_run: int
    longest_run_side: str  # "above", "below" or ""
    run_indices: tuple[int, ...]  # the points of the longest run (indices into the input)
    crossings: int


def analyse_runs(values: list[float], centre: float) -> RunAnalysis:
    """Longest run and number of crossings around `centre`, ignoring points on it."""
    tolerance = 1e-9 * max(1.0, abs(centre))
    useful = [
        (i, 1 if v > centre else -1) for i, v in enumerate(values) if abs(v - centre) > tolerance
    ]
    best_start = best_length = 0
    run_start = 0
    crossings = 0
    for position in range(1, len(useful) + 1):
        if position < len(useful) and useful[position][1] == useful[position - 1][1]:
            continue
        if position - run_start > best_length:  # the run useful[run_start:position] ended
            best_start, best_length = run_start, position - run_start
        if position < len(useful):
            crossings += 1
            run_start = position
    longest = [index for index, _ in useful[best_start : best_start + best_length]]
    longest_side = useful[best_start][1] if best_length else 0
    return RunAnalysis(
        useful=len(useful),
        longest_run=len(longest),
        longest_run_side={1: "above", -1: "below"}.get(longest_side, ""),
        run_indices=tuple(longest),
        crossings=crossings,
    )


@dataclass
class Point:
    period: str
    value: float  # what is plotted: the value, the proportion (p) or the rate (u)
    raw: float  # as given
    denominator: float | None
    phase: int
    centre: float | None = None
    lower: float | None = None
    upper: float | None = None
    outside: str = ""  # "above" or "below" a control limit
    in_signal_run: bool = False

    def to_dict(self) -> dict:
        return {
            "period": self.period,
            "value": self.value,
            "raw": self.raw,
            "denominator": self.denominator,
            "phase": self.phase,
            "centre": self.centre,
            "lower": self.lower,
            "upper": self.upper,
            "outside": self.outside or None,
            "in_signal_run": self.in_signal_run,
        }


@dataclass
class Phase:
    index: int
    name: str
    start: int
    end: int  # exclusive
    centre: float | None = None
    lower: float | None = None  # constant limits (I chart); per point for P and U
    upper: float | None = None
    useful: int = 0
    longest_run: int | None = None
    longest_run_side: str = ""
    longest_run_limit: int | None = None
    crossings: int | None = None
    crossings_limit: int | None = None
    run_signal: bool = False
    crossings_signal: bool = False
    runs_reason: str = ""  # why the Anhøj rules were not applied
    limits_reason: str = ""  # why no control limits were drawn
    word: str = ""  # "förbättring", "försämring" or "förändring" when there is a signal
    outside: list[int] = field(default_factory=list)
    text: str = ""

    @property
    def n(self) -> int:
        return self.end - self.start

    @property
    def signal(self) -> bool:
        return self.run_signal or self.crossings_signal or bool(self.outside)

    def to_dict(self, points: list[Point]) -> dict:
        return {
            "index": self.index,
            "name": self.name,
            "start_period": points[self.start].period if self.n else None,
            "n": self.n,
            "useful": self.useful,
            "centre": self.centre,
            "lower": self.lower,
            "upper": self.upper,
            "longest_run": self.longest_run,
            "longest_run_limit": self.longest_run_limit,
            "crossings": self.crossings,
            "crossings_limit": self.crossings_limit,
            "signal": self.signal,
            "too_short": self.runs_reason or None,
            "limits_missing": self.limits_reason or None,
            "outside": [points[i].period for i in self.outside],
            "change": self.word or None,
            "text": self.text,
        }


@dataclass
class SpcResult:
    chart: str
    direction: str
    points: list[Point]
    phases: list[Phase]
    text: str
    unit: str = ""
    decimals: int = 1
    screened: bool = True  # I charts: moving ranges screened (Nelson 1982) before the limits

    @property
    def current(self) -> Phase:
        return self.phases[-1]

    @property
    def signal(self) -> bool:
        return self.current.signal

    @property
    def centre_name(self) -> str:
        return "medianen" if self.chart == "run" else "medelvärdet"

    @property
    def too_short(self) -> str:
        return self.current.runs_reason

    def outside_points(self) -> list[Point]:
        return [p for p in self.points if p.outside]

    def to_dict(self) -> dict:
        phase = self.current
        data = {
            "chart": self.chart,
            "direction": self.direction,
            "n": len(self.points),
            "useful": phase.useful,
            "centre": phase.centre,
            "longest_run": phase.longest_run,
            "longest_run_limit": phase.longest_run_limit,
            "crossings": phase.crossings,
            "crossings_limit": phase.crossings_limit,
            "signal": self.signal,
            "too_short": phase.runs_reason or None,
            "text": self.text,
        }
        if self.chart != "run":
            data["lower"] = phase.lower
            data["upper"] = phase.upper
            data["limits_missing"] = phase.limits_reason or None
            data["outside"] = [
                {"period": p.period, "value": p.value, "side": p.outside}
                for p in self.outside_points()
            ]
            if self.chart == "i":
                data["screened_moving_ranges"] = self.screened
            if self.chart == "p":
                data["scale"] = "proportion"
        data["phases"] = [ph.to_dict(self.points) for ph in self.phases]
        data["points"] = [p.to_dict() for p in self.points]
        return data


# --------------------------------------------------------------------------- analysis


def analyse(
    *,
    periods: list[str],
    values: list[float],
    chart: str = "run",
    denominators: list[float | None] | None = None,
    phases: Sequence[tuple[int, str]] = (),
    first_phase: str = "",
    direction: str = "neutral",
    unit: str = "",
    decimals: int = 1,
    screen_moving_ranges: bool = True,
) -> SpcResult:
    """Analyse a series in time order. `phases` are the later phases as pairs (index of
    the point where the phase begins, its name), in any order: each name stays with its
    start however the pairs are given. Starts outside the series (or at 0) are ignored,
    and of two phases starting at the same point the first given counts. The points
    before the first start are the phase `first_phase` ("Före förändringen" by default,
    "Hela perioden" when there is no later phase).

    `screen_moving_ranges` (I charts only, on by default as in qicharts2): moving ranges
    larger than 3,267 × their average are left out and the average is taken again before
    the limits are set, so one jump does not widen the limits enough to hide itself."""
    if chart not in CHARTS:
        raise SpcInputError([(None, f"okänd diagramtyp ”{chart}” (välj run, i, p eller u)")])
    if direction not in DIRECTIONS:
        raise SpcInputError([(None, f"okänd riktning ”{direction}”")])
    points = _points(periods, values, chart, denominators)
    later: dict[int, str] = {}
    for start, name in sorted(phases, key=lambda pair: pair[0]):
        if 0 < start < len(points):
            later.setdefault(start, name)
    first = first_phase or ("Före förändringen" if later else "Hela perioden")
    bounds = [(0, first), *later.items()]
    result_phases = []
    for index, (start, name) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else len(points)
        result_phases.append(Phase(index=index, name=name, start=start, end=end))
        for p in points[start:end]:
            p.phase = index
    result = SpcResult(
        chart, direction, points, result_phases, "", unit, decimals, screen_moving_ranges
    )
    for phase in result_phases:
        _analyse_phase(result, phase)
    result.text = chart_text(result)
    return result


def _points(periods, values, chart, denominators) -> list[Point]:
    problems: list[tuple[int | None, str]] = []
    if len(periods) != len(values):
        raise SpcInputError([(None, "lika många perioder som värden krävs")])
    if chart in ("p", "u") and (denominators is None or len(denominators) != len(values)):
        raise SpcInputError(
            [
                (
                    None,
                    f"ett {CHART_NAMES[chart]} kräver en nämnare (kolumnen denominator) för varje punkt",
                )
            ]
        )
    if not values:
        raise SpcInputError([(None, "serien är tom: minst en punkt behövs")])
    points = []
    for index, (period, raw) in enumerate(zip(periods, values, strict=True)):
        denominator = denominators[index] if denominators is not None else None
        if raw is None or not math.isfinite(raw):
            problems.append((index, "värdet saknas eller är inte ett tal"))
            continue
        plotted = float(raw)
        if chart in ("p", "u"):
            if denominator is None or not math.isfinite(denominator) or denominator <= 0:
                problems.append((index, "nämnaren måste vara ett tal större än 0"))
                continue
            if raw < 0:
                problems.append((index, "antalet kan inte vara negativt"))
                continue
            if chart == "p" and raw > denominator:
                problems.append(
                    (
                        index,
                        f"antalet ({plain_number(raw)}) är större än nämnaren ({plain_number(denominator)})",
                    )
                )
                continue
            plotted = raw / denominator
        points.append(Point(str(period), plotted, float(raw), denominator, 0))
    if problems:
        raise SpcInputError(problems)
    return points


def plain_number(number: float) -> str:
    """A count as written: 60 -> "60", 2.5 -> "2,50"."""
    return format_number(number, 0 if float(number).is_integer() else 2)


def _analyse_phase(result: SpcResult, phase: Phase) -> None:
    points = result.points[phase.start : phase.end]
    values = [p.value for p in points]
    chart = result.chart
    if chart == "run":
        phase.centre = statistics.median(values)
    elif chart == "i":
        phase.centre = statistics.fmean(values)
    else:
        total_n = sum(p.denominator for p in points)
        phase.centre = sum(p.raw for p in points) / total_n
    for p in points:
        p.centre = phase.centre

    if chart != "run":
        if len(points) < MIN_LIMIT_POINTS:
            phase.limits_reason = _limits_reason(phase)
        else:
            _limits(chart, phase, points, screened=result.screened)

    runs = analyse_runs(values, phase.centre)
    phase.useful = runs.useful
    if runs.useful < MIN_RUN_POINTS:
        phase.runs_reason = _runs_reason(result, phase)
    else:
        phase.longest_run = runs.longest_run
        phase.longest_run_side = runs.longest_run_side
        phase.longest_run_limit = longest_run_limit(runs.useful)
        phase.crossings = runs.crossings
        phase.crossings_limit = crossings_limit(runs.useful)
        phase.run_signal = runs.longest_run > phase.longest_run_limit
        phase.crossings_signal = runs.crossings < phase.crossings_limit
        if phase.run_signal:
            for index in runs.run_indices:
                points[index].in_signal_run = True
    phase.text = phase_text(result, phase)


def screened_mean_range(values: Sequence[float], *, screened: bool = True) -> float:
    """The average moving range of an I chart. Screened (Nelson 1982; qicharts2's default
    when it draws an I chart): moving ranges above 3,267 × the average are dropped and the
    average of the rest is taken. At least one range always remains, since not every range
    can lie above 3,267 × their mean."""
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    mr_bar = statistics.fmean(ranges)
    if screened:
        kept = [r for r in ranges if r <= MR_SCREEN_FACTOR * mr_bar]
        mr_bar = statistics.fmean(kept)
    return mr_bar


def _limits(chart: str, phase: Phase, points: list[Point], *, screened: bool = True) -> None:
    centre = phase.centre
    if chart == "i":
        mr_bar = screened_mean_range([p.value for p in points], screened=screened)
        phase.lower, phase.upper = centre - XMR_FACTOR * mr_bar, centre + XMR_FACTOR * mr_bar
    for offset, p in enumerate(points):
        if chart == "i":
            p.lower, p.upper = phase.lower, phase.upper
        elif chart == "p":
            sigma = math.sqrt(centre * (1 - centre) / p.denominator)
            p.lower, p.upper = max(0.0, centre - 3 * sigma), min(1.0, centre + 3 * sigma)
        else:
            sigma = math.sqrt(centre / p.denominator)
            p.lower, p.upper = max(0.0, centre - 3 * sigma), centre + 3 * sigma
        if p.value > p.upper + 1e-12:
            p.outside = "above"
        elif p.value < p.lower - 1e-12:
            p.outside = "below"
        if p.outside:
            phase.outside.append(phase.start + offset)
    if chart in ("p", "u"):
        uppers = {round(p.upper, 12) for p in points}
        lowers = {round(p.lower, 12) for p in points}
        if len(uppers) == 1 and len(lowers) == 1:  # equal denominators: constant limits
            phase.lower, phase.upper = points[0].lower, points[0].upper


# --------------------------------------------------------------------------- words


def _same(text: str) -> str:
    return text


# Every sentence below is a %-template passed through `gettext` before it is filled in, so
# the app that shows it can hand in Django's gettext and show it in the reader's language;
# without one (the command line, the API, the stored text) it stays Swedish.


def _limits_reason(phase: Phase, *, gettext: Callable[[str], str] = _same) -> str:
    return gettext(
        "Styrgränser beräknas först när fasen har minst %(min)s punkter; den har %(n)s."
    ) % {"min": MIN_LIMIT_POINTS, "n": phase.n}


def _runs_reason(result: SpcResult, phase: Phase, *, gettext: Callable[[str], str] = _same) -> str:
    template = (
        "För få punkter för att skilja en trend från slumpen: %(n)s punkt utanför "
        "%(centre)s, reglerna kräver minst %(min)s."
        if phase.useful == 1
        else "För få punkter för att skilja en trend från slumpen: %(n)s punkter utanför "
        "%(centre)s, reglerna kräver minst %(min)s."
    )
    return gettext(template) % {
        "n": phase.useful,
        "centre": centre_name(result, gettext=gettext),
        "min": MIN_RUN_POINTS,
    }


def centre_name(result: SpcResult, *, gettext: Callable[[str], str] = _same) -> str:
    """ "medianen" on a run chart, "medelvärdet" on a control chart."""
    return gettext("medianen") if result.chart == "run" else gettext("medelvärdet")


def _change_word(direction: str, side: str) -> str:
    """ "förbättring", "försämring" or "förändring" for a shift to `side` (stored on the
    phase in Swedish; the sentences translate it through gettext)."""
    if direction == "neutral" or not side:
        return "förändring"
    better = (side == "above") == (direction == "higher")
    return "förbättring" if better else "försämring"


def format_value(value: float | None, decimals: int, unit: str = "") -> str:
    """A measure with its unit, as every page, report and sentence writes it: "33,0 dagar",
    "6,4 %" (no-break space before %), "12" without a unit, "–" for no value."""
    if value is None:
        return "–"
    text = format_number(value, decimals)
    if unit == "%":
        return f"{text}\u00a0%"
    return f"{text} {unit}".strip()


def _level(result: SpcResult, value: float | None) -> str:
    """A centre line in the sentence: P charts analyse proportions, read as percentages."""
    if result.chart == "p":
        return "–" if value is None else format_percent(value, max(0, result.decimals))
    return format_value(value, result.decimals, result.unit)


def phase_text(result: SpcResult, phase: Phase, *, gettext: Callable[[str], str] = _same) -> str:
    """What a phase's points say, in words: a signal and its evidence, or why there is none."""
    _ = gettext
    points = result.points[phase.start : phase.end]
    centre = centre_name(result, gettext=gettext)
    sentences: list[str] = []
    words: list[str] = []
    if phase.outside:
        outside = [result.points[i] for i in phase.outside]
        sides = {p.outside for p in outside}
        side = sides.pop() if len(sides) == 1 else ""
        word = _change_word(result.direction, side)
        listed = ", ".join(p.period for p in outside[:6]) + (" …" if len(outside) > 6 else "")
        words.append(word)
        template = (
            "Sannolikt en verklig %(word)s: %(n)s punkt utanför styrgränserna (%(listed)s), "
            "vilket slumpen sällan förklarar"
            if len(outside) == 1
            else "Sannolikt en verklig %(word)s: %(n)s punkter utanför styrgränserna "
            "(%(listed)s), vilket slumpen sällan förklarar"
        )
        sentences.append(_(template) % {"word": _(word), "n": len(outside), "listed": listed})
    if phase.run_signal:
        # The word follows where the process is now (later half vs earlier half): a long
        # run below the median early in a series means the level has risen since.
        word = _change_word(result.direction, _late_side(points, phase.centre))
        words.append(word)
        run = [i for i, p in enumerate(points) if p.in_signal_run]
        values = {
            "word": _(word),
            "n": phase.longest_run,
            "centre": centre,
            "span": f"{points[run[0]].period}–{points[run[-1]].period}",
            "limit": phase.longest_run_limit,
        }
        above = phase.longest_run_side == "above"
        if sentences:
            template = (
                "%(n)s punkter i rad över %(centre)s (%(span)s; fler än %(limit)s i rad är "
                "osannolikt av slumpen)"
                if above
                else "%(n)s punkter i rad under %(centre)s (%(span)s; fler än %(limit)s i rad "
                "är osannolikt av slumpen)"
            )
        else:
            template = (
                "Sannolikt en verklig %(word)s: %(n)s punkter i rad över %(centre)s (%(span)s; "
                "fler än %(limit)s i rad är osannolikt av slumpen)"
                if above
                else "Sannolikt en verklig %(word)s: %(n)s punkter i rad under %(centre)s "
                "(%(span)s; fler än %(limit)s i rad är osannolikt av slumpen)"
            )
        sentences.append(_(template) % values)
    if phase.crossings_signal:
        word = _change_word(result.direction, _late_side(points, phase.centre))
        words.append(word)
        template = (
            "%(centre)s korsas bara %(n)s gånger (färre än %(limit)s är osannolikt av slumpen)"
            if sentences
            else "Sannolikt en verklig %(word)s: %(centre)s korsas bara %(n)s gånger "
            "(färre än %(limit)s är osannolikt av slumpen)"
        )
        sentences.append(
            _(template)
            % {
                "word": _(word),
                "centre": centre,
                "n": phase.crossings,
                "limit": phase.crossings_limit,
            }
        )
    runs_reason = _runs_reason(result, phase, gettext=gettext) if phase.runs_reason else ""
    limits_reason = _limits_reason(phase, gettext=gettext) if phase.limits_reason else ""
    if sentences:
        phase.word = words[0]
        text = sentences[0] + "".join(f"; {s}" for s in sentences[1:]) + "."
        if runs_reason:
            text += " " + _("%(reason)s Körschemareglerna är därför inte prövade.") % {
                "reason": runs_reason
            }
        return text
    if runs_reason:
        text = _("%(reason)s Diagrammet visas utan signal.") % {"reason": runs_reason}
        return f"{text} {limits_reason}" if limits_reason else text
    values = {
        "n": phase.longest_run,
        "limit": phase.longest_run_limit,
        "crossings": phase.crossings,
        "centre": centre,
        "expected": phase.crossings_limit,
    }
    base = (
        _(
            "Variationen ser slumpmässig ut: längsta serie %(n)s punkter i rad (gräns %(limit)s) "
            "och %(crossings)s korsningar av %(centre)s (minst %(expected)s väntas)"
        )
        % values
    )
    if result.chart != "run":
        base += (
            _(", inga punkter utanför styrgränserna")
            if not limits_reason
            else f". {limits_reason.rstrip('.')}"
        )
    return base + "."


def _late_side(points: list[Point], centre: float | None) -> str:
    """Where the later half of a phase lies compared with the earlier half."""
    if centre is None or len(points) < 2:
        return ""
    half = len(points) // 2
    early = statistics.fmean(p.value for p in points[:half])
    late = statistics.fmean(p.value for p in points[half:])
    if late == early:
        return ""
    return "above" if late > early else "below"


def chart_text(result: SpcResult, *, gettext: Callable[[str], str] = _same) -> str:
    """The chart's sentence: the current phase's, after a comparison with the phase before."""
    current = result.current
    text = phase_text(result, current, gettext=gettext)
    if len(result.phases) == 1:
        return text
    previous = result.phases[-2]
    return gettext(
        "Efter ”%(name)s” (från %(start)s) är %(centre)s %(now)s mot %(before)s före. %(text)s"
    ) % {
        "name": current.name,
        "start": result.points[current.start].period,
        "centre": centre_name(result, gettext=gettext),
        "now": _level(result, current.centre),
        "before": _level(result, previous.centre),
        "text": text,
    }
