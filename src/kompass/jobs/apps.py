from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "kompass.jobs"
    verbose_name = _("Jobb")

    def ready(self):
        from kompass.core.navigation import register_menu

        register_menu(_("Mina jobb"), "jobs:list", order=90, visible=_has_jobs)


def _has_jobs(user) -> bool:
    from kompass.jobs.models import Job

    return bool(user.is_authenticated and Job.objects.filter(user=user).exists())
