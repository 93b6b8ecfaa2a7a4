"""The socio-economic account (kompass.analytics.socio): who pays, who gains, when it
pays back. Pure computation, no database."""

import json
from dataclasses import replace
from decimal import Decimal, localcontext

import pytest

from kompass.analytics.socio import (
    PRECISION,
    SOCIETY,
    Effect,
    calculate,
    kronor,
    result_data,
    share,
    success_share,
)
from kompass.analytics.socio_input import account_data, load_account, load_defaults, parse_account
from kompass.core.errors import InputError
from tests.analytics.socio_example import example_yaml

ACTORS = ("kommun", "region", "forsakringskassan", "ovrig_stat", "individ")
TINY = Decimal("1e-15")  # sums taken here use Decimal's default 28 digits


@pytest.fixture
def account():
    return load_account(example_yaml(), filename="exempel.yaml")


def _nets(result, rate=0, horizon=5):
    return {a.code: a.horizon(horizon).net for a in result.rate(rate).actors}


def _with_unit(account, name, status, amount):
    units = tuple(
        replace(u, amount=Decimal(amount)) if (u.name, u.status) == (name, status) else u
        for u in account.unit_costs
    )
    return replace(account, unit_costs=units)


def test_transfers_cancel_for_society_real_effects_do_not(account):
    result = calculate(account, sensitivity=False)
    for rate in result.rates:
        society = rate.society
        for h in society.horizons:
            assert h.transfer == 0
            assert h.real == h.effect
            assert h.real > 0 or h.horizon == 1  # the effect starts after 12 months
            actors = [rate.actor(code).horizon(h.horizon) for code in ACTORS]
            assert abs(sum(a.transfer for a in actors)) < TINY
            assert abs(sum(a.real for a in actors) - h.real) < TINY
        # ... while individual actors do gain and lose through transfers
        assert rate.actor("kommun").horizon(5).transfer > 0
        assert rate.actor("individ").horizon(5).transfer < 0
    gains = result.gains
    assert sum(t for _, t in gains.values()) == 0
    assert sum(r for r, _ in gains.values()) == Decimal(82800)


def test_changing_a_resource_cost_changes_only_its_actor(account):
    before = _nets(calculate(account, sensitivity=False))
    changed = _with_unit(account, "Handläggning", "forsorjningsstod", 48000)
    after = _nets(calculate(changed, sensitivity=False))
    moved = {code for code in before if before[code] != after[code]}
    assert moved == {"kommun", SOCIETY}
    # 24 000 more per person-year, 15 % fewer on assistance, 40 people, 80 % credited
    assert kronor(after["kommun"] - before["kommun"]) == kronor(
        Decimal(24000) * Decimal("0.15") * 40 * Decimal("0.8") * Decimal("2.952")
    )


def test_changing_a_transfer_changes_payer_and_receiver_not_society(account):
    before = _nets(calculate(account, sensitivity=False))
    changed = _with_unit(account, "Sjukersättning", "sjukersattning", 150000)
    after = _nets(calculate(changed, sensitivity=False))
    moved = {code for code in before if before[code] != after[code]}
    assert moved == {"forsakringskassan", "individ"}
    assert after[SOCIETY] == before[SOCIETY]
    assert after["forsakringskassan"] - before["forsakringskassan"] == -(
        after["individ"] - before["individ"]
    )


def test_changing_production_changes_the_individual_and_society(account):
    before = _nets(calculate(account, sensitivity=False))
    after = _nets(calculate(_with_unit(account, "Produktion", "arbete", 360000), sensitivity=False))
    assert {code for code in before if before[code] != after[code]} == {"individ", SOCIETY}


