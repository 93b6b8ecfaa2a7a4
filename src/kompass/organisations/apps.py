from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "kompass.organisations"
    verbose_name = _("Organisationer")

    def ready(self):
        from kompass.core.navigation import register_menu
        from kompass.core.setup import register_demo, register_setup_step

        register_menu(_("Organisationer"), "organisations:list", order=90)
        register_setup_step("register", _load_register, order=10)
        register_demo("kompass.organisations.demo", order=0)


def _load_register(stdout):
    from kompass.organisations.domain.register import load_register

    created, updated = load_register()
    stdout.write(f"Kommunregistret: {created} nya, {updated} uppdaterade.")
