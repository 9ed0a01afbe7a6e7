"""corcli's speed next to the floor of its stack, at 500, 5,000 and 50,000 evidence files, in one run.

Usage: python benchmarks/run.py [--quick] [--markdown [FILE]] [--self-test] [--keep DIR]

Builds synthetic workspaces from the demo (``corcli demo``) with N small evidence files, then measures
whole processes as a user runs them (start-up and exit included), interleaved, and prints each figure
next to its reference and goal as a ratio:

- warm ``check`` at 5,000 files vs ``python -c "import typer, pydantic, yaml"`` (shown next to
  ``git status`` and a Python scandir+stat walk process);
- the marginal warm cost per file from 5,000 to 50,000 files vs the stat walk's;
- peak memory (the child's ``ru_maxrss``) at 50,000 and 100,000 files;
- cold ``check`` (hash cache and index cache removed; the page cache stays warm) vs Python ``hashlib``
  sha256 over the same files in two threads;
- ``corcli --help`` and ``--version`` vs ``python -c "import typer"``;
- ``manual`` (Markdown, DOCX) vs a warm ``check`` on the demo;
- ``evidence add`` of one file into a 5,000-entry index vs a warm ``check`` of that workspace;
- ``binder`` of 5,000 files next to ``zip -r`` of the evidence folder (Python's zipfile without ``zip``).

``--quick`` (about a minute) measures 500 and 5,000 files only, with fewer runs. ``--markdown FILE``
rewrites the generated part of BENCHMARKS.md (between its markers); ``--markdown`` alone prints it.
``--self-test`` runs everything on tiny workspaces, once, to show the script still works. Figures,
not a test: nothing here fails because a goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SIZES = (500, 5_000, 50_000)
MEMORY_SIZE = 100_000
QUICK_SIZES = (500, 5_000)
SELF_TEST_SIZES = (80, 160)
BEGIN_MARK = "<!-- benchmarks/run.py: begin -->"
END_MARK = "<!-- benchmarks/run.py: end -->"
DEMO_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_req-([0-9][0-9.]*)_([a-z0-9-]+)\.md$")

# Reference processes: the floor of the stack, a stat walk, and hashing in two threads.
IMPORT_FLOOR = "import typer, pydantic, yaml"
TYPER_FLOOR = "import typer"
WALK_CODE = """\
import os, sys
def walk(path):
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path)
            else:
                entry.stat(follow_symlinks=False)
walk(sys.argv[1])
"""
HASH_CODE = """\
import hashlib, os, sys
from concurrent.futures import ThreadPoolExecutor
def files(path):
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from files(entry.path)
            elif entry.is_file(follow_symlinks=False):
                yield entry.path
def digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()
with ThreadPoolExecutor(2) as pool:
    for _ in pool.map(digest, files(sys.argv[1]), chunksize=64):
        pass
"""
ZIP_CODE = """\
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _dirs, names in os.walk(sys.argv[1]):
        for name in names:
            archive.write(os.path.join(folder, name))
"""
"""Python's zipfile over a folder: the reference for ``binder`` where ``zip`` is not installed."""


def zip_reference(folder: Path, output: Path) -> Case:
    """``zip -qr`` of ``folder`` into ``output`` (removed before each run), or Python's zipfile without ``zip``."""

    def fresh() -> None:
        output.unlink(missing_ok=True)

    if shutil.which("zip"):
        return Case("zip -r", ["zip", "-qr", str(output), str(folder)], before=fresh, ok_codes=(0,))
    return Case("zipfile", [sys.executable, "-c", ZIP_CODE, str(folder), str(output)], before=fresh, ok_codes=(0,))


# ---------------------------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Sample:
    """One run of one process: wall time, CPU time (user + system) and the child's peak resident memory."""

    seconds: float
    peak_kib: int
    cpu: float = 0.0


@dataclass
class Case:
    """A command to time and the exit codes it may end with.

    ``before`` runs untimed before each run; when it returns an argument list, that run uses it.
    """

    label: str
    argv: Sequence[str]
    before: Callable[[], Sequence[str] | None] | None = None
    ok_codes: tuple[int, ...] = (0, 1)
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu_median(self) -> float:
        """Median CPU time (user + system) in seconds: steadier than wall time on a busy machine."""
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_mib(self) -> float:
        """Largest peak resident memory of any run, in MiB."""
        return max(s.peak_kib for s in self.samples) / 1024


