"""The layers of the house, checked: the import-linter contracts in pyproject.toml hold
for the code as it is, and each of them fails when someone adds the import it forbids.

The contracts (drawn in CONTRIBUTING.md): analytics imports no Django; `core` imports no
domain app; apps import only the layers below them, so there are no cycles between apps;
the access policy reads other apps' models and nothing else of theirs.
"""

from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application.use_cases import (
    _build_report,
    _register_contract_types,
    read_user_options,
)

configuration.configure()  # what the `lint-imports` command does first

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@pytest.fixture(scope="module")
def options():
    options = read_user_options(str(PYPROJECT))
    _register_contract_types(options)
    return options


@pytest.fixture(scope="module")
def graph(options):
    return grimp.build_graph(
        *options.session_options["root_packages"], include_external_packages=True, cache_dir=None
    )


def broken_contracts(graph, options) -> dict[str, str]:
    report = _build_report(
        graph=graph,
        graph_building_duration=0,
        user_options=options,
        limit_to_contracts=(),
        show_timings=False,
        verbose=False,
    )
    return {
        contract.contract_options["id"]: str(check.metadata)
        for contract, check in report.get_contracts_and_checks()
        if not check.kept
    }


def test_layer_contracts_hold(graph, options):
    assert broken_contracts(graph, options) == {}


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        # Pure computation stays pure.
        ("kompass.analytics.scoring", "django", "pure"),
        ("kompass.analytics.spc", "kompass.core.navigation", "layers"),
        # core serves the apps and knows none of them.
        ("kompass.core.navigation", "kompass.evaluations.models", "layers"),
        ("kompass.core.management.commands.setup", "kompass.frameworks.models", "layers"),
        # The organisation page gets its evaluation panel through a slot.
        ("kompass.organisations.views", "kompass.evaluations.domain.scores", "layers"),
        # No cycles: a lower app never imports a higher one, siblings never each other.
        ("kompass.evaluations.views", "kompass.followup.models", "layers"),
        ("kompass.surveys.views", "kompass.indicators.models", "layers"),
        ("kompass.reports.render", "kompass.evaluations.report", "layers"),
        # The access policy may read models only.
        ("kompass.accounts.access", "kompass.evaluations.views", "access-reads-models"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(graph, options, importer, imported, contract):
    assert not graph.direct_import_exists(importer=importer, imported=imported)
    graph.add_import(
        importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}"
    )
    try:
        assert contract in broken_contracts(graph, options)
    finally:
        graph.remove_import(importer=importer, imported=imported)


def test_the_map_in_contributing_draws_the_contracted_layers(options):
    """CONTRIBUTING.md's picture lists the layers in the contract's order."""
    text = (PYPROJECT.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    picture = text.split("## The map of the house", 1)[1].split("```")[1]
    layers = next(c for c in options.contracts_options if c["id"] == "layers")["layers"]
    drawn = [layer for layer in layers if not layer.startswith("(")]
    positions = [picture.find(f"  {layer}") for layer in drawn]
    assert -1 not in positions, [
        layer for layer, p in zip(drawn, positions, strict=True) if p == -1
    ]
    assert positions == sorted(positions)