def test_break_even_share_gives_a_zero_result(account):
    result = calculate(account, sensitivity=False)
    target = result.rate(0).society.horizon(5).break_even_share
    t = target / success_share(account)
    after = {
        code: account.before.get(code, Decimal(0))
        + t * (account.after.get(code, Decimal(0)) - account.before.get(code, Decimal(0)))
        for code in ("forsorjningsstod", "sjukersattning", "arbete")
    }
    scaled = calculate(replace(account, after=after), sensitivity=False)
    assert abs(success_share(replace(account, after=after)) - target) < TINY
    assert abs(scaled.rate(0).society.horizon(5).net) < Decimal("0.001")


def test_discounting_divides_year_n_by_rate_to_n_minus_one(account):
    result = calculate(account, sensitivity=False)
    plain, discounted = result.rate(0).society.years, result.rate("0.035").society.years
    assert discounted[0].net == plain[0].net
    for n in (2, 3, 6):
        assert discounted[n - 1].effect * Decimal("1.035") ** (n - 1) == pytest.approx(
            plain[n - 1].effect, abs=Decimal("1e-20")
        )


def test_effect_starts_fades_and_ends():
    effect = Effect(starts_after_months=6, lasts_years=2, drop_off=Decimal("0.25"))
    assert [effect.strength(m) for m in (0, 5, 6, 17, 18, 29, 30)] == [
        0,
        0,
        1,
        1,
        Decimal("0.75"),
        Decimal("0.75"),
        0,
    ]


def test_full_drop_off_keeps_only_the_first_effect_year():
    effect = Effect(starts_after_months=0, lasts_years=3, drop_off=Decimal(1))
    assert [effect.strength(m) for m in (0, 11, 12, 30)] == [1, 1, 0, 0]


def test_payback_states(account):
    free = calculate(replace(account, intervention_costs=(Decimal(0),)), sensitivity=False)
    assert free.rate(0).society.payback.state == "no_cost"
    assert free.rate(0).society.horizon(5).break_even_state == "no_cost"
    tiny = replace(account, attribution=Decimal("0.01"))
    result = calculate(tiny, sensitivity=False)
    assert result.rate(0).society.payback.state == "not_within"
    assert result.rate(0).society.payback.months is None


def test_comparison_group_replaces_the_baseline(account):
    same = calculate(replace(account, comparison=dict(account.after)), sensitivity=False)
    assert same.success_share == 0
    society = same.rate(0).society.horizon(5)
    assert society.effect == 0
    assert society.break_even_state == "never"
    half = {
        "arbete": Decimal("0.1"),
        "forsorjningsstod": Decimal("0.5"),
        "sjukersattning": Decimal("0.4"),
    }
    result = calculate(replace(account, comparison=half), sensitivity=False)
    assert result.success_share == Decimal("0.15")


def test_winners_and_losers_compensation_adds_up_to_zero(account):
    result = calculate(account, sensitivity=False)
    for rate in result.rates:
        for h in account.horizons:
            rows = result.winners_and_losers(rate.rate, h)
            assert [r.code for r in rows] == ["kommun", "region", "forsakringskassan", "ovrig_stat"]
            assert abs(sum(r.compensation for r in rows)) < TINY
    five = {r.code: r for r in result.winners_and_losers(0, 5)}
    assert not five["forsakringskassan"].winner
    assert five["kommun"].winner and five["kommun"].gain_share > five["kommun"].financing_share


def test_sensitivity_base_row_and_direction(account):
    result = calculate(account)
    base = result.sensitivity[0]
    assert base.base and base.society_net[Decimal(0)] == result.rate(0).society.horizon(5).net
    deadweight = {
        s.variant: s.society_net[Decimal(0)]
        for s in result.sensitivity
        if s.assumption == "Dödvikt"
    }
    assert list(deadweight) == ["0 %", "25 %", "50 %", "75 %"]
    values = list(deadweight.values())
    assert values == sorted(values, reverse=True)
    shares = [s for s in result.sensitivity if s.assumption == "Framgångsandel"]
    # effects scale with the success share; break-even does not depend on it
    assert all(s.break_even_share == base.break_even_share for s in shares)


