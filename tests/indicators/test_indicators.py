"""Indicators: definitions, series with every kind of bad input, phases, the status
against target and baseline, and the demo series for Leksand with its visible shift."""

import pytest
from django.core.exceptions import PermissionDenied

from kompass.core.errors import InputError
from kompass.followup.domain.indicators import brief
from kompass.indicators.domain.indicators import (
    add_phase,
    analyse_indicator,
    create_indicator,
    import_values,
    indicator_status,
    set_values,
    update_indicator,
)
from kompass.indicators.forms import IndicatorForm
from kompass.indicators.models import IndicatorValue
from kompass.indicators.report import build_indicator_report
from kompass.reports.document import KeyFigures
from kompass.reports.render import render_html
from tests.indicators.conftest import UNFIT

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Väntetid till särskilt boende",
    "perspective": "citizen",
    "unit": "dagar",
    "direction": "lower",
    "period_type": "quarter",
    "chart_type": "run",
    "baseline_period": "2021 kv 1",
    "target": "30,5",
    "decimals": 1,
}


@pytest.fixture
def indicator(leksand):
    return create_indicator(organisation=leksand, **FIELDS)


def test_create_normalises_baseline_and_target(indicator):
    assert indicator.baseline_period == "2021-K1"
    assert indicator.target == 30.5


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "ge indikatorn ett namn"),
        ({"target": "trettio"}, "target", "”trettio” är inte ett tal"),
        ({"baseline_period": "2021-13"}, "baseline_period", "är inte en period av typen kvartal"),
        ({"perspective": "weather"}, "perspective", "välj ett av"),
        ({"decimals": 9}, "decimals", "0–4"),
    ],
)
def test_bad_definitions_name_the_field(leksand, changes, field, message):
    with pytest.raises(InputError) as info:
        create_indicator(organisation=leksand, **{**FIELDS, **changes})
    assert any(p.field == field and message in p.message for p in info.value.problems)


def test_names_are_unique_per_organisation(indicator, leksand, rattvik):
    with pytest.raises(InputError, match="finns redan"):
        create_indicator(organisation=leksand, **FIELDS)
    assert create_indicator(organisation=rattvik, **FIELDS).pk != indicator.pk


def test_readers_and_outsiders_may_not_change(indicator, cast, leksand):
    for role in ("reader", "outsider", "evaluator"):
        with pytest.raises(PermissionDenied):
            create_indicator(organisation=leksand, user=cast[role], **{**FIELDS, "name": role})
        with pytest.raises(PermissionDenied):
            set_values(
                indicator=indicator, rows=[{"period": "2021-K1", "value": 1}], user=cast[role]
            )
    update_indicator(indicator=indicator, user=cast["editor"], unit="veckor")
    assert indicator.unit == "veckor"


def test_values_from_csv_windows_1252_decimal_comma(indicator):
    data = "Period;Värde;Anmärkning\r\n2021 K1;41,5;Före\r\n2021-K2;38;\r\nK3 2021;35,25;Nytt schema\r\n".encode(
        "cp1252"
    )
    result = import_values(indicator=indicator, data=data, filename="väntetid.csv")
    assert (result.created, result.updated) == (3, 0)
    assert [(v.period, v.value, v.note) for v in indicator.values.all()] == [
        ("2021-K1", 41.5, "Före"),
        ("2021-K2", 38.0, ""),
        ("2021-K3", 35.25, "Nytt schema"),
    ]


def test_a_row_with_too_few_fields_is_refused_with_row_and_column(indicator):
    """A short row (one separator missing) is not read as blanks: the whole file is refused."""
    data = "Period;Värde;Anmärkning\n2021-K1;41,5;Före\n2021-K2;38\n".encode()
    with pytest.raises(InputError) as info:
        import_values(indicator=indicator, data=data, filename="väntetid.csv")
    assert str(info.value).startswith("väntetid.csv, rad 3, kolumn Anmärkning: raden har 2 fält")
    assert not indicator.values.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "period;value\n2021-K1;1\n2021 kv 1;2\n",
            "rad 3, kolumn period: perioden 2021-K1 finns två gånger (även rad 2)",
        ),
        ("period;value\n2021-K1;många\n", "rad 2, kolumn value: ”många” är inte ett tal"),
        (
            "period;value\n2021-05;1\n",
            "rad 2, kolumn period: ”2021-05” är inte en period av typen kvartal",
        ),
        ("period;value\n2021-K1;\n", "rad 2, kolumn value: värdet saknas"),
        ("värde;antal\n1;2\n", "kolumnen period saknas"),
    ],
)
def test_bad_series_store_nothing(indicator, content, message):
    set_values(indicator=indicator, rows=[{"period": "2020-K4", "value": 50}])
    with pytest.raises(InputError) as info:
        import_values(indicator=indicator, data=content.encode(), filename="serie.csv")
    assert any(message in m for m in info.value.messages), info.value.messages
    assert list(indicator.values.values_list("period", flat=True)) == ["2020-K4"]


