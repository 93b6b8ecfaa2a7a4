"""Finding organisations by what people write: the one organisation-name matcher.

Every list of organisations a person types or uploads (a survey's cohort, recipient
lists, imports of answers, evaluations and key ratios, the command line) names them the
way Swedish text does: by code ("2029", "114" for 0114), by name ("Leksand"), or as the
municipality is called in running text ("Leksands kommun", "Falu kommun", "Region
Gotland", "Stockholms stad"), and sometimes by the name with "kommun" added without the
genitive ("Falun kommun"). All of those find the organisation; letter case, extra
spaces and a hyphen written as a space do not matter. Å, ä and ö do matter (Habo and
Håbo are two municipalities), but a name that is wrong only in them, or misspelt a
little, gets a suggestion ("menade du Håbo (0305)?").

`match_lines` reads a whole list and reports every name it cannot place on its own,
with its line, so the rest of the list is kept.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kompass.organisations.models import Organisation

# "Leksand (2029)", "2029 Leksand", "2029 – Leksand", "2029: Leksand"
_CODE_THEN_NAME = re.compile(r"^(\d{3,4})\s*[-–—:,;]?\s+(.+)$")
_NAME_THEN_CODE = re.compile(r"^(.+?)\s*[(\[]\s*(\d{3,4})\s*[)\]]$")
_SUFFIXES = ("kommun", "stad")
SUGGEST_CUTOFF = 0.75  # how alike a misspelt name must be to be offered as a suggestion


def normalise(text: str) -> str:
    """The form names are compared in: case-folded, hyphens and runs of spaces as one
    space. Letters keep their dots and rings."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    text = re.sub(r"[\s\-‐–—_]+", " ", text)
    return text.strip(" .,;")


def _plain(text: str) -> str:
    """Without diacritics (for suggestions only: Habo and Håbo are different places)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _genitive(name: str) -> str:
    """Swedish genitive of a place name: Leksand > Leksands, but Borås, Mora, Åre stay."""
    return (
        name
        if name.endswith(("s", "x", "z", "a", "e", "i", "o", "u", "y", "å", "ä", "ö"))
        else name + "s"
    )


def names_of(org: Organisation) -> set[str]:
    """Every normalised way of writing `org` that finds it."""
    return set(_names(org.name, org.display_name, org.kind == Organisation.Kind.MUNICIPALITY))


@functools.lru_cache(maxsize=8192)
def _names(name: str, display_name: str, municipality: bool) -> frozenset[str]:
    """`names_of` by the strings it depends on: each import, form and list builds a
    matcher over the whole register (some 300 organisations, a dozen ways to write each),
    and the register's names seldom change, so they are normalised once per process."""
    names = {name, display_name}
    if municipality:
        for stem in {name, _genitive(name), display_name.removesuffix(" kommun")}:
            for suffix in _SUFFIXES:
                names.add(f"{stem} {suffix}")
    return frozenset(normalise(n) for n in names if n)


@dataclass
class MatchResult:
    """What a list named: the organisations found (each once, in the list's order) and
    one problem per line that could not be placed."""

    found: list[Organisation] = field(default_factory=list)
    problems: list = field(default_factory=list)  # kompass.core.errors.InputProblem
    unmatched: list[str] = field(default_factory=list)  # the lines as written


