"""The socio-economic account as report data.

`account_sections(result)` needs no database: `kompass socio calc FILE --format xlsx`
renders its tables straight from a file. Every figure comes from
`kompass.analytics.socio.calculate`; nothing is recomputed here, only rounded for show.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompass.analytics.socio.account import SOCIETY
from kompass.analytics.socio.result import Result
from kompass.analytics.socio.rounding import kronor
from kompass.analytics.socio.texts import KIND_LABELS
from kompass.collaboration.domain.account import shipped_defaults, uses_defaults
from kompass.collaboration.report.common import (
    EXAMPLE_NOTICE,
    actor_name,
    money,
    months_text,
    pct,
    rate_label,
    sheet_name,
    socio_text,
    standard_name,
)
from kompass.lib.numbers import format_number, format_percent
from kompass.reports.charts import BarChart, LineChart, Series
from kompass.reports.document import (
    Cell,
    Chart,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)


def _break_even_cell(h) -> Cell:
    """The break-even success share of a horizon (or a sensitivity row): a share above
    100 % says that it cannot be reached, as a share of the participants cannot."""
    if h.break_even_state == "no_cost":
        return Cell(value=0.0, display=_("ingen kostnad"))
    if h.break_even_share is None:
        return Cell.text(_("nås inte"))
    if h.break_even_share > 1:
        return Cell(
            value=float(h.break_even_share),
            display=_("%(share)s – kan inte nås (över 100 %%)")
            % {"share": format_percent(float(h.break_even_share), 1)},
        )
    return pct(h.break_even_share)


def account_key_figures(result: Result) -> KeyFigures:
    account = result.account
    items = []
    for rate in result.rates:
        society = rate.society
        net = society.horizon(account.main_horizon).net
        items.append(
            KeyFigure(
                _("Samhällets nettoresultat efter %(h)s år (%(rate)s)")
                % {"h": account.main_horizon, "rate": rate_label(rate.rate)},
                f"{format_number(kronor(net))} kr",
            )
        )
    first = result.rates[0]
    items.append(
        KeyFigure(
            _("Återbetalningstid för samhället (%(rate)s)") % {"rate": rate_label(first.rate)},
            months_text(first.society.payback.months, first.society.payback.state, account.years),
        )
    )
    breakeven = first.society.horizon(account.main_horizon)
    items.append(
        KeyFigure(
            _("Framgångsandel som krävs för att gå jämnt ut (%(h)s år)")
            % {"h": account.main_horizon},
            _break_even_cell(breakeven).display,
            _("i kalkylen: %(share)s") % {"share": format_percent(float(result.success_share), 1)},
        )
    )
    return KeyFigures(items)


def _cumulative_chart(result: Result, rate_result, key: str) -> Chart:
    account = result.account
    x = [_("År %(n)s") % {"n": y} for y in range(1, account.years + 1)]
    series = [
        Series(actor_name(a), [float(kronor(f.cumulative)) for f in a.years])
        for a in rate_result.actors
    ]
    columns = [Column(_("År"))] + [Column(actor_name(a), True) for a in rate_result.actors]
    rows = [
        [Cell.text(x[i])] + [money(a.years[i].cumulative) for a in rate_result.actors]
        for i in range(account.years)
    ]
    society = rate_result.society
    final = society.years[-1].cumulative
    losers = [
        actor_name(a)
        for a in rate_result.actors
        if a.code != SOCIETY and a.years[-1].cumulative < 0
    ]
    description = _(
        "Ackumulerat nettoresultat per aktör år för år, diskonterat med %(rate)s. "
        "Samhället totalt har efter %(years)s år %(net)s kr."
    ) % {
        "rate": rate_label(rate_result.rate),
        "years": account.years,
        "net": format_number(kronor(final)),
    }
    if losers:
        description += " " + _("Negativt efter %(years)s år: %(names)s.") % {
            "years": account.years,
            "names": ", ".join(losers),
        }
    return Chart(
        spec=LineChart(x=x, series=series, value_label=_("Kronor"), zero_line=True),
        caption=_("Ackumulerat resultat per aktör över tid (%(rate)s)")
        % {"rate": rate_label(rate_result.rate)},
        description=description,
        table=Table(
            _("Ackumulerat resultat per aktör och år (%(rate)s)")
            % {"rate": rate_label(rate_result.rate)},
            columns,
            rows,
            sheet=sheet_name(_("Ackumulerat %(rate)s") % {"rate": rate_label(rate_result.rate)}),
        ),
        key=key,
    )


def _winners_chart(result: Result, rate_result, key: str) -> Chart:
    account = result.account
    shares = result.winners_and_losers(rate_result.rate, account.main_horizon)
    categories = [standard_name(s.name) for s in shares]
    financing = [float(s.financing_share) * 100 for s in shares]
    gains = [float(s.gain_share) * 100 if s.gain_share is not None else 0.0 for s in shares]
    table = _winners_table(result, rate_result)
    description = "; ".join(
        _("%(name)s finansierar %(f)s och får %(g)s av vinsterna")
        % {
            "name": standard_name(s.name),
            "f": format_percent(float(s.financing_share), 1),
            "g": format_percent(float(s.gain_share), 1) if s.gain_share is not None else "–",
        }
        for s in shares
    )
    return Chart(
        spec=BarChart(
            categories=categories,
            series=[
                Series(_("Andel av finansieringen"), financing),
                Series(_("Andel av vinsterna"), gains),
            ],
            value_label=_("Procent"),
            horizontal=True,
            decimals=1,
        ),
        caption=_("Vinnare och förlorare efter %(h)s år (%(rate)s)")
        % {"h": account.main_horizon, "rate": rate_label(rate_result.rate)},
        description=description + ".",
        table=table,
        key=key,
    )


def _winners_table(result: Result, rate_result) -> Table:
    account = result.account
    shares = result.winners_and_losers(rate_result.rate, account.main_horizon)
    rows = []
    for s in shares:
        difference = (
            Cell.number(float((s.gain_share - s.financing_share) * 100), 1, sign=True)
            if s.gain_share is not None
            else Cell.text("–")
        )
        rows.append(
            [
                Cell.text(standard_name(s.name)),
                pct(s.financing_share),
                pct(s.gain_share),
                difference,
                money(s.net),
                money(s.compensation),
                Cell.text(_("Vinnare") if s.winner else _("Förlorare"), "" if s.winner else "high"),
            ]
        )
    return Table(
        _("Vinnare och förlorare efter %(h)s år (%(rate)s)")
        % {"h": account.main_horizon, "rate": rate_label(rate_result.rate)},
        [
            Column(_("Aktör")),
            Column(_("Andel av finansieringen"), True),
            Column(_("Andel av vinsterna"), True),
            Column(_("Skillnad (procentenheter)"), True),
            Column(_("Netto (kr)"), True),
            Column(_("Utjämning (kr)"), True),
            Column(_("Bedömning")),
        ],
        rows,
        footnotes=[
            _(
                "Offentliga aktörer och finansiärer. Förlorare har ett negativt nettoresultat. "
                "Utjämning: vad aktören skulle få (+) eller lämna (−) för att vinsterna ska "
                "fördelas som finansieringen."
            )
        ],
        sheet=sheet_name(_("Vinnare %(rate)s") % {"rate": rate_label(rate_result.rate)}),
    )


def _years_table(result: Result, rate_result) -> Table:
    """Each actor's flows year by year: only the years in which something happens to
    the actor (a cost, an effect, a transfer), so that pages of zeros do not hide them;
    in a year left out the accumulated result is that of the year before."""
    account = result.account
    rows = []
    left_out = 0
    for a in rate_result.actors:
        for f in a.years:
            if not (f.cost or f.real or f.transfer or f.net):
                left_out += 1
                continue
            rows.append(
                [
                    Cell.text(actor_name(a)),
                    Cell.number(f.year),
                    money(f.cost),
                    money(f.real),
                    money(f.transfer),
                    money(f.net),
                    money(f.cumulative),
                ]
            )
    return Table(
        _("Resultat per aktör och år (%(rate)s)") % {"rate": rate_label(rate_result.rate)},
        [
            Column(_("Aktör")),
            Column(_("År"), True),
            Column(_("Insatsens kostnad (kr)"), True),
            Column(_("Real effekt (kr)"), True),
            Column(_("Transfereringar (kr)"), True),
            Column(_("Netto (kr)"), True),
            Column(_("Ackumulerat (kr)"), True),
        ],
        rows,
        footnotes=[
            _("%(years)s år från projektstart; år 1 diskonteras inte.") % {"years": account.years}
        ]
        + (
            [
                _(
                    "År utan kostnad, effekt eller transferering för en aktör visas inte; "
                    "aktörens ackumulerade resultat är då detsamma som året innan."
                )
            ]
            if left_out
            else []
        ),
        sheet=sheet_name(_("Per år %(rate)s") % {"rate": rate_label(rate_result.rate)}),
    )


def _horizons_table(result: Result, rate_result) -> Table:
    account = result.account
    columns = [Column(_("Aktör"))] + [
        Column(ngettext("%(h)s år", "%(h)s år", h) % {"h": h}, True) for h in account.horizons
    ]
    rows = [
        [Cell.text(actor_name(actor))] + [money(actor.horizon(h).net) for h in account.horizons]
        for actor in rate_result.actors
    ]
    label = rate_label(rate_result.rate)
    return Table(
        _("Nettoresultat per aktör och horisont (%(rate)s)") % {"rate": label},
        columns,
        rows,
        total_rows=1,
        footnotes=[_("Horisonten 4 år motsvarar en mandatperiod.")]
        if 4 in account.horizons
        else [],
        sheet=sheet_name(_("Horisonter %(rate)s") % {"rate": label}),
    )


def _split_table(result: Result, rate_result) -> Table:
    account = result.account
    rows = []
    for a in rate_result.actors:
        h = a.horizon(account.main_horizon)
        rows.append(
            [
                Cell.text(actor_name(a)),
                money(h.cost),
                money(h.real),
                money(h.transfer),
                money(h.effect),
                money(h.net),
            ]
        )
    return Table(
        _("Kostnad, reala effekter och transfereringar efter %(h)s år (%(rate)s)")
        % {"h": account.main_horizon, "rate": rate_label(rate_result.rate)},
        [
            Column(_("Aktör")),
            Column(_("Insatsens kostnad (kr)"), True),
            Column(_("Real effekt (kr)"), True),
            Column(_("Transfereringar (kr)"), True),
            Column(_("Effekt totalt (kr)"), True),
            Column(_("Netto (kr)"), True),
        ],
        rows,
        total_rows=1,
        footnotes=[
            _(
                "Transfereringar flyttar pengar mellan aktörer och tar ut varandra för samhället; "
                "reala effekter (produktion och resursförbrukning) gör det inte."
            )
        ],
        sheet=sheet_name(_("Real och transfer %(rate)s") % {"rate": rate_label(rate_result.rate)}),
    )


def _payback_table(result: Result) -> Table:
    account = result.account
    columns = [Column(_("Aktör"))]
    for rate in result.rates:
        columns.append(Column(_("Återbetalningstid, %(rate)s") % {"rate": rate_label(rate.rate)}))
    for rate in result.rates:
        columns.append(
            Column(
                _("Framgångsandel för att gå jämnt ut efter %(h)s år, %(rate)s")
                % {"h": account.main_horizon, "rate": rate_label(rate.rate)},
                True,
            )
        )
    rows = []
    for index, actor in enumerate(result.rates[0].actors):
        row = [Cell.text(actor_name(actor))]
        for rate in result.rates:
            a = rate.actors[index]
            row.append(
                Cell(
                    value=a.payback.months,
                    display=months_text(a.payback.months, a.payback.state, account.years),
                )
            )
        for rate in result.rates:
            row.append(_break_even_cell(rate.actors[index].horizon(account.main_horizon)))
        rows.append(row)
    return Table(
        _("Återbetalningstid och framgångsandel som krävs"),
        columns,
        rows,
        total_rows=1,
        footnotes=[
            _(
                "Återbetalningstid: den månad från projektstart efter vilken det ackumulerade "
                "resultatet inte längre är negativt. Framgångsandel i kalkylen: %(share)s."
            )
            % {"share": format_percent(float(result.success_share), 1)}
        ],
        sheet=_("Återbetalning"),
    )


def _sensitivity_table(result: Result) -> Table:
    account = result.account
    columns = [Column(_("Antagande")), Column(_("Värde"))]
    for rate in account.discount_rates:
        columns.append(
            Column(
                _("Samhällets netto efter %(h)s år, %(rate)s (kr)")
                % {"h": account.main_horizon, "rate": rate_label(rate)},
                True,
            )
        )
    first = rate_label(account.discount_rates[0])
    columns += [
        Column(_("Framgångsandel för att gå jämnt ut, %(rate)s") % {"rate": first}, True),
        Column(_("Återbetalningstid, %(rate)s") % {"rate": first}),
    ]
    rows = []
    for s in result.sensitivity:
        row = [
            Cell.text(socio_text(s.assumption), "high" if s.base else ""),
            Cell.text(socio_text(s.variant) if s.variant else _("som i kalkylen")),
        ]
        row += [money(s.society_net[r]) for r in account.discount_rates]
        row.append(_break_even_cell(s))
        row.append(
            Cell(
                value=s.payback.months,
                display=months_text(s.payback.months, s.payback.state, account.years),
            )
        )
        rows.append(row)
    return Table(
        _("Känslighetsanalys: samhällets resultat när ett antagande ändras"),
        columns,
        rows,
        footnotes=[_("Varje rad ändrar ett antagande och behåller de övriga.")],
        sheet=_("Känslighet"),
    )


def _assumptions_table(result: Result) -> Table:
    account = result.account
    effect = account.effect
    rows = [
        (_("Deltagare"), format_number(account.participants)),
        (
            _("Insatsens kostnad per år (kr)"),
            "; ".join(format_number(c) for c in account.intervention_costs),
        ),
        (
            _("Finansiering"),
            ", ".join(
                f"{actor_name(account.actor(code))} {format_percent(float(share), 2 if share * 100 % 1 else 0)}"
                for code, share in account.financing.items()
            ),
        ),
        (
            _("Utgångsläge"),
            _("jämförelsegrupp") if account.comparison else _("deltagarnas läge före"),
        ),
        (
            _("Framgångsandel (andel i ett annat läge än utgångsläget)"),
            format_percent(float(result.success_share), 1),
        ),
        (
            _("Effekten börjar efter"),
            ngettext("%(n)s månad", "%(n)s månader", effect.starts_after_months)
            % {"n": effect.starts_after_months},
        ),
        (
            _("Effekten varar"),
            ngettext("%(n)s år", "%(n)s år", effect.lasts_years) % {"n": effect.lasts_years},
        ),
        (_("Avtagande per år"), format_percent(float(effect.drop_off), 1)),
        (_("Dödvikt"), format_percent(float(account.deadweight), 1)),
        (_("Tillskrivning"), format_percent(float(account.attribution), 1)),
        (_("Undanträngning"), format_percent(float(account.displacement), 1)),
        (_("Horisonter (år)"), ", ".join(map(str, account.horizons))),
        (_("Diskonteringsräntor"), ", ".join(rate_label(r) for r in account.discount_rates)),
        (_("Prisår"), str(account.price_year) if account.price_year else "–"),
    ]
    return Table(
        _("Antaganden"),
        [Column(_("Antagande")), Column(_("Värde"))],
        [[Cell.text(a), Cell.text(b)] for a, b in rows],
        sheet=_("Antaganden"),
    )


def _distribution_table(result: Result) -> Table:
    account = result.account
    columns = [Column(_("Status")), Column(_("Före"), True), Column(_("Efter"), True)]
    if account.comparison is not None:
        columns.append(Column(_("Jämförelsegrupp"), True))
    rows = []
    for status in account.statuses:
        row = [
            Cell.text(standard_name(status.name)),
            pct(account.before.get(status.code, Decimal(0))),
            pct(account.after.get(status.code, Decimal(0))),
        ]
        if account.comparison is not None:
            row.append(pct(account.comparison.get(status.code, Decimal(0))))
        rows.append(row)
    return Table(_("Deltagarnas status (andel av deltagarna)"), columns, rows, sheet=_("Status"))


def _status_cost_table(result: Result) -> Table:
    account = result.account
    costs = {(c.status, c.actor): c for c in result.status_costs}
    rows = []
    for status in account.statuses:
        row = [Cell.text(standard_name(status.name))]
        total = Decimal(0)
        for actor in account.actors:
            c = costs.get((status.code, actor.code))
            value = c.total if c is not None else Decimal(0)
            total += value
            row.append(money(value))
        row.append(money(total))
        rows.append(row)
    return Table(
        _("Kostnad per person och år i varje status (kr, negativt = intäkt)"),
        [Column(_("Status"))]
        + [Column(actor_name(a), True) for a in account.actors]
        + [Column(_("Samhället"), True)],
        rows,
        footnotes=[
            _(
                "Samhällets kolumn innehåller bara reala effekter: transfereringarna tar ut varandra."
            )
        ],
        sheet=_("Kostnad per status"),
    )


def _gain_table(result: Result) -> Table:
    account = result.account
    rows = []
    total_real = total_transfer = Decimal(0)
    for actor in account.actors:
        real, transfer = result.gains[actor.code]
        total_real += real
        total_transfer += transfer
        rows.append(
            [Cell.text(actor_name(actor)), money(real), money(transfer), money(real + transfer)]
        )
    rows.append(
        [
            Cell.text(_("Samhället totalt")),
            money(total_real),
            money(total_transfer),
            money(total_real + total_transfer),
        ]
    )
    return Table(
        _("Vinst per deltagare och år med full effekt, före dödvikt och tillskrivning (kr)"),
        [
            Column(_("Aktör")),
            Column(_("Real effekt"), True),
            Column(_("Transfereringar"), True),
            Column(_("Totalt"), True),
        ],
        rows,
        total_rows=1,
        sheet=_("Vinst per deltagare"),
    )


def unit_cost_table(account) -> Table:
    statuses = {s.code: standard_name(s.name) for s in account.statuses}
    actors = {a.code: actor_name(a) for a in account.actors}
    rows = [
        [
            Cell.text(statuses.get(u.status, u.status)),
            Cell.text(u.name),
            Cell.text(socio_text(KIND_LABELS[u.kind])),
            Cell.text(actors.get(u.actor, u.actor)),
            Cell.text(actors.get(u.receiver, "") if u.receiver else "–"),
            Cell.number(u.amount),
            Cell(value=u.year, display=str(u.year)),
            Cell.text(u.source or "–"),
        ]
        for u in account.unit_costs
    ]
    return Table(
        _("Enhetskostnader per person och år"),
        [
            Column(_("Status")),
            Column(_("Post")),
            Column(_("Typ")),
            Column(_("Aktör (betalar)")),
            Column(_("Mottagare")),
            Column(_("Belopp (kr)"), True),
            Column(_("Prisår"), True),
            Column(_("Källa")),
        ],
        rows,
        sheet=_("Enhetskostnader"),
    )


def account_sections(result: Result, *, level: int = 2, detail: bool = True) -> list[Section]:
    """The account as report sections: summary, results over time, winners and losers,
    payback and break-even, sensitivity, assumptions and unit costs. `detail` adds the
    cumulative chart for every discount rate and the year-by-year tables (the account's
    own report and files); without it the first rate's chart stands for them (the
    project report and page, where the horizons tables give every rate)."""
    account = result.account
    first = result.rates[0]
    summary = Section(_("Samverkansbokslut"), level=level, anchor="bokslut")
    summary.add(account_key_figures(result))
    summary.add(
        Paragraph(
            _(
                "%(n)s deltagare. Insatsen kostar %(cost)s kr under %(years)s år. "
                "%(share)s av deltagarna når ett annat läge än utgångsläget; effekten räknas "
                "med %(factor)s efter dödvikt, tillskrivning och undanträngning."
            )
            % {
                "n": format_number(account.participants),
                "cost": format_number(sum(account.intervention_costs)),
                "years": len(account.intervention_costs),
                "share": format_percent(float(result.success_share), 1),
                "factor": format_percent(float(account.factor), 1),
            }
        )
    )
    if account.description:
        summary.add(Paragraph(account.description))
    if uses_defaults(account):
        summary.add(Paragraph(standard_name(shipped_defaults().notice), style="caution"))
    for note in result.notes:
        summary.add(Paragraph(socio_text(note), style="caution"))

    over_time = Section(_("Resultat per aktör över tid"), level=level, anchor="over-tid")
    for index, rate in enumerate(result.rates if detail else result.rates[:1]):
        over_time.add(_cumulative_chart(result, rate, f"cum{index}"))
    for rate in result.rates:
        over_time.add(_horizons_table(result, rate))
    for rate in result.rates:
        over_time.add(_split_table(result, rate))

    winners = Section(_("Vinnare och förlorare"), level=level, anchor="vinnare")
    winners.add(
        Paragraph(
            _(
                "Varje aktörs andel av de offentliga vinsterna jämfört med dess andel av "
                "finansieringen. En aktör som förlorar på samverkan kan blockera den om den "
                "inte kompenseras."
            )
        )
    )
    winners.add(_winners_chart(result, first, "winners"))
    for rate in result.rates[1:]:
        winners.add(_winners_table(result, rate))

    payback = Section(
        _("Återbetalningstid och framgångsandel"), level=level, anchor="aterbetalning"
    )
    payback.add(_payback_table(result))

    sensitivity = Section(_("Känslighetsanalys"), level=level, anchor="kanslighet")
    sensitivity.add(_sensitivity_table(result))

    basis = Section(_("Antaganden och enhetskostnader"), level=level, anchor="antaganden")
    basis.add(_assumptions_table(result), _distribution_table(result), _gain_table(result))
    basis.add(_status_cost_table(result), unit_cost_table(account))
    sections = [summary, over_time, winners, payback, sensitivity, basis]
    if detail:
        details = Section(_("Resultat per år"), level=level, anchor="per-ar")
        for rate in result.rates:
            details.add(_years_table(result, rate))
        sections.append(details)
    return sections


def build_account_report(result: Result, *, detail: bool = True) -> Report:
    """A report of an account alone (for `kompass socio calc`, the account's downloads
    and, without the year-by-year detail, the account page)."""
    account = result.account
    report = Report(
        title=account.name,
        subtitle=_("Socioekonomisk kalkyl"),
        notice=_(EXAMPLE_NOTICE) if account.example else "",
        filename="samverkansbokslut",
    )
    for section in account_sections(result, detail=detail):
        report.add(section)
    return report
