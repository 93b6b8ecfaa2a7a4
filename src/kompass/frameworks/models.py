"""Frameworks as stored: the validated YAML definition, keyed by its id (which names the
version, e.g. `kommunkompassen-2020`). The tree itself is read through `tree`, a parsed
`schema.Framework`, so no code depends on the database layout of an instrument."""

import functools
import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompass.frameworks.schema import Framework as FrameworkTree
from kompass.frameworks.schema import parse_framework


@functools.lru_cache(maxsize=64)
def _parse_cached(checksum: str, text: str, identifier: str) -> FrameworkTree:
    return parse_framework(text, identifier)


class Framework(models.Model):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Utvärdering")
        SURVEY = "survey", _("Enkät")
        CHECKLIST = "checklist", _("Checklista")

    identifier = models.SlugField(_("id"), max_length=100, unique=True)
    family = models.SlugField(_("familj"), max_length=100)
    version = models.CharField(_("version"), max_length=40)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    source_text = models.TextField(_("YAML-definition"))
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)
    # Empty for the shipped instruments and those an administrator loads from a file
    # (read-only in the browser, seen by everyone); set for an instrument made or
    # imported in the instrument editor, which only that organisation's members see and
    # only its owners and editors change (`kompass.accounts.access`).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )

    class Meta:
        ordering = ["family", "version"]
        verbose_name = _("ramverk")
        verbose_name_plural = _("ramverk")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None

    @property
    def tree(self) -> FrameworkTree:
        return _parse_cached(self.checksum, self.source_text, self.identifier)

    @staticmethod
    def checksum_of(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
