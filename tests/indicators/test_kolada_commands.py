"""`kompass kolada …` and `kompass register refresh` against the Kolada v3 stand-in
(real sockets on 127.0.0.1), and the issue's done-when run as child processes:
`KOMPASS_KOLADA_URL=… kompass kolada import N01951 --group GROUP --years 2015-2024`, then
`kompass ratios show kolada --year Y --format json` for each year (the last through the
command's entry point in one child process)."""

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kompass.indicators.models import Value
from kompass.organisations.models import Organisation, PopulationCount
from tests.indicators.kolada_standin import RECORDINGS

B3 = "GSKR23B3"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def live(standin, settings, tmp_path):
    settings.KOMPASS_KOLADA_URL = standin.url
    settings.KOMPASS_KOLADA_CACHE_DIR = tmp_path / "cache"
    return standin


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_search_kpi_municipalities_and_groups(live):
    assert "N01951   Invånare totalt, antal  [Befolkning]" in run("kolada", "search", "invånare")
    assert "Uppdelat på kön: ja" in run("kolada", "kpi", "N01951")
    assert "2029  Leksand  (kommun)" in run("kolada", "municipalities", "lek")
    assert "0020  Region Dalarna  (region)" in run("kolada", "municipalities", "--region-type", "L")
    assert f"{B3} Större stad, SKR:s kommungruppsindelning 2023 (23 kommuner)" in run(
        "kolada", "groups", "större stad"
    )


@pytest.mark.django_db
def test_import_a_group_stores_live_values_and_counts_the_rest(live, base_data):
    live.set_value("N01951", "0880", 2020, value=70_329, isdeleted=True)
    out = run("kolada", "import", "N01951", "--group", B3, "--years", "2015-2024")
    members = {m["member_id"] for g in live.groups if g["id"] == B3 for m in g["members"]}
    stored = set(Value.objects.values_list("organisation__code", "year"))
    expected = {(c, y) for c in members for y in range(2015, 2024)} - {("0880", 2020)}
    assert stored == expected  # 2024 is not published in the stand-in: left out
    assert "1 värden är markerade som raderade i Kolada och importerades inte" in out
    assert "Nätverksanrop:" in out
    again = run("kolada", "import", "N01951", "-g", B3, "-y", "2015-2024", "--offline")
    assert "Nätverksanrop: 0" in again


@pytest.mark.django_db
def test_import_all_genders_in_one_run(live, base_data):
    live.set_value("N01951", "2029", 2023, "K", 8_040)
    live.set_value("N01951", "2029", 2023, "M", 8_003)
    run("kolada", "import", "N01951", "-m", "Leksand", "-y", "2023", "--gender", "T", "K", "M")
    assert dict(Value.objects.values_list("metric__key", "value")) == {
        "n01951": 16_043,
        "n01951_k": 8_040,
        "n01951_m": 8_003,
    }


@pytest.mark.django_db
def test_import_errors_in_swedish(live, base_data, settings):
    with pytest.raises(CommandError, match="okänd organisation ”Atlantis”"):
        run("kolada", "import", "N01951", "-m", "Atlantis", "-y", "2023")
    with pytest.raises(CommandError, match="ange --municipality, --group eller --years"):
        run("kolada", "import", "N01951")
    with pytest.raises(CommandError, match="Kolada har ingen kommungrupp med id G0"):
        run("kolada", "import", "N01951", "-g", "G0", "-y", "2023")
    live.groups.append({"id": "GTOM", "title": "Tom grupp", "members": []})
    with pytest.raises(CommandError, match=r"Kommungruppen GTOM .* har inga medlemmar"):
        run("kolada", "import", "N01951", "-g", "GTOM", "-y", "2023")
    settings.KOMPASS_KOLADA_URL = live.url.replace("/v3", "/v2")
    with pytest.raises(CommandError, match="API-versionen stämmer troligen inte"):
        run("kolada", "import", "N01951", "-m", "2029", "-y", "2023")
    assert not Value.objects.exists()


