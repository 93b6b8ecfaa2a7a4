"""Run a command and write its wall time and peak memory to a file:
`python -m benchmarks.measure OUT.json COMMAND ...`.

The peak (`ru_maxrss` from wait4) of a process started by a big process is unreliable:
with vfork the child runs in the parent's memory until it execs, and that counts. This
launcher imports nothing heavy, so the command it starts is measured on its own."""

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    out, command = argv[1], argv[2:]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"seconds": seconds, "maxrss": usage.ru_maxrss * 1024, "status": code}, handle)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
