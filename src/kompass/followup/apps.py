from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "kompass.followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from kompass.followup import retention

        retention.register()
        from kompass.audit.kinds import register_kind
        from kompass.core import people
        from kompass.followup.domain.people import erase_person

        people.register("followup_person", "followup.person", match=("name",), erase=erase_person)
        register_kind("followup.person", about_person=True)
        # What was said in a dialogue never enters the trail, only that it changed.
        register_kind("followup.dialogue", redact=("notes", "agenda", "participants"))
        register_kind("followup.actionnote", redact=("text",), name=lambda note: "anteckning")
        for label in ("action", "opportunity"):
            register_kind(f"followup.{label}", root=lambda obj: obj.plan)
        from kompass.core.navigation import register_home_panel, register_menu, register_slot
        from kompass.core.setup import register_demo
        from kompass.followup.exports import PlanReport
        from kompass.followup.report import followthrough_section
        from kompass.followup.views import panels
        from kompass.reports.exports import register_report
        from kompass.reports.registry import register_section

        register_menu(_("Uppföljning"), "followup:index", order=40)
        register_home_panel("followup/home_panel.html", panels.home_panel, order=40)
        register_demo("kompass.followup.demo", order=50)
        register_slot("evaluation_detail", "followup/evaluation_slot.html", panels.evaluation_slot)
        register_section("utvardering", followthrough_section)
        register_report(PlanReport())