def run_process(argv: Sequence[str], env: dict[str, str], ok_codes: tuple[int, ...] = (0, 1)) -> Sample:
    """Run ``argv`` with output discarded and return its wall time and peak memory (``ru_maxrss``, KiB on Linux)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok_codes:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()[-800:]
            raise RuntimeError(f"{' '.join(map(str, argv))} exited {process.returncode}: {message}")
    return Sample(seconds, int(usage.ru_maxrss), usage.ru_utime + usage.ru_stime)


def interleave(cases: Sequence[Case], runs: int, env: dict[str, str], *, warm_up: bool = True) -> None:
    """Run every case ``runs`` times, round after round, so load from others on the machine hits all alike."""
    for round_ in range(runs + 1 if warm_up else runs):
        for case in cases:
            argv = case.before() if case.before is not None else None
            sample = run_process(argv or case.argv, env, case.ok_codes)
            if round_ or not warm_up:
                case.samples.append(sample)


# ------------------------------------------------------------------------------------------- workspaces


def corcli_command() -> list[str]:
    """The ``corcli`` console script next to this Python (as users run it), else ``python -m corcli``."""
    script = Path(sys.executable).with_name("corcli")
    return [str(script)] if script.exists() else [sys.executable, "-m", "corcli"]


def bench_env(cache_dir: Path) -> dict[str, str]:
    """Environment for every process: no colour, a fixed width, bytecode allowed, a private catalog cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CORCLI_WORKSPACE")}
    return env | {"NO_COLOR": "1", "COLUMNS": "100", "CORCLI_CACHE_DIR": str(cache_dir)}


def demo_patterns(evidence: Path) -> list[tuple[str, str, str, str]]:
    """(element folder, requirement, kind, text) of each dated demo file, the pattern the synthetic files follow."""
    patterns = []
    for path in sorted(evidence.glob("*/*.md")):
        match = DEMO_NAME.match(path.name)
        if match:
            patterns.append((path.parent.name, match[2], match[3], path.read_text(encoding="utf-8")))
    if not patterns:
        raise RuntimeError(f"no dated evidence files in {evidence} to copy the pattern of")
    return patterns


def evidence_files(evidence: Path) -> list[Path]:
    """Every evidence file (not the index or the folders' READMEs)."""
    return [
        Path(folder, name)
        for folder, _dirs, names in os.walk(evidence)
        for name in names
        if name not in ("index.yaml", "README.md")
    ]


def grow_evidence(evidence: Path, total: int) -> int:
    """Add small dated files (1-3 KB, one month folder per element and month) until ``total`` exist; return how many."""
    patterns = demo_patterns(evidence)
    have = len(evidence_files(evidence))
    start = dt.date(2025, 12, 1)
    for n in range(have, total):
        folder, requirement, kind, text = patterns[n % len(patterns)]
        day = start + dt.timedelta(days=(n * 7) % 360)
        month = evidence / folder / f"{day:%Y-%m}"
        month.mkdir(exist_ok=True)
        padding = "Checked and signed by the supervisor on site.\n" * (10 + n % 40)
        body = f"{text}\nRecord {n} of the synthetic benchmark workspace.\n{padding}"
        (month / f"{day.isoformat()}_req-{requirement}_{kind}-{n:06d}.md").write_text(body, encoding="utf-8")
    return max(total, have)


# The corcli arguments the benchmark runs (tests/test_benchmarks.py runs them in-process, so they cannot rot).


def check_args(workspace: Path) -> list[str]:
    """A ``check`` as cron or CI runs it: JSON on stdout, exit 0 whatever the verdict."""
    return ["check", "-w", str(workspace), "--format", "json", "--exit-zero"]


def manual_args(workspace: Path, output: Path, output_format: str = "markdown") -> list[str]:
    """The manual in one format, written to ``output``."""
    return ["manual", "-w", str(workspace), "-f", output_format, "-o", str(output), "--force"]


