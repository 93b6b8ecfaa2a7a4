"""The status analysis as a report kind: `/rapporter/nulage/<code>/?source=…&peers=…&year=…`
and `kompass report nulage CODE --source … --peers … --year …` (with `--table SLUG`,
`--kpi-group ID` as shorter ways to name the source). The parameters are the page's own,
so a download link is the page's query plus `format`."""

from django.utils.translation import gettext_lazy as _

from kompass.reports.exports import (
    Param,
    ParamError,
    ReportKind,
    file_stem,
    organisation_for_user,
)


class StatusReport(ReportKind):
    identifier = "nulage"
    verbose_name = _("Nulägesanalys: avvikelser mot jämförelsegruppen och vägval")
    key_help = "organisationens kod eller namn"
    params = (
        Param(
            "source",
            "underlag: table:KORTNAMN (eller bara kortnamnet), indicators eller kolada",
            aliases=("--table",),
        ),
        Param("kpi_group", "Koladas nyckeltalsgrupp (id)", aliases=("--kpi-group",)),
        Param(
            "peers",
            "jämförelsegrupp: table, skr, skr-ÅR, band, county, group-ID, kolada eller kolada-ID",
        ),
        Param("year", "år (standard: det senaste i underlaget)"),
    )
    not_found = "det finns ingen organisation ”%(key)s” som du får läsa"

    def get_object(self, user, key, params):
        """The analysis itself: the organisation through the access policy (outsiders
        404), the source and peers as `user` may see them. What cannot be analysed (an
        unknown Kolada group, peers that do not apply) is a ParamError that says why."""
        from kompass.core.errors import InputError
        from kompass.status.domain.selection import analysis_for

        organisation = organisation_for_user(user, key)
        try:
            analysis, _selection = analysis_for(user=user, organisation=organisation, params=params)
        except InputError as exc:
            raise ParamError(" ".join(exc.messages)) from None
        return analysis

    def build(self, obj, params, *, user):
        from kompass.status.report import build_status_report

        report = build_status_report(obj)
        report.filename = file_stem("nulagesanalys", obj.organisation.name, obj.year)
        return report
