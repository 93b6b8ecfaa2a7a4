"""Population bands used to find peers of similar size (the Kommunkompassen reports
compare with municipalities of at most 20 000 inhabitants)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Band:
    low: int | None
    high: int | None
    label: str  # lazily translated

    def contains(self, population: int | None) -> bool:
        if population is None:
            return False
        return (self.low is None or population >= self.low) and (
            self.high is None or population <= self.high
        )


POPULATION_BANDS = (
    Band(None, 20_000, _("högst 20 000 invånare")),
    Band(20_001, 50_000, _("20 001–50 000 invånare")),
    Band(50_001, 100_000, _("50 001–100 000 invånare")),
    Band(100_001, None, _("fler än 100 000 invånare")),
)


def band_of(population: int | None) -> Band | None:
    for band in POPULATION_BANDS:
        if band.contains(population):
            return band
    return None
