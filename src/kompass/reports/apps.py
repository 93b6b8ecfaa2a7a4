from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kompass.reports"
    verbose_name = _("Rapporter")

    def ready(self):
        from django.conf import settings

        from kompass.reports import charts

        # Renderings shared by every process of this installation (see charts.py), named
        # by digests keyed with its secret.
        charts.use_secret(settings.SECRET_KEY)
        charts.use_cache_dir(settings.DATA_DIR / "charts")
