from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kompass.core"
    verbose_name = _("Gemensamt")

    def ready(self) -> None:
        from django.utils import translation

        from kompass.lib.numbers import use_language_source

        # Numbers format in the language being rendered (kompass.lib knows no Django).
        use_language_source(lambda: translation.get_language() or "sv")
