"""The action plan as a report kind (`/rapporter/handlingsplan/<id>/`,
`kompass report handlingsplan ID`)."""

from django.utils.translation import gettext_lazy as _

from kompass.reports.exports import ReportKind


class PlanReport(ReportKind):
    identifier = "handlingsplan"
    verbose_name = _("Handlingsplan med åtgärder och status")
    key_help = "handlingsplanens id (se kompass followup plans)"
    key_type = int
    aliases = ("actionplan",)
    not_found = "det finns ingen handlingsplan med id %(key)s"

    def get_object(self, user, key, params):
        from kompass.accounts.access import get_plan_for_user

        return get_plan_for_user(user, key)

    def build(self, obj, params, *, user):
        from kompass.followup.report import build_plan_report

        return build_plan_report(obj)
