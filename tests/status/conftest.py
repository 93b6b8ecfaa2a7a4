"""A small key-ratio table around Leksand for the status-analysis tests."""

import pytest

from kompass.indicators.domain.keyratios import define_table, import_values
from kompass.organisations.models import Organisation

DEFINITION = """
table: nulage-test
name: Nulägestest
metrics:
  - {key: sjuk, name: Sjukfrånvaro, unit: "%", direction: lower, target: 6, decimals: 1}
  - {key: nojd, name: Nöjda brukare, unit: "%", direction: higher, decimals: 0}
  - {key: kost, name: Kostnad per brukare, unit: kr}
"""


@pytest.fixture
def status_table(leksand, rattvik):
    others = list(
        Organisation.objects.filter(county_code=leksand.county_code)
        .exclude(pk=leksand.pk)
        .order_by("code")[:7]
    )
    table, _ = define_table(text=DEFINITION)
    lines = ["kommun;nyckeltal;år;värde"]
    for year in (2021, 2022, 2023):
        lines.append(f"{leksand.code};sjuk;{year};{9 + year - 2021}")
        lines.append(f"{leksand.code};nojd;{year};80")
        lines.append(f"{leksand.code};kost;{year};100000")
        for index, org in enumerate(others):
            lines.append(f"{org.code};sjuk;{year};{5 + index * 0.5}".replace(".", ","))
            lines.append(f"{org.code};nojd;{year};{70 + index * 3}")
            lines.append(f"{org.code};kost;{year};{90000 + index * 5000}")
    import_values(table=table, data="\n".join(lines).encode("utf-8"), filename="t.csv")
    return table


from tests.indicators.conftest import kolada, standin  # noqa: E402, F401