def test_price_index_recomputes_unit_costs():
    text = example_yaml().replace(
        "price_year: 2024", "price_year: 2024\nprice_index: {2023: 100, 2024: 110}"
    )
    text = text.replace("amount: 96000, year: 2024", "amount: 96000, year: 2023")
    account = load_account(text)
    unit = next(u for u in account.unit_costs if u.name == "Ekonomiskt bistånd")
    assert account.amount(unit) == Decimal("105600")
    result = calculate(account, sensitivity=False)
    assert any("omräknade" in note for note in result.notes)


def test_result_data_is_json_with_whole_kronor(account):
    data = json.loads(json.dumps(result_data(calculate(account))))
    zero = data["rates"][0]
    society = zero["actors"][-1]
    assert society["code"] == SOCIETY
    assert society["payback_months"] == 22
    assert society["horizons"][3] == {
        "horizon": 5,
        "cost": 3600000,
        "effect": 7821619,
        "real": 7821619,
        "transfer": 0,
        "net": 4221619,
        "break_even_share": 0.1151,
        "break_even_state": "share",
    }
    assert data["sensitivity"][0]["base"] is True


def test_account_data_round_trips(account):
    again = parse_account(account_data(account))
    assert again == account


def _problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        load_account(text, filename="kalkyl.yaml")
    return info.value.messages


def test_bad_financing_shares_name_the_field_and_line():
    text = example_yaml().replace(
        "forsakringskassan: 50, region: 25", "forsakringskassan: 40, region: 25"
    )
    messages = _problems(text)
    assert messages == [
        "kalkyl.yaml, rad 8, fält ”intervention.financing”: finansieringsandelarna summerar till 90 %, ska vara 100 %"
    ]


def test_negative_participants_zero_horizon_missing_year_unknown_status_all_reported():
    text = (
        example_yaml()
        .replace("participants: 40", "participants: -3")
        .replace("horizons: [1, 3, 4, 5, 10]", "horizons: [0, 3, 5]")
        .replace("amount: 96000, year: 2024,", "amount: 96000,")
        .replace("after: {arbete: 25,", "after: {pension: 25,")
    )
    messages = _problems(text)
    assert (
        "kalkyl.yaml, rad 5, fält ”participants”: antalet deltagare kan inte vara negativt (fick -3)"
        in messages
    )
    assert (
        "kalkyl.yaml, rad 14, fält ”horizons[0]”: horisonten ska vara minst 1 år (fick 0)"
        in messages
    )
    assert any(
        "”unit_costs[0].year”: enhetskostnaden saknar prisår (”year”)" in m for m in messages
    )
    assert any(
        "fält ”after.pension”: okänd status ”pension” (kända: forsorjningsstod, sjukersattning, arbete)"
        in m
        for m in messages
    )
    assert len(messages) == 4


def test_status_shares_must_add_up():
    text = example_yaml().replace(
        "before: {forsorjningsstod: 60,", "before: {forsorjningsstod: 50,"
    )
    assert _problems(text) == [
        "kalkyl.yaml, rad 9, fält ”before”: andelarna före (”before”) summerar till 90 %, ska vara 100 %"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "kind: transfer, actor: kommun, to: individ",
            "kind: transfer, actor: kommun, to: kommun",
            "samma",
        ),
        (
            "kind: resource, actor: kommun",
            "kind: resource, actor: kommunen",
            "okänd aktör ”kommunen”",
        ),
        ("kind: resource, actor: kommun", "kind: gåva, actor: kommun", "”kind” ska vara resource"),
        ("amount: 24000", "amount: -24000", "beloppet kan inte vara negativt"),
        ("drop_off: 20", "drop_off: 120", "avtagandet per år ska vara under 100 %"),
        (
            'discount_rates: [0, "3,5"]',
            "discount_rates: [0, tre]",
            "diskonteringsräntan ska vara ett tal",
        ),
        ("lasts_years: 5", "lasts_years: 0", "effektens varaktighet i år ska vara minst 1"),
    ],
)
def test_other_bad_input_is_explained(old, new, message):
    text = example_yaml().replace(old, new, 1)
    assert text != example_yaml()
    assert any(message in m for m in _problems(text))


