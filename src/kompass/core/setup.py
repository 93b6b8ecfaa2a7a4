"""What `kompass setup` and `kompass demo` run, contributed by the apps.

`core` knows no domain app: each app registers its own set-up step (the municipality
register, the shipped frameworks ...) and its demo loader in `AppConfig.ready()`, the
same way it registers menu entries. The commands run them by `order`, so later steps
can build on earlier ones (demo evaluations need the demo users).
"""

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class SetupStep:
    name: str
    run: Callable[[TextIO], None]  # run(stdout): load or update, print one line per result
    order: int


@dataclass(frozen=True)
class DemoLoader:
    module: str  # a module with `load(stdout)`, imported only when the demo is loaded
    order: int


_steps: list[SetupStep] = []
_demos: list[DemoLoader] = []


def register_setup_step(name: str, run: Callable[[TextIO], None], order: int = 50) -> None:
    if not any(s.name == name for s in _steps):
        _steps.append(SetupStep(name, run, order))
        _steps.sort(key=lambda s: s.order)


def register_demo(module: str, order: int = 50) -> None:
    if not any(d.module == module for d in _demos):
        _demos.append(DemoLoader(module, order))
        _demos.sort(key=lambda d: d.order)


def setup_steps() -> list[SetupStep]:
    return list(_steps)


def demo_loaders() -> Iterator[tuple[str, Callable[[TextIO], None]]]:
    for demo in _demos:
        yield demo.module, importlib.import_module(demo.module).load
