"""Fixtures for key ratios, indicators and Kolada: the seed-001 benchmark table, Leksand's
demo indicators, and the Kolada v3 stand-in with clients of it (real sockets, no network)."""

import pytest

from kompass.indicators.kolada.client import KoladaClient
from tests.indicators.kolada_standin import KoladaStandIn


@pytest.fixture
def benchmark(base_data):
    from kompass.indicators.demo import load_benchmark

    return load_benchmark()


@pytest.fixture
def leksand_indicators(leksand):
    from kompass.indicators.demo import leksand_indicators as make

    return {i.name: i for i in make(leksand)}


@pytest.fixture
def standin():
    """The Kolada v3 stand-in on 127.0.0.1 (a random port), fresh for each test."""
    server = KoladaStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def kolada(standin, tmp_path):
    """`kolada(per_page=..., cache=False, retries=3)`: a client of the stand-in whose
    backoff waits are recorded in `client.slept` instead of slept."""

    def make(*, per_page=5000, cache=False, retries=3, **kwargs):
        waits: list[float] = []
        client = KoladaClient(
            standin.url,
            cache_dir=tmp_path / "kolada-cache" if cache else None,
            per_page=per_page,
            retries=retries,
            backoff=0.5,
            sleep=waits.append,
            **kwargs,
        )
        client.slept = waits
        return client

    return make


UNFIT = (
    "Värdena kan inte visas som styrdiagram P: 2023-02: antalet (80) är större än nämnaren "
    "(50). Rätta värdena eller välj en annan diagramtyp för indikatorn."
)


@pytest.fixture
def unfit_share(leksand):
    """A P-chart indicator of Leksand with one value stored around the rules (80 of 50),
    as old data or a direct database change may leave it."""
    from kompass.indicators.domain.indicators import create_indicator, set_values
    from kompass.indicators.models import IndicatorValue

    share = create_indicator(
        organisation=leksand,
        name="Andel",
        perspective="staff",
        unit="%",
        period_type="month",
        chart_type="p",
    )
    rows = [{"period": f"2023-{m:02d}", "value": 40, "denominator": 50} for m in (1, 2, 3)]
    set_values(indicator=share, rows=rows)
    IndicatorValue.objects.filter(indicator=share, period="2023-02").update(value=80)
    return share
