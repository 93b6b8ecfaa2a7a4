"""The OpenAPI description says what every operation reads and answers: no request or
response body is left as a bare `object` or `any`, so a client can be generated from it."""

import pytest

from kompass.collaboration.schemas import SocioAccountIn
from tests.analytics.socio_example import example_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(cast, client_for):
    response = client_for(cast["reader"]).get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def untyped(schema: dict, components: dict, where: str, seen: frozenset = frozenset()) -> list:
    """The places below `schema` that say nothing about their content."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        return untyped(components[name], components, f"{where}→{name}", seen | {name})
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            return [
                place
                for i, part in enumerate(schema[combinator])
                for place in untyped(part, components, f"{where}|{i}", seen)
            ]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema or "additionalProperties" in schema:
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        if (not properties and not isinstance(extra, dict)) or extra == {} or extra is True:
            return [where]
        places = [
            place
            for key, sub in properties.items()
            for place in untyped(sub, components, f"{where}.{key}", seen)
        ]
        if isinstance(extra, dict):
            places += untyped(extra, components, f"{where}.*", seen)
        return places
    if kind == "array":
        if "items" not in schema:
            return [where]
        return untyped(schema["items"], components, f"{where}[]", seen)
    if kind in ("string", "integer", "number", "boolean", "null"):
        return []
    if "const" in schema or "enum" in schema:
        return []
    return [where]  # {}: anything at all


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_describes_its_bodies(document):
    components = document.get("components", {}).get("schemas", {})
    problems = []
    for name, operation in operations(document):
        for status, response in operation["responses"].items():
            content = response.get("content", {}).get("application/json")
            if content is None:
                problems.append(f"{name} {status}: no JSON body described")
                continue
            problems += untyped(content["schema"], components, f"{name} {status}")
        if name.startswith(("POST", "PUT", "PATCH")):
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                problems.append(f"{name}: no request body described")
            else:
                problems += untyped(body["schema"], components, f"{name} request")
    assert problems == []


def test_every_error_is_described_with_the_one_error_shape(document):
    components = document["components"]["schemas"]
    assert set(components["Error"]["properties"]) == {"detail", "problems"}
    assert set(components["Problem"]["properties"]) == {"message", "field", "row", "column", "file"}
    for name, operation in operations(document):
        errors = {s: r for s, r in operation["responses"].items() if s[0] in "45"}
        assert "401" in errors, name
        for status, response in errors.items():
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (name, status)


def test_the_untyped_check_finds_bare_objects_and_lists():
    assert untyped({"type": "object"}, {}, "x") == ["x"]
    assert untyped({"type": "object", "additionalProperties": True}, {}, "x") == ["x"]
    assert untyped({"type": "array", "items": {}}, {}, "x") == ["x[]"]
    nested = {"type": "object", "properties": {"a": {"type": "object"}, "b": {"type": "string"}}}
    assert untyped(nested, {}, "x") == ["x.a"]
    mapping = {"type": "object", "additionalProperties": {"type": "integer"}}
    assert untyped(mapping, {}, "x") == []


def test_the_described_account_reads_the_worked_example():
    """The request body described for POST /socio/calc is the documented file format."""
    account = SocioAccountIn.model_validate(example_data(financing=True))
    assert account.participants == 40
    assert [a.code for a in account.actors][:2] == ["kommun", "region"]