def test_record_refreshes_the_recordings_and_round_trips(live, tmp_path):
    out = tmp_path / "rec"
    out.mkdir()
    printed = run("kolada", "record", "--output", str(out))
    assert "4 inspelningar förnyade" in printed
    for name in ("kpi", "municipality", "municipality_groups", "data_N01951"):
        fresh = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        shipped = json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))
        key = lambda v: json.dumps(v, sort_keys=True)  # noqa: E731 (order is the server's)
        assert sorted(fresh["body"]["values"], key=key) == sorted(
            shipped["body"]["values"], key=key
        )
        assert fresh["request"] == shipped["request"]


def test_record_without_network_fails_in_swedish_and_changes_nothing(settings, tmp_path):
    settings.KOMPASS_KOLADA_URL = f"http://127.0.0.1:{_closed_port()}/v3"
    settings.KOMPASS_KOLADA_BACKOFF = 0  # the retries happen, without the waits
    out = tmp_path / "rec"
    out.mkdir()
    (out / "kpi.json").write_text("gammal", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run("kolada", "record", "--output", str(out))
    assert "Inspelningarna kunde inte förnyas eftersom Kolada inte kan nås härifrån" in str(
        info.value
    )
    assert "ingen förbindelse (ConnectError), även efter 5 försök" in str(info.value)
    assert "importerats" not in str(info.value)  # nothing was to be imported
    assert (out / "kpi.json").read_text(encoding="utf-8") == "gammal"


@pytest.mark.django_db
def test_register_refresh_reads_population_from_kolada(live, base_data):
    live.set_value("N01951", "2029", 2024, value=16_137)
    live.set_value("N01951", "0880", 2024, value=72_500, isdeleted=True)
    out = run("register", "refresh", "--years", "2023-2024")
    assert "år med värden: 2023, 2024" in out and "1 raderade värden hoppades över" in out
    leksand = Organisation.objects.get(code="2029")
    assert (leksand.population_year, leksand.population) == (2024, 16_137)
    count = PopulationCount.objects.get(organisation=leksand, year=2024)
    assert count.source.startswith("Kolada N01951")
    assert not PopulationCount.objects.filter(organisation__code="0880", year=2024).exists()
    shown = json.loads(run("register", "show", "2029", "--format", "json"))
    assert shown["population"]["2024"] == 16_137


@pytest.mark.django_db
def test_register_refresh_offline_without_cache_says_so(live, base_data):
    with pytest.raises(CommandError, match="finns inte i den lokala cachen"):
        run("register", "refresh", "--offline")


# --------------------------------------------------------------------------- done when


# `kompass ratios show kolada --year Y --format json` for each year, through the command's
# own entry point, in one child process (a process per year cost 2 s each).
SHOW_EACH_YEAR = """
import contextlib, io, json, sys
from kompass.cli import main
shown = {}
for year in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["kompass", "ratios", "show", "kolada", "--year", year, "--format", "json"])
    shown[year] = json.loads(out.getvalue())
print(json.dumps(shown))
"""


def _kompass(env, *args) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "kompass"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.subprocess
def test_done_when_import_a_group_and_show_it_as_json(standin, tmp_path, set_up_data_dir):
    standin.set_value("N01951", "1290", 2019, value=85_747, isdeleted=True)
    standin.set_value("N01951", "1281", 2016, value=None, status="Saknas")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "KOMPASS_DATA_DIR": str(set_up_data_dir),
        "KOMPASS_KOLADA_URL": standin.url,
        "KOMPASS_KOLADA_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = _kompass(env, "kolada", "import", "N01951", "--group", B3, "--years", "2015-2024")
    assert done.returncode == 0, done.stderr
    members = {m["member_id"] for g in standin.groups if g["id"] == B3 for m in g["members"]}
    live = {
        (item_key[1], item_key[2]): rows[0]["value"]
        for item_key, rows in standin.data.items()
        if item_key[1] in members and not rows[0]["isdeleted"] and rows[0]["value"] is not None
    }
    years = [str(year) for year in range(2015, 2025)]
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_EACH_YEAR, *years],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shown.returncode == 0, shown.stderr
    for year in range(2015, 2025):
        rows = json.loads(shown.stdout)[str(year)]["rows"]
        got = {
            r["organisation"]["code"]: r["values"]["n01951"]["value"]
            for r in rows
            if r["values"].get("n01951", {}).get("value") is not None
        }
        assert got == {c: v for (c, y), v in live.items() if y == year}, year
    assert ("1290", 2019) not in live and ("1281", 2016) not in live
