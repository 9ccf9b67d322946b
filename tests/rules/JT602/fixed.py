"""JT602 optional-bool-as-bool: `Optional[bool]` values used as truth values without a None check."""
from typing import Optional, Union

import torch
from torch import nn, Tensor


class ReturnDict(nn.Module):
    """The `if return_dict:` of many model heads."""

    def forward(self, x: Tensor, return_dict: Optional[bool] = None) -> Tensor:
        if return_dict is not None and return_dict:  # expect: JT602@12-23 safe "`return_dict` is `Optional[bool]` and is used as a truth value without a `None` check; TorchScript cannot convert `Optional[bool]` to bool"
            x = x * 2
        return x


def case_if_condition():
    return ReturnDict().eval(), (torch.randn(3), True)


class Negated(nn.Module):
    """`not flag` and `flag` in an `and` chain."""

    def forward(self, x: Tensor, use_cache: Optional[bool] = None) -> Tensor:
        if x.dim() > 0 and not (use_cache is not None and use_cache):  # expect: JT602@32-41 safe "`use_cache` is `Optional[bool]` and is used as a truth value without a `None` check; TorchScript cannot convert `Optional[bool]` to bool"
            x = x + 1
        return x


def case_not_in_and_chain():
    return Negated().eval(), (torch.randn(3), False)


class Chosen(nn.Module):
    """A conditional expression."""

    def forward(self, x: Tensor, training: Union[bool, None] = None) -> Tensor:
        return x * 2 if (training is not None and training) else x  # expect: JT602@25-33 safe "`training` is `Union[bool, None]` and is used as a truth value without a `None` check; TorchScript cannot convert `Optional[bool]` to bool"


def case_conditional_expression():
    return Chosen().eval(), (torch.randn(3), True)


class CacheOffWithLabels(nn.Module):
    """transformers' BART: `use_cache` tested, then bound again below the test; the test still reads the parameter
    as declared (`Optional[bool]`)."""

    def forward(self, x: Tensor, labels: Optional[Tensor] = None, use_cache: Optional[bool] = None) -> Tensor:
        if labels is not None:
            if use_cache is not None and use_cache:  # expect: JT602@16-25 safe "`use_cache` is `Optional[bool]` and is used as a truth value without a `None` check; TorchScript cannot convert `Optional[bool]` to bool"
                x = x + 1
            use_cache = False
        return x


def case_tested_before_rebinding():
    return CacheOffWithLabels().eval(), (torch.randn(3), torch.randn(3), True)


class PatchEmbeddings(nn.Module):
    def forward(self, pixel_values: Tensor, interpolate_pos_encoding: bool = False) -> Tensor:
        return pixel_values * 2 if interpolate_pos_encoding else pixel_values


class VisionModel(nn.Module):
    """transformers' ViT family: the caller's flag is `Optional[bool]`, the embeddings' parameter a `bool`."""

    def __init__(self):
        super().__init__()
        self.embeddings = PatchEmbeddings()

    def forward(self, pixel_values: Tensor, interpolate_pos_encoding: Optional[bool] = None) -> Tensor:
        return self.embeddings(pixel_values, interpolate_pos_encoding=interpolate_pos_encoding)  # expect: JT602@71-95 none "`interpolate_pos_encoding` is `Optional[bool]` and is passed as the argument `interpolate_pos_encoding` of `self.embeddings`, which takes `bool`, without a `None` check"


def case_passed_to_a_submodule():
    return VisionModel().eval(), (torch.randn(2, 3), False)
