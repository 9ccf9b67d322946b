"""JT611 if-expression-type-mismatch: branches of one type, Optional, and conditions TorchScript decides."""

from typing import Optional, Tuple

import torch
from torch import nn, Tensor


class Outputs(nn.Module):
    """A fixed-length tuple with ``None``; a test of an attribute the instance decides; ``is_scripting``."""

    def __init__(self, quant: bool = False):
        super().__init__()
        self.proj = nn.Linear(4, 4)
        self.quant = nn.Linear(4, 4) if quant else None

    def forward(self, x: Tensor, output_attentions: bool = False) -> Tuple[Tensor, Optional[Tensor]]:
        context = self.proj(x)
        probs = torch.softmax(context, dim=-1)
        extra = () if self.quant is None else (context,)
        kept = (context,) if torch.jit.is_scripting() else (context, probs)
        scale = 2.0 if output_attentions else 0.5
        return kept[0] * scale + len(extra), (probs if output_attentions else None)


def case_outputs():
    torch.manual_seed(0)
    return Outputs().eval(), (torch.randn(2, 4),)


def pick(x: Tensor, y: Optional[Tensor], flag: bool) -> Tensor:
    """Branches of one type, and ``None`` with a tensor (``Optional[Tensor]``)."""
    chosen = (x, x * 2) if flag else (x * 3, x)
    other = y if flag else None
    if other is not None:
        return chosen[0] + other
    return chosen[1]


class Picker(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return pick(x, x, True) + pick(x, None, False)


def case_same_types():
    return Picker().eval(), (torch.randn(3),)


class PooledHead(nn.Module):
    """transformers' Data2Vec-Vision, MobileViT: `pooled` is a Tensor or None by construction, never an Optional,
    so TorchScript decides `pooled is not None` and compiles one branch (with and without a pooler)."""

    def __init__(self, add_pooling_layer: bool = True):
        super().__init__()
        self.pooler = nn.Linear(4, 4) if add_pooling_layer else None

    def forward(self, x: Tensor) -> Tensor:
        pooled = self.pooler(x) if self.pooler is not None else None
        outputs = (x, pooled) if pooled is not None else (x,)
        return outputs[0]


def case_pooled_output_of_the_instance():
    return PooledHead().eval(), (torch.randn(2, 4),)
