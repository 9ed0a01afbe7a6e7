"""A progress bar on stderr that appears only once hashing has taken a moment, and only in a terminal."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress


class LazyProgress:
    """A progress callback that shows a Rich bar on stderr only once hashing has taken a moment."""

    def __init__(self, delay: float = 0.4, *, terminal_only: bool = True) -> None:
        self.delay = delay
        self.terminal_only = terminal_only
        self.started = time.monotonic()
        self.bar: RichProgress | None = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if done >= total or time.monotonic() - self.started < self.delay:
                return
            from corcli.cli.console import err, stderr_is_plain

            if self.terminal_only and stderr_is_plain():  # no bar in logs and pipes (and no Rich import)
                self.delay = float("inf")
                return
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

            console = err()
            self.bar = Progress(
                TextColumn("Hashing evidence"),
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("hash", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
