"""JT507 dynamic-getattr: `getattr` / `hasattr` whose attribute name is not a string literal."""
import torch
from torch import nn, Tensor


class Stages(nn.Module):
    """Submodules looked up by a name built in a loop."""

    def __init__(self):
        super().__init__()
        self.stage0 = nn.Linear(4, 4)
        self.stage1 = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        for i in range(2):
            x = getattr(self, f"stage{i}")(x)  # expect: JT507@17-43 none "`getattr` with the computed attribute name `f\"stage{i}\"` is not supported by TorchScript, which needs a string literal"
        return x


def case_fstring_name():
    torch.manual_seed(0)
    return Stages().eval(), (torch.randn(2, 4),)


class OptionalHead(nn.Module):
    """`hasattr` with a name held in a variable (a constant one does not help)."""

    def __init__(self):
        super().__init__()
        self.head = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        name = "head"
        if hasattr(self, name):  # expect: JT507@12-31 none "`hasattr` with the computed attribute name `name` is not supported by TorchScript, which needs a string literal"
            return x * 2
        return x


def case_hasattr_variable():
    torch.manual_seed(0)
    return OptionalHead().eval(), (torch.randn(2, 4),)


class Configured(nn.Module):
    """The name comes from an attribute set in __init__."""

    def __init__(self, act: str = "relu"):
        super().__init__()
        self.act_name = act
        self.relu = nn.ReLU()

    def forward(self, x: Tensor) -> Tensor:
        return getattr(self, self.act_name)(x)  # expect: JT507@16-44 none "`getattr` with the computed attribute name `self.act_name` is not supported by TorchScript, which needs a string literal"


def case_attribute_name():
    torch.manual_seed(0)
    return Configured().eval(), (torch.randn(2, 4),)
