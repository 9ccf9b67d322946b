"""What `jitlint verify` is doing while a step runs, on a terminal: a spinner (rich's status line) on stderr with the
step and what it waits for, replaced by the step's ✓/✗ line when it ends. Off when stdout or stderr is not a
terminal (piped, CI logs) and with --json, so that what is read by programs never holds spinner frames."""

from __future__ import annotations

import sys
from typing import Any


class Spinner:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._console: Any = None
        self._status: Any = None

    @classmethod
    def for_terminal(cls) -> "Spinner":
        return cls(sys.stdout.isatty() and sys.stderr.isatty())

    def start(self, text: str) -> None:
        """Show `text` with a spinner until `stop` (a running one changes its text)."""
        if not self.enabled:
            return
        if self._status is not None:
            self._status.update(text)
            return
        from rich.console import Console  # only on a terminal: the import costs ~50 ms

        if self._console is None:
            self._console = Console(stderr=True)
        self._status = self._console.status(text, spinner="dots")
        self._status.start()

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None