def test_decimal_comma_and_percent_signs_are_read():
    text = (
        example_yaml()
        .replace("deadweight: 20", 'deadweight: "20 %"')
        .replace("[1 200 000, 1 200 000, 1 200 000]", '["1 200 000,00", 1200000, 1.2e6]')
    )
    account = load_account(text)
    assert account.deadweight == Decimal("0.2")
    assert account.intervention_costs == (
        Decimal("1200000.00"),
        Decimal(1200000),
        Decimal("1.2E+6"),
    )


def test_shipped_defaults_name_years_and_sources_and_match_the_reference():
    from kompass.collaboration.domain.account import DEFAULTS_FILE

    defaults = load_defaults(DEFAULTS_FILE.read_text(encoding="utf-8"), DEFAULTS_FILE.name)
    assert defaults.unit_costs
    assert all(u.year and u.source for u in defaults.unit_costs)
    assert "ersätt" in defaults.notice.lower()
    # Calibrated on the reference: the public sector gains 340 000 kr a year when a person
    # moves from financial assistance to work (Svenskt Näringsliv 2021).
    account = parse_account(
        {
            "participants": 1,
            "intervention": {"cost_per_year": [0], "financing": {"kommun": 100}},
            "before": {"forsorjningsstod": 100},
            "after": {"arbete": 100},
            "effect": {"lasts_years": 1},
        },
        defaults=defaults,
    )
    result = calculate(account, sensitivity=False)
    public = sum(sum(g) for code, g in result.gains.items() if account.actor(code).public)
    assert public == Decimal(340000)
    activa = next(u for u in defaults.unit_costs if u.year == 2018)
    assert activa.amount == 35000 and "Activa" in activa.source


# -- sensitivity states, limits, financing, notes and texts ---------------------------


def test_sensitivity_keeps_the_payback_and_break_even_states(account):
    free = calculate(replace(account, intervention_costs=(Decimal(0),)))
    base = free.sensitivity[0]
    assert base.payback.state == "no_cost" and base.payback.months is None
    assert base.break_even_state == "no_cost"
    row = result_data(free)["sensitivity"][0]
    assert (row["payback_months"], row["payback_state"]) == (None, "no_cost")
    assert row["break_even_state"] == "no_cost"
    # ... while an account that does not pay back says "not within", not "no cost"
    slow = calculate(replace(account, attribution=Decimal("0.01")))
    assert slow.sensitivity[0].payback.state == "not_within"
    assert result_data(slow)["sensitivity"][0]["payback_state"] == "not_within"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "participants: 40",
            "participants: 1e5000",
            "fält ”participants”: antalet deltagare ska vara ett tal mindre än "
            "1\u00a0000\u00a0000\u00a0000\u00a0000, inte ”1e5000”",
        ),
        (
            "participants: 40",
            "participants: 20000000",
            "antalet deltagare får vara högst 10000000 (fick 20000000)",
        ),
        (
            "amount: 96000,",
            "amount: 1e5000,",
            "fält ”unit_costs[0].amount”: beloppet ska vara ett tal mindre än",
        ),
        (
            "[1 200 000, 1 200 000, 1 200 000]",
            '["1 200 000", "1 000 000 000 000", 1200000]',
            "fält ”intervention.cost_per_year[1]”: kostnaden ska vara ett tal mindre än "
            "1\u00a0000\u00a0000\u00a0000\u00a0000, inte ”1 000 000 000 000”",
        ),
        ("participants: 40", "participants: " + "9" * 5000, "ett tal med tusentals siffror"),
    ],
)
def test_huge_numbers_are_refused_with_the_text_as_written(old, new, message):
    text = example_yaml().replace(old, new, 1)
    assert text != example_yaml()
    messages = _problems(text)
    assert any(message in m for m in messages), messages


