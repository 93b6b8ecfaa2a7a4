"""`kompass spc FILE.csv --chart run|i|p|u --format json|svg`: chance or trend?

Reads a CSV (or XLSX) with the columns period and value (and denominator for P and U
charts) and prints the analysis as JSON, or the chart as SVG."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.analytics import spc
from kompass.core.errors import InputError, InputProblem
from kompass.indicators.domain.indicators import DENOMINATOR_ALIASES, PERIOD_ALIASES, VALUE_ALIASES
from kompass.indicators.domain.tabular import is_empty, number, read_table


def read_series(data: bytes, filename: str, chart: str):
    """(periods, values, denominators or None) from a file; InputError with row and column."""
    sheet = read_table(data, filename)
    keys = sheet.keys
    period_key = next((k for k in keys if k in PERIOD_ALIASES), None)
    value_key = next((k for k in keys if k in VALUE_ALIASES), None)
    denominator_key = next((k for k in keys if k in DENOMINATOR_ALIASES), None)
    problems = []
    if period_key is None or value_key is None:
        raise InputError(
            [
                InputProblem(
                    "filen ska ha kolumnerna period och value (och denominator för P och U)",
                    file=filename,
                    line=1,
                )
            ]
        )
    if chart in ("p", "u") and denominator_key is None:
        raise InputError(
            [
                InputProblem(
                    f"ett {spc.CHART_NAMES[chart]} kräver kolumnen denominator (nämnare)",
                    file=filename,
                    line=1,
                )
            ]
        )
    periods, values, denominators, seen = [], [], [], {}
    for row in sheet.rows:
        period = str(row.get(period_key) or "").strip()
        if not period:
            problems.append(
                InputProblem(
                    "perioden saknas",
                    file=filename,
                    row=row.line,
                    column=sheet.column_label(period_key),
                )
            )
            continue
        if period in seen:
            problems.append(
                InputProblem(
                    f"perioden {period} finns två gånger (även rad {seen[period]})",
                    file=filename,
                    row=row.line,
                    column=sheet.column_label(period_key),
                )
            )
            continue
        seen[period] = row.line
        try:
            value = number(row.get(value_key))
            if value is None:
                raise ValueError("värdet saknas")
        except ValueError as exc:
            problems.append(
                InputProblem(
                    str(exc), file=filename, row=row.line, column=sheet.column_label(value_key)
                )
            )
            continue
        denominator = None
        if denominator_key is not None and not is_empty(row.get(denominator_key)):
            try:
                denominator = number(row.get(denominator_key))
            except ValueError as exc:
                problems.append(
                    InputProblem(
                        str(exc),
                        file=filename,
                        row=row.line,
                        column=sheet.column_label(denominator_key),
                    )
                )
                continue
        periods.append(period)
        values.append(value)
        denominators.append(denominator)
    if not periods and not problems:
        problems.append(InputProblem("filen har inga värden", file=filename))
    if problems:
        raise InputError(problems)
    return (
        periods,
        values,
        (denominators if chart in ("p", "u") else None),
        {p: seen[p] for p in periods},
    )


class Command(BaseCommand):
    help = (
        "Körschema (median, Anhøjs regler) eller styrdiagram (I, P, U) för en serie i en CSV-fil."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="CSV eller XLSX med kolumnerna period och value (och denominator)"
        )
        parser.add_argument(
            "--chart", choices=spc.CHARTS, default="run", help="run (standard), i, p eller u"
        )
        parser.add_argument("--format", choices=("json", "svg", "text"), default="json")
        parser.add_argument(
            "--direction",
            choices=spc.DIRECTIONS,
            default="neutral",
            help="vilket håll som är bättre",
        )
        parser.add_argument(
            "--phase",
            action="append",
            default=[],
            metavar="PERIOD",
            help="ny fas från denna period (kan upprepas)",
        )
        parser.add_argument(
            "--no-screening",
            action="store_true",
            help="I-diagram: behåll alla glidande variationsvidder (ingen sållning av stora hopp)",
        )
        parser.add_argument("--unit", default="", help="enhet i texten, t.ex. %% eller dagar")
        parser.add_argument("--decimals", type=int, default=1)
        parser.add_argument("--title", default="", help="diagrammets rubrik (svg)")
        parser.add_argument("--output", "-o", help="skriv till fil i stället för standard ut")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        except OSError as exc:
            raise CommandError(f"kan inte läsa {path}: {exc.strerror}") from exc
        chart = options["chart"]
        try:
            periods, values, denominators, lines = read_series(data, path.name, chart)
            phases = []
            for phase in options["phase"]:
                if phase not in periods:
                    raise InputError(f"fasen börjar {phase}, men den perioden finns inte i filen")
                phases.append((periods.index(phase), f"Från {phase}"))
            try:
                result = spc.analyse(
                    periods=periods,
                    values=values,
                    chart=chart,
                    denominators=denominators,
                    phases=phases,
                    first_phase="Fas 1",
                    direction=options["direction"],
                    unit=options["unit"],
                    decimals=options["decimals"],
                    screen_moving_ranges=not options["no_screening"],
                )
            except spc.SpcInputError as exc:
                raise InputError(
                    [
                        InputProblem(
                            message,
                            file=path.name,
                            row=lines[periods[index]] if index is not None else None,
                        )
                        for index, message in exc.problems
                    ]
                ) from exc
        except InputError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        if options["format"] == "json":
            output = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
        elif options["format"] == "text":
            output = result.text
        else:
            output = self._svg(result, options)
        if options.get("output"):
            Path(options["output"]).write_text(output + "\n", encoding="utf-8")
            self.stdout.write(f"Skrev {options['output']}: {result.text}")
        else:
            self.stdout.write(output)

    @staticmethod
    def _svg(result, options) -> str:
        from xml.sax.saxutils import escape

        from kompass.indicators.report import control_chart_spec
        from kompass.reports.charts import to_svg

        spec = control_chart_spec(
            result,
            name=options["title"] or "Värde",
            unit=options["unit"],
            decimals=options["decimals"],
        )
        svg = to_svg(spec, key="spc")
        svg = svg.replace('aria-hidden="true" focusable="false" ', 'role="img" ', 1)
        title = (options["title"] + ": " if options["title"] else "") + result.text
        return svg.replace(">", f"><title>{escape(title)}</title>", 1)
