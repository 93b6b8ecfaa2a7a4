"""A short reading of an indicator linked to an action: its latest value, the gap to its
target and whether the series shows a signal. The reading itself is the indicators app's
(`indicator_status`), so an action shows exactly what the indicator's own page shows."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kompass.indicators.domain.indicators import indicator_status


@dataclass(frozen=True)
class IndicatorBrief:
    pk: int
    name: str
    latest: str  # "6,4 % (2025)" or "–"
    target: str  # "0,4 procentenheter över målvärdet 6 %", or "Inget målvärde angivet"
    signal: str  # "Signal: sannolikt förbättring", "Slumpmässig variation", ...
    meets_target: bool | None


def brief(indicator) -> IndicatorBrief:
    status = indicator_status(indicator)
    latest = f"{status.latest_display} ({status.latest_period})" if status.latest_period else "–"
    gap = status.gap
    return IndicatorBrief(
        pk=indicator.pk,
        name=indicator.name,
        latest=latest,
        target=gap.text if gap is not None and gap.text else _("Inget målvärde angivet"),
        signal=status.signal_label,
        meets_target=gap.met if gap is not None else None,
    )
