"""Demo data: each domain app may have a `demo` module with `load(stdout)`; `kompass demo`
runs them in this order, so later domains can build on earlier ones. Everything synthetic
is labelled "Exempeldata"."""

import importlib

DEMO_MODULES = [
    "kompass.accounts.demo",
    "kompass.evaluations.demo",
    "kompass.surveys.demo",
    "kompass.indicators.demo",
    "kompass.followup.demo",
    "kompass.collaboration.demo",
]


def demo_loaders():
    for name in DEMO_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        yield name, module.load