def add_args(workspace: Path, file: Path) -> list[str]:
    """Add one FLHA record (requirement 2.3 of the demo's standard)."""
    return ["evidence", "add", "-w", str(workspace), "-r", "2.3", str(file)]


def rebuild_args(workspace: Path) -> list[str]:
    """Index every evidence file."""
    return ["evidence", "rebuild", "-w", str(workspace)]


def binder_args(workspace: Path, output: Path) -> list[str]:
    """The audit binder of every evidence file, written to ``output``."""
    return ["binder", "-w", str(workspace), "-o", str(output), "--force"]


PROFILE_HEADER = ("Function", "Self", "Total", "Calls")
IMPORT_HEADER = ("Module", "Own import time")
HEAVY_MODULES = ("pydantic", "yaml", "jinja2", "rich", "docx", "icalendar", "markdown_it")


def heavy_imports(argv: Sequence[str], env: dict[str, str]) -> list[str]:
    """The heavy top-level modules a corcli process imports (from ``python -X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "corcli", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seen = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    return sorted(seen & set(HEAVY_MODULES))


def profile_rows(argv: Sequence[str], env: dict[str, str], scratch: Path, top: int = 10) -> list[list[str]]:
    """corcli's own functions that take the most time in one run of ``corcli ARGV`` (cProfile, by self time)."""
    import pstats

    output = scratch / "profile.out"
    output.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "corcli", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if not output.exists():  # the figures matter more than the profile: say so and go on
        return [[f"(no profile: exit {done.returncode}, {done.stderr.strip()[-200:]})", "", "", ""]]
    stats: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    stats = pstats.Stats(str(output)).stats  # type: ignore[attr-defined]
    rows = []
    for (filename, line, function), (_cc, calls, own, total, _callers) in stats.items():
        if "/corcli/" not in filename.replace("\\", "/"):
            continue
        where = "corcli/" + filename.replace("\\", "/").rsplit("/corcli/", 1)[1]
        rows.append(
            (own, [f"`{where}:{line}` `{function}`", f"{own * 1000:,.0f} ms", f"{total * 1000:,.0f} ms", f"{calls:,}"])
        )
    rows.sort(key=lambda row: row[0], reverse=True)
    return [cells for _own, cells in rows[:top]]


def import_rows(argv: Sequence[str], env: dict[str, str], top: int = 8, runs: int = 3) -> list[list[str]]:
    """The modules whose own import takes longest in ``corcli ARGV`` (``python -X importtime``, best of ``runs``)."""
    outputs = [
        subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "corcli", *argv],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stderr
        for _ in range(runs)
    ]
    return slowest_imports(outputs, top)


def slowest_imports(outputs: Sequence[str], top: int) -> list[list[str]]:
    """Rows of the ``top`` modules by own import time in ``-X importtime`` outputs (each module's best run), then
    the total of all (the best run's)."""
    best: dict[str, int] = {}
    totals = []
    for output in outputs:
        total = 0
        for line in output.splitlines():
            parts = line.removeprefix("import time:").split("|")
            if len(parts) != 3 or not parts[0].strip().isdigit():
                continue
            own, name = int(parts[0]), parts[2].strip()
            total += own
            best[name] = min(own, best.get(name, own))
        totals.append(total)
    ranked = sorted(((own, name) for name, own in best.items()), reverse=True)
    shown = [[f"`{name}`", f"{own / 1000:,.1f} ms"] for own, name in ranked[:top]]
    return [*shown, ["all imports (fastest run)", f"{min(totals, default=0) / 1000:,.1f} ms"]]


def drop_caches(workspace: Path) -> None:
    """Make the next check cold: remove the hash cache and the index cache (the page cache stays warm)."""
    for path in (workspace / ".corcli").glob("*cache*"):
        path.unlink()


# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Figure:
    """A measured figure next to its reference, with the goal for their ratio (or for the figure itself)."""

    what: str
    value: float
    unit: str
    reference_label: str = ""
    reference: float | None = None
    goal: float | None = None
    goal_text: str = ""

    @property
    def ratio(self) -> float | None:
        """The figure divided by its reference."""
        if self.reference is None or self.reference <= 0:
            return None
        return self.value / self.reference

    @property
    def met(self) -> bool | None:
        """Whether the goal is met (None when there is no goal)."""
        if self.goal is None:
            return None
        measured = self.ratio if self.reference is not None else self.value
        return measured is not None and measured <= self.goal

    def cells(self) -> list[str]:
        """The row as table cells: what, figure, reference, ratio, goal, met."""
        ratio = self.ratio
        met = {None: "", True: "yes", False: "**no**"}[self.met]
        return [
            self.what,
            format_value(self.value, self.unit),
            f"{self.reference_label} {format_value(self.reference, self.unit)}".strip() if self.reference else "",
            f"{ratio:.2f}x" if ratio is not None else "",
            self.goal_text,
            met,
        ]


def format_value(value: float | None, unit: str) -> str:
    """Seconds as ms, memory as MiB, per-file costs in µs."""
    if value is None:
        return ""
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    if unit == "us":
        return f"{value * 1e6:.1f} µs"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "KiB":
        return f"{value:.2f} KiB"
    return f"{value:g}{unit}"


HEADER = ["What", "Figure", "Reference", "Ratio", "Goal", "Met"]


