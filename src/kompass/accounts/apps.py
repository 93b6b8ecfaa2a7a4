from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kompass.accounts"
    verbose_name = _("Konton och behörigheter")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kompass.accounts.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="kompass_session_clock")

        from kompass.accounts.domain import people
        from kompass.audit.kinds import register_kind
        from kompass.core import retention

        retention.register(
            "closed_accounts",
            people.closed_accounts_due,
            people.erase_closed_accounts,
            label="accounts.user",
            description="avstängda konton som inte använts sedan före gränsen",
        )
        register_kind(
            "accounts.user",
            about_person=True,
            exclude=("password", "session_generation", "last_login"),
        )
        register_kind(
            "accounts.membership",
            about_person=True,
            organisation=lambda m: m.organisation_id,
        )
        register_kind("accounts.apitoken", about_person=True, exclude=("digest",))
        from kompass.core import people as person_registry

        person_registry.register(
            "user", "accounts.user", match=("username", "email"), erase=people.erase_for_registry
        )
