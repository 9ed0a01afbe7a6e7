"""Run every corcli benchmark and print the figures next to their references.

Usage: python benchmarks/run.py [--quick]

- start-up: ``corcli --help`` and ``--version`` against ``python -c "import typer"`` (target ~1.3x);
- evidence and ``check`` on 5,000 files, cold and warm, against ``sha256sum`` and a plain stat walk;
- manual rendering in Markdown, HTML and DOCX.

``--quick`` uses fewer files and runs. Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Run the benchmark scripts one after the other."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer files and runs (about a minute)")
    quick = parser.parse_args().quick
    steps = [
        ("Start-up", ["bench_startup.py", "--runs", "5" if quick else "15"]),
        (
            "Evidence and check",
            ["bench_evidence.py", "--files", "1000" if quick else "5000", "--runs", "2" if quick else "3"],
        ),
        ("Manual rendering", ["bench_manual.py", "--runs", "2" if quick else "5"]),
    ]
    for title, (script, *args) in steps:
        print(f"\n== {title}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args], check=True)


if __name__ == "__main__":
    main()
