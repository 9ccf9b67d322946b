"""`jitlint check` over a large tree on a terminal: after a second, a progress bar on stderr (rich's), gone when the
check ends. Nothing when stderr is not a terminal (piped, CI logs, editors) or the check is quick."""

from __future__ import annotations

import sys
import time
from typing import Any, Callable

# A check that ends within this many seconds shows nothing.
DELAY_S = 1.0


def terminal_progress(stream: Any = None) -> Callable[[int, int], None] | None:
    """An `on_progress(done, total)` for `api.Project.check_all`, or None when `stream` (stderr) is no terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None
    return _Bar(stream)


class _Bar:
    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._progress: Any = None
        self._task: Any = None
        self._closed = False

    def __call__(self, done: int, total: int) -> None:
        if self._closed:
            return
        if done >= total:
            self.close()
            return
        if self._progress is None:
            if time.monotonic() - self._started < DELAY_S:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                                      TimeElapsedColumn(), console=Console(file=self._stream), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("check", total=total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        self._closed = True
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
