"""Pair one corcli command against another copy of the source: same output, which is faster.

Usage: python benchmarks/compare.py BASE_SRC [--runs 11] -- check -w WS --format json --exit-zero

Runs ``python -m corcli ARGS`` with ``PYTHONPATH=BASE_SRC`` (for example ``git archive main src | tar -x``)
and with this checkout's ``src``, interleaved, after checking both write the same stdout and exit code.
Prints both medians, the difference and both peak memories. This is how each speed lever is kept or
dropped: only a change that helps, with identical reports, stays.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from run import Case, bench_env, interleave

HERE_SRC = Path(__file__).resolve().parent.parent / "src"


def main() -> int:
    """Compare the two sources on one command."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("base", type=Path, help="the other copy's src folder")
    parser.add_argument("--runs", type=int, default=11)
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("give the corcli arguments after --")
    split = argv.index("--")
    options = parser.parse_args(argv[:split])
    args = argv[split + 1 :]
    cache = Path(tempfile.mkdtemp(prefix="corcli-compare-"))
    outputs = []
    cases = []
    for label, src in (("base", options.base.resolve()), ("this", HERE_SRC)):
        env = bench_env(cache) | {"PYTHONPATH": str(src)}
        done = subprocess.run([sys.executable, "-m", "corcli", *args], env=env, capture_output=True, check=False)
        outputs.append((done.returncode, done.stdout))
        cases.append((Case(label, [sys.executable, "-m", "corcli", *args]), env))
    if outputs[0] != outputs[1]:
        print("DIFFERENT OUTPUT: exit codes", outputs[0][0], outputs[1][0])
    for _ in range(options.runs):
        for case, env in cases:
            interleave([case], 1, env, warm_up=False)
    (base, _), (this, _) = cases
    for what, a, b in (("wall", base.median, this.median), ("cpu", base.cpu_median, this.cpu_median)):
        change = f"{(b - a) * 1000:+6.1f} ms ({b / a - 1:+.1%})"
        print(f"{what:<4}  base {a * 1000:7.1f} ms | this {b * 1000:7.1f} ms | {change}")
    print(f"peak  base {base.peak_mib:5.0f} MiB | this {this.peak_mib:5.0f} MiB")
    if outputs[0] != outputs[1]:
        print("OUTPUT DIFFERS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
