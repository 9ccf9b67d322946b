"""JT505 non-torch-library-call: calls from compiled code into libraries TorchScript cannot compile.

One library per case, so the first error torch prints is that call's (each case's error text is in the rule's
documented alternatives).
"""
import copy
import functools
import inspect
import itertools
import logging
import math
import operator
import os
import random
import time
import warnings

from typing import List

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


class GridPairs(nn.Module):
    """transformers' Qwen-VL `get_rope_index` groups token types with `itertools.groupby`; here a product of sizes."""

    def forward(self, x: Tensor, rows: List[int], cols: List[int]) -> Tensor:
        for r, c in itertools.product(rows, cols):  # expect: JT505@21-38 none "`itertools.product` (itertools) cannot be compiled by TorchScript; write the loop out (nested `for` loops for `product`, a running total for `accumulate`)"
            x = x + r * c
        return x


def case_itertools_product():
    torch.manual_seed(0)
    return GridPairs().eval(), (torch.randn(2), [1, 2], [3])


class Grouped(nn.Module):
    def forward(self, x: Tensor, kinds: List[int]) -> Tensor:
        for kind, _ in itertools.groupby(kinds):  # expect: JT505@24-41 none "`itertools.groupby` (itertools) cannot be compiled by TorchScript; write the loop out (nested `for` loops for `product`, a running total for `accumulate`)"
            x = x + kind
        return x


def case_itertools_groupby():
    torch.manual_seed(0)
    return Grouped().eval(), (torch.randn(2), [0, 0, 1])


class AxialProduct(nn.Module):
    """transformers' Reformer: `reduce(mul, self.axial_pos_shape)`."""

    def forward(self, x: Tensor, shape: List[int]) -> Tensor:
        return x * functools.reduce(operator.mul, shape, 1)  # expect: JT505@20-36 none "`functools.reduce` (functools) cannot be compiled by TorchScript; write the loop out (`reduce`) or call the function itself (`partial`)"


def case_functools_reduce():
    torch.manual_seed(0)
    return AxialProduct().eval(), (torch.randn(2), [2, 3])


class Scaled(nn.Module):
    def forward(self, x: Tensor, k: int) -> Tensor:
        return x * operator.mul(k, 2)  # expect: JT505@20-32 none "`operator.mul` (operator) cannot be compiled by TorchScript; use the operator itself (`a * b`, `xs[0]`)"


def case_operator_mul():
    torch.manual_seed(0)
    return Scaled().eval(), (torch.randn(2), 3)


def add(a: int, b: int) -> int:
    return a + b


class Partial(nn.Module):
    def forward(self, x: Tensor, k: int) -> Tensor:
        plus_one = functools.partial(add, 1)  # expect: JT505@20-37 none "`functools.partial` (functools) cannot be compiled by TorchScript; write the loop out (`reduce`) or call the function itself (`partial`)"
        return x * plus_one(k)


def case_functools_partial():
    torch.manual_seed(0)
    return Partial().eval(), (torch.randn(2), 3)


class FirstItem(nn.Module):
    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        return x * operator.itemgetter(0)(sizes)  # expect: JT505@20-39 none "`operator.itemgetter` (operator) cannot be compiled by TorchScript; use the operator itself (`a * b`, `xs[0]`)"


def case_operator_itemgetter():
    torch.manual_seed(0)
    return FirstItem().eval(), (torch.randn(2), [2, 3])
