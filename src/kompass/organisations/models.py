"""Organisations: Sweden's municipalities (and other bodies) and the units below them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

IRREGULAR_NAMES = {"Falun": "Falu kommun", "Gotland": "Region Gotland"}


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGION = "region", _("Region")
        AGENCY = "agency", _("Statlig myndighet")
        ASSOCIATION = "association", _("Samordningsförbund")
        OTHER = "other", _("Annan organisation")

    code = models.CharField(
        _("kod"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Officiell kod, för kommuner den fyrsiffriga kommunkoden."),
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(
        _("typ"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    county_code = models.CharField(_("länskod"), max_length=2, blank=True)
    county = models.CharField(_("län"), max_length=100, blank=True)
    # The newest figure and grouping, kept here for filters and lists; every year and
    # every grouping is in `population_counts` and `skr_groups` (see domain/register.py).
    population = models.PositiveIntegerField(_("invånare"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("befolkningsår"), null=True, blank=True)
    skr_group_code = models.CharField(_("kommungrupp (kod)"), max_length=4, blank=True)
    skr_group = models.CharField(_("kommungrupp (SKR)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        """The organisation's short identifier in URLs, result tables, the API and file
        names: its official code, or `org-<id>` for an organisation that has none."""
        return self.code or f"org-{self.pk}"

    @classmethod
    def for_key(cls, key: str) -> "Organisation | None":
        """The organisation with this `key` (the inverse of `Organisation.key`)."""
        found = cls.objects.filter(code=key).first()
        if found is None and key.startswith("org-") and key[4:].isdigit():
            found = cls.objects.filter(pk=int(key[4:])).first()
        return found

    @property
    def display_name(self) -> str:
        """The name as written in running text: "Leksands kommun"."""
        if self.kind != self.Kind.MUNICIPALITY:
            return self.name
        if self.name in IRREGULAR_NAMES:
            return IRREGULAR_NAMES[self.name]
        # "Leksands kommun" but "Örebro kommun", "Mora kommun", "Hällefors kommun".
        plain = self.name.endswith(("s", "x", "z", "a", "e", "i", "o", "u", "y", "å", "ä", "ö"))
        return f"{self.name if plain else self.name + 's'} kommun"


class SkrGroup(models.Model):
    """A municipality's group in one of SKR's groupings (kommungruppsindelning 2017, 2023
    ...), with where the row was taken from. Comparisons name the grouping they use."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="skr_groups"
    )
    grouping = models.PositiveSmallIntegerField(_("indelningsår"))
    code = models.CharField(_("kommungrupp (kod)"), max_length=4)
    name = models.CharField(_("kommungrupp"), max_length=100)
    source = models.CharField(_("källa"), max_length=200)

    class Meta:
        ordering = ["organisation", "grouping"]
        verbose_name = _("SKR-kommungrupp")
        verbose_name_plural = _("SKR-kommungrupper")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "grouping"], name="skr_group_one_per_grouping"
            )
        ]
        indexes = [models.Index(fields=["grouping", "code"])]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.code} {self.name} ({self.grouping})"


class PopulationCount(models.Model):
    """Inhabitants on 31 December of one year, with the source (SCB via the shipped file,
    or Kolada's N01951 after `kompass register refresh`)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="population_counts"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    population = models.PositiveIntegerField(_("invånare"))
    source = models.CharField(_("källa"), max_length=200)

    class Meta:
        ordering = ["organisation", "year"]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängder")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="population_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} {self.year}: {self.population}"


class Unit(models.Model):
    """A part of an organisation: an administration, an operating area or a unit."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Förvaltning")
        OPERATING_AREA = "operating_area", _("Verksamhetsområde")
        UNIT = "unit", _("Enhet")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("nivå"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("organisatorisk enhet")
        verbose_name_plural = _("organisatoriska enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unit_unique_name_per_parent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.name}"


class PeerGroup(models.Model):
    """A saved set of organisations to compare with: by population band, county, SKR
    municipality group (resolved from the register when used, so it follows updates), or
    a hand-picked list. Resolve members with `organisations.domain.peers`."""

    class Kind(models.TextChoices):
        POPULATION_BAND = "population_band", _("Invånarintervall")
        COUNTY = "county", _("Län")
        SKR_GROUP = "skr_group", _("SKR:s kommungrupp")
        HAND_PICKED = "hand_picked", _("Handplockad lista")

    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("grund"), max_length=20, choices=Kind.choices)
    criterion = models.CharField(
        _("urval"),
        max_length=40,
        blank=True,
        help_text=_(
            "Invånarintervall som ”20001-50000” (tomt i ena änden = öppet), länskod som "
            "”20”, kommungruppskod som ”C9” (SKR:s nyaste indelning) eller ”C9 2017” "
            "(en äldre indelning); tomt för en handplockad lista."
        ),
    )
    members = models.ManyToManyField(
        Organisation, blank=True, related_name="peer_groups", verbose_name=_("medlemmar")
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_peer_groups",
        verbose_name=_("ägare"),
        help_text=_("Organisationen som gjort gruppen; tomt = gemensam för alla."),
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("jämförelsegrupp")
        verbose_name_plural = _("jämförelsegrupper")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="peer_group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
