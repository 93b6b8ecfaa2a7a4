"""The leadership-development dialogue as a report kind: `/rapporter/ledarskap/<code>/`
and `kompass report ledarskap CODE`."""

from django.utils.translation import gettext_lazy as _

from kompass.reports.exports import ReportKind, organisation_for_user


class DialogueReport(ReportKind):
    identifier = "ledarskap"
    verbose_name = _("Ledarskapsutveckling: principerna över tid och programplaner")
    key_help = "organisationens kod eller namn"
    not_found = "det finns ingen organisation ”%(key)s” som du får läsa"

    def get_object(self, user, key, params):
        return organisation_for_user(user, key)

    def build(self, obj, params, *, user):
        from kompass.leadership.report import build_dialogue_report

        return build_dialogue_report(obj)
