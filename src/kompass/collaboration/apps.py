from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "kompass.collaboration"
    verbose_name = _("Samverkansprojekt")

    def ready(self):
        from kompass.collaboration import views
        from kompass.core.navigation import register_home_panel, register_menu
        from kompass.core.setup import register_demo
        from kompass.reports.registry import ReportKind, register_report

        register_menu(_("Samverkansprojekt"), "collaboration:list", order=60)
        register_home_panel("collaboration/home_panel.html", views.home_panel, order=60)
        register_demo("kompass.collaboration.demo", order=60)
        register_report(
            ReportKind(
                "project",
                "samverkansprojekt: checklista, grad av framgång och samverkansbokslut",
                _report_arguments,
                _build_report,
            )
        )


def _report_arguments(parser):
    parser.add_argument("id", type=int, help="projektets id (se kompass collaboration list)")


def _build_report(options):
    from kompass.collaboration.models import Project
    from kompass.collaboration.report import build_project_report

    project = Project.objects.filter(pk=options["id"]).first()
    if project is None:
        raise LookupError(f"det finns inget samverkansprojekt med id {options['id']}")
    return build_project_report(project)
