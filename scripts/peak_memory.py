"""Peak memory of a command and the processes it forks, counted together.

    python scripts/peak_memory.py python -m pipeline report --input DIR --output DIR

Samples the proportional set size (PSS, from /proc/<pid>/smaps_rollup) of the command and its
children every 0.1 s and prints the peak of the main process and of all of them together. PSS
splits each shared page between the processes sharing it, so pages a forked process shares
with its parent are counted once, where adding up resident sizes would count them twice.
Linux only. Used for the memory figures in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def pss_mb(pid: int) -> float:
    """A process's proportional set size in MB (0 once it has gone)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0.0
    kilobytes = next((int(line.split()[1]) for line in lines if line.startswith("Pss:")), 0)
    return kilobytes / 1024


def children(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except FileNotFoundError:
        return []


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:])
    peak_main = peak_all = 0.0
    while process.poll() is None:
        main_mb = pss_mb(process.pid)
        peak_main = max(peak_main, main_mb)
        peak_all = max(peak_all, main_mb + sum(pss_mb(child) for child in children(process.pid)))
        time.sleep(0.1)
    print(
        f"exit {process.returncode}, {time.perf_counter() - start:.1f} s; peak memory (PSS): "
        f"main process {peak_main:.0f} MB, with its children {peak_all:.0f} MB"
    )
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