def test_p_chart_needs_denominators_not_smaller_than_counts(leksand):
    share = create_indicator(
        organisation=leksand,
        **{
            **FIELDS,
            "name": "Andel",
            "chart_type": "p",
            "period_type": "month",
            "baseline_period": "",
        },
    )
    with pytest.raises(InputError) as info:
        set_values(
            indicator=share,
            rows=[
                {"period": "2023-01", "value": 40, "denominator": 50},
                {"period": "2023-02", "value": 40},
                {"period": "2023-03", "value": 60, "denominator": 50},
                {"period": "2023-04", "value": 6, "denominator": "0"},
            ],
        )
    messages = "\n".join(info.value.messages)
    assert (
        "rad 2, kolumn denominator: nämnaren saknas; ett styrdiagram P kräver antal och nämnare"
        in messages
    )
    assert "rad 3, kolumn value: antalet (60) är större än nämnaren (50)" in messages
    assert "rad 4, kolumn denominator: nämnaren måste vara större än 0" in messages
    assert not IndicatorValue.objects.filter(indicator=share).exists()


def test_replace_removes_missing_periods(indicator):
    set_values(
        indicator=indicator, rows=[{"period": p, "value": 1} for p in ("2021-K1", "2021-K2")]
    )
    result = set_values(indicator=indicator, rows=[{"period": "2021-K2", "value": 2}], replace=True)
    assert (result.removed, result.updated) == (1, 1)


def test_status_against_target_and_baseline(indicator):
    rows = [
        {"period": f"{2021 + i // 4}-K{i % 4 + 1}", "value": v}
        for i, v in enumerate([40, 42, 39, 41, 37, 36, 35, 33])
    ]
    set_values(indicator=indicator, rows=rows)
    status = indicator_status(indicator)
    assert status.latest_period == "2022-K4" and status.latest_display == "33,0 dagar"
    assert status.baseline_display == "40,0 dagar" and status.change_display == "−7,0"
    assert status.gap.text == "2,5 dagar över målvärdet 30,5" and status.gap.met is False
    assert status.signal == "too_short"
    assert "För få punkter" in status.text


def test_a_phase_recalculates_the_centre(indicator):
    rows = [
        {"period": f"{2019 + i // 4}-K{i % 4 + 1}", "value": 40 + (i % 3) - (8 if i >= 10 else 0)}
        for i in range(20)
    ]
    set_values(indicator=indicator, rows=rows)
    assert analyse_indicator(indicator).signal  # the drop shows as a signal ...
    add_phase(indicator=indicator, start_period="2021K3", name="Ny rutin")
    result = analyse_indicator(indicator)
    assert [p.name for p in result.phases] == ["Före förändringen", "Ny rutin"]
    assert result.phases[1].start == 10
    assert result.text.startswith(
        "Efter ”Ny rutin” (från 2021-K3) är medianen 33,0 dagar mot 41,0 dagar före."
    )
    with pytest.raises(InputError, match="en fas börjar redan 2021-K3"):
        add_phase(indicator=indicator, start_period="2021-K3", name="Igen")


def test_demo_series_for_leksand_shows_the_shift(leksand_indicators):
    satisfied = leksand_indicators["Nöjda brukare i hemtjänsten"]
    status = indicator_status(satisfied)
    assert satisfied.is_example
    assert status.signal == "signal" and status.change_word == "förbättring"
    assert status.text.startswith(
        "Sannolikt en verklig förbättring: 10 punkter i rad över medianen"
    )
    course = leksand_indicators["Chefer som gått förbättringsutbildning"]
    assert indicator_status(course).signal == "too_short"
    sick = leksand_indicators["Sjukfrånvaro i hemtjänsten"]
    result = analyse_indicator(sick)
    assert result.chart == "p" and len(result.phases) == 2
    assert all(p.upper is not None for p in result.points)


def test_changing_to_a_p_or_u_chart_checks_every_stored_value(indicator):
    set_values(
        indicator=indicator,
        rows=[
            {"period": "2021-K1", "value": 40, "denominator": 50},
            {"period": "2021-K2", "value": 80, "denominator": 50},
            {"period": "2021-K3", "value": 30},
        ],
    )
    with pytest.raises(InputError) as info:
        update_indicator(indicator=indicator, chart_type="p")
    [problem] = info.value.problems
    assert problem.field == "chart_type"
    assert problem.message.startswith(
        "värdena passar inte ett styrdiagram P: "
        "2021-K2: antalet (80) är större än nämnaren (50); "
        "2021-K3: nämnaren saknas; ett styrdiagram P kräver antal och nämnare."
    )
    with pytest.raises(InputError) as info:
        update_indicator(indicator=indicator, chart_type="u")
    assert "2021-K2" not in info.value.problems[0].message  # more than the exposure is fine
    indicator.refresh_from_db()
    assert indicator.chart_type == "run"


def test_values_the_chart_cannot_draw_give_a_message_instead_of_an_error(unfit_share):
    share = unfit_share
    status = indicator_status(share)
    assert (status.signal, status.text, status.latest_period) == ("invalid", UNFIT, "2023-03")
    html = render_html(build_indicator_report(share))
    assert "antalet (80) är större än nämnaren (50)" in html and "<svg" not in html
    assert brief(share).signal == "Värdena passar inte diagrammet"
    assert analyse_indicator(share, "run").chart == "run"  # the other charts still draw


def test_targets_are_shown_as_written(leksand):
    tiny = create_indicator(
        organisation=leksand, **{**FIELDS, "name": "Liten", "target": "0,00001"}
    )
    set_values(indicator=tiny, rows=[{"period": "2021-K1", "value": 1}])
    report = build_indicator_report(tiny)
    figures = next(b for s in report.sections for b in s.blocks if isinstance(b, KeyFigures))
    assert "0,00001" in [f.value for f in figures.items]
    assert IndicatorForm.initial_for(tiny)["target"] == "0,00001"
    update_indicator(indicator=tiny, target="30")
    assert IndicatorForm.initial_for(tiny)["target"] == "30"
