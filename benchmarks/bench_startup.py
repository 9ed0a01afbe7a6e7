"""Start-up cost of corcli next to its floor, ``python -c "import typer"``.

Reports the median wall time of several runs and lists any heavy module (pydantic, yaml, jinja2,
rich) that ``--help`` or ``--version`` imports. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

HEAVY = ("pydantic", "yaml", "jinja2", "rich", "docx", "icalendar")
# An installed package has bytecode; make sure a checkout does too, or every run pays for compiling.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, check=True, capture_output=True, env=ENV)  # warm-up: writes bytecode, fills caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def heavy_imports(args: list[str]) -> list[str]:
    """Return the heavy top-level modules that ``corcli ARGS`` imports."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "corcli", *args], capture_output=True, text=True, check=True, env=ENV
    )
    seen = set()
    for line in result.stderr.splitlines():
        if "|" not in line:
            continue
        module = line.rsplit("|", 1)[1].strip().split(".")[0]
        if module in HEAVY:
            seen.add(module)
    return sorted(seen)


def main() -> None:
    """Print the start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    floor = _median_seconds([sys.executable, "-c", "import typer"], runs)
    label = 'python -c "import typer"'
    print(f"{label:<28} {floor * 1000:7.1f} ms  (reference)")
    for args in (["--version"], ["--help"]):
        took = _median_seconds([sys.executable, "-m", "corcli", *args], runs)
        heavy = heavy_imports(args)
        print(
            f"{'corcli ' + ' '.join(args):<28} {took * 1000:7.1f} ms  {took / floor:4.2f}x reference (target ~1.3x); "
            f"heavy imports: {', '.join(heavy) or 'none'}"
        )


if __name__ == "__main__":
    main()
