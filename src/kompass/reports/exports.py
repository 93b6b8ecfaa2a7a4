"""Report kinds: the one export path of the web, the command line and background jobs.

Modelled on pretix's exporters: a kind declares its identifier (Swedish, as in its URL
`/rapporter/<identifier>/<key>/`, `kompass report <identifier> KEY` and its file names),
a verbose name, its parameters, how to fetch its object for a user (through the access
policy: outsiders get 404, as on the pages), and how to build the `Report`. `export()`
is the only function that turns a kind, a user, a key, parameters and a format into a
file; the download view, `kompass report` and the jobs all call it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

REPORT_FORMATS = ("pdf", "docx", "xlsx", "html")
FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "XLSX",
    "html": "HTML",
    "yaml": "YAML",
    "json": "JSON",
}
DATA_MIME = {
    "yaml": "application/yaml",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ParamError(ValueError):
    """A parameter value that cannot be used; the message is for the user (Swedish)."""


@dataclass(frozen=True)
class Param:
    """One parameter of a report kind: `?<name>=` on the web, `--<name>` on the command
    line, a keyword in a job. `aliases` are former command-line names still accepted."""

    name: str
    help: str
    type: Callable[[str], Any] = str
    aliases: tuple[str, ...] = ()
    default: Any = None

    def clean(self, raw: Any) -> Any:
        if raw is None or raw == "":
            return self.default
        if self.type is int:
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise ParamError(
                    _("”%(value)s” är inget heltal (parametern %(name)s).")
                    % {"value": raw, "name": self.name}
                ) from None
        return self.type(raw)


@dataclass
class Export:
    filename: str
    mimetype: str
    content: bytes


class ReportKind:
    """Subclass per kind; register it with `register_report(Kind())` in `AppConfig.ready`."""

    identifier: str = ""
    verbose_name: str = ""
    key_help: str = ""  # the object's key on the command line ("handlingsplanens id")
    key_type: Callable[[str], Any] = str
    params: tuple[Param, ...] = ()
    formats: tuple[str, ...] = REPORT_FORMATS
    data_formats: tuple[str, ...] = ()  # formats that are data, not a rendered Report
    aliases: tuple[str, ...] = ()  # former command-line names
    not_found: str = ""  # "det finns ingen handlingsplan med id %(key)s"

    @property
    def all_formats(self) -> tuple[str, ...]:
        return self.formats + self.data_formats

    def clean(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = params or {}
        return {p.name: p.clean(params.get(p.name)) for p in self.params}

    def get_object(self, user, key, params: dict) -> Any:
        """The object for `user`; raises Http404 (not there or not readable) or
        PermissionDenied, through the access policy."""
        raise NotImplementedError

    def build(self, obj, params: dict, *, user):
        """The `Report` (kompass.reports.document) of `obj`."""
        raise NotImplementedError

    def render_data(self, obj, params: dict, fmt: str, *, user) -> tuple[str, bytes]:
        """(file name stem, content) for a data format (YAML, JSON)."""
        raise NotImplementedError

    # "All reports of X": kinds that have such a set name it and list its documents.
    bundle_label: str = ""  # "alla återrapporter"; empty: the kind has no set

    def bundle(self, *, user, key, params: dict) -> list[dict]:
        """The documents of the set for `key` as `user` may read them: a list of
        {"key": ..., "params": {...}}, each exported on its own."""
        raise NotImplementedError

    def bundle_stem(self, *, user, key, params: dict) -> str:
        return file_stem(self.identifier, key, "alla")


class CommandLineKind(ReportKind):
    """A kind declared with `kompass.reports.registry.ReportKind`: on the command line
    only, with its own arguments; it has no download view."""

    def __init__(self, declared):
        self.declared = declared
        self.identifier = declared.name
        self.verbose_name = declared.help

    def build_from_options(self, options: dict):
        return self.declared.build(options)


_kinds: dict[str, ReportKind] = {}


def register_report(kind: ReportKind) -> None:
    _kinds[kind.identifier] = kind


def report_kinds() -> dict[str, ReportKind]:
    return dict(sorted(_kinds.items()))


def get_kind(identifier: str) -> ReportKind:
    """The kind named `identifier` (or one of its former command-line names)."""
    if identifier in _kinds:
        return _kinds[identifier]
    for kind in _kinds.values():
        if identifier in kind.aliases:
            return kind
    raise LookupError(identifier)


# The words of file names that say what a file is (a kind's identifier, "alla", "mall"),
# written in the reader's language: `handlingsplan-leksand-2026.pdf` in Swedish,
# `action-plan-leksand-2026.pdf` in English. Names of organisations and things stay.
FILE_WORDS = {
    "handlingsplan": gettext_noop("handlingsplan"),
    "indikator": gettext_noop("indikator"),
    "indikatorer": gettext_noop("indikatorer"),
    "ledarskapsutveckling": gettext_noop("ledarskapsutveckling"),
    "samverkansbokslut": gettext_noop("samverkansbokslut"),
    "samverkansprojekt": gettext_noop("samverkansprojekt"),
    "enkat": gettext_noop("enkät"),
    "aterrapporter": gettext_noop("återrapporter"),
    "rapporter": gettext_noop("rapporter"),
    "nulagesanalys": gettext_noop("nulägesanalys"),
    "utvardering": gettext_noop("utvärdering"),
    "nyckeltal": gettext_noop("nyckeltal"),
    "mall": gettext_noop("mall"),
    "alla": gettext_noop("alla"),
}


def file_stem(*parts: Any) -> str:
    """A file name (without extension) that says what and whom: `file_stem("handlingsplan",
    "Leksand", 2026)` is `handlingsplan-leksand-2026` (in English `action-plan-…`). Empty
    parts are left out."""
    words = [
        _(FILE_WORDS[p])
        if isinstance(p, str) and p in FILE_WORDS and (i == 0 or p in ("alla", "mall"))
        else p
        for i, p in enumerate(parts)
    ]
    return "-".join(s for s in (slugify(str(p)) for p in words if p not in (None, "")) if s)


def export(
    kind: ReportKind | str,
    *,
    user,
    key: Any,
    params: Mapping[str, Any] | None = None,
    fmt: str = "pdf",
) -> Export:
    """The file of one report: fetched for `user` (the access policy decides), built and
    rendered in `fmt`. Raises Http404/PermissionDenied, ParamError, or LookupError for an
    unknown kind or format."""
    from django.http import Http404

    from kompass.reports.render import MIME, render

    if isinstance(kind, str):
        kind = get_kind(kind)
    if isinstance(kind, CommandLineKind) or fmt not in kind.all_formats:
        raise LookupError(fmt)
    cleaned = kind.clean(params)
    try:
        key = kind.key_type(key)
    except (TypeError, ValueError):
        raise Http404 from None
    obj = kind.get_object(user, key, cleaned)
    if fmt in kind.data_formats:
        stem, content = kind.render_data(obj, cleaned, fmt, user=user)
        return Export(f"{stem}.{fmt}", DATA_MIME[fmt], content)
    filename, _mime, content = render(kind.build(obj, cleaned, user=user), fmt)
    return Export(filename, MIME[fmt], content)


def download_url(kind: str, key: Any, fmt: str, query: str = "") -> str:
    """The address of a download: `/rapporter/<kind>/<key>/?<query>&format=<fmt>`."""
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse("reports:download", kwargs={"kind": kind, "key": str(key)})
    fmt_query = urlencode({"format": fmt})
    return f"{url}?{query}&{fmt_query}" if query else f"{url}?{fmt_query}"


def command_line_user():
    """Whom `kompass report` and jobs started from the command line act as: the command
    line is trusted like an administrator (an unsaved user that every check lets through)."""
    from kompass.accounts.models import User

    return User(username="kompass", is_superuser=True, is_active=True)


def organisation_for_user(user, key):
    """The organisation a kind keyed by organisation reports on: by key (its code, or
    `org-<id>` for one without a code), or by name on the command line ("Leksand");
    through the access policy, so outsiders get 404."""
    from django.http import Http404

    from kompass.accounts.access import check_can_see
    from kompass.organisations.domain.names import find_organisation
    from kompass.organisations.models import Organisation

    organisation = Organisation.for_key(str(key))
    if organisation is None:
        try:
            organisation = find_organisation(key)
        except LookupError:
            raise Http404 from None
    check_can_see(user, organisation)
    return organisation