class OrganisationMatcher:
    """Finds organisations by code or name (see the module's docstring).

    Loads the register once, so an import of a million rows asks the database once;
    `matcher(value)` returns the organisation or raises LookupError with a Swedish
    message that names the value and, where one is close, a suggestion."""

    def __init__(self, queryset=None):
        orgs = list(queryset if queryset is not None else Organisation.objects.all())
        self.by_code = {o.code: o for o in orgs if o.code}
        self.by_name: dict[str, list[Organisation]] = {}
        for org in orgs:
            for key in names_of(org):
                self.by_name.setdefault(key, []).append(org)
        self._plain_names: dict[str, set[str]] | None = None
        self._memo: dict[str, Organisation] = {}

    def __call__(self, value: str | int) -> Organisation:
        text = str(value).strip()
        if text in self._memo:
            return self._memo[text]
        org = self._resolve(text)
        self._memo[text] = org
        return org

    def find(self, value: str | int) -> Organisation | None:
        """The organisation, or None when `value` finds none or several."""
        try:
            return self(value)
        except LookupError:
            return None

    # -- lists ----------------------------------------------------------------------
    def match_lines(self, lines: Iterable[str], *, field_name: str = "") -> MatchResult:
        """Each non-blank line names one organisation (or several, separated by ";" on
        one line). Every line that finds none, or several, becomes its own problem with
        its line number; the others are kept."""
        from kompass.core.errors import InputProblem

        result = MatchResult()
        seen: set[int] = set()
        for number, line in enumerate(lines, start=1):
            for part in str(line).split(";"):
                text = part.strip()
                if not text:
                    continue
                try:
                    org = self(text)
                except LookupError as exc:
                    result.problems.append(
                        InputProblem(str(exc.args[0]), line=number, field=field_name or None)
                    )
                    result.unmatched.append(text)
                    continue
                if org.pk not in seen:
                    seen.add(org.pk)
                    result.found.append(org)
        return result

    # -- one value ------------------------------------------------------------------
    def _resolve(self, text: str) -> Organisation:
        if not text:
            raise LookupError(_("ange en organisation (kommunkod eller namn)"))
        org = self._by_code(text)
        if org is not None:
            return org
        combined = _CODE_THEN_NAME.match(text) or _NAME_THEN_CODE.match(text)
        if combined:
            first, second = combined.groups()
            code, name = (first, second) if first.isdigit() else (second, first)
            by_code = self._by_code(code)
            if by_code is not None:
                if normalise(name) in names_of(by_code):
                    return by_code
                raise LookupError(
                    _("”%(text)s”: kommunkoden %(code)s är %(org)s, inte ”%(name)s”")
                    % {"text": text, "code": by_code.code, "org": by_code.name, "name": name}
                )
        matches = self.by_name.get(normalise(text), [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise LookupError(
                _("”%(text)s” kan vara flera organisationer (%(names)s); ange koden")
                % {
                    "text": text,
                    "names": ", ".join(f"{o.name} {o.key}" for o in matches[:5]),
                }
            )
        suggestion = self.suggest(text)
        if suggestion is not None:
            raise LookupError(
                _("okänd organisation ”%(text)s” – menade du %(name)s (%(code)s)?")
                % {"text": text, "name": suggestion.name, "code": suggestion.key}
            )
        raise LookupError(
            _("okänd organisation ”%(text)s” (ange kommunkod eller namn, t.ex. 2029 eller Leksand)")
            % {"text": text}
        )

    def _by_code(self, text: str) -> Organisation | None:
        if text.isdigit():
            return self.by_code.get(text.zfill(4)) or self.by_code.get(text)
        return self.by_code.get(text)

    def suggest(self, text: str) -> Organisation | None:
        """The one organisation whose name is closest to `text` (ignoring diacritics and
        small misspellings), or None when nothing is close or several are equally so."""
        if self._plain_names is None:
            self._plain_names = {}
            for key, orgs in self.by_name.items():
                if len(orgs) == 1:
                    self._plain_names.setdefault(_plain(key), set()).add(key)
        wanted = _plain(normalise(text))
        exact = self._plain_names.get(wanted, set())
        candidates = {self.by_name[k][0].pk: self.by_name[k][0] for k in exact}
        if not candidates:
            # The closest written form by similarity; suggested only when one
            # organisation is clearly closest.
            best: dict[int, tuple[float, Organisation]] = {}
            matcher = difflib.SequenceMatcher(b=wanted, autojunk=False)
            for plain, keys in self._plain_names.items():
                matcher.set_seq1(plain)
                if (
                    matcher.real_quick_ratio() < SUGGEST_CUTOFF
                    or matcher.quick_ratio() < SUGGEST_CUTOFF
                ):
                    continue
                score = matcher.ratio()
                if score < SUGGEST_CUTOFF:
                    continue
                for key in keys:
                    org = self.by_name[key][0]
                    if score > best.get(org.pk, (0.0, org))[0]:
                        best[org.pk] = (score, org)
            ranked = sorted(best.values(), key=lambda pair: pair[0], reverse=True)
            if ranked and (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= 0.05):
                return ranked[0][1]
            return None
        return next(iter(candidates.values())) if len(candidates) == 1 else None


def find_organisation(value: str | int) -> Organisation:
    """One organisation by code or name; raises LookupError with a Swedish message."""
    return OrganisationMatcher()(value)
