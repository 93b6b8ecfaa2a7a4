"""The commands: `kompass spc`, `kompass kolada`, `kompass ratios`, `kompass indicator`
and the report kinds, with their Swedish error messages."""

import io
import json
import random

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


# --------------------------------------------------------------------------- spc


def shifted_csv(n=24, shift_from=12):
    rng = random.Random(5)
    lines = ["period,value"]
    for i in range(n):
        value = rng.gauss(60 if i >= shift_from else 50, 2)
        lines.append(
            f"2022-{i + 1:02d},{value:.1f}" if i < 12 else f"2023-{i - 11:02d},{value:.1f}"
        )
    return "\n".join(lines) + "\n"


def test_spc_run_chart_json(tmp_path):
    path = write(tmp_path, "serie.csv", shifted_csv())
    data = json.loads(run("spc", path, "--chart", "run", "--direction", "higher"))
    for key in (
        "chart",
        "centre",
        "longest_run",
        "longest_run_limit",
        "crossings",
        "crossings_limit",
        "signal",
        "text",
    ):
        assert key in data
    assert data["chart"] == "run" and data["signal"] is True
    assert data["longest_run_limit"] == 8 and data["crossings_limit"] == 8
    assert data["text"].startswith("Sannolikt en verklig förbättring")


def test_spc_control_charts_give_limits_and_points_outside(tmp_path):
    lines = ["period;value;denominator"] + [
        f"2023-{i + 1:02d};{c};{n}"
        for i, (c, n) in enumerate(
            [
                (45, 50),
                (40, 50),
                (48, 60),
                (44, 55),
                (42, 50),
                (47, 52),
                (43, 48),
                (46, 51),
                (41, 49),
                (44, 53),
                (20, 50),
                (45, 50),
            ]
        )
    ]
    path = write(tmp_path, "andel.csv", "\n".join(lines), encoding="cp1252")
    data = json.loads(run("spc", path, "--chart", "p"))
    assert data["chart"] == "p" and data["scale"] == "proportion"
    assert [o["period"] for o in data["outside"]] == ["2023-11"]
    assert data["outside"][0]["side"] == "below"
    assert all(p["lower"] is not None and p["upper"] is not None for p in data["points"])
    i_chart = json.loads(run("spc", path, "--chart", "i"))
    assert i_chart["lower"] < i_chart["centre"] < i_chart["upper"]
    u_chart = json.loads(run("spc", path, "--chart", "u"))
    assert u_chart["chart"] == "u" and "outside" in u_chart


def test_spc_svg_and_phases(tmp_path):
    path = write(tmp_path, "serie.csv", shifted_csv())
    svg = run(
        "spc", path, "--chart", "i", "--format", "svg", "--phase", "2023-01", "--title", "Nöjdhet"
    )
    assert svg.startswith("<svg") and "<title>Nöjdhet: Efter ”Från 2023-01” (från 2023-01)" in svg
    # Phases given out of time order keep their own names.
    data = json.loads(run("spc", path, "--chart", "i", "--phase", "2023-06", "--phase", "2023-01"))
    assert [(p["name"], p["start_period"]) for p in data["phases"]] == [
        ("Fas 1", "2022-01"),
        ("Från 2023-01", "2023-01"),
        ("Från 2023-06", "2023-06"),
    ]


def test_spc_short_series_says_why(tmp_path):
    path = write(tmp_path, "kort.csv", "period,value\n2023,1\n2024,3\n2025,2\n")
    data = json.loads(run("spc", path))
    assert data["signal"] is False
    assert "reglerna kräver minst 10" in data["too_short"]


@pytest.mark.parametrize(
    "content, args, message",
    [
        (
            "period,value\n2023-01,1\n2023-01,2\n",
            [],
            "kort.csv, rad 3, kolumn period: perioden 2023-01 finns två gånger (även rad 2)",
        ),
        ("period;value\n2023-01;tolv\n", [], "rad 2, kolumn value: ”tolv” är inte ett tal"),
        ("period,value\n2023-01,1\n", ["--chart", "p"], "kräver kolumnen denominator"),
        (
            "period;value;denominator\n2023-01;5;0\n",
            ["--chart", "u"],
            "rad 2: nämnaren måste vara ett tal större än 0",
        ),
        ("dag,mätning\n1,2\n", [], "filen ska ha kolumnerna period och value"),
        (
            "period,value\n2023-01,1\n",
            ["--phase", "2024-01"],
            "fasen börjar 2024-01, men den perioden finns inte",
        ),
    ],
)
def test_spc_bad_files(tmp_path, content, args, message):
    path = write(tmp_path, "kort.csv", content)
    with pytest.raises(CommandError) as info:
        run("spc", path, *args)
    assert message in str(info.value)


