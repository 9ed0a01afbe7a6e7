"""Benchmark the evidence scan: cold and warm, next to sha256sum and a plain stat walk.

Usage: python benchmarks/bench_evidence.py [--files 5000] [--size 50000] [--keep DIR]

Generates N evidence files (random content, about --size bytes each) in a temporary workspace, then prints:

- ``sha256sum`` over the same files (the reference for a cold scan; shelling out is fine in a benchmark);
- a plain ``os.walk`` + ``stat`` (the reference for a warm scan);
- ``collect_evidence`` cold (no hash cache) and warm (hash cache), in-process;
- ``corcli evidence verify`` cold and warm as a subprocess (start-up included) and, when it exists,
  ``corcli check``; with the peak memory of those processes.

The page cache is warmed first, so every figure reads from memory and compares hashing, not the disk.
Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FOLDERS = [
    "01-policy",
    "02-hazard-assessments",
    "03-safe-work-practices",
    "04-safe-job-procedures",
    "05-company-rules",
    "06-ppe",
    "07-maintenance",
    "08-training-communication",
    "09-inspections",
    "10-investigations",
    "11-emergency-planning",
    "12-records-statistics",
    "13-contracting-services",
]


def best_of(runs: int, func: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """Return the fastest of ``runs`` timings of ``func`` (``before`` runs untimed each time)."""
    best = float("inf")
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def make_workspace(root: Path, files: int, size: int) -> list[Path]:
    """Create a workspace with ``corcli init`` (or a bare folder) and ``files`` evidence files."""
    created = subprocess.run(
        [
            sys.executable,
            "-m",
            "corcli",
            "init",
            str(root),
            "--yes",
            "--name",
            "Bench Roofing",
            "--province",
            "AB",
            "--industry",
            "construction",
            "--employees",
            "8",
            "--partner",
            "acsa",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if created.returncode != 0:
        print(f"(corcli init failed, CLI figures skipped: {created.stderr.strip()[:200]})")
        (root / "evidence").mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    paths = []
    for n in range(files):
        folder = root / "evidence" / FOLDERS[n % len(FOLDERS)]
        folder.mkdir(parents=True, exist_ok=True)
        month = 1 + n % 12
        path = folder / f"2026-{month:02d}-{1 + n % 28:02d}_req-{1 + n % 13}.{1 + n % 3}_record {n}.pdf"
        path.write_bytes(rng.randbytes(max(1, int(size * rng.uniform(0.5, 1.5)))))
        paths.append(path)
    return paths


def stat_walk(folder: Path) -> int:
    """The warm reference: walk the tree and stat every file."""
    total = 0
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            total += os.stat(os.path.join(dirpath, name)).st_size  # noqa: PTH116, PTH118
    return total


def sha256sum(paths: list[Path]) -> None:
    """The cold reference: sha256sum over the same files, in batches like xargs."""
    for start in range(0, len(paths), 2000):
        subprocess.run(["sha256sum", *map(str, paths[start : start + 2000])], stdout=subprocess.DEVNULL, check=True)


def cli(root: Path, *args: str) -> Callable[[], object]:
    """Return a function running a corcli command in the workspace."""

    def run() -> object:
        return subprocess.run(
            [sys.executable, "-m", "corcli", *args, "-w", str(root)], capture_output=True, check=False
        )

    return run


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--size", type=int, default=50_000, help="average file size in bytes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()

    from corcli.evidence.scan import HASH_CACHE_NAME, collect_evidence
    from corcli.storage.workspace import Workspace

    base = args.keep or Path(tempfile.mkdtemp(prefix="corcli-bench-"))
    root = base / "ws"
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    paths = make_workspace(root, args.files, args.size)
    total = sum(p.stat().st_size for p in paths)
    print(f"{args.files} files, {total / 1e6:.0f} MB, generated in {time.perf_counter() - started:.1f} s ({root})")
    print(f"CPUs: {os.cpu_count()}; best of {args.runs} runs; page cache warm\n")

    workspace = Workspace(root, "benchmark")
    cache = workspace.state_dir / HASH_CACHE_NAME

    def drop_cache() -> None:
        cache.unlink(missing_ok=True)

    sha256sum(paths)  # warm the page cache
    ref_cold = best_of(args.runs, lambda: sha256sum(paths))
    ref_warm = best_of(args.runs, lambda: stat_walk(root / "evidence"))
    cold = best_of(args.runs, lambda: collect_evidence(workspace), before=drop_cache)
    collect_evidence(workspace)
    warm = best_of(args.runs, lambda: collect_evidence(workspace))

    rows = [
        ("sha256sum (cold reference)", ref_cold, None),
        ("os.walk + stat (warm reference)", ref_warm, None),
        ("collect_evidence cold (in-process)", cold, ref_cold),
        ("collect_evidence warm (in-process)", warm, ref_warm),
    ]
    walk_code = "import os,sys\nfor d,_,ns in os.walk(sys.argv[1]):\n for n in ns: os.stat(os.path.join(d,n))"
    ref_walk_process = best_of(
        args.runs, lambda: subprocess.run([sys.executable, "-c", walk_code, str(root / "evidence")], check=True)
    )
    rows.append(("python os.walk + stat (process, warm reference)", ref_walk_process, None))
    if (root / "corcli.yaml").exists():
        from corcli.services.project import open_project

        opened = best_of(args.runs, lambda: open_project(root, None, root))
        rows.append(("open_project: profile + catalog (in-process, part of every command)", opened, None))
        cli(root, "evidence", "rebuild")()
        indexed = best_of(args.runs, lambda: collect_evidence(workspace))
        rows.append(("collect_evidence warm, every file indexed (in-process)", indexed, ref_warm))
        verify = cli(root, "evidence", "verify")
        rows.append(("corcli evidence verify cold (process)", best_of(args.runs, verify, before=drop_cache), ref_cold))
        verify()
        rows.append(("corcli evidence verify warm (process)", best_of(args.runs, verify), ref_walk_process))
        check = cli(root, "check", "--format", "json", "--exit-zero")
        probe = subprocess.run([sys.executable, "-m", "corcli", "check", "--help"], capture_output=True, check=False)
        if probe.returncode == 0:
            rows.append(("corcli check cold (process)", best_of(args.runs, check, before=drop_cache), ref_cold))
            check()
            rows.append(("corcli check warm (process)", best_of(args.runs, check), ref_walk_process))
        startup = best_of(
            args.runs, lambda: subprocess.run([sys.executable, "-m", "corcli", "--version"], capture_output=True)
        )
        rows.append(("corcli --version (start-up only)", startup, None))

    width = max(len(r[0]) for r in rows)
    for label, seconds, reference in rows:
        ratio = f"  {seconds / reference:5.2f}x reference" if reference else ""
        print(f"{label:<{width}}  {seconds * 1000:8.1f} ms{ratio}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory of the corcli processes: {peak:.0f} MB (ru_maxrss of children)")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
