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

# The problems of a socio-economic account file, defaults file or form (and the names of
# the values they are about), which kompass.analytics.socio_input translates through
# kompass.lib's `translated`.
ACCOUNT_PROBLEMS = (
    gettext_noop("horisonten ska vara minst 1 år (fick %(years)s)"),
    gettext_noop("horisonten får vara högst %(max)s år (fick %(years)s)"),
    gettext_noop("horisonten %(years)s år förekommer två gånger"),
    gettext_noop(
        "ange högst %(max)s diskonteringsräntor (fick %(n)s); varje ränta räknas som en egen kalkyl"
    ),
    gettext_noop("diskonteringsräntan förekommer två gånger"),
    gettext_noop("värdet"),
    gettext_noop("”actors” ska vara en lista med minst en aktör"),
    gettext_noop("aktören"),
    gettext_noop("”statuses” ska vara en lista med minst en status"),
    gettext_noop("statusen"),
    gettext_noop(
        "koden ”%(code)s” för %(what)s får bara innehålla a–z, siffror och understreck och får inte vara ”%(society)s”"
    ),
    gettext_noop("koden ”%(code)s” för %(what)s får bara innehålla a–z, siffror och understreck"),
    gettext_noop("”unit_costs” ska vara en lista med minst en enhetskostnad"),
    gettext_noop("%(what)s ska vara ett tal"),
    gettext_noop("%(what)s ska vara ett tal mindre än %(limit)s, inte ”%(value)s”"),
    gettext_noop("%(what)s ska vara ett heltal, inte %(value)s"),
    gettext_noop("%(what)s ska vara minst %(low)s (fick %(value)s)"),
    gettext_noop("%(what)s får vara högst %(high)s (fick %(value)s)"),
    gettext_noop("%(what)s kan inte vara negativ (fick %(value)s)"),
    gettext_noop("%(what)s ska vara under 100 %% (fick %(value)s)"),
    gettext_noop("”%(key)s” ska vara en text"),
    gettext_noop("%(what)s ska vara en mappning (nyckel: värde)"),
    gettext_noop("en aktör ska ha ”code” och ”name”"),
    gettext_noop("”public” ska vara true eller false"),
    gettext_noop("en status ska ha ”code” och ”name”"),
    gettext_noop("koden ”%(code)s” förekommer två gånger"),
    gettext_noop("en enhetskostnad ska vara en mappning med status, aktör, belopp och år"),
    gettext_noop("beloppet (”amount”) saknas"),
    gettext_noop("enhetskostnaden saknar prisår (”year”)"),
    gettext_noop("okänd aktör ”%(code)s” (kända: %(known)s)"),
    gettext_noop("%(what)s saknas; ange andelar i procent som summerar till 100 %%"),
    gettext_noop("okänd status ”%(code)s” (kända: %(known)s)"),
    gettext_noop("”%(key)s” saknas"),
    gettext_noop("okänd nyckel ”%(key)s” (tillåtna: %(allowed)s)"),
    gettext_noop(
        "”kind” ska vara resource (resursförbrukning), production (produktion) eller transfer (transferering), inte ”%(kind)s”"
    ),
    gettext_noop("en transferering går från en aktör till en annan (”actor” och ”to” är samma)"),
    gettext_noop("”to” (mottagare) anges bara för transfereringar"),
    gettext_noop("beloppet"),
    gettext_noop("beloppet kan inte vara negativt; välj ”production” för ett värde som skapas"),
    gettext_noop("prisåret"),
    gettext_noop("andelen för ”%(code)s”"),
    gettext_noop("%(what)s summerar till %(total)s %%, ska vara 100 %%"),
    gettext_noop("%(what)s är tom; ange andelar som summerar till 100 %%"),
    gettext_noop("%(what)s ska vara ett tal, inte ”%(value)s”"),
    gettext_noop("dödvikten"),
    gettext_noop("tillskrivningen"),
    gettext_noop("undanträngningen"),
    gettext_noop("kalkylen ska vara en mappning med deltagare, insats, statusar m.m."),
    gettext_noop("antalet deltagare (”participants”) saknas"),
    gettext_noop("andelarna före (”before”)"),
    gettext_noop("andelarna efter (”after”)"),
    gettext_noop("”example” ska vara true eller false"),
    gettext_noop("insatsens kostnad per år (”cost_per_year”) saknas"),
    gettext_noop("insatsen behöver en kostnad för minst ett år"),
    gettext_noop("”effect” saknas (när effekten börjar, hur länge den varar)"),
    gettext_noop("antalet månader innan effekten börjar"),
    gettext_noop("hur många år effekten varar (”lasts_years”) saknas"),
    gettext_noop("avtagandet per år"),
    gettext_noop("”horizons” ska vara en lista med år, t.ex. [1, 3, 4, 5, 10]"),
    gettext_noop("”discount_rates” ska vara en lista i procent, t.ex. [0, 3.5]"),
    gettext_noop("ange kalkylens prisår (”price_year”) när prisindex används"),
    gettext_noop("”schema” ska vara %(schema)s, inte %(value)s"),
    gettext_noop("”actors” saknas (och inga standardvärden finns)"),
    gettext_noop("”statuses” saknas (och inga standardvärden finns)"),
    gettext_noop("”unit_costs” saknas (och inga standardvärden finns)"),
    gettext_noop("antalet deltagare"),
    gettext_noop("finansieringen (”financing”: aktör och andel i procent) saknas"),
    gettext_noop("jämförelsegruppens andelar (”comparison”)"),
    gettext_noop("huvudhorisonten"),
    gettext_noop("ange antingen en lista med kostnad per år eller en kostnad och ”years”"),
    gettext_noop("kostnaden"),
    gettext_noop("antalet projektår"),
    gettext_noop("kostnaden kan inte vara negativ"),
    gettext_noop("effektens varaktighet i år"),
    gettext_noop("horisonten"),
    gettext_noop("diskonteringsräntan"),
    gettext_noop("året i prisindexet"),
    gettext_noop("indexvärdet"),
    gettext_noop("prisindex saknas för år %(year)s (prisår för en enhetskostnad)"),
    gettext_noop("antalet deltagare kan inte vara negativt (fick %(value)s)"),
    gettext_noop("finansieringsandelarna"),
    gettext_noop("huvudhorisonten %(main)s år finns inte bland horisonterna (%(horizons)s)"),
    gettext_noop("indexvärdet ska vara minst %(min)s (fick %(value)s)"),
    gettext_noop("prisindex saknas för kalkylens prisår %(year)s"),
    gettext_noop("filen ska innehålla en mappning med actors, statuses och unit_costs"),
    gettext_noop("”schema” ska vara %(schema)s"),
)
