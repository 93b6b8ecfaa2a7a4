from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "kompass.surveys"
    verbose_name = _("Enkäter")

    def ready(self):
        from kompass.core.navigation import register_home_panel, register_menu
        from kompass.core.setup import register_demo
        from kompass.reports.exports import register_report
        from kompass.surveys import audit_kinds, jobs, retention  # noqa: F401 (jobs: reminders)
        from kompass.surveys.exports import SurveyReport

        audit_kinds.register()
        retention.register()
        from kompass.core import people

        # A survey's recipients as people: their export and erasure (the invitation goes,
        # and the recipient row with it).
        people.register("recipient", "surveys.personalinvitation", match=("label",))
        people.register("recipient", "surveys.recipient", match=("email",))
        register_menu(_("Enkäter"), "surveys:list", order=20, visible=_menu_visible)
        # The local outbox, while no SMTP server is set (e.g. `make run`): administrators
        # see there what invitations and reminders would have gone out.
        register_menu(_("Utkorg"), "outbox", order=95, visible=_outbox_visible)
        register_home_panel("surveys/home_panel.html", _home_panel, order=20)
        register_demo("kompass.surveys.demo", order=30)
        register_report(SurveyReport())


# The views pull in numpy and Polars; commands that never show a page need not load them.
def _menu_visible(user):
    from kompass.surveys.views import menu_visible

    return menu_visible(user)


def _home_panel(request):
    from kompass.surveys.views import home_panel

    return home_panel(request)


def _outbox_visible(user):
    from django.conf import settings

    return bool(user.is_authenticated and user.is_administrator and not settings.EMAIL_HOST)
