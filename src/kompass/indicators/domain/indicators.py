"""Indicators: definitions, their series, phases, the chart analysis and the status
against target.

For P and U charts an indicator's values are counts and its denominators the number of
cases (P) or the exposure (U); what people read is the measure value / denominator (as a
percentage for P). For run and I charts the value is the measure itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit
from kompass.analytics import spc
from kompass.analytics.ratios import Gap, gap_to_target, shown
from kompass.analytics.spc import format_value, plain_number
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.indicators.domain.periods import PeriodError, parse_period
from kompass.indicators.domain.tabular import is_empty, number, read_table
from kompass.indicators.models import (
    ChartType,
    Direction,
    Indicator,
    IndicatorPhase,
    IndicatorValue,
    Measures,
    PeriodType,
    Perspective,
)
from kompass.lib.numbers import format_number

FIELDS = (
    "name",
    "description",
    "unit",
    "direction",
    "source",
    "kolada_kpi",
    "perspective",
    "measures",
    "period_type",
    "chart_type",
    "baseline_period",
    "target",
    "target_note",
    "decimals",
    "is_example",
)
PERIOD_ALIASES = {
    "period",
    "perioden",
    "år",
    "ar",
    "year",
    "månad",
    "manad",
    "month",
    "kvartal",
    "quarter",
    "vecka",
    "week",
    "datum",
    "date",
}
VALUE_ALIASES = {"value", "värde", "varde", "antal", "count"}
DENOMINATOR_ALIASES = {"denominator", "nämnare", "namnare", "n", "underlag"}
NOTE_ALIASES = {"note", "anteckning", "anmärkning", "kommentar"}


def _check_edit(user, organisation) -> None:
    if user is not None and not can_edit(user, organisation):
        raise PermissionDenied("du får inte ändra indikatorer för den här organisationen")


def _validate(
    organisation, data: dict, *, instance: Indicator | None
) -> tuple[dict, list[InputProblem]]:
    problems: list[InputProblem] = []
    clean = {k: data[k] for k in FIELDS if k in data}
    for key in (
        "name",
        "description",
        "unit",
        "source",
        "kolada_kpi",
        "baseline_period",
        "target_note",
    ):
        if key in clean:
            clean[key] = str(clean[key] or "").strip()
    name = clean.get("name", instance.name if instance else "")
    if not name:
        problems.append(InputProblem(_("ge indikatorn ett namn"), field="name"))
    else:
        same = Indicator.objects.filter(organisation=organisation, name__iexact=name)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            problems.append(
                InputProblem(
                    _("det finns redan en indikator som heter ”%(name)s”") % {"name": name},
                    field="name",
                )
            )
    choices = {
        "direction": Direction.values,
        "perspective": Perspective.values,
        "period_type": PeriodType.values,
        "chart_type": ChartType.values,
    }
    if "measures" in clean and clean["measures"] not in ("", *Measures.values):
        problems.append(
            InputProblem(
                _("välj ett av: %(choices)s eller inget") % {"choices": ", ".join(Measures.values)},
                field="measures",
            )
        )
    for key, allowed in choices.items():
        if key not in clean and instance is None:
            default = Indicator._meta.get_field(key).default
            if isinstance(default, str):
                clean[key] = default
        value = clean.get(key, getattr(instance, key) if instance else None)
        if value not in allowed:
            problems.append(
                InputProblem(
                    _("välj ett av: %(choices)s") % {"choices": ", ".join(allowed)}, field=key
                )
            )
    if "target" in clean and not is_empty(clean["target"]):
        try:
            clean["target"] = number(clean["target"])
        except ValueError as exc:
            problems.append(InputProblem(str(exc), field="target"))
    elif "target" in clean:
        clean["target"] = None
    if "decimals" in clean:
        try:
            decimals = int(clean["decimals"])
            if not 0 <= decimals <= 4:
                raise ValueError
            clean["decimals"] = decimals
        except (TypeError, ValueError):
            problems.append(InputProblem(_("antal decimaler ska vara 0–4"), field="decimals"))
    period_type = clean.get("period_type", instance.period_type if instance else None)
    if clean.get("baseline_period") and period_type in PeriodType.values:
        try:
            clean["baseline_period"], _kind = parse_period(clean["baseline_period"], period_type)
        except PeriodError as exc:
            problems.append(InputProblem(str(exc), field="baseline_period"))
    if instance is not None and period_type != instance.period_type and instance.values.exists():
        problems.append(
            InputProblem(
                _("periodtypen kan inte ändras när indikatorn har värden"), field="period_type"
            )
        )
    chart = clean.get("chart_type", instance.chart_type if instance else None)
    if instance is not None and chart in ("p", "u") and chart != instance.chart_type:
        unfit = [
            (v.period, found[1])
            for v in instance.values.all()
            if (found := value_problem(chart, v.value, v.denominator))
        ]
        if unfit:
            problems.append(
                InputProblem(
                    _(
                        "värdena passar inte ett %(chart)s: %(problems)s. "
                        "Rätta värdena först eller behåll diagramtypen"
                    )
                    % {"chart": _(spc.CHART_NAMES[chart]), "problems": _listed(unfit)},
                    field="chart_type",
                )
            )
    return clean, problems


def value_problem(
    chart_type: str, value: float, denominator: float | None
) -> tuple[str, str] | None:
    """What is wrong with one value for `chart_type`, as (column "value" or "denominator",
    Swedish message), or None. The one rule for values being stored (`set_values`) and for
    the stored values when the chart type changes, so a P or U chart never gets values it
    cannot draw."""
    needs_denominator = chart_type in (ChartType.P, ChartType.U)
    if needs_denominator and denominator is None:
        return (
            "denominator",
            _("nämnaren saknas; ett %(chart)s kräver antal och nämnare")
            % {"chart": _(spc.CHART_NAMES[chart_type])},
        )
    if denominator is not None and denominator <= 0:
        return "denominator", _("nämnaren måste vara större än 0")
    if chart_type == ChartType.P and denominator is not None and value > denominator:
        return (
            "value",
            _("antalet (%(value)s) är större än nämnaren (%(denominator)s)")
            % {"value": plain_number(value), "denominator": plain_number(denominator)},
        )
    if needs_denominator and value < 0:
        return "value", _("antalet kan inte vara negativt")
    return None


def _listed(problems: list[tuple[str, str]], limit: int = 5) -> str:
    """ "2023-03: antalet (80) är större än nämnaren (50); …" with at most `limit` periods."""
    text = "; ".join(f"{period}: {message}" for period, message in problems[:limit])
    if len(problems) > limit:
        text += " " + _("… och %(n)s till") % {"n": len(problems) - limit}
    return text


@transaction.atomic
def create_indicator(*, organisation, user=None, **data) -> Indicator:
    _check_edit(user, organisation)
    clean, problems = _validate(organisation, data, instance=None)
    if problems:
        raise InputError(problems)
    indicator = Indicator.objects.create(
        organisation=organisation, created_by=user if getattr(user, "pk", None) else None, **clean
    )
    trail.created(user=user, obj=indicator)
    return indicator


@transaction.atomic
def update_indicator(*, indicator: Indicator, user=None, **data) -> Indicator:
    _check_edit(user, indicator.organisation)
    clean, problems = _validate(indicator.organisation, data, instance=indicator)
    if problems:
        raise InputError(problems)
    with trail.changing(user=user, obj=indicator):
        for key, value in clean.items():
            setattr(indicator, key, value)
        indicator.save()
    return indicator


@transaction.atomic
def delete_indicator(*, indicator: Indicator, user=None) -> None:
    _check_edit(user, indicator.organisation)
    trail.deleted(user=user, obj=indicator)
    indicator.delete()


# --------------------------------------------------------------------------- values


@dataclass
class ValuesResult:
    created: int
    updated: int
    removed: int

    @property
    def summary(self) -> str:
        """What was stored, in the reader's language (the page's message, the CLI)."""
        counts = {"created": self.created, "updated": self.updated, "removed": self.removed}
        if self.removed:
            return (
                _("%(created)s nya och %(updated)s ändrade värden, %(removed)s borttagna.") % counts
            )
        return _("%(created)s nya och %(updated)s ändrade värden.") % counts


def import_values(
    *, indicator: Indicator, data: bytes, filename: str = "", user=None, replace: bool = False
) -> ValuesResult:
    """Values from a CSV/XLSX file with the columns period and value (and denominator,
    note). All or nothing; `replace` removes periods that are not in the file."""
    _check_edit(user, indicator.organisation)
    sheet = read_table(data, filename)
    keys = sheet.keys
    period_key = next((k for k in keys if k in PERIOD_ALIASES), None)
    value_key = next((k for k in keys if k in VALUE_ALIASES), None)
    denominator_key = next((k for k in keys if k in DENOMINATOR_ALIASES), None)
    note_key = next((k for k in keys if k in NOTE_ALIASES), None)
    problems = []
    if period_key is None or value_key is None:
        missing = [n for n, k in (("period", period_key), ("value", value_key)) if k is None]
        raise InputError(
            [
                InputProblem(
                    f"kolumnen {' och '.join(missing)} saknas; filen ska ha kolumnerna period och value "
                    f"(och denominator för P- och U-diagram)",
                    file=filename,
                    line=1,
                )
            ]
        )
    rows = [
        {
            "line": row.line,
            "period": row.get(period_key),
            "value": row.get(value_key),
            "denominator": row.get(denominator_key) if denominator_key else "",
            "note": row.get(note_key) if note_key else "",
        }
        for row in sheet.rows
    ]
    labels = {
        "period": sheet.column_label(period_key),
        "value": sheet.column_label(value_key),
        "denominator": sheet.column_label(denominator_key) if denominator_key else "denominator",
    }
    if not rows:
        problems.append(InputProblem("filen har en rubrikrad men inga värden", file=filename))
        raise InputError(problems)
    return set_values(
        indicator=indicator, rows=rows, user=user, replace=replace, filename=filename, labels=labels
    )


def set_values(
    *,
    indicator: Indicator,
    rows: list[dict],
    user=None,
    replace: bool = False,
    filename: str = "",
    labels: dict | None = None,
) -> ValuesResult:
    """Store values given as dicts with period, value, denominator, note (and the line
    they came from). Checks everything first: periods, numbers, duplicates, denominators."""
    _check_edit(user, indicator.organisation)
    labels = labels or {"period": "period", "value": "value", "denominator": "denominator"}
    problems: list[InputProblem] = []
    parsed: dict[str, tuple] = {}
    first_line: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        line = row.get("line", index)
        where = {"row": line, "file": filename}
        try:
            period, start = parse_period(row.get("period"), indicator.period_type)
        except PeriodError as exc:
            problems.append(InputProblem(str(exc), column=labels["period"], **where))
            continue
        if period in parsed:
            problems.append(
                InputProblem(
                    f"perioden {period} finns två gånger (även rad {first_line[period]})",
                    column=labels["period"],
                    **where,
                )
            )
            continue
        try:
            value = number(row.get("value"))
        except ValueError as exc:
            problems.append(InputProblem(str(exc), column=labels["value"], **where))
            continue
        if value is None:
            problems.append(InputProblem(_("värdet saknas"), column=labels["value"], **where))
            continue
        try:
            denominator = number(row.get("denominator"))
        except ValueError as exc:
            problems.append(InputProblem(str(exc), column=labels["denominator"], **where))
            continue
        found = value_problem(indicator.chart_type, value, denominator)
        if found is not None:
            column, message = found
            problems.append(InputProblem(message, column=labels[column], **where))
            continue
        parsed[period] = (start, value, denominator, str(row.get("note") or "").strip()[:300])
        first_line[period] = line
    if not parsed and not problems:
        problems.append(InputProblem(_("inga värden att spara"), file=filename))
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        existing = {v.period: v for v in indicator.values.all()}
        removed = 0
        if replace:
            stale = [v.pk for p, v in existing.items() if p not in parsed]
            removed = len(stale)
            IndicatorValue.objects.filter(pk__in=stale).delete()
        created = updated = 0
        new = []
        for period, (start, value, denominator, note) in parsed.items():
            current = existing.get(period)
            if current is None:
                new.append(
                    IndicatorValue(
                        indicator=indicator,
                        period=period,
                        period_start=start,
                        value=value,
                        denominator=denominator,
                        note=note,
                    )
                )
                created += 1
            elif (current.value, current.denominator, current.note) != (value, denominator, note):
                current.value, current.denominator, current.note = value, denominator, note
                current.save(update_fields=["value", "denominator", "note"])
                updated += 1
        IndicatorValue.objects.bulk_create(new)
        indicator.save(update_fields=["updated_at"])
        if created or updated or removed:
            # One entry per import or edit of the series: what changed, in counts.
            trail.record_change(
                user=user,
                obj=indicator,
                action=trail.Action.IMPORT,
                after={
                    "nya_värden": created,
                    "ändrade_värden": updated,
                    "borttagna_värden": removed,
                    **({"fil": filename} if filename else {}),
                },
            )
    return ValuesResult(created, updated, removed)


@transaction.atomic
def delete_value(*, value: IndicatorValue, user=None) -> None:
    _check_edit(user, value.indicator.organisation)
    trail.deleted(user=user, obj=value, root=value.indicator)
    value.delete()


@transaction.atomic
def add_phase(
    *, indicator: Indicator, start_period: str, name: str, description: str = "", user=None
) -> IndicatorPhase:
    _check_edit(user, indicator.organisation)
    problems = []
    name = (name or "").strip()
    if not name:
        problems.append(InputProblem(_("ge fasen ett namn, t.ex. ”Nytt arbetssätt”"), field="name"))
    try:
        period, start = parse_period(start_period, indicator.period_type)
    except PeriodError as exc:
        problems.append(InputProblem(str(exc), field="start_period"))
        period = start = None
    if period and indicator.phases.filter(start_period=period).exists():
        problems.append(
            InputProblem(
                _("en fas börjar redan %(period)s") % {"period": period}, field="start_period"
            )
        )
    if problems:
        raise InputError(problems)
    phase = IndicatorPhase.objects.create(
        indicator=indicator,
        start_period=period,
        start_date=start,
        name=name,
        description=(description or "").strip(),
    )
    trail.created(user=user, obj=phase, root=indicator)
    return phase


@transaction.atomic
def delete_phase(*, phase: IndicatorPhase, user=None) -> None:
    _check_edit(user, phase.indicator.organisation)
    trail.deleted(user=user, obj=phase, root=phase.indicator)
    phase.delete()


# --------------------------------------------------------------------------- analysis


def is_ratio(indicator: Indicator) -> bool:
    return indicator.chart_type in (ChartType.P, ChartType.U)


def measure(indicator: Indicator, value: float, denominator: float | None) -> float:
    """What a value means to a reader: the value, or count / denominator (x 100 for P)."""
    if is_ratio(indicator) and denominator:
        return value / denominator * (100 if indicator.chart_type == ChartType.P else 1)
    return value


def measure_unit(indicator: Indicator) -> str:
    if indicator.chart_type == ChartType.P:
        return "%"
    return indicator.unit


def allowed_charts(indicator: Indicator) -> list[str]:
    return ["run", "i", indicator.chart_type] if is_ratio(indicator) else ["run", "i"]


class ChartError(InputError):
    """Stored values the chart cannot draw (stored before a rule existed, or changed
    around it). The message names the periods and what to do; pages show it instead of
    the chart, the API answers 409 with it."""


def analyse_indicator(
    indicator: Indicator, chart: str | None = None, values=None
) -> spc.SpcResult | None:
    """The chart analysis of the series (None when there are no values). Raises
    `ChartError` when the stored values do not fit the chart."""
    chart = chart if chart in allowed_charts(indicator) else indicator.chart_type
    values = list(values if values is not None else indicator.values.all())
    if not values:
        return None
    phases = []
    for phase in indicator.phases.all():
        index = next((i for i, v in enumerate(values) if v.period_start >= phase.start_date), None)
        if index is not None:
            phases.append((index, phase.name))
    if chart in ("p", "u"):
        series = [v.value for v in values]
        denominators = [v.denominator for v in values]
        unit = "" if chart == "p" else indicator.unit
    else:
        series = [measure(indicator, v.value, v.denominator) for v in values]
        denominators = None
        unit = measure_unit(indicator)
    try:
        return spc.analyse(
            periods=[v.period for v in values],
            values=series,
            chart=chart,
            denominators=denominators,
            phases=phases,
            # the first phase's name in the reader's language (the analysis knows no gettext)
            first_phase=_("Före förändringen")
            if any(i > 0 for i, _n in phases)
            else _("Hela perioden"),
            direction=indicator.direction,
            unit=unit,
            decimals=indicator.decimals,
        )
    except spc.SpcInputError as exc:
        unfit = [(values[i].period if i is not None else "", m) for i, m in exc.problems]
        raise ChartError(
            _(
                "Värdena kan inte visas som %(chart)s: %(problems)s. "
                "Rätta värdena eller välj en annan diagramtyp för indikatorn."
            )
            % {"chart": _(spc.CHART_NAMES[chart]), "problems": _listed(unfit)}
        ) from exc


@dataclass
class Status:
    latest_period: str | None
    latest: float | None
    latest_display: str
    baseline: float | None
    baseline_display: str
    change_display: str  # latest - baseline, signed
    gap: Gap | None
    signal: str  # "signal", "random", "too_short", "empty", "invalid"
    signal_label: str
    change_word: str  # förbättring / försämring / förändring / ""
    text: str


def _display(indicator: Indicator, value: float | None) -> str:
    return format_value(value, indicator.decimals, measure_unit(indicator))


def indicator_status(
    indicator: Indicator, result: spc.SpcResult | None = None, values=None
) -> Status:
    """The indicator's latest value, baseline, gap to target and signal. Values the chart
    cannot draw give the status "invalid" with the reason as text, never an error."""
    values = list(values if values is not None else indicator.values.all())
    problem = ""
    if result is None and values:
        try:
            result = analyse_indicator(indicator, values=values)
        except ChartError as exc:
            problem = str(exc)
    if not values:
        gap = (
            gap_to_target(
                None,
                indicator.target,
                direction=indicator.direction,
                decimals=indicator.decimals,
                gettext=_,
            )
            if indicator.target is not None
            else None
        )
        return Status(
            None,
            None,
            "–",
            None,
            "–",
            "",
            gap,
            "empty",
            _("Inga värden ännu"),
            "",
            _("Inga värden ännu: lägg in en serie för att se diagram och signal."),
        )
    last = values[-1]
    latest = measure(indicator, last.value, last.denominator)
    base_row = next((v for v in values if v.period == indicator.baseline_period), None)
    baseline = measure(indicator, base_row.value, base_row.denominator) if base_row else None
    change = ""
    if baseline is not None:
        difference = shown(latest, indicator.decimals) - shown(baseline, indicator.decimals)
        change = format_number(difference, indicator.decimals, sign=True)
    gap = (
        gap_to_target(
            latest,
            indicator.target,
            direction=indicator.direction,
            decimals=indicator.decimals,
            unit=measure_unit(indicator),
            gettext=_,
        )
        if indicator.target is not None
        else None
    )
    phase = result.current if result is not None else None
    if phase is None:
        word, signal, label = "", "invalid", _("Värdena passar inte diagrammet")
    elif phase.signal:
        word = phase.word
        signal, label = "signal", _("Signal: sannolikt %(word)s") % {"word": _(word)}
    elif phase.runs_reason:
        word, signal, label = "", "too_short", _("För kort serie för signal")
    else:
        word, signal, label = "", "random", _("Slumpmässig variation")
    return Status(
        last.period,
        latest,
        _display(indicator, latest),
        baseline,
        _display(indicator, baseline),
        change,
        gap,
        signal,
        label,
        word,
        spc.chart_text(result, gettext=_) if result is not None else problem,
    )
