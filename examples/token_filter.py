"""Pre-processing for a text classifier, done inside the model so it ships with the weights.

Special tokens are removed with a set literal, distinct tokens are counted with a set comprehension, and token ids
are filtered with comprehension ``if`` clauses. Stop words arrive as a ``Set[int]`` in ``__init__`` (never compiled)
and are kept as a sorted list.

Runs eagerly; as written, ``torch.jit.script`` rejects it on torch 2.13.0 (JT103 set-literal-or-type, JT102
set-comprehension, JT101 comprehension-if). ``jitlint fix --unsafe-fixes`` fixes all of them: the set comprehension
becomes a ``Dict[int, bool]``, an unsafe fix (only ``len`` is used here, which a dict answers like the set);
``fixed/token_filter.py`` is its output. See README.md for the expected diagnostics.
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
        """Drops padding, unknown tokens and stop words."""
        return [i for i in ids if i not in {self.pad_id, self.unk_id} and i not in stop]

    def forward(self, ids: List[int]) -> Tensor:
        kept = self.clean_ids(ids, self.stop_words)
        distinct = {i for i in kept}
        diversity = torch.tensor([len(distinct) / max(len(kept), 1)])
        pooled = self.embed(torch.tensor(kept), torch.tensor([0]))
        return self.classifier(torch.cat([pooled, diversity.unsqueeze(0)], dim=1))

    @torch.jit.export
    def token_histogram(self, ids: List[int]) -> Dict[int, int]:
        counts: Dict[int, int] = {}
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
        return {i: c for i, c in counts.items() if c > 1}


def build():
    torch.manual_seed(0)
    model = TokenFilterClassifier().eval()
    ids = [0, 5, 17, 17, 10, 1, 42, 99, 5, 0]
    return model, (ids,)
