"""The words of a status analysis, in the reader's language.

`kompass.analytics.status` answers with codes and numbers (a trend signal, notices with
their parameters); this module turns them into the plain sentences that pages, reports,
the API and the command line show. Swedish is written in the source, English lives in
the catalogue, so a report rendered under `translation.override("en")` reads in English.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompass.analytics import status as st
from kompass.lib.numbers import format_number


def year_span(years: Sequence[int]) -> str:
    """ "2014–2023", or one year alone."""
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def year_list(years: Sequence[int]) -> str:
    """Years as people write them: runs of consecutive years joined ("2015–2017, 2020")."""
    parts: list[str] = []
    ordered = sorted(set(years))
    start = previous = None
    for year in [*ordered, None]:
        if year is not None and previous is not None and year == previous + 1:
            previous = year
            continue
        if start is not None:
            parts.append(year_span([start, previous]))
        start = previous = year
    return ", ".join(parts)


def signal_label(signal: str) -> str:
    """A short label for a trend signal, for tables and charts."""
    labels = {
        st.IMPROVEMENT: _("Sannolik förbättring"),
        st.DETERIORATION: _("Sannolik försämring"),
        st.CHANGE: _("Sannolik förändring"),
        st.RANDOM: _("Slumpmässig variation"),
        st.TOO_SHORT: _("För kort serie"),
        st.NO_DATA: _("Inga värden"),
    }
    return labels.get(signal, signal)


def trend_text(trend: st.Trend, *, decimals: int = 1) -> str:
    """One or two plain sentences: is the development a trend or chance?"""
    span = year_span(trend.years)
    if trend.signal == st.NO_DATA:
        return _("Inga värden för organisationen, så utvecklingen kan inte visas.")
    if trend.signal == st.IMPROVEMENT:
        return _(
            "Sannolikt en verklig förbättring %(span)s: värdena bildar ett mönster som "
            "slumpen sällan ger."
        ) % {"span": span}
    if trend.signal == st.DETERIORATION:
        return _(
            "Sannolikt en verklig försämring %(span)s: värdena bildar ett mönster som "
            "slumpen sällan ger."
        ) % {"span": span}
    if trend.signal == st.CHANGE:
        return _(
            "Sannolikt en verklig förändring %(span)s: värdena bildar ett mönster som "
            "slumpen sällan ger."
        ) % {"span": span}
    if trend.signal == st.RANDOM:
        return _("Ingen trend %(span)s: variationen ser slumpmässig ut.") % {"span": span}
    count = len(trend.years)
    text = ngettext(
        "%(n)s år med värde (%(span)s) räcker inte för att skilja en trend från slumpen: "
        "det behövs minst %(minimum)s värden som inte ligger på medianen.",
        "%(n)s år med värden (%(span)s) räcker inte för att skilja en trend från slumpen: "
        "det behövs minst %(minimum)s värden som inte ligger på medianen.",
        count,
    ) % {"n": count, "span": span, "minimum": trend.minimum}
    median = format_number(trend.centre, decimals)
    side = {
        "above": _("Senaste värdet ligger över medianen för perioden (%(median)s)."),
        "below": _("Senaste värdet ligger under medianen för perioden (%(median)s)."),
        "on": _("Senaste värdet ligger på medianen för perioden (%(median)s)."),
    }.get(trend.latest_side)
    if side and count > 1:
        text += " " + side % {"median": median}
    return text


def notice_text(notice: st.Notice) -> str:
    """A notice about thin or odd data as a sentence that says what it means."""
    p = dict(notice.params)
    code = notice.code
    if code == st.NO_VALUE:
        return _("Organisationen har inget värde för %(year)s.") % p
    if code == st.NO_PEER_VALUES:
        return _("Ingen i jämförelsegruppen har ett värde, så det finns inget att jämföra med.")
    if code == st.SMALL_PEER_GROUP:
        return (
            ngettext(
                "Bara %(n)s organisation i jämförelsegruppen har värde (färre än %(minimum)s): "
                "tolka jämförelsen med försiktighet.",
                "Bara %(n)s organisationer i jämförelsegruppen har värden (färre än %(minimum)s): "
                "tolka jämförelsen med försiktighet.",
                p["n"],
            )
            % p
        )
    if code == st.MISSING_YEARS:
        return _("Värde saknas för %(years)s.") % {"years": year_list(p["years"])}
    if code == st.NO_DIRECTION:
        return _("Varken högre eller lägre värde är bättre, så nyckeltalet rangordnas inte.")
    if code == st.UNKNOWN_DIRECTION:
        return (
            _(
                "Riktningen ”%(direction)s” är okänd; nyckeltalet behandlas som utan riktning "
                "och rangordnas inte."
            )
            % p
        )
    if code == st.NOT_IN_DATA:
        return _("Nyckeltalet har inga värden i underlaget till och med %(year)s.") % p
    if code == st.NO_PEERS_GIVEN:
        return _(
            "Jämförelsegruppen är tom: välj en grupp med andra organisationer för att se "
            "percentiler och kvartiler."
        )
    if code == st.ORGANISATION_WITHOUT_DATA:
        return _(
            "Organisationen har inga värden för de valda nyckeltalen: importera värden eller "
            "välj andra nyckeltal."
        )
    if code == st.YEAR_WITHOUT_DATA:
        if not p.get("years"):
            return _("Det finns inga värden alls för de valda nyckeltalen.")
        return _("Det finns inga värden för %(year)s. År med värden: %(years)s.") % {
            "year": p["year"],
            "years": year_list(p["years"]),
        }
    if code == st.NO_FIGURES:
        return _(
            "Det finns inga nyckeltal att analysera: välj en tabell eller grupp med nyckeltal."
        )
    if code == st.DUPLICATE_VALUES:
        return (
            ngettext(
                "%(count)s värde fanns mer än en gång för samma organisation, nyckeltal och år; "
                "det första användes.",
                "%(count)s värden fanns mer än en gång för samma organisation, nyckeltal och år; "
                "det första användes.",
                p["count"],
            )
            % p
        )
    if code == st.INVALID_VALUES:
        return (
            ngettext(
                "%(count)s värde var inte ett ändligt tal och räknades som saknat.",
                "%(count)s värden var inte ändliga tal och räknades som saknade.",
                p["count"],
            )
            % p
        )
    return code
