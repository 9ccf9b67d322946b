"""JT505 non-torch-library-call: look-alikes that script on torch 2.13.0 (must not fire).

The `math` functions TorchScript maps to its builtins, numpy constants, `warnings.warn(message)` (with
`stacklevel=`), functions of this file whose names match library functions, and library calls where TorchScript
does not compile them: under `if not torch.jit.is_scripting():`, in `@torch.jit.unused` methods and in `__init__`.
"""
import logging
import math
import time
import warnings

import numpy as np
import torch
from torch import nn, Tensor

logger = logging.getLogger(__name__)


def exp(t: float) -> float:
    """A function of this file: compiled with its caller, not a library call."""
    return math.exp(t)


class SupportedMath(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = float(np.sqrt(2.0))  # numpy in __init__ runs in Python
        self.started = time.time() > 0

    def forward(self, x: Tensor, t: float) -> Tensor:
        a = math.sqrt(t) + math.log(t) + math.floor(t) + math.ceil(t) + math.gcd(4, 6) + math.tanh(t)
        b = math.pi + min(math.inf, 1.0) + np.pi + exp(t) + math.log(t, 2)
        if math.isnan(a) or math.isinf(b):
            warnings.warn("not finite")
        warnings.warn(f"scale {self.scale}", stacklevel=2)
        return x * (a + b) * self.scale


def case_supported_math():
    torch.manual_seed(0)
    return SupportedMath().eval(), (torch.randn(2), 2.0)


class GuardedLogging(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            logger.debug("eager only %s", np.exp(1.0))
            logging.info("eager only")
        if self.training:
            self.report(x)  # compiled as a stub that raises; eval mode never calls it
        return x * 2

    @torch.jit.unused
    def report(self, x: Tensor) -> None:
        logger.info("mean %f", float(np.mean(x.detach().numpy())))


def case_guarded():
    torch.manual_seed(0)
    return GuardedLogging().eval(), (torch.randn(2),)
