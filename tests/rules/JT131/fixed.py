"""JT131 type-comment-in-body: PEP 484 type comments inside a compiled function.

``torch.jit.annotations.get_type_line`` scans the whole text of every compiled function for ``# type:`` lines and
takes them as the signature: a body comment fails with ``expected type comment but found ...``, next to a signature
type comment with ``Return type line '# type: (...) -> ...' not found``, on a line of its own with ``expected (
but found``, misspelt (``#type: int``) with ``The annotation prefix in line N is probably invalid``. Dead branches
count: it is a text scan.
"""

from typing import List, Dict

import torch
from torch import nn, Tensor


class Collect(nn.Module):
    """The classic idiom: an empty list typed by a comment."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 3), nn.Linear(3, 3)])

    def forward(self, x: Tensor) -> Tensor:
        outs: List[Tensor] = []  # expect: JT131@20-40 safe "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"
        for layer in self.layers:
            outs.append(layer(x))
        return torch.stack(outs)


def case_list_type_comment():
    torch.manual_seed(0)
    return Collect().eval(), (torch.randn(2, 3),)


def count_positive(values: List[int]) -> int:
    """Module-level helper compiled through forward; `Dict` is not imported (the fix imports it)."""
    total: int = 0  # expect: JT131@16-27 safe "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"
    seen: Dict[int, bool] = {}  # expect: JT131@16-39 safe "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"
    for v in values:
        if v > 0 and v not in seen:
            seen[v] = True
            total += 1
    return total


class CountPositive(nn.Module):
    def forward(self, x: Tensor, values: List[int]) -> Tensor:
        return x * count_positive(values)


def case_int_and_dict_in_helper():
    torch.manual_seed(0)
    return CountPositive().eval(), (torch.randn(2), [3, -1, 3, 5])


def scaled(x, k):
    # type: (Tensor, float) -> Tensor
    bias: float = 0.5  # expect: JT131@17-30 safe "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"
    return x * k + bias


class Scaled(nn.Module):
    """A signature type comment plus one in the body: two type lines, no multi-line return line."""

    def forward(self, x: Tensor) -> Tensor:
        return scaled(x, 2.0)


def case_next_to_signature_type_comment():
    torch.manual_seed(0)
    return Scaled().eval(), (torch.randn(2),)


class EagerOnly(nn.Module):
    """In a branch TorchScript skips: the scan reads text, so it fails all the same."""

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting():
            shapes: List[int] = []  # expect: JT131@26-43 safe "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"
            shapes.append(x.dim())
            return x * len(shapes)
        return x


def case_dead_branch():
    torch.manual_seed(0)
    return EagerOnly().eval(), (torch.randn(2),)


class OwnLine(nn.Module):
    """A type comment on a line of its own, first in the body: not a signature comment (no parameter list)."""

    def forward(self, x: Tensor) -> Tensor:
        # type: List[Tensor]  # expect: JT131@9-29 none "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"
        parts = [x, x * 2]
        return torch.cat(parts)


def case_own_line():
    torch.manual_seed(0)
    return OwnLine().eval(), (torch.randn(2),)


class Misspelt(nn.Module):
    """`#type:` (no blank) is no type comment, but torch takes it for a misspelt signature comment."""

    def forward(self, x: Tensor, n: int) -> Tensor:
        steps = n + 1  #type: int  # expect: JT131@24-34 none "Comments that look like a misspelt type comment are not supported in a compiled function by TorchScript, which rejects them as an invalid signature annotation"
        return x * steps


def case_misspelt_prefix():
    torch.manual_seed(0)
    return Misspelt().eval(), (torch.randn(2), 3)


class LoopComment(nn.Module):
    """On a `for` line, and an ignore comment with two codes (torch only skips `ignore` / `ignore[one-code]`)."""

    def forward(self, x: Tensor, sizes: List[int]) -> Tensor:
        total = 0
        for s in sizes:  # type: int  # expect: JT131@26-37 none "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"
            total += s
        return x * total

    @torch.jit.export
    def first(self, sizes: List[int]) -> int:
        return sizes[0]  # type: ignore[index, misc]  # expect: JT131@26-53 none "Type comments in the body of a compiled function are not supported by TorchScript, which reads them as the function's signature"


def case_for_line_and_two_ignore_codes():
    torch.manual_seed(0)
    return LoopComment().eval(), (torch.randn(2), [1, 2])
