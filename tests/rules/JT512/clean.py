"""JT512 wrapped-forward-global: decorated functions whose global names resolve in the wrapper's module too, and the
context-manager form."""

import torch
from torch import nn, Tensor


class Scale(nn.Module):
    """`@torch.no_grad()` on a body that reads no global name of this file (TorchScript drops the decorator)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("scale", torch.full((3,), 2.0))

    @torch.no_grad()
    def forward(self, x: Tensor) -> Tensor:
        return x * self.scale


def case_no_globals():
    return Scale().eval(), (torch.randn(3),)


class RotaryEmbedding(nn.Module):
    """The context manager in the body: TorchScript compiles `with torch.no_grad():`."""

    def __init__(self):
        super().__init__()
        self.register_buffer("inv_freq", torch.arange(4, dtype=torch.float), persistent=False)

    def forward(self, x: Tensor, position_ids: Tensor) -> Tensor:
        with torch.no_grad():
            freqs = position_ids[..., None].float() * self.inv_freq.to(device=x.device, dtype=torch.float)
            return freqs.cos()


def case_with_statement():
    return RotaryEmbedding().eval(), (torch.randn(2, 3), torch.arange(3)[None])


class Gate(nn.Module):
    """`torch.amp.autocast_mode`, the autocast wrapper's module, imports `torch` itself."""

    @torch.autocast("cpu", enabled=False)
    def forward(self, x: Tensor) -> Tensor:
        return torch.relu(x) * 2


def case_autocast_torch_name():
    return Gate().eval(), (torch.randn(4),)


class TensorCheck(nn.Module):
    """`Tensor` as `isinstance`'s type: a name TorchScript's type parser knows, whatever the wrapper's globals hold."""

    @torch.no_grad()
    def forward(self, x: Tensor) -> Tensor:
        if isinstance(x, Tensor):
            return x * 2
        return x


def case_isinstance_known_type():
    return TensorCheck().eval(), (torch.randn(3),)
