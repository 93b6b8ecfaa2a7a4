"""Run every benchmark module and print its figures (and ratios against baselines)."""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompass.settings")


class Reporter:
    def __init__(self):
        self.rows = []

    def __call__(self, name, value, unit, *, target=None, baseline=None, lower_is_better=True):
        line = f"  {name:<58} {value:>12.3f} {unit}"
        ok = None
        if baseline:
            ratio = baseline / value if lower_is_better else value / baseline
            shown = f"{ratio:>7.1f}" if ratio >= 1 else f"{ratio:>7.3f}"
            line += f"   {shown}x vs baseline ({baseline:.3f} {unit})"
        if target is not None:
            ok = value <= target if lower_is_better else value >= target
            line += f"   target {'<=' if lower_is_better else '>='} {target} {unit}: {'OK' if ok else 'MISSED'}"
        print(line, flush=True)
        self.rows.append((name, value, unit, ok))


def main(argv: list[str]) -> int:
    only = argv[1:]
    package = Path(__file__).parent
    report = Reporter()
    for info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (only and info.name not in only):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        print(
            f"\n{info.name}: {(module.__doc__ or '').strip().splitlines()[0] if module.__doc__ else ''}",
            flush=True,
        )
        started = time.perf_counter()
        module.run(report)
        print(f"  ({time.perf_counter() - started:.1f} s)", flush=True)
    missed = [r for r in report.rows if r[3] is False]
    print(f"\n{len(report.rows)} figures, {len(missed)} targets missed.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
