"""jitlint: a ruff-style linter for PyTorch TorchScript code.

The engine is the compiled module ``jitlint._core``; the command line is ``jitlint.cli``. Importing this
package imports neither the engine nor torch.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "__version__":
        from jitlint.cli import package_version

        return package_version()
    raise AttributeError(f"module 'jitlint' has no attribute {name!r}")
