"""Survey reports as a report kind: the cohort summary (`/rapporter/enkat/<slug>/`) or,
with `organisation`, one organisation's feedback report
(`/rapporter/enkat/<slug>/?organisation=2029`, `kompass report enkat SLUG
--organisation Leksand`)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kompass.reports.exports import Param, ReportKind


def feedback_organisation(user, survey, key: str):
    """The cohort member `key` names (its code, `org-<id>`, or on the command line its
    name) whose feedback report `user` may read; 404 otherwise."""
    from kompass.accounts.access import check_can_see_feedback
    from kompass.organisations.domain.register import find_organisation
    from kompass.organisations.models import Organisation

    organisation = Organisation.for_key(key)
    if organisation is None:
        try:
            organisation = find_organisation(key)
        except LookupError:
            raise Http404 from None
    if not survey.members.filter(organisation=organisation).exists():
        raise Http404
    check_can_see_feedback(user, survey, organisation)
    return organisation


class SurveyReport(ReportKind):
    identifier = "enkat"
    verbose_name = _("Enkätrapport: sammanställning för kohorten eller återrapport")
    key_help = "enkätens kortnamn (se kompass survey list)"
    params = (Param("organisation", "återrapport för en organisation (kommunkod eller namn)"),)
    aliases = ("survey",)
    not_found = "det finns ingen enkät ”%(key)s” med den organisationen i kohorten"

    def get_object(self, user, key, params):
        from kompass.accounts.access import get_survey_for_user

        if params["organisation"]:
            survey = get_survey_for_user(user, key)
            return survey, feedback_organisation(user, survey, params["organisation"])
        return get_survey_for_user(user, key, edit=True), None

    bundle_label = _("alla återrapporter")

    def bundle(self, *, user, key, params):
        """Every cohort organisation's feedback report (for those who manage the survey)."""
        from kompass.accounts.access import get_survey_for_user

        survey = get_survey_for_user(user, key, edit=True)
        members = survey.members.select_related("organisation").order_by("organisation__name")
        return [
            {"key": survey.slug, "params": {"organisation": m.organisation.key}} for m in members
        ]

    def bundle_stem(self, *, user, key, params):
        from kompass.reports.exports import file_stem

        return file_stem("aterrapporter", key)

    def build(self, obj, params, *, user):
        from kompass.surveys.report import build_cohort_report, build_organisation_report

        survey, organisation = obj
        if organisation is not None:
            return build_organisation_report(survey, organisation)
        return build_cohort_report(survey)
