"""JT124 dict-unpack: ``{**d}`` in a dict display in compiled code.

TorchScript's frontend rejects ``Dict expansion (e.g. `{**dict}`) is not supported``, also in dead branches.
"""

from typing import Dict

import torch
from torch import nn, Tensor


class MergeFeatures(nn.Module):
    """Two dicts merged with ``**``."""

    def forward(self, feats: Dict[str, Tensor], extra: Dict[str, Tensor]) -> Dict[str, Tensor]:
        return {**feats, **extra}  # expect: JT124@17-24 none "Dict unpacking (`**d`) in a dict display is not supported by TorchScript" JT124@26-33 none "Dict unpacking (`**d`) in a dict display is not supported by TorchScript"


def case_merge():
    torch.manual_seed(0)
    return MergeFeatures().eval(), ({"a": torch.randn(2)}, {"b": torch.randn(2)})


class Defaults(nn.Module):
    """Defaults overridden by an entry, in a helper."""

    def forward(self, x: Tensor, opts: Dict[str, float]) -> Tensor:
        return x * self.options(opts)["scale"]

    def options(self, opts: Dict[str, float]) -> Dict[str, float]:
        return {**opts, "scale": 2.0}  # expect: JT124@17-23 none "Dict unpacking (`**d`) in a dict display is not supported by TorchScript"


def case_with_entry_in_helper():
    torch.manual_seed(0)
    return Defaults().eval(), (torch.randn(2), {"p": 0.5})


class EagerMerge(nn.Module):
    def forward(self, feats: Dict[str, Tensor]) -> Dict[str, Tensor]:
        if not torch.jit.is_scripting():
            return {**feats}  # expect: JT124@21-28 none "Dict unpacking (`**d`) in a dict display is not supported by TorchScript"
        return feats


def case_dead_branch():
    torch.manual_seed(0)
    return EagerMerge().eval(), ({"a": torch.randn(2)},)


class Options(nn.Module):
    """transformers' MiniCPM: entries first, then ``**kwargs`` (torch's frontend crashes, naming no line)."""

    def forward(self, x: Tensor, extra: Dict[str, Tensor]) -> Tensor:
        merged = {"x": x, **extra}  # expect: JT124@27-34 none "Dict unpacking (`**d`) in a dict display is not supported by TorchScript"
        return merged["x"]


def case_entry_first():
    torch.manual_seed(0)
    return Options().eval(), (torch.randn(2), {"b": torch.randn(2)})
