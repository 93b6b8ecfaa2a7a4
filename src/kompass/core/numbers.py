"""Moved to `kompass.lib.numbers` (the input toolkit, free of Django). This name stays
only so that work written against it before the move still imports; new code imports
`kompass.lib.numbers`."""

from kompass.lib.numbers import *  # noqa: F403
from kompass.lib.numbers import (  # noqa: F401
    MAX_MAGNITUDE,
    NumberError,
    active_language,
    check_number,
    decimals_of,
    format_number,
    format_percent,
    parse_number,
    round_half_up,
)
