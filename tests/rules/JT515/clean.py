"""JT515 module-returned-by-method: look-alikes that script on torch 2.13.0 (must not fire)."""

import torch
from torch import nn, Tensor


class Decoder(nn.Module):
    """The submodule called by its attribute; a getter's module read for its weight; a method returning a tensor."""

    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(10, 4)

    def get_input_embeddings(self):
        return self.embed_tokens

    def scale(self) -> Tensor:
        return self.embed_tokens.weight.norm()

    def forward(self, input_ids: Tensor) -> Tensor:
        hidden = self.embed_tokens(input_ids)
        return hidden * self.scale() + self.get_input_embeddings().weight.sum()


def case_attribute_called():
    torch.manual_seed(0)
    return Decoder().eval(), (torch.tensor([[1, 2, 3]]),)


class Gate(nn.Module):
    """A method that returns a tensor, then indexed; the getter called only where TorchScript drops the branch."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def weights(self) -> Tensor:
        return self.proj.weight

    def get_projection(self):
        return self.proj

    def forward(self, x: Tensor) -> Tensor:
        if not torch.jit.is_scripting() and x.dim() > 8:
            x = self.get_projection()(x)
        return x @ self.weights()[0:4]


def case_tensor_returned():
    torch.manual_seed(0)
    return Gate().eval(), (torch.randn(2, 4),)
