"""The sentences of a status analysis: every signal and notice code has one, in Swedish
and in English, with its numbers filled in."""

import pytest
from django.utils import translation

from kompass.analytics import status as st
from kompass.analytics.status import Notice, Trend
from kompass.status import texts

NOTICES = [
    Notice(st.NO_VALUE, {"year": 2023}),
    Notice(st.NO_PEER_VALUES),
    Notice(st.SMALL_PEER_GROUP, {"n": 3, "minimum": 5}),
    Notice(st.MISSING_YEARS, {"years": [2015, 2016, 2017, 2020]}),
    Notice(st.NO_DIRECTION),
    Notice(st.UNKNOWN_DIRECTION, {"direction": "uppåt"}),
    Notice(st.NOT_IN_DATA, {"year": 2023}),
    Notice(st.NO_PEERS_GIVEN),
    Notice(st.ORGANISATION_WITHOUT_DATA, {"organisation": "2029"}),
    Notice(st.YEAR_WITHOUT_DATA, {"year": 2024, "years": [2021, 2022, 2023]}),
    Notice(st.YEAR_WITHOUT_DATA, {"year": 2024, "years": []}),
    Notice(st.NO_FIGURES),
    Notice(st.DUPLICATE_VALUES, {"count": 2}),
    Notice(st.INVALID_VALUES, {"count": 1}),
]


@pytest.mark.parametrize("notice", NOTICES, ids=lambda n: n.code)
def test_every_notice_reads_in_swedish_and_english(notice):
    with translation.override("sv"):
        swedish = texts.notice_text(notice)
    with translation.override("en"):
        english = texts.notice_text(notice)
    assert swedish != notice.code
    assert english != swedish
    assert "%(" not in swedish + english


def test_notice_texts_fill_in_their_numbers():
    with translation.override("sv"):
        assert texts.notice_text(NOTICES[3]) == "Värde saknas för 2015–2017, 2020."
        assert texts.notice_text(NOTICES[2]) == (
            "Bara 3 organisationer i jämförelsegruppen har värden (färre än 5): "
            "tolka jämförelsen med försiktighet."
        )
    with translation.override("en"):
        assert texts.notice_text(NOTICES[0]) == "The organisation has no value for 2023."


def test_every_notice_code_is_covered():
    assert set(st.NOTICE_CODES) == {n.code for n in NOTICES}
    assert len(st.NOTICE_CODES) == len(set(st.NOTICE_CODES))


@pytest.mark.parametrize("signal", st.TREND_SIGNALS)
def test_every_trend_signal_has_a_label_and_a_sentence(signal):
    trend = Trend(
        signal,
        years=(2015, 2016, 2017),
        values=(1.0, 2.0, 4.0),
        useful=2,
        centre=2.0,
        latest_side="above",
    )
    with translation.override("sv"):
        label, sentence = texts.signal_label(signal), texts.trend_text(trend)
    with translation.override("en"):
        assert texts.signal_label(signal) != label
        assert texts.trend_text(trend) != sentence
    assert label != signal


def test_short_series_says_why_and_where_the_latest_value_lies():
    trend = Trend(
        st.TOO_SHORT,
        years=tuple(range(2015, 2024)),
        values=(0.0,) * 9,
        useful=8,
        centre=12.25,
        latest_side="below",
    )
    with translation.override("sv"):
        assert texts.trend_text(trend, decimals=1) == (
            "9 år med värden (2015–2023) räcker inte för att skilja en trend från slumpen: "
            "det behövs minst 10 värden som inte ligger på medianen. Senaste värdet ligger "
            "under medianen för perioden (12,3)."
        )


def test_year_list_joins_runs():
    assert texts.year_list([2020, 2014, 2015, 2016, 2018]) == "2014–2016, 2018, 2020"
    assert texts.year_list([]) == ""
