"""JT903 dropped-decorator: grad-mode and autocast decorators on compiled code.

TorchScript compiles the undecorated function: the model scripts, saves and loads, and silently runs without the
decorator (outputs that require grad; float32 instead of bfloat16).
"""

import torch
from torch import nn, Tensor


class FrozenTeacher(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 4)

    @torch.no_grad()  # expect: JT903@5-21 none "`@torch.no_grad()` is dropped by TorchScript, which compiles the undecorated function: the compiled code runs in the caller's grad mode; use a `with` statement in the body"
    def forward(self, x: Tensor) -> Tensor:
        return self.backbone(x)


def case_no_grad_forward():
    torch.manual_seed(0)
    return FrozenTeacher().eval(), (torch.randn(2, 4),)


class MixedPrecision(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        return self.project(x)

    @torch.autocast("cpu", dtype=torch.bfloat16)  # expect: JT903@5-49 none "`@torch.autocast(\"cpu\", dtype=torch.bfloat16)` is dropped by TorchScript, which compiles the undecorated function: the compiled code runs without autocast; use a `with` statement in the body"
    def project(self, x: Tensor) -> Tensor:
        return self.proj(x)


def case_autocast_helper():
    torch.manual_seed(0)
    return MixedPrecision().eval(), (torch.randn(2, 4),)
