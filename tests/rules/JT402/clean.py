"""JT402 attribute-on-some-paths: attributes present on every path, or reads torch decides per instance."""

from typing import Final

import torch
from torch import nn, Tensor


class Both(nn.Module):
    def __init__(self, dim: int = 4, use_proj: bool = False):
        super().__init__()
        if use_proj:
            self.proj = nn.Linear(dim, dim)
        else:
            self.proj = nn.Identity()
        if dim < 0:
            raise ValueError("dim")
        else:
            self.dim = dim

    def forward(self, x: Tensor) -> Tensor:
        return self.proj(x) * self.dim


def case_every_path():
    torch.manual_seed(0)
    return Both().eval(), (torch.randn(2, 4),)


class Guarded(nn.Module):
    use_norm: Final[bool]

    def __init__(self, dim: int = 4, use_norm: bool = False, use_proj: bool = False):
        super().__init__()
        self.use_norm = use_norm
        if use_norm:
            self.norm = nn.LayerNorm(dim)
        if use_proj:
            self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        if self.use_norm:
            x = self.norm(x)
        if hasattr(self, "proj"):
            x = self.proj(x)
        return x


def case_final_flag_and_hasattr():
    return Guarded().eval(), (torch.randn(2, 4),)


class Reparam(nn.Module):
    """FastViT-style: the branch that lacks `norm` is the one torch prunes (`reparam` is a module there)."""

    def __init__(self, dim: int = 4, inference_mode: bool = False):
        super().__init__()
        if inference_mode:
            self.reparam = nn.Linear(dim, dim)
        else:
            self.reparam = None
            self.norm = nn.LayerNorm(dim)

    def forward(self, x: Tensor) -> Tensor:
        if self.reparam is not None:
            return self.reparam(x)
        return self.norm(x)


def case_correlated_none_test():
    torch.manual_seed(0)
    return Reparam(inference_mode=True).eval(), (torch.randn(2, 4),)


class Resize(nn.Module):
    """An `if`/`elif` chain assigning in every branch (transformers' DPT reassemble layer): meant to be exhaustive."""

    def __init__(self, dim: int = 4, factor: int = 1):
        super().__init__()
        if factor > 1:
            self.resize = nn.Linear(dim, dim)
        elif factor == 1:
            self.resize = nn.Identity()
        elif factor < 1:
            self.resize = nn.Linear(dim, dim, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        return self.resize(x)


def case_exhaustive_elif_chain():
    return Resize().eval(), (torch.randn(2, 4),)


class FinalGate(nn.Module):
    """The early `return` tests a `Final[bool]` flag: torch decides it from the instance and compiles one side only
    (a `Final[int]` compared with a number is not decided: torch compiles the read after it and fails)."""

    use_proj: Final[bool]

    def __init__(self, dim: int = 4, use_proj: bool = False):
        super().__init__()
        self.use_proj = use_proj
        if use_proj:
            self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        if not self.use_proj:
            return x
        return self.proj(x)


def case_early_return_on_final_flag():
    return FinalGate(use_proj=False).eval(), (torch.randn(2, 4),)


class RaisingGate(nn.Module):
    """Only an `if` whose block ends in `return` / `raise` guards; a block that goes on does not (the read is then
    reached on every instance, and eager fails too on the ones without the attribute)."""

    def __init__(self, dim: int = 4, extra: int = 1):
        super().__init__()
        self.extra = extra
        if extra > 0:
            self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        if self.extra == 0:
            x = x * 2
        return self.proj(x)


def case_block_that_does_not_exit():
    return RaisingGate(extra=1).eval(), (torch.randn(2, 4),)


class EmptyInput(nn.Module):
    """An early exit on the input does not guard the read: every instance reaches it (eager fails too on one built
    without the attribute), so nobody builds those."""

    def __init__(self, dim: int = 4, use_proj: bool = True):
        super().__init__()
        if use_proj:
            self.proj = nn.Linear(dim, dim)

    def forward(self, x: Tensor) -> Tensor:
        if x.numel() == 0:
            return x
        return self.proj(x)


def case_early_exit_on_the_input():
    torch.manual_seed(0)
    return EmptyInput().eval(), (torch.randn(2, 4),)
