"""The evaluation report as a report kind (`/rapporter/utvardering/<id>/`,
`kompass report utvardering ID`), with the evaluation itself as YAML or JSON."""

from django.utils.translation import gettext_lazy as _

from kompass.reports.exports import ReportKind, file_stem


class EvaluationReport(ReportKind):
    identifier = "utvardering"
    verbose_name = _("Utvärderingsrapport")
    key_help = "utvärderingens id (se kompass evaluation list)"
    key_type = int
    data_formats = ("yaml", "json")
    aliases = ("evaluation",)
    not_found = "det finns ingen utvärdering med id %(key)s"

    def get_object(self, user, key, params):
        from kompass.accounts.access import get_evaluation_for_user

        return get_evaluation_for_user(user, key)

    def build(self, obj, params, *, user):
        from kompass.evaluations.report import build_evaluation_report

        return build_evaluation_report(obj, user=user)

    def render_data(self, obj, params, fmt, *, user):
        from kompass.accounts.access import can_see_evidence
        from kompass.evaluations.domain.transfer import dump, export_evaluation

        stem = file_stem("utvardering", obj.organisation.name, obj.date.year)
        data = export_evaluation(obj, with_evidence=can_see_evidence(user, obj))
        return stem, dump(data, fmt).encode("utf-8")
