"""What is stored instead of anything that could tie answers to a person.

- An imported respondent id (it may be an e-mail address or an employee number) is never
  stored. Only an HMAC of the survey, the wave and the id is kept, keyed with a key
  derived from `SECRET_KEY`: importing the same file twice is still refused, but the
  stored key names nobody, cannot be recomputed without the secret, and the same person
  gets unrelated keys in different waves (so waves cannot be linked person by person).
  Changing `SECRET_KEY` therefore means a file imported before the change is no longer
  recognised as already imported.
- A personal invitation stores a hash of its token to recognise it. A draft saved through
  that invitation is found by a *different* hash of the raw token, which cannot be
  computed from the invitation's hash: the stored invitation (with the recipient's name)
  and the stored draft (with partial answers) cannot be joined without the token, and
  only the respondent holds it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable

from django.conf import settings

KEY_LENGTH = 32  # hex digits kept of the HMAC: 128 bits, collisions are out of reach


def _respondent_secret() -> bytes:
    return hashlib.sha256(
        b"kompass.surveys.respondent-key\x1f" + settings.SECRET_KEY.encode("utf-8")
    ).digest()


def respondent_keys(survey_pk: int, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The stored key for each (wave code, respondent id) of an import."""
    digest = respondent_key_function(survey_pk)
    return [digest(wave, respondent) for wave, respondent in pairs]


def respondent_key_function(survey_pk: int) -> Callable[[str, str], str]:
    """key(wave code, respondent id) -> the stored key (a million a few seconds)."""
    base = hmac.new(_respondent_secret(), f"{survey_pk}\x1f".encode(), hashlib.sha256)

    def key(wave: str, respondent: str) -> str:
        mac = base.copy()
        mac.update(f"{wave}\x1f{respondent}".encode())
        return mac.hexdigest()[:KEY_LENGTH]

    return key


def invitation_hash(token: str) -> str:
    """How a personal invitation recognises its token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def draft_key(token: str) -> str:
    """How a draft saved through a personal invitation is found again: a hash of the raw
    token that differs from `invitation_hash`, so one cannot be derived from the other."""
    return hashlib.sha256(b"kompass.surveys.draft\x1f" + token.encode("utf-8")).hexdigest()


def submitted_draft_hash(code: str) -> str:
    """How a sent anonymous draft is remembered: a hash of its code, so the stored value
    is no code that opens anything."""
    return hashlib.sha256(b"kompass.surveys.submitted-draft\x1f" + code.encode("utf-8")).hexdigest()
