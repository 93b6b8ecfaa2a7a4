"""The worked example in docs/formats/socio-account.md, reproduced to the krona: every
figure in its result tables, the payback month and the break-even share."""

from decimal import Decimal

from kompass.analytics.socio import calculate, kronor, share
from kompass.analytics.socio_input import load_account
from kompass.lib.numbers import format_number, format_percent
from tests.analytics.socio_example import doc_text, example_yaml, results_block


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _result():
    return calculate(load_account(example_yaml(), filename="socio-account.md"))


def _payback_text(actor, years: int) -> str:
    if actor.payback.state == "no_cost":
        return "no net cost"
    if actor.payback.months is None:
        return f"not within {years} years"
    return f"month {actor.payback.months}"


def test_docs_example_key_figures_to_the_krona():
    result = _result()
    zero, rate = result.rate(0), result.rate(Decimal("0.035"))
    assert result.success_share == Decimal("0.25")
    assert kronor(sum(result.gains["kommun"])) == 33000
    assert kronor(zero.society.horizon(5).net) == 4221619
    assert kronor(rate.society.horizon(5).net) == 3770769
    assert [kronor(y.cumulative) for y in zero.society.years[:5]] == [
        -1200000,
        249600,
        1169280,
        2865024,
        4221619,
    ]
    assert zero.society.payback.months == 22
    assert rate.society.payback.months == 23
    assert share(zero.society.horizon(5).break_even_share) == 0.1151
    assert share(rate.society.horizon(5).break_even_share) == 0.12
    assert kronor(zero.actor("forsakringskassan").horizon(5).net) == -609754
    assert zero.actor("forsakringskassan").payback.state == "not_within"


def test_docs_example_result_tables_match_the_document():
    result = _result()
    block = _normal(results_block())
    account = result.account
    for rate in result.rates:
        for actor in rate.actors:
            cells = [format_number(kronor(actor.horizon(h).net)) for h in account.horizons]
            row = f"| {actor.name} | " + " | ".join(cells) + f" | {_payback_text(actor, 10)} |"
            assert _normal(row) in block, row
    for s in result.winners_and_losers(0, 5):
        row = (
            f"| {s.name} | {format_percent(float(s.financing_share), 1)} | "
            f"{format_percent(float(s.gain_share), 1)} | {format_number(kronor(s.net))} | "
            f"{format_number(kronor(s.compensation))} |"
        )
        assert _normal(row) in block, row


def test_docs_example_hand_calculation_matches():
    result = _result()
    text = _normal(doc_text())
    zero = result.rate(0).society
    assert f"**month {zero.payback.months}**" in text
    breakeven = format_percent(float(zero.horizon(5).break_even_share), 2)
    assert f"**{_normal(breakeven)}**" in text
    for year in zero.years[:5]:
        row = (
            f"| {year.year} | {format_number(kronor(year.cost))} | {format_number(kronor(year.effect))} | "
            f"{format_number(kronor(year.net))} | {format_number(kronor(year.cumulative))} |"
        )
        assert _normal(row) in text, row


def test_every_key_of_the_format_is_documented():
    from kompass.analytics.socio_input import TOP_KEYS, UNIT_KEYS

    text = doc_text()
    for key in sorted(
        TOP_KEYS
        | UNIT_KEYS
        | {"cost_per_year", "financing", "starts_after_months", "lasts_years", "drop_off"}
    ):
        assert f"`{key}" in text or f"`intervention.{key}`" in text or f"`effect.{key}`" in text, (
            key
        )
