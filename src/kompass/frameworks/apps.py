from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "kompass.frameworks"
    verbose_name = _("Ramverk och instrument")

    def ready(self):
        from kompass.audit.kinds import register_kind
        from kompass.core.setup import register_setup_step

        register_setup_step("frameworks", _load_shipped, order=20)
        # An organisation's own instruments (made in the instrument editor) are recorded
        # with their organisation; the YAML itself is the instrument's export.
        register_kind("frameworks.framework", exclude=("source_text", "checksum", "loaded_at"))


def _load_shipped(stdout):
    from django.core.management.base import CommandError

    from kompass.frameworks.domain.loading import load_shipped_frameworks
    from kompass.frameworks.schema import FrameworkError

    try:
        loaded = load_shipped_frameworks()
    except FrameworkError as exc:
        raise CommandError(str(exc)) from exc
    for framework, changed in loaded:
        state = "inläst" if changed else "oförändrat"
        stdout.write(f"Ramverk {framework.identifier}: {state}.")
