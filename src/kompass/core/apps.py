from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CoreConfig(AppConfig):
    name = "kompass.core"
    verbose_name = _("Gemensamt")

    def ready(self) -> None:
        from django.utils import translation

        from kompass.lib.numbers import use_language_source
        from kompass.lib.problems import use_translation

        # Numbers format, and problems say where they are, in the language being
        # rendered (kompass.lib knows no Django).
        use_language_source(lambda: translation.get_language() or "sv")
        use_translation(translation.gettext)


# The texts kompass.lib translates through `use_translation` (marked for makemessages).
PROBLEM_WORDS = (
    gettext_noop("rad %(n)s"),
    gettext_noop("kolumn %(name)s"),
    gettext_noop("fält ”%(name)s”"),
    gettext_noop("”%(text)s” är inte ett tal"),
    gettext_noop("”%(text)s” är inte ett tal (bara ändliga tal tas emot)"),
    gettext_noop("talet är för stort (för många siffror): Kompass tar emot tal upp till %(max)s"),
    gettext_noop(
        "”%(text)s” är för stort: Kompass tar emot tal upp till %(max)s (plus eller minus)"
    ),
)

# The problems of a socio-economic account's assumptions that its form shows
# (kompass.analytics.socio_input translates them through kompass.lib's `translated`).
ACCOUNT_PROBLEMS = (
    gettext_noop("horisonten ska vara minst 1 år (fick %(years)s)"),
    gettext_noop("horisonten får vara högst %(max)s år (fick %(years)s)"),
    gettext_noop("horisonten %(years)s år förekommer två gånger"),
    gettext_noop(
        "ange högst %(max)s diskonteringsräntor (fick %(n)s); varje ränta räknas som en egen kalkyl"
    ),
    gettext_noop("diskonteringsräntan förekommer två gånger"),
)