def test_spc_missing_file(tmp_path):
    with pytest.raises(CommandError, match="kan inte läsa"):
        run("spc", str(tmp_path / "saknas.csv"))


# --------------------------------------------------------------------------- ratios, indicators, reports


@pytest.mark.django_db
def test_ratios_commands(base_data, tmp_path):
    from kompass.indicators.demo import BENCHMARK_DEFINITION, BENCHMARK_VALUES

    assert "Skapade lund-aldreomsorg-2020" in run("ratios", "define", str(BENCHMARK_DEFINITION))
    assert "65 nya" in run("ratios", "import", "lund-aldreomsorg-2020", str(BENCHMARK_VALUES))
    shown = run("ratios", "show", "lund-aldreomsorg-2020")
    assert (
        "Medarbetare per chef, totalt: Helsingborg 34; Lund 34; Södertälje 30; Uddevalla 30; Uppsala 33"
        in shown
    )
    assert (
        "Mot målet: Helsingborg 4 medarbetare per chef över målvärdet 30; "
        "Lund 4 medarbetare per chef över målvärdet 30" in shown
    )
    data = json.loads(run("ratios", "show", "lund-aldreomsorg-2020", "--format", "json"))
    lund = next(r for r in data["rows"] if r["organisation"]["code"] == "1281")
    assert lund["values"]["medarbetare_per_chef"]["shown"] == "34"
    assert lund["values"]["medarbetare_per_chef"]["gap"] == 4
    target = tmp_path / "ut" / "jamforelse.xlsx"
    run("ratios", "export", "lund-aldreomsorg-2020", "-o", str(target))
    assert "Jämförelse" in load_workbook(target).sheetnames
    assert "lund-aldreomsorg-2020" in run("ratios", "list")
    with pytest.raises(CommandError, match="det finns ingen nyckeltalstabell ”okand”"):
        run("ratios", "show", "okand")
    bad = write(tmp_path, "fel.csv", "organisation;metric;year;value\nLund;chefer;2021;x\n")
    with pytest.raises(CommandError, match="rad 2, kolumn value"):
        run("ratios", "import", "lund-aldreomsorg-2020", bad)


@pytest.mark.django_db
def test_report_kinds(benchmark, leksand_indicators, tmp_path):
    target = tmp_path / "nyckeltal.xlsx"
    out = run("report", "nyckeltal", "lund-aldreomsorg-2020", "--format", "xlsx", "-o", str(target))
    assert "Skrev XLSX" in out and target.exists()
    dashboard = tmp_path / "leksand.html"
    run("report", "indikatorer", "2029", "--format", "html", "-o", str(dashboard))
    assert "Handläggningstid för bistånd" in dashboard.read_text(encoding="utf-8")


@pytest.mark.pdf
@pytest.mark.django_db
def test_report_kinds_as_pdf_and_docx(benchmark, leksand_indicators, tmp_path):
    from pypdf import PdfReader

    def pdf_text(path) -> str:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())

    table = tmp_path / "nyckeltal.pdf"
    run("report", "nyckeltal", "lund-aldreomsorg-2020", "--format", "pdf", "-o", str(table))
    assert "Lund" in pdf_text(table)
    dashboard = tmp_path / "leksand.pdf"
    run("report", "indikatorer", "2029", "--format", "pdf", "-o", str(dashboard))
    assert "Indikatorer och nyckeltal: Leksands kommun" in pdf_text(dashboard)
    word = tmp_path / "leksand.docx"
    run("report", "indikatorer", "2029", "--format", "docx", "-o", str(word))
    assert word.stat().st_size > 5000


@pytest.mark.django_db
def test_indicator_commands(leksand_indicators, tmp_path):
    indicator = leksand_indicators["Handläggningstid för bistånd"]
    assert "Handläggningstid för bistånd (exempeldata)" in run(
        "indicator", "list", "--organisation", "Leksand"
    )
    shown = run("indicator", "show", str(indicator.pk))
    assert "Mot målet:" in shown and "Variationen ser slumpmässig ut" in shown
    data = json.loads(run("indicator", "show", str(indicator.pk), "--format", "json"))
    assert data["analysis"]["chart"] == "i"
    path = write(tmp_path, "nya.csv", "period;value\n2024-01;17\n")
    assert "1 nya och 0 ändrade värden." in run("indicator", "values", str(indicator.pk), path)
    bad = write(tmp_path, "fel.csv", "period;value\n2024-13;17\n")
    with pytest.raises(CommandError, match="månaden 13 finns inte"):
        run("indicator", "values", str(indicator.pk), bad)
