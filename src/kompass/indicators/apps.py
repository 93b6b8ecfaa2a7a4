from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "kompass.indicators"
    verbose_name = _("Nyckeltal och indikatorer")

    def ready(self):
        from kompass.audit.kinds import register_kind
        from kompass.core.navigation import register_home_panel, register_menu, register_slot
        from kompass.core.setup import register_demo
        from kompass.indicators import views
        from kompass.indicators.exports import (
            DashboardReport,
            IndicatorReport,
            TableReport,
            TableTemplate,
        )
        from kompass.reports.exports import register_report

        register_menu(_("Nyckeltal och indikatorer"), "indicators:index", order=30)
        register_home_panel("indicators/home_panel.html", views.home_panel, order=30)
        register_demo("kompass.indicators.demo", order=40)
        register_slot("organisation_overview", "indicators/overview_slot.html", views.overview_slot)
        register_report(TableReport())
        register_report(DashboardReport())
        register_report(IndicatorReport())
        register_report(TableTemplate())
        # In the trail a key-ratio table belongs to its owner (none: a common table).
        register_kind("indicators.ratiotable", organisation=lambda table: table.owner_id)
        register_kind("indicators.indicatorphase", root=lambda phase: phase.indicator)
