"""Fixtures for key ratios, indicators and Kolada: the seed-001 benchmark table, Leksand's
demo indicators, and Kolada clients replaying the recorded answers (no network)."""

from pathlib import Path

import httpx
import pytest

from kompass.indicators.kolada.client import KoladaClient
from kompass.indicators.kolada.replay import replay_transport

RECORDINGS = Path(__file__).parent / "recordings"


@pytest.fixture
def benchmark(base_data):
    from kompass.indicators.demo import load_benchmark

    return load_benchmark()


@pytest.fixture
def leksand_indicators(leksand):
    from kompass.indicators.demo import leksand_indicators as make

    return {i.name: i for i in make(leksand)}


@pytest.fixture
def kolada(tmp_path):
    """`kolada(per_page=..., cache=False)` -> (client, log of requested URLs)."""

    def make(*, per_page=5000, cache=False, retries=3):
        log: list[str] = []
        waits: list[float] = []
        client = KoladaClient(
            "https://api.kolada.se/v2",
            transport=replay_transport(RECORDINGS, log=log),
            cache_dir=tmp_path / "kolada-cache" if cache else None,
            per_page=per_page,
            retries=retries,
            backoff=0.5,
            sleep=waits.append,
        )
        client.log = log
        client.slept = waits
        return client

    return make


@pytest.fixture
def unreachable():
    """A client whose every request fails like a machine without network."""
    attempts: list[str] = []

    def handler(request):
        attempts.append(str(request.url))
        raise httpx.ConnectError("Name or service not known", request=request)

    client = KoladaClient(transport=httpx.MockTransport(handler), retries=2, sleep=lambda s: None)
    client.attempts = attempts
    return client


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
