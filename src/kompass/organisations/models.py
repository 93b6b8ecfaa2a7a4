"""Organisations: Sweden's municipalities (and other bodies) and the units below them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    def display_name(self) -> str:
        """The name as written in running text: "Leksands kommun"."""
        if self.kind != self.Kind.MUNICIPALITY:
            return self.name
        genitive = self.name if self.name.endswith(("s", "x", "z")) else f"{self.name}s"
        return f"{genitive} kommun"


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
