"""JT515 module-returned-by-method: a module that a method returns, called in compiled code (transformers'
``self.get_input_embeddings()(input_ids)``)."""

import torch
from torch import nn, Tensor


class Decoder(nn.Module):
    """The getter only returns the submodule: the fix calls the attribute."""

    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(10, 4)

    def get_input_embeddings(self):
        """The token embedding."""
        return self.embed_tokens

    def forward(self, input_ids: Tensor) -> Tensor:
        return self.get_input_embeddings()(input_ids)  # expect: JT515@16-43 safe "`self.get_input_embeddings()` returns the module `self.embed_tokens`, which TorchScript cannot call; call `self.embed_tokens` itself"


def case_embedding_getter():
    torch.manual_seed(0)
    return Decoder().eval(), (torch.tensor([[1, 2, 3]]),)


class Head(nn.Module):
    """The getter does more than return it: no fix."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 2)
        self.calls = 0

    def projection(self):
        self.calls += 1
        return self.proj

    def forward(self, x: Tensor) -> Tensor:
        return self.projection()(x)  # expect: JT515@16-33 none "`self.projection()` returns the module `self.proj`, which TorchScript cannot call; call `self.proj` itself"


def case_getter_with_side_effect():
    torch.manual_seed(0)
    return Head().eval(), (torch.randn(3, 4),)
