"""What every router of the JSON API shares: the base of its bodies and one error shape,
with the same status codes everywhere (docs/api.md lists them):

    {"detail": "Indata innehåller fel.",
     "problems": [{"message": "...", "field": "...", "row": null, "column": "", "file": ""}]}

- 400: the request is wrong: the body is not JSON, a parameter or field is missing or of
  the wrong type (django-ninja's validation, here in Swedish), or the domain refused the
  input (`InputError`, each problem naming its field, row, column or file);
- 401: not signed in; 403: may read but not change; 404: does not exist or is not the
  user's to see (the same answer, so nothing's existence leaks);
- 409: the request is right but what is stored cannot answer it (a chart the values do
  not fit, an account that cannot be computed), with the problems when there are any.

Routers raise; they never build error bodies themselves. `kompass.api` installs the
handlers with `install(api)`. Response bodies derive from `Out`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from pydantic import ConfigDict

from kompass.core.errors import InputError, InputProblem
from kompass.lib.jsonfile import JsonSyntaxError, load_json


class Out(Schema):
    """A response body: every key declared (answering an undeclared one is an error that
    the tests catch, so the OpenAPI description cannot fall behind)."""

    model_config = ConfigDict(extra="forbid")


class Problem(Out):
    """One thing wrong, and where: the field (a dotted path into the body or a parameter
    name), the row of a file or table, its column, the file."""

    message: str
    field: str = ""
    row: int | None = None
    column: str = ""
    file: str = ""


class Error(Out):
    detail: str
    problems: list[Problem] = []


class Conflict(Exception):
    """What is stored cannot answer the request (409), with the problems found in it."""

    def __init__(self, detail: str, problems: list[InputProblem] = ()):
        self.detail = detail
        self.problems = list(problems)
        super().__init__(detail)


def errors(*statuses: int) -> dict[int, type[Error]]:
    """The error responses of an operation for its OpenAPI description: 401 always
    (every operation needs a session) and those named."""
    return dict.fromkeys(sorted({401, *statuses}), Error)


def request_body(schema: type[Schema]) -> dict:
    """`openapi_extra` describing a JSON request body that the operation reads itself
    (so that its own checks answer every problem, in Swedish, with its field): the
    schema is written out whole, without references to resolve."""
    document = schema.model_json_schema(by_alias=True)
    definitions = document.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline(document)}},
        }
    }


def problem_data(problem: InputProblem) -> dict:
    return {
        "message": problem.message,
        "field": problem.field,
        "row": problem.position,  # a file's line or a table's row: one kind of location
        "column": problem.column,
        "file": problem.file,
    }


def error_data(detail: str, problems=()) -> dict:
    return {"detail": detail, "problems": [problem_data(p) for p in problems]}


# -- django-ninja's validation errors, in Swedish ------------------------------------

# pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/)
_MESSAGES = {
    "missing": gettext_noop("saknas"),
    "string_type": gettext_noop("ska vara text"),
    "int_type": gettext_noop("ska vara ett heltal"),
    "int_parsing": gettext_noop("ska vara ett heltal"),
    "int_from_float": gettext_noop("ska vara ett heltal"),
    "float_type": gettext_noop("ska vara ett tal"),
    "float_parsing": gettext_noop("ska vara ett tal"),
    "finite_number": gettext_noop("ska vara ett ändligt tal"),
    "bool_type": gettext_noop("ska vara true eller false"),
    "bool_parsing": gettext_noop("ska vara true eller false"),
    "list_type": gettext_noop("ska vara en lista"),
    "dict_type": gettext_noop("ska vara ett objekt"),
    "model_type": gettext_noop("ska vara ett objekt"),
    "model_attributes_type": gettext_noop("ska vara ett objekt"),
    "date_type": gettext_noop("ska vara ett datum (ÅÅÅÅ-MM-DD)"),
    "date_parsing": gettext_noop("ska vara ett datum (ÅÅÅÅ-MM-DD)"),
    "date_from_datetime_parsing": gettext_noop("ska vara ett datum (ÅÅÅÅ-MM-DD)"),
    "extra_forbidden": gettext_noop("är inte ett känt fält"),
    "string_too_long": gettext_noop("är för lång"),
    "too_long": gettext_noop("har för många värden"),
    "literal_error": gettext_noop("har ett värde som inte är tillåtet"),
    "enum": gettext_noop("har ett värde som inte är tillåtet"),
}

# Where ninja says the value came from; the rest of the location is the field's path.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field(loc) -> str:
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
        if parts and parts[0] == "payload":  # the parameter the body is bound to
            parts = parts[1:]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_problems(errors: list[dict]) -> list[InputProblem]:
    problems = []
    for error in errors:
        message = _MESSAGES.get(error.get("type", ""), gettext_noop("har fel form"))
        problems.append(InputProblem(_(message), field=_field(error.get("loc", ()))))
    return problems


# -- bodies ----------------------------------------------------------------------------


class BodyParser(Parser):
    """Request bodies through the input toolkit: a nesting limit (no RecursionError) and
    NaN, Infinity and numbers beyond 10^12 refused, as in every uploaded file. What it
    refuses reaches `http_error` below as the cause and is answered as 400."""

    def parse_body(self, request):
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("not UTF-8") from None  # answered "Kroppen ska vara JSON."
        try:
            return load_json(text)
        except JsonSyntaxError:
            raise ValueError("not JSON") from None


# -- handlers ------------------------------------------------------------------------


def install(api) -> None:
    def respond(request, status: int, detail: str, problems=()):
        return api.create_response(request, error_data(detail, problems), status=status)

    @api.exception_handler(InputError)
    def input_error(request, exc: InputError):
        return respond(request, 400, _("Indata innehåller fel."), exc.problems)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return respond(request, 400, _("Indata innehåller fel."), validation_problems(exc.errors))

    @api.exception_handler(Conflict)
    def conflict(request, exc: Conflict):
        return respond(request, 409, exc.detail, exc.problems)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, _("Logga in först."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or _("Du får inte ändra det här."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _("Hittades inte."))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        cause = exc.__cause__
        if isinstance(cause, InputError):  # a body parser that says what is wrong
            return respond(request, 400, _("Indata innehåller fel."), cause.problems)
        if str(exc).startswith("Cannot parse request body"):  # ninja's words
            return respond(request, 400, _("Kroppen ska vara JSON."))
        return respond(request, exc.status_code, str(exc))
