"""Writes the hostile files in tests/hostile/fixtures (committed; run again to rebuild:
`python -m tests.hostile.make_fixtures`). Each is small and each once took the server
down or was stored and broke every page that showed it (issue 8)."""

import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "fixtures"

# The survey import's columns (tests/surveys/conftest.py TINY_HEADER).
SURVEY_HEADER = "respondent;wave;organisation;role;q1;q2;kommentar"


def alias_bomb(levels: int = 12, width: int = 10) -> str:
    """Each level lists the one before ten times: 10^12 values from about 1.5 KB."""
    lines = [
        "format: kompass-evaluation/1",
        "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    ]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def xlsx(
    rows, *, dimension: str | None = None, raw: dict[str, str] | None = None, last: bool = False
) -> bytes:
    """A workbook; `dimension` overwrites the declared range, `raw` replaces cell values
    in the sheet's XML (values openpyxl would not write, such as NaN)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                if dimension:
                    data = re.sub(
                        rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data
                    )
                if last:  # a lone value in the sheet's last row: a million rows between
                    data = data.replace(
                        b"</sheetData>",
                        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>sist</t></is></c></row></sheetData>',
                    )
                for old, new in (raw or {}).items():
                    data = data.replace(f"<v>{old}</v>".encode(), f"<v>{new}</v>".encode())
            target.writestr(item, data)
    return out.getvalue()


def files() -> dict[str, bytes]:
    deep = 5_000
    value_rows = [["Period", "Värde"]]
    return {
        "alias_bomb.yaml": alias_bomb().encode(),
        "deep.yaml": (
            "format: kompass-evaluation/1\nscores: " + "[" * deep + "]" * deep + "\n"
        ).encode(),
        "deep.json": (
            '{"schema": "kompass-socio/1", "name": ' + "[" * deep + "]" * deep + "}"
        ).encode(),
        "nan.yaml": b"format: kompass-evaluation/1\nscores:\n  '1.1': .nan\n",
        "inf.yaml": b"format: kompass-evaluation/1\nscores:\n  '1.1': .inf\n",
        "huge.yaml": b"format: kompass-evaluation/1\nscores:\n  '1.1': 1.0e+308\n",
        "nan.json": b'{"schema": "kompass-socio/1", "participants": NaN}',
        "inf.json": b'{"schema": "kompass-socio/1", "participants": Infinity}',
        "huge.json": b'{"schema": "kompass-socio/1", "participants": 1e308}',
        "huge27.csv": "Period;Värde\n2024-01;1e27\n".encode(),
        "huge.csv": "Period;Värde\n2024-01;1e308\n".encode(),
        "nan.csv": "Period;Värde\n2024-01;NaN\n".encode(),
        "inf.csv": "Period;Värde\n2024-01;Infinity\n".encode(),
        "huge.xlsx": xlsx([*value_rows, ["2024-01", 1e308]]),
        "nan.xlsx": xlsx([*value_rows, ["2024-01", 12345]], raw={"12345": "NaN"}),
        "inf.xlsx": xlsx([*value_rows, ["2024-01", 12345]], raw={"12345": "INF"}),
        "dimension_bomb.xlsx": xlsx(
            [SURVEY_HEADER.split(";"), ["r1", "2024-10", "Leksand", "ledning", 3, 4, ""]],
            dimension="A1:XFD1048576",
            last=True,
        ),
        "short_rows.csv": (
            SURVEY_HEADER + "\nr1;2024-10;Leksand;ledning;3;4;\nr2;2024-10;Leksand\n"
        ).encode(),
        "formula.csv": (
            SURVEY_HEADER
            + '\nr1;2024-10;Leksand;ledning;3;4;"=HYPERLINK(""http://example.invalid"",""klicka"")"\n'
        ).encode(),
    }


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for name, content in files().items():
        (HERE / name).write_bytes(content)
        print(f"{name}: {len(content)} bytes")
