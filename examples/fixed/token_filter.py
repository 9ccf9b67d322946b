"""[fixed] Pre-processing for a text classifier, done inside the model so it ships with the weights.

Special tokens are removed with a set literal, duplicates are counted with a set comprehension, stop words are kept
as ``Set[int]`` and n-gram ids are filtered with comprehension ``if`` clauses.

Fixed by hand (list-literal membership, a typed dict instead of sets, loops instead of filtered comprehensions). It
scripts on torch 2.13.0 and matches eager with the weights of ``examples/token_filter.py``.
"""

from typing import Dict, List, Set

import torch
from torch import nn, Tensor


class TokenFilterClassifier(nn.Module):
    def __init__(self, vocab: int = 1000, dim: int = 32, classes: int = 4,
                 stop_words: Set[int] = {10, 11, 12}):
        super().__init__()
        self.embed = nn.EmbeddingBag(vocab, dim, mode="mean")
        self.classifier = nn.Linear(dim + 1, classes)
        self.stop_words: List[int] = sorted(stop_words)
        self.pad_id = 0
        self.unk_id = 1

    def clean_ids(self, ids: List[int], stop: List[int]) -> List[int]:
        out: List[int] = []
        for i in ids:
            if i not in [self.pad_id, self.unk_id] and i not in stop:
                out.append(i)
        return out

    def forward(self, ids: List[int]) -> Tensor:
        stop = self.stop_words
        kept = self.clean_ids(ids, stop)
        distinct: Dict[int, bool] = {}
        for i in kept:
            distinct[i] = True
        diversity = torch.tensor([len(distinct) / max(len(kept), 1)])
        pooled = self.embed(torch.tensor(kept), torch.tensor([0]))
        return self.classifier(torch.cat([pooled, diversity.unsqueeze(0)], dim=1))

    @torch.jit.export
    def token_histogram(self, ids: List[int]) -> Dict[int, int]:
        counts: Dict[int, int] = {}
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
        out: Dict[int, int] = {}
        for i, c in counts.items():
            if c > 1:
                out[i] = c
        return out


def build():
    torch.manual_seed(0)
    model = TokenFilterClassifier().eval()
    ids = [0, 5, 17, 17, 10, 1, 42, 99, 5, 0]
    return model, (ids,)
