"""Script a model the way its framework does: a Lightning module through its own `to_torchscript`, anything else
with `torch.jit.script`.

`torch.jit.script` on a `LightningModule` reads its `trainer` property, which raises "... is not attached to a
`Trainer`" outside training; Lightning's `to_torchscript(method="script")` scripts it with that check turned off.
Lightning is never imported here: a model is a Lightning module when a class of its MRO is one.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from typing import Any, Iterator

import torch

TORCH_SCRIPT = "torch.jit.script"
LIGHTNING_SCRIPT = 'LightningModule.to_torchscript(method="script")'

# (module, qualname) of LightningModule in the standalone package and in the unified `lightning` package.
_LIGHTNING_MODULES = {
    ("pytorch_lightning.core.module", "LightningModule"),
    ("lightning.pytorch.core.module", "LightningModule"),
}
# Lightning's own loggers (pytorch_lightning's writes to a stream handler of its own).
_LIGHTNING_LOGGERS = ("pytorch_lightning", "lightning.pytorch", "lightning_fabric", "lightning.fabric",
                      "lightning_utilities", "lightning")
# Lightning (2.6.6 already) warns that to_torchscript is deprecated, as TorchScript is: not the user's concern here.
_LIGHTNING_DEPRECATION = r".*\bto_torchscript\b.*\bdeprecated\b"
# torch >= 2.11 deprecates TorchScript and warns on every script/save/load ("is not supported" on Python 3.14+).
TORCH_DEPRECATION = r"`torch\.jit\.\w+` is (deprecated|not supported)"


def is_lightning_module(model: Any) -> bool:
    """Whether the model's class derives from Lightning's LightningModule (by name: Lightning is not imported)."""
    return any((getattr(c, "__module__", None), getattr(c, "__qualname__", None)) in _LIGHTNING_MODULES
               for c in type(model).__mro__)


def entry_point(model: Any) -> str:
    """How `script_model` scripts this model."""
    if is_lightning_module(model) and callable(getattr(model, "to_torchscript", None)):
        return LIGHTNING_SCRIPT
    return TORCH_SCRIPT


def script_model(model: torch.nn.Module) -> tuple[torch.jit.ScriptModule, str]:
    """(the scripted model, the entry point used: TORCH_SCRIPT or LIGHTNING_SCRIPT); raises what scripting raises."""
    how = entry_point(model)
    if how == TORCH_SCRIPT:
        return torch.jit.script(model), how
    with _quiet_lightning():
        scripted = model.to_torchscript(method="script")
    if not isinstance(scripted, torch.jit.ScriptModule):
        # A user's override may return several modules (Lightning suggests a dict); verify needs one.
        raise TypeError(f"{type(model).__qualname__}.to_torchscript returned {type(scripted).__name__}, "
                        "expected one ScriptModule")
    return scripted, how


@contextlib.contextmanager
def _quiet_lightning() -> Iterator[None]:
    """Keep Lightning's deprecation warnings, log records and prints off verify's output."""
    loggers = [logging.getLogger(name) for name in _LIGHTNING_LOGGERS]
    levels = [logger.level for logger in loggers]
    try:
        for logger in loggers:
            logger.setLevel(logging.CRITICAL + 1)  # their child loggers (level NOTSET) inherit it
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            warnings.filterwarnings("ignore", message=_LIGHTNING_DEPRECATION)
            warnings.filterwarnings("ignore", message=TORCH_DEPRECATION)
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
