"""Manual rendering: ``corcli manual`` on the demo workspace in each format, as a user runs it.

Usage: python benchmarks/bench_manual.py [--runs 5]

Times the whole command (start-up included) for Markdown, HTML and DOCX, best of N runs, next to
``corcli --version`` (the cost of starting Python and corcli). Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}


def best_of(runs: int, command: list[str]) -> float:
    """Return the fastest wall time of ``command`` over ``runs`` runs (after one warm-up)."""
    subprocess.run(command, check=True, capture_output=True, env=ENV)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENV)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print the manual-rendering figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    corcli = [sys.executable, "-m", "corcli"]
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "demo"
        subprocess.run([*corcli, "demo", str(workspace)], check=True, capture_output=True, env=ENV)
        floor = best_of(runs, [*corcli, "--version"])
        print(f"{'corcli --version':<34} {floor * 1000:8.1f} ms  (start-up floor)")
        for fmt in ("markdown", "html", "docx"):
            output = Path(tmp) / f"manual.{fmt}"
            command = [*corcli, "manual", "-w", str(workspace), "--format", fmt, "--output", str(output), "--force"]
            took = best_of(runs, command)
            size = output.stat().st_size
            print(f"{'corcli manual --format ' + fmt:<34} {took * 1000:8.1f} ms  ({size / 1024:.0f} KiB written)")


if __name__ == "__main__":
    main()
