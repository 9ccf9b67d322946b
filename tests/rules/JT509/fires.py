"""JT509 module-constructed-in-compiled-code: modules (and parameters) constructed inside compiled code."""
import torch
from torch import nn, Tensor
from torch.nn import Linear


class InlineActivation(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return nn.ReLU()(x)  # expect: JT509@16-23 none "Constructing the module `nn.ReLU` in compiled code is not supported by TorchScript; create it in `__init__`"


def case_torch_module():
    torch.manual_seed(0)
    return InlineActivation().eval(), (torch.randn(2, 4),)


class Residual(nn.Module):
    def __init__(self, dim: int = 4):
        super().__init__()
        self.scale = dim ** -0.5

    def forward(self, x: Tensor) -> Tensor:
        return x * self.scale


class Net(nn.Module):
    """A module class of this file, built per call."""

    def forward(self, x: Tensor) -> Tensor:
        block = Residual(4)  # expect: JT509@17-25 none "Constructing the module class `Residual` in compiled code is not supported by TorchScript; create it in `__init__`"
        return block(x)


def case_local_module_class():
    torch.manual_seed(0)
    return Net().eval(), (torch.randn(2, 4),)


class LazyHead(nn.Module):
    """`from torch.nn import Linear`: resolved through the import. The class is already compiled (the `proj`
    submodule), which changes torch's wording."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: Tensor) -> Tensor:
        return Linear(4, 2)(self.proj(x)).detach() * 0.0  # expect: JT509@16-22 none "Constructing the module `Linear` in compiled code is not supported by TorchScript; create it in `__init__`"


def case_imported_class():
    torch.manual_seed(0)
    return LazyHead().eval(), (torch.randn(2, 4),)


class Gate(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        w = nn.Parameter(torch.ones(4))  # expect: JT509@13-25 none "Constructing a parameter with `nn.Parameter` in compiled code is not supported by TorchScript; create it in `__init__`"
        return x * w.detach()


def case_parameter():
    torch.manual_seed(0)
    return Gate().eval(), (torch.randn(2, 4),)
