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
    gettext_noop("filen är nästlad i fler än %(max)s nivåer; så djupa filer tas inte emot"),
    gettext_noop(
        "filens alias (*%(anchor)s) växer till fler än %(max)s värden; så stora filer tas inte emot"
    ),
    gettext_noop("okänt fel"),
    gettext_noop("filen är inte giltig YAML (%(reason)s)"),
    gettext_noop(
        "filen innehåller ett värde som inte kan läsas (till exempel ett tal med "
        "tusentals siffror eller ett datum som inte finns)"
    ),
    gettext_noop("filen är inte giltig JSON (%(reason)s)"),
    gettext_noop(
        "filen blandar teckenkodningar: tidigare rader är UTF-8 men här finns "
        "tecken som inte är det. Spara filen som UTF-8 och försök igen."
    ),
    gettext_noop(
        "raden har %(fields)s fält men rubrikraden har %(width)s; kolumnen ”%(column)s” "
        "och de efter saknas. Alla rader ska ha lika många fält (tomma fält skrivs med "
        "avgränsaren)."
    ),
    gettext_noop("… och %(n)s sådana rader till"),
    gettext_noop("filen är tom eller saknar rubrikrad"),
    gettext_noop("bladet är tomt eller saknar rubrikrad"),
    gettext_noop("raden har %(fields)s fält men rubrikraden har %(width)s"),
    gettext_noop("filen kan inte läsas som CSV"),
    gettext_noop(
        "tecknet 0x%(byte)s finns varken i UTF-8 eller Windows-1252; filen verkar "
        "trasig. Spara den som UTF-8 och försök igen."
    ),
    gettext_noop(
        "”%(text)s” ser ut som UTF-8 läst som Windows-1252: filen blandar "
        "teckenkodningar. Spara filen som UTF-8 och försök igen."
    ),
    gettext_noop("filen packas upp till mer än 500 MB; så stora kalkylblad tas inte emot"),
    gettext_noop("filen kan inte läsas som XLSX (%(reason)s)"),
    gettext_noop("bladet har fler än %(max)s rader"),
    gettext_noop("raden har ett värde i kolumn %(column)s; högst %(max)s kolumner tas emot"),
    gettext_noop(
        "filen kan inte läsas som XLSX (%(reason)s): raden har ett värde som inte kan läsas"
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
