from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "kompass.governance"
    verbose_name = _("Ändringslogg och dataskydd")

    def ready(self):
        from kompass.core.navigation import register_slot
        from kompass.governance import jobs, views  # noqa: F401 (jobs: the daily retention)

        register_slot(
            "organisation_overview",
            "governance/organisation_slot.html",
            views.organisation_slot,
            order=90,
        )
