"""A small ResNet-style backbone that returns multi-scale features for an FPN.

Written the way many detection backbones are: stages and their downsampling layers live in parallel
``nn.ModuleList``s walked by index, and the requested output levels are picked with a filtered list comprehension.

Runs eagerly; as written, ``torch.jit.script`` rejects it on torch 2.13.0 (JT201 modulelist-variable-index, JT101
comprehension-if). ``jitlint fix`` fixes all of them (safe fixes only); ``fixed/resnet_stages.py`` is its output.
See README.md for the expected diagnostics.
"""

from typing import List

import torch
from torch import nn, Tensor


class BasicBlock(nn.Module):
    """3x3 conv -> BN -> ReLU -> 3x3 conv -> BN, plus identity."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x: Tensor) -> Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + x)


class ResNetStages(nn.Module):
    """Stem + 4 stages; ``out_indices`` selects which stage outputs are returned (like mmdet/timm backbones)."""

    def __init__(self, widths: List[int] = [16, 32, 64, 128], blocks_per_stage: int = 2,
                 out_indices: List[int] = [1, 2, 3]):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, widths[0], 7, stride=2, padding=3, bias=False),
            nn.BatchNorm2d(widths[0]),
            nn.ReLU(inplace=True),
        )
        self.downsamples = nn.ModuleList()
        self.stages = nn.ModuleList()
        in_ch = widths[0]
        for i, w in enumerate(widths):
            stride = 1 if i == 0 else 2
            self.downsamples.append(nn.Sequential(
                nn.Conv2d(in_ch, w, 1, stride=stride, bias=False),
                nn.BatchNorm2d(w),
            ))
            self.stages.append(nn.Sequential(*[BasicBlock(w) for _ in range(blocks_per_stage)]))
            in_ch = w
        self.out_indices = out_indices

    def forward(self, x: Tensor) -> List[Tensor]:
        x = self.stem(x)
        feats: List[Tensor] = []
        for downsample, stage in zip(self.downsamples, self.stages):
            x = downsample(x)
            x = stage(x)
            feats.append(x)
        items: List[Tensor] = []
        for i, f in enumerate(feats):
            if i in self.out_indices:
                items.append(f)
        return items


def build():
    torch.manual_seed(0)
    model = ResNetStages().eval()
    return model, (torch.randn(2, 3, 64, 64),)
