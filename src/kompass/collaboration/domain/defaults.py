"""The shipped default actors, statuses and unit costs of socio-economic accounts
(`collaboration/data/socio-defaults.yaml`), read once. Its own module so that both the
partners (which actor a partner is) and the account use the one list without importing
each other."""

from __future__ import annotations

import functools
from pathlib import Path

from kompass.analytics.socio_input.defaults import Defaults, load_defaults

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "data" / "socio-defaults.yaml"


@functools.lru_cache(maxsize=1)
def shipped_defaults() -> Defaults:
    return load_defaults(DEFAULTS_FILE.read_text(encoding="utf-8"), DEFAULTS_FILE.name)


def public_actors() -> dict[str, str]:
    """code -> name of the public actors (not the individual): the actors a partner's
    money and gains may belong to."""
    return {a.code: a.name for a in shipped_defaults().actors if a.public}
