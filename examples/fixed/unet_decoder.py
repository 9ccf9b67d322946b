"""A UNet decoder with paired up-convolutions, per-level skip fusions and named side outputs.

The decoder pairs its convolutions with ``zip(self.convs[::2], self.convs[1::2])`` (as StyleGAN/GFPGAN decoders do),
applies the first two layers of the bottleneck by slicing a ``Sequential``, picks the mask head (main or deep-
supervision) with a conditional expression between two submodules, and fills the extra named outputs (boundary,
distance map) by walking the keys of an ``nn.ModuleDict``.

Runs eagerly; as written, ``torch.jit.script`` rejects it on torch 2.13.0 (JT203 module-value-call, JT202
moduledict-variable-key). ``jitlint fix`` fixes all of them (safe fixes only); ``fixed/unet_decoder.py`` is its
output. See README.md for the expected diagnostics.
"""

from typing import Dict, List

import torch
import torch.nn.functional as F
from torch import nn, Tensor


class UNetDecoder(nn.Module):
    def __init__(self, channels: List[int] = [64, 32, 16], out_channels: int = 2, use_aux: bool = False):
        super().__init__()
        self.bottleneck = nn.Sequential(
            nn.Conv2d(channels[0], channels[0], 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels[0], channels[0], 3, padding=1),
        )
        convs = []
        for c_in, c_out in zip(channels[:-1], channels[1:]):
            convs.append(nn.Conv2d(c_in, c_out, 3, padding=1))       # after upsampling
            convs.append(nn.Conv2d(2 * c_out, c_out, 3, padding=1))  # after concatenating the skip
        self.convs = nn.ModuleList(convs)
        self.fuse = nn.ModuleList([nn.Conv2d(c, c, 1) for c in channels[1:]])  # UNet++-style residual fusion
        self.seg_head = nn.Conv2d(channels[-1], out_channels, 1)
        self.aux_head = nn.Conv2d(channels[-1], out_channels, 1)  # deep-supervision head, same shape
        self.side_heads = nn.ModuleDict({
            "boundary": nn.Conv2d(channels[-1], 1, 1),
            "distance": nn.Conv2d(channels[-1], 1, 1),
        })
        self.use_aux = use_aux

    def forward(self, bottom: Tensor, skips: List[Tensor]) -> Dict[str, Tensor]:
        """``bottom``: deepest feature map; ``skips``: encoder features from deep to shallow."""
        x = bottom
        for layer in self.bottleneck[:2]:
            x = layer.forward(x)
        depth = 0
        for up, merge, fuse in zip(self.convs[::2], self.convs[1::2], self.fuse):
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
            x = torch.relu(up.forward(x))
            x = torch.cat([x, skips[depth]], dim=1)
            x = torch.relu(merge.forward(x))
            x = x + fuse(x)
            depth += 1
        head = self.aux_head if self.use_aux else self.seg_head
        outputs: Dict[str, Tensor] = {"mask": torch.sigmoid(head.forward(x))}
        for name, side_head in self.side_heads.items():
            outputs[name] = side_head(x)
        return outputs


def build():
    torch.manual_seed(0)
    model = UNetDecoder().eval()
    bottom = torch.randn(1, 64, 8, 8)
    skips = [torch.randn(1, 32, 16, 16), torch.randn(1, 16, 32, 32)]
    return model, (bottom, skips)
