"""[fixed] An MLP-Mixer with relative position bias over a 2-D patch grid and optional early exit.

The relative-offset table is built with a two-generator comprehension, the token/channel mixing blocks are walked by
index in parallel ModuleLists (so the caller can stop early), and the classifier (plain or DeiT-style distillation
head) is picked with a conditional expression between two submodules.

Fixed by hand (nested loops instead of the two-generator comprehension, ``enumerate(zip(...))`` with an ``i <
depth`` guard instead of indexing, if/else instead of the module ternary). It scripts on torch 2.13.0 and matches
eager with the weights of ``examples/mlp_mixer_blocks.py``.
"""

from typing import List, Tuple

import torch
from torch import nn, Tensor


class MlpBlock(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc2(torch.nn.functional.gelu(self.fc1(x)))


class MlpMixer(nn.Module):
    def __init__(self, grid: int = 4, patch: int = 4, dim: int = 32, depth: int = 3, classes: int = 10):
        super().__init__()
        self.grid = grid
        self.patch_embed = nn.Conv2d(3, dim, patch, stride=patch)
        tokens = grid * grid
        self.token_norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])
        self.token_mix = nn.ModuleList([MlpBlock(tokens, 2 * tokens) for _ in range(depth)])
        self.channel_norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(depth)])
        self.channel_mix = nn.ModuleList([MlpBlock(dim, 4 * dim) for _ in range(depth)])
        self.rel_bias = nn.Parameter(torch.zeros((2 * grid - 1) ** 2))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)
        self.head_dist = nn.Linear(dim, classes)  # DeiT-style distillation head
        self.use_distilled_head = False

    def relative_offsets(self) -> List[Tuple[int, int]]:
        g = self.grid
        out: List[Tuple[int, int]] = []
        for dy in range(-g + 1, g):
            for dx in range(-g + 1, g):
                out.append((dy + g - 1, dx + g - 1))
        return out

    def forward(self, images: Tensor, depth: int) -> Tensor:
        x = self.patch_embed(images).flatten(2).transpose(1, 2)  # (B, tokens, dim)
        offsets = self.relative_offsets()
        bias = self.rel_bias[: len(offsets)].mean()
        for i, (tnorm, tmix, cnorm, cmix) in enumerate(
            zip(self.token_norms, self.token_mix, self.channel_norms, self.channel_mix)
        ):
            if i < depth:
                y = tnorm(x).transpose(1, 2)
                x = x + tmix(y).transpose(1, 2) + bias
                x = x + cmix(cnorm(x))
        pooled = self.norm(x).mean(dim=1)
        if self.use_distilled_head:
            return self.head_dist(pooled)
        return self.head(pooled)


def build():
    torch.manual_seed(0)
    model = MlpMixer().eval()
    return model, (torch.randn(2, 3, 16, 16), 3)