def text_table(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> str:
    """Rows as aligned plain text."""
    table = [list(header), *map(list, rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.replace("**", "").ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> str:
    """Rows as a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Results:
    """Everything one run measured: figures per size, the goals, and other figures."""

    sizes: list[int] = field(default_factory=list)
    per_size: dict[int, dict[str, float]] = field(default_factory=dict)
    goals: list[Figure] = field(default_factory=list)
    others: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    profiles: list[tuple[str, list[list[str]], tuple[str, ...]]] = field(default_factory=list)

    def size_rows(self) -> list[list[str]]:
        """One row per size: warm and cold next to their references, peak memory."""
        rows = []
        for size in self.sizes:
            f = self.per_size[size]
            git = format_value(f.get("git"), "s") if "git" in f else ""
            rows.append(
                [
                    f"{size:,}",
                    format_value(f["warm"], "s"),
                    format_value(f["walk"], "s"),
                    f"{f['warm'] / f['walk']:.1f}x",
                    git,
                    format_value(f["cold"], "s") if "cold" in f else "",
                    format_value(f["hash"], "s") if "hash" in f else "",
                    f"{f['cold'] / f['hash']:.2f}x" if "cold" in f else "",
                    format_value(f["peak"], "MiB"),
                ]
            )
        return rows

    def growth_rows(self) -> list[list[str]]:
        """How cost grows from each size to the next: per added file, corcli next to the stat walk."""
        rows = []
        sizes = self.sizes
        for small, large in itertools.pairwise(sizes):
            a, b = self.per_size[small], self.per_size[large]
            added = large - small
            warm = (b["warm"] - a["warm"]) / added
            walk = (b["walk"] - a["walk"]) / added
            memory = (b["peak"] - a["peak"]) * 1024 / added
            cold = (b["cold"] - a["cold"]) / added if "cold" in a and "cold" in b else None
            hashed = (b["hash"] - a["hash"]) / added if "hash" in a and "hash" in b else None
            rows.append(
                [
                    f"{small:,} -> {large:,}",
                    format_value(warm, "us"),
                    format_value(walk, "us"),
                    f"{warm / walk:.1f}x" if walk > 0 else "",
                    format_value(cold, "us") if cold is not None else "",
                    format_value(hashed, "us") if hashed is not None else "",
                    format_value(memory, "KiB"),
                ]
            )
        return rows

    SIZE_HEADER = (
        "Files",
        "Warm check",
        "Stat walk",
        "Ratio",
        "git status",
        "Cold check",
        "hashlib x2",
        "Ratio",
        "Peak memory",
    )
    GROWTH_HEADER = ("Per added file", "Warm check", "Stat walk", "Ratio", "Cold check", "hashlib x2", "Memory")

    def render(self, table: Callable[..., str]) -> str:
        """The whole report with ``table`` (text or Markdown)."""
        parts = [
            "Goals",
            table([g.cells() for g in self.goals]),
            "",
            "By size (medians; cold = hash and index caches removed)",
            table(self.size_rows(), self.SIZE_HEADER),
            "",
            "Growth",
            table(self.growth_rows(), self.GROWTH_HEADER),
        ]
        if self.others:
            parts += ["", "Other figures", table([o.cells() for o in self.others])]
        for title, rows, header in self.profiles:
            parts += ["", title, table(rows, header)]
        if self.notes:
            parts += ["", *(f"- {note}" for note in self.notes)]
        return "\n".join(parts)

    def markdown(self) -> str:
        """The report as Markdown, section titles included."""
        text = self.render(markdown_table)
        for title in ("Goals", "By size", "Growth", "Other figures", *(title for title, _, _ in self.profiles)):
            text = re.sub(rf"^({re.escape(title)}.*)$", r"### \1\n", text, count=1, flags=re.MULTILINE)
        return text


def replace_between_markers(document: str, generated: str) -> str:
    """``document`` with the text between the begin and end markers replaced by ``generated``."""
    begin, end = document.find(BEGIN_MARK), document.find(END_MARK)
    if begin < 0 or end < begin:
        raise ValueError(f"the document has no {BEGIN_MARK} ... {END_MARK} section")
    return document[: begin + len(BEGIN_MARK)] + "\n" + generated.strip() + "\n" + document[end:]


# ------------------------------------------------------------------------------------------------ the run


@dataclass
class Settings:
    """How big and how often."""

    sizes: tuple[int, ...]
    memory_size: int | None
    runs_small: int
    runs_large: int
    git: bool = True
    profile: bool = True


def measure(settings: Settings, base: Path, log: Callable[[str], None]) -> Results:
    """Build the workspaces and measure everything; ``base`` is a scratch folder."""
    corcli = corcli_command()
    python = sys.executable
    env = bench_env(base / "cache")
    results = Results(sizes=list(settings.sizes))
    demo = base / "demo"
    subprocess.run([*corcli, "demo", str(demo)], env=env, check=True, capture_output=True)
    log(f"demo workspace: {len(evidence_files(demo / 'evidence'))} evidence files")

    def check(workspace: Path, label: str, *, cold: bool = False) -> Case:
        argv = [*corcli, *check_args(workspace)]
        return Case(label, argv, before=(lambda: drop_caches(workspace)) if cold else None)

    # Start-up, manual and the demo's warm check.
    runs = settings.runs_small
    floor = Case("typer", [python, "-c", TYPER_FLOOR])
    stack = Case("stack", [python, "-c", IMPORT_FLOOR])
    helped = Case("help", [*corcli, "--help"])
    version = Case("version", [*corcli, "--version"])
    demo_check = check(demo, "demo check")
    manual_md = Case("manual md", [*corcli, *manual_args(demo, base / "manual.md")])
    manual_docx = Case("manual docx", [*corcli, *manual_args(demo, base / "manual.docx", "docx")])
    log("start-up and manual ...")
    interleave([floor, stack, helped, version, demo_check, manual_md, manual_docx], runs, env)

    mid = middle_size(settings.sizes)
    previous_workspace: Path | None = None
    add_figures: tuple[Case, Case, Case] | None = None
    binder_figure: Figure | None = None
    for size in settings.sizes:
        workspace = base / f"ws-{size}"
        if previous_workspace is None:
            shutil.copytree(demo, workspace, symlinks=True)
        else:
            previous_workspace.rename(workspace)
        started = time.perf_counter()
        grow_evidence(workspace / "evidence", size)
        log(f"{size:,} files: built in {time.perf_counter() - started:.1f} s; measuring ...")
        runs = settings.runs_small if size <= 5_000 else settings.runs_large
        evidence = str(workspace / "evidence")
        warm = check(workspace, "warm")
        cold = check(workspace, "cold", cold=True)
        walk = Case("walk", [python, "-c", WALK_CODE, evidence])
        hashed = Case("hash", [python, "-c", HASH_CODE, evidence])
        cases = [warm, walk, cold, hashed]
        if settings.git and size == mid:
            git_dir = workspace / ".git"
            subprocess.run(["git", "init", "-q", str(workspace)], check=True)
            subprocess.run(["git", "-C", str(workspace), "add", "-A"], check=True)
            subprocess.run(
                ["git", "-C", str(workspace), "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "b"],
                check=True,
            )
            cases.append(Case("git", ["git", "-C", str(workspace), "status", "--porcelain"]))
        else:
            git_dir = None
        interleave(cases, runs, env)
        figures = {c.label: c.median for c in cases}
        figures["peak"] = max(warm.peak_mib, cold.peak_mib)
        results.per_size[size] = figures
        if git_dir is not None:
            shutil.rmtree(git_dir)
        if settings.profile and size in (mid, settings.sizes[-1]):
            title = f"Where a warm check of {size:,} files spends its time (cProfile, corcli's functions, self time)"
            results.profiles.append((title, profile_rows(check_args(workspace), env, base), PROFILE_HEADER))
        if size == mid:
            binder = Case("binder", [*corcli, *binder_args(workspace, base / "binder.zip")])
            zipped = zip_reference(workspace / "evidence", base / "reference.zip")
            interleave([binder, zipped], runs, env)
            binder_figure = Figure(f"`binder`, {size:,} files", binder.median, "s", zipped.label, zipped.median)
            add_figures = measure_add(workspace, corcli, env, runs, size)
        previous_workspace = workspace

    if settings.memory_size and previous_workspace is not None:
        workspace = previous_workspace
        grow_evidence(workspace / "evidence", settings.memory_size)
        log(f"{settings.memory_size:,} files: built; measuring memory ...")
        warm = check(workspace, "warm")
        interleave([warm], 2, env)
        results.notes.append(
            f"At {settings.memory_size:,} files: warm check {format_value(warm.median, 's')}, "
            f"peak memory {warm.peak_mib:,.0f} MiB."
        )
        results.per_size[settings.memory_size] = {"warm": warm.median, "peak": warm.peak_mib}

    results.goals = goals(results, settings, floor, stack, helped, version, demo_check, manual_md, manual_docx)
    if add_figures is not None:
        add, after_add, add_check = add_figures
        entries = mid
        results.goals.append(
            Figure(
                f"`evidence add` of one file, {entries:,}-entry index",
                add.median,
                "s",
                "warm check",
                add_check.median,
                1.5,
                "<= 1.5x",
            )
        )
    for args in (["--help"], check_args(demo)):
        heavy = ", ".join(heavy_imports(args, env)) or "none of " + ", ".join(HEAVY_MODULES)
        results.notes.append(f"`corcli {args[0]}` imports {heavy}.")
    if settings.profile:
        results.profiles.append(
            (
                "Slowest imports of a check (python -X importtime, own time)",
                import_rows(check_args(demo), env),
                IMPORT_HEADER,
            )
        )
    results.others = [
        Figure('`python -c "import typer, pydantic, yaml"`', stack.median, "s"),
        Figure("`corcli check` warm on the demo", demo_check.median, "s"),
        Figure("peak memory, `check` on the demo", demo_check.peak_mib, "MiB"),
    ]
    if binder_figure is not None:
        results.others.append(binder_figure)
    if add_figures is not None:
        results.others.append(
            Figure(
                f"`check` right after an `evidence add`, {mid:,}-entry index (index cache stale)",
                after_add.median,
                "s",
                "warm check",
                add_check.median,
            )
        )
    return results


def measure_add(
    workspace: Path, corcli: list[str], env: dict[str, str], runs: int, size: int
) -> tuple[Case, Case, Case]:
    """Time adding one file to a fully indexed workspace of ``size`` files, the check right after it
    (the index changed, so its cache is stale) and a warm check (the one after)."""
    subprocess.run([*corcli, *rebuild_args(workspace)], env=env, check=True, capture_output=True)
    sources = workspace.parent / f"to-add-{size}"
    sources.mkdir(exist_ok=True)
    counter = iter(range(100_000))

    def next_file() -> list[str]:
        n = next(counter)
        path = sources / f"2026-11-{1 + n % 28:02d}_req-2.3_flha-added-{n:05d}.md"
        path.write_text(f"Field-level hazard assessment {n}, added by the benchmark.\n", encoding="utf-8")
        return [*corcli, *add_args(workspace, path)]

    add = Case("add", [], before=next_file, ok_codes=(0,))
    after_add = Case("check after add", [*corcli, *check_args(workspace)])
    warm = Case("warm check", [*corcli, *check_args(workspace)])
    interleave([add, after_add, warm], runs, env)
    return add, after_add, warm


def middle_size(sizes: Sequence[int]) -> int:
    """The size the single-size goals use: 5,000 files when measured, else the largest below the top."""
    return 5_000 if 5_000 in sizes else sizes[-2] if len(sizes) > 1 else sizes[-1]


def goals(
    results: Results,
    settings: Settings,
    floor: Case,
    stack: Case,
    helped: Case,
    version: Case,
    demo_check: Case,
    manual_md: Case,
    manual_docx: Case,
) -> list[Figure]:
    """The issue's goals, each as a figure next to its reference."""
    per = results.per_size
    sizes = settings.sizes
    mid, large = middle_size(sizes), sizes[-1]
    out = [
        Figure(
            f"warm `check`, {mid:,} files",
            per[mid]["warm"],
            "s",
            "import typer, pydantic, yaml",
            stack.median,
            1.5,
            "<= 1.5x",
        ),
        Figure(f"warm `check`, {mid:,} files", per[mid]["warm"], "s", "stat walk process", per[mid]["walk"]),
    ]
    if "git" in per[mid]:
        out.append(Figure(f"warm `check`, {mid:,} files", per[mid]["warm"], "s", "git status", per[mid]["git"]))
    if mid != large:
        added = large - mid
        out.append(
            Figure(
                f"warm cost per added file, {mid:,} -> {large:,}",
                (per[large]["warm"] - per[mid]["warm"]) / added,
                "us",
                "stat walk",
                (per[large]["walk"] - per[mid]["walk"]) / added,
                4.0,
                "<= 4x",
            )
        )
    out.append(Figure(f"peak memory, {large:,} files", per[large]["peak"], "MiB", goal=100.0, goal_text="<= 100 MiB"))
    if settings.memory_size and settings.memory_size in per:
        top = settings.memory_size
        out.append(
            Figure(
                f"peak memory, {top:,} files",
                per[top]["peak"],
                "MiB",
                f"{top // large}x the {large:,}-file peak",
                per[large]["peak"] * top / large,
                1.0,
                "<= 1x (linear)",
            )
        )
    out += [
        Figure(
            f"cold `check`, {large:,} files",
            per[large]["cold"],
            "s",
            "hashlib, 2 threads",
            per[large]["hash"],
            1.2,
            "<= 1.2x",
        ),
        Figure("`corcli --help`", helped.median, "s", "import typer", floor.median, 1.3, "<= 1.3x"),
        Figure("`corcli --version`", version.median, "s", "import typer", floor.median, 1.3, "<= 1.3x"),
        Figure("`manual` Markdown, demo", manual_md.median, "s", "warm check, demo", demo_check.median, 2.0, "<= 2x"),
        Figure("`manual` DOCX, demo", manual_docx.median, "s", "warm check, demo", demo_check.median, 3.0, "<= 3x"),
    ]
    return out


def machine_line(settings: Settings) -> str:
    """Where and how the figures were taken."""
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {when} on {platform.system()} with {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"medians of {settings.runs_small} runs (500 and 5,000 files) and {settings.runs_large} (larger), "
        "interleaved, after one warm-up; whole processes, page cache warm."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, measure, print (or write) the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 and 5,000 files, fewer runs (about a minute)")
    parser.add_argument("--self-test", action="store_true", help="tiny workspaces, one run: does the script work")
    parser.add_argument("--markdown", nargs="?", const="-", metavar="FILE", help="Markdown (into FILE's markers)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the workspaces here and keep them")
    args = parser.parse_args(argv)
    if args.self_test:
        settings = Settings(SELF_TEST_SIZES, None, 1, 1, git=False, profile=False)
    elif args.quick:
        settings = Settings(QUICK_SIZES, None, 3, 3)
    else:
        settings = Settings(SIZES, MEMORY_SIZE, 7, 3)
    base = args.keep or Path(tempfile.mkdtemp(prefix="corcli-bench-"))
    base.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    try:
        results = measure(settings, base, log)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    results.notes.insert(0, machine_line(settings))
    if args.markdown is None:
        print(results.render(text_table))
    elif args.markdown == "-":
        print(results.markdown())
    else:
        target = Path(args.markdown)
        target.write_text(replace_between_markers(target.read_text(encoding="utf-8"), results.markdown()), "utf-8")
        log(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
