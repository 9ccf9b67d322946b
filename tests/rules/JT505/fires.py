"""JT505 non-torch-library-call: calls from compiled code into libraries TorchScript cannot compile.

One library per case, so the first error torch prints is that call's (each case's error text is in the rule's
documented alternatives).
"""
import copy
import inspect
import logging
import math
import os
import random
import time
import warnings

import numpy as np
import torch
from torch import nn, Tensor
from torch.utils.checkpoint import checkpoint

logger = logging.getLogger(__name__)


class NumpyScale(nn.Module):
    def forward(self, x: Tensor, t: float) -> Tensor:
        return x * np.exp(t)  # expect: JT505@20-26 none "`np.exp` (numpy) cannot be compiled by TorchScript; use the torch or `math` equivalent"


def case_numpy_ufunc():
    torch.manual_seed(0)
    return NumpyScale().eval(), (torch.randn(2, 3), 0.5)


class NumpyNoise(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        eps = np.random.rand(1).item()  # expect: JT505@15-29 none "`np.random.rand` (numpy) cannot be compiled by TorchScript; use the torch or `math` equivalent"
        return x + eps


def case_numpy_random():
    torch.manual_seed(0)
    return NumpyNoise().eval(), (torch.randn(2, 3),)


class Log2Ratio(nn.Module):
    def forward(self, x: Tensor, t: float) -> Tensor:
        return x / math.log2(t)  # expect: JT505@20-29 none "`math.log2` is not one of the `math` functions TorchScript supports; compute it with supported `math` or torch functions"


def case_math_log2():
    torch.manual_seed(0)
    return Log2Ratio().eval(), (torch.randn(3), 8.0)


class Timed(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        start = time.time()  # expect: JT505@17-26 none "`time.time` (time) cannot be compiled by TorchScript; guard it with `if not torch.jit.is_scripting():`"
        return x + 0.0 * start


def case_time():
    torch.manual_seed(0)
    return Timed().eval(), (torch.randn(2),)


class LogsInfo(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        logging.info("forward")  # expect: JT505@9-21 none "`logging.info` (logging) cannot be compiled by TorchScript; guard it with `if not torch.jit.is_scripting():`"
        return x * 2


def case_logging_function():
    torch.manual_seed(0)
    return LogsInfo().eval(), (torch.randn(2),)


class LogsThroughLogger(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        logger.debug("forward")  # expect: JT505@9-21 none "`logger.debug` (logging) cannot be compiled by TorchScript; guard it with `if not torch.jit.is_scripting():`"
        return x * 2


def case_module_level_logger():
    torch.manual_seed(0)
    return LogsThroughLogger().eval(), (torch.randn(2),)


class WarnsWithCategory(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if x.numel() == 0:
            warnings.warn("empty input", UserWarning)  # expect: JT505@42-53 none "`warnings.warn` with a category (`UserWarning`) cannot be compiled by TorchScript; pass only the message (and `stacklevel=`)"
        return x + 1


def case_warning_category():
    torch.manual_seed(0)
    return WarnsWithCategory().eval(), (torch.randn(2),)


class Copies(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        y = copy.deepcopy(x)  # expect: JT505@13-26 none "`copy.deepcopy` (copy) cannot be compiled by TorchScript; use `.clone()` for tensors or `list(...)` / `dict(...)` for containers"
        return y + x


def case_copy():
    torch.manual_seed(0)
    return Copies().eval(), (torch.randn(2),)


class Joined(nn.Module):
    def forward(self, x: Tensor, root: str) -> Tensor:
        path = os.path.join(root, "weights")  # expect: JT505@16-28 none "`os.path.join` (os) cannot be compiled by TorchScript; read it outside compiled code and pass the value in"
        return x + len(path)


def case_os_path():
    torch.manual_seed(0)
    return Joined().eval(), (torch.randn(2), "/tmp")


class Checked(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if inspect.isfunction(x):  # expect: JT505@12-30 none "`inspect.isfunction` (inspect) cannot be compiled by TorchScript; keep introspection out of compiled code"
            return x
        return x + 1


def case_inspect():
    torch.manual_seed(0)
    return Checked().eval(), (torch.randn(2),)


class RandomShift(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        k = random.randint(0, 0)  # expect: JT505@13-27 none "`random.randint` (random) cannot be compiled by TorchScript; use `torch.rand` / `torch.randint`"
        return x + k


def case_random():
    torch.manual_seed(0)
    return RandomShift().eval(), (torch.randn(2),)


class Checkpointed(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        return checkpoint(self.proj, x, use_reentrant=False)  # expect: JT505@16-26 none "`checkpoint` (torch.utils.checkpoint) cannot be compiled by TorchScript; call it only under `if not torch.jit.is_scripting():`"


def case_checkpoint():
    torch.manual_seed(0)
    return Checkpointed().eval(), (torch.randn(2, 4),)
