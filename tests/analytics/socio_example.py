"""The worked example of docs/formats/socio-account.md, read from the document itself so
that the tests and the documentation cannot drift apart."""

import re
from pathlib import Path

import yaml

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats" / "socio-account.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def example_yaml() -> str:
    block = re.search(
        r"<!-- example:start -->\s*```yaml\n(.*?)```\s*<!-- example:end -->", doc_text(), re.S
    )
    assert block, "the worked example is missing from docs/formats/socio-account.md"
    return block.group(1)


def results_block() -> str:
    block = re.search(r"<!-- results:start -->(.*?)<!-- results:end -->", doc_text(), re.S)
    assert block, "the results of the worked example are missing"
    return block.group(1)


def example_data(*, financing: bool = False) -> dict:
    """The example as data; without its financing, as a project's partners supply it."""
    data = yaml.safe_load(example_yaml())
    if not financing:
        del data["intervention"]["financing"]
    return data
