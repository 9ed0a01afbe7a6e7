"""benchmarks/run.py keeps working: its workspaces, its corcli command lines, its measuring and its report.

The script itself is not timed here (it is a benchmark, not a test); these tests run its pieces on a
tiny workspace in-process so a renamed option or a changed file layout breaks a test, not the script.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corcli_bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_grown_demo_runs_every_benchmarked_command(bench: ModuleType, invoke: Invoke, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    assert invoke("demo", demo).exit_code == 0
    evidence = demo / "evidence"
    before = len(bench.evidence_files(evidence))
    bench.grow_evidence(evidence, before + 40)
    assert len(bench.evidence_files(evidence)) == before + 40
    checked = invoke(*bench.check_args(demo))
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    assert report["evidence_files"] == before + 40
    # The synthetic files follow the demo's names, so they are assigned like the demo's own records.
    assert len(report["unassigned_evidence"]) <= before
    assert invoke(*bench.rebuild_args(demo)).exit_code == 0
    record = tmp_path / "2026-11-02_req-2.3_flha-added.md"
    record.write_text("An FLHA.\n", encoding="utf-8")
    added = invoke(*bench.add_args(demo, record))
    assert added.exit_code == 0, added.output
    manual = tmp_path / "manual.md"
    assert invoke(*bench.manual_args(demo, manual)).exit_code == 0
    assert manual.stat().st_size > 1000
    binder = invoke(*bench.binder_args(demo, tmp_path / "binder.zip"))
    assert binder.exit_code == 0, binder.output
    assert (tmp_path / "binder.zip").stat().st_size > 1000
    (demo / ".corcli" / "hash-cache.json").write_text("{}", encoding="utf-8")
    bench.drop_caches(demo)
    assert not list((demo / ".corcli").glob("*cache*"))


def test_processes_are_measured_and_failures_reported(bench: ModuleType, tmp_path: Path) -> None:
    env = bench.bench_env(tmp_path)
    seen: list[str] = []
    ok = bench.Case("ok", [sys.executable, "-c", "pass"], before=lambda: seen.append("ok"))
    walk = bench.Case("walk", [sys.executable, "-c", bench.WALK_CODE, str(ROOT / "templates")])
    hashed = bench.Case("hash", [sys.executable, "-c", bench.HASH_CODE, str(ROOT / "templates")])
    zipped = bench.zip_reference(ROOT / "templates", tmp_path / "reference.zip")
    bench.interleave([ok, walk, hashed, zipped], 1, env)
    assert (tmp_path / "reference.zip").stat().st_size > 1000
    assert seen == ["ok"] * 2  # a warm-up round, then the measured one
    assert len(ok.samples) == 1
    assert ok.median > 0
    assert ok.peak_mib > 1
    with pytest.raises(RuntimeError, match="exited 3"):
        bench.run_process([sys.executable, "-c", "import sys; sys.exit(3)"], env)


def _results(bench: ModuleType) -> Any:
    results = bench.Results(sizes=[500, 5_000])
    results.per_size = {
        500: {"warm": 0.2, "walk": 0.02, "cold": 0.3, "hash": 0.1, "peak": 40.0},
        5_000: {"warm": 0.3, "walk": 0.04, "cold": 0.6, "hash": 0.3, "peak": 50.0, "git": 0.01},
    }
    results.goals = [
        bench.Figure("warm `check`", 0.3, "s", "floor", 0.2, 1.5, "<= 1.5x"),
        bench.Figure("peak memory", 120.0, "MiB", goal=100.0, goal_text="<= 100 MiB"),
    ]
    return results


def test_report_shows_ratios_goals_and_growth(bench: ModuleType) -> None:
    results = _results(bench)
    met, missed = results.goals
    assert met.ratio == pytest.approx(1.5)
    assert met.met is True
    assert missed.met is False
    text = results.render(bench.text_table)
    assert "1.50x" in text
    assert "500 -> 5,000" in text
    assert "22.2 µs" in text  # (0.3 - 0.2) s over 4,500 added files
    markdown = results.markdown()
    assert "### Goals" in markdown
    assert "| peak memory | 120 MiB |  |  | <= 100 MiB | **no** |" in markdown


def test_markdown_replaces_only_the_generated_section(bench: ModuleType) -> None:
    document = f"# Benchmarks\n\nProse.\n{bench.BEGIN_MARK}\nold\n{bench.END_MARK}\n\nMore prose.\n"
    updated = bench.replace_between_markers(document, "new table")
    assert updated == f"# Benchmarks\n\nProse.\n{bench.BEGIN_MARK}\nnew table\n{bench.END_MARK}\n\nMore prose.\n"
    with pytest.raises(ValueError, match="no"):
        bench.replace_between_markers("# no markers", "x")


def test_slowest_imports_are_read_from_importtime_output(bench: ModuleType) -> None:
    output = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |   corcli.errors\n"
        "import time:      9000 |      30000 |     corcli.models.catalog\n"
        "import time:       400 |      30520 | corcli.models\n"
    )
    slower = output.replace("9000", "9900")
    assert bench.slowest_imports([slower, output], 2) == [
        ["`corcli.models.catalog`", "9.0 ms"],
        ["`corcli.models`", "0.4 ms"],
        ["all imports (fastest run)", "9.5 ms"],
    ]