def test_kronor_and_shares_of_large_amounts_do_not_fail():
    assert kronor(Decimal("1" + "0" * 70 + ".5")) == 10**70 + 1
    assert share(Decimal("1e70")) == 1e70


def test_financing_within_the_tolerance_adds_up_to_exactly_the_whole():
    text = example_yaml().replace(
        "financing: {forsakringskassan: 50, region: 25, kommun: 25}",
        'financing: {forsakringskassan: "33,33", region: "33,33", kommun: "33,33"}',
    )
    account = load_account(text)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        assert sum(account.financing.values()) == 1
    assert abs(account.financing["kommun"] - Decimal(1) / 3) < TINY
    result = calculate(account, sensitivity=False)
    for rate in result.rates:
        for h in account.horizons:
            society = rate.society.horizon(h)
            actors = [rate.actor(code).horizon(h) for code in ACTORS]
            assert abs(sum(a.cost for a in actors) - society.cost) < TINY
            rows = result.winners_and_losers(rate.rate, h)
            assert abs(sum(r.compensation for r in rows)) < TINY
    assert parse_account(account_data(account)).financing.keys() == account.financing.keys()


def test_at_most_five_distinct_discount_rates():
    six = example_yaml().replace('discount_rates: [0, "3,5"]', "discount_rates: [0, 1, 2, 3, 4, 5]")
    assert _problems(six) == [
        "kalkyl.yaml, rad 15, fält ”discount_rates”: ange högst 5 diskonteringsräntor (fick 6); "
        "varje ränta räknas som en egen kalkyl"
    ]
    five = example_yaml().replace('discount_rates: [0, "3,5"]', "discount_rates: [0, 1, 2, 3, 4]")
    assert len(load_account(five).discount_rates) == 5


def test_default_unit_costs_left_out_are_named_in_a_note():
    from kompass.collaboration.domain.account import DEFAULTS_FILE

    defaults = load_defaults(DEFAULTS_FILE.read_text(encoding="utf-8"), DEFAULTS_FILE.name)
    data = {
        "participants": 10,
        "intervention": {"cost_per_year": [100000], "financing": {"kommun": 100}},
        "before": {"forsorjningsstod": 100},
        "after": {"arbete": 50, "forsorjningsstod": 50},
        "effect": {"lasts_years": 2},
        "actors": [
            {"code": "kommun", "name": "Kommunen"},
            {"code": "region", "name": "Regionen"},
            {"code": "individ", "name": "Individen", "public": False},
        ],
        "statuses": [
            {"code": "forsorjningsstod", "name": "Ekonomiskt bistånd"},
            {"code": "arbete", "name": "Arbete"},
        ],
    }
    account = parse_account(data, defaults=defaults)
    notes = calculate(account, sensitivity=False).notes
    skipped = [n for n in notes if n.startswith("Standardenhetskostnader som inte används")]
    assert len(skipped) == 1
    assert "Polis, domstol och kriminalvård (rattsvasendet)" in skipped[0]
    assert "Sjukersättning (sjukersattning, forsakringskassan)" in skipped[0]
    assert "Arbetsgivaravgifter och statliga skatter (ovrig_stat)" in skipped[0]
    kept = {u.name for u in account.unit_costs}
    assert "Ekonomiskt bistånd" in kept and "Kommunalskatt" in kept
    assert "Kommunalskatt" not in skipped[0].split(": ", 1)[1].split("; ")[0]
    # the note is not part of the account: written out and read back it is the same
    assert parse_account(account_data(account)) == account


def test_every_text_for_people_is_listed_for_translation(account):
    from kompass.analytics import socio

    result = calculate(replace(account, comparison=dict(account.before)))
    shown = {s.assumption for s in result.sensitivity} | set(socio.KIND_LABELS.values())
    shown |= {socio.SOCIETY_NAME} | {getattr(n, "template", n) for n in result.notes}
    assert shown <= set(socio.TEXTS), shown - set(socio.TEXTS)
