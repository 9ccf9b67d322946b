"""JT601 optional-unrefined: refinements TorchScript accepts, and the traps around them."""
from typing import List, Optional, Tuple, Union

import torch
from torch import nn, Tensor


class Refined(nn.Module):
    """`if x is not None`, `and` chains, early exits, assert, conditional expressions, rebinding, isinstance."""

    def forward(self, x: Tensor, a: Optional[Tensor] = None, b: Optional[Tensor] = None,
                c: Union[Tensor, None] = None, d: Optional[Tensor] = None, e: Optional[Tensor] = None,
                k: Optional[int] = None) -> Tensor:
        if a is not None:
            x = x * a
        if b is not None and b.size(0) == x.size(0):
            x = x + b
        y = x if c is None else x - c
        if isinstance(d, Tensor):
            y = y + d
        if torch.jit.isinstance(e, Tensor):
            y = y + e.sum()
        if k is None:
            return y
        return y * k


def case_refinements():
    return Refined().eval(), (torch.randn(3), torch.randn(3), torch.randn(3), torch.randn(3), torch.randn(3),
                              torch.randn(3), 2)


class EarlyExitAndAssert(nn.Module):
    def forward(self, x: Tensor, mask: Optional[Tensor] = None, bias: Optional[Tensor] = None) -> Tensor:
        if mask is None:
            raise ValueError("mask is required")
        x = x.masked_fill(mask == 0, 0.0)
        assert bias is not None
        return x + bias


def case_early_exit_and_assert():
    return EarlyExitAndAssert().eval(), (torch.randn(3), torch.ones(3), torch.randn(3))


class Rebound(nn.Module):
    """A rebinding makes it a Tensor; a default filled in: not reported."""

    def forward(self, x: Tensor, mask: Optional[Tensor] = None, scale: Optional[Tensor] = None) -> Tensor:
        mask = mask if mask is not None else torch.ones_like(x)
        if scale is None:
            scale = torch.ones_like(x)
        return x * mask * scale


def case_rebound():
    return Rebound().eval(), (torch.randn(3),)


class OptionalArguments(nn.Module):
    """Optional values passed where torch takes Optional, and eager-only code."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(3, 3))

    def forward(self, x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
        if not torch.jit.is_scripting():
            print(bias.shape if bias is not None else None)
        return torch.nn.functional.linear(x, self.weight, bias)

    @torch.jit.unused
    def debug(self, bias: Optional[Tensor] = None) -> Tensor:
        return bias * 2


def case_optional_arguments():
    return OptionalArguments().eval(), (torch.randn(3), torch.randn(3))


class CrossAttentionRefined(nn.Module):
    """The conditional expression tests the Optional itself, or runs where it is refined: a Tensor."""

    def __init__(self):
        super().__init__()
        self.k_proj = nn.Linear(4, 4)

    def forward(self, hidden_states: Tensor, flag: bool, key_value_states: Optional[Tensor] = None) -> Tensor:
        current_states = key_value_states if key_value_states is not None else hidden_states
        out = self.k_proj(current_states).view(current_states.shape[0], -1)
        if key_value_states is not None:
            other_states = key_value_states if flag else hidden_states
            out = out + other_states.view(other_states.shape[0], -1)
        return out


def case_conditional_expression_refined():
    return CrossAttentionRefined().eval(), (torch.randn(3, 4), True, torch.randn(3, 4))


class RotaryRefined(nn.Module):
    """The Optional tuple is unpacked after a None check, or the tuple is not Optional."""

    def forward(self, x: Tensor, rotary: Tuple[Tensor, Tensor],
                position_embeddings: Optional[Tuple[Tensor, Tensor]] = None) -> Tensor:
        if position_embeddings is not None:
            cos, sin = position_embeddings
            x = x * cos + x * sin
        a, b = rotary
        return x + a * b


def case_tuple_unpacking_refined():
    return RotaryRefined().eval(), (torch.randn(3), (torch.randn(3), torch.randn(3)), (torch.randn(3), torch.randn(3)))


class EmbeddingsRebound(nn.Module):
    """Reads below the statement that binds the parameter again see the refined value."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)

    def forward(self, input_ids: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if inputs_embeds is None:
            inputs_embeds = self.embed(input_ids)
        return inputs_embeds[:, : inputs_embeds.size(1) - 1]


def case_read_after_rebinding():
    return EmbeddingsRebound().eval(), (torch.tensor([[1, 2, 3]]), None)


class ProjectionRefined(nn.Module):
    """The Optional is refined before it reaches the submodule; a submodule whose forward takes Optional."""

    def __init__(self):
        super().__init__()
        self.k_proj = nn.Linear(4, 4)
        self.norm = MaybeNorm()

    def forward(self, hidden_states: Tensor, encoder_hidden_states: Optional[Tensor] = None) -> Tensor:
        source = hidden_states
        if encoder_hidden_states is not None:
            source = self.k_proj(encoder_hidden_states)
        return self.norm(source, encoder_hidden_states)


class MaybeNorm(nn.Module):
    def forward(self, x: Tensor, extra: Optional[Tensor]) -> Tensor:
        if extra is not None:
            return x + extra.sum()
        return x


def case_submodule_input_refined():
    return ProjectionRefined().eval(), (torch.randn(2, 4), torch.randn(2, 4))


class PosEmbedRefined(nn.Module):
    """The Optional checked before it is passed on, and passed where the method takes an Optional."""

    def with_pos_embed(self, tensor: Tensor, pos: Optional[Tensor]) -> Tensor:
        return tensor if pos is None else tensor + pos

    def forward(self, x: Tensor, memory: Optional[Tensor] = None, pos: Optional[Tensor] = None) -> Tensor:
        x = self.with_pos_embed(x, pos)
        if memory is not None:
            x = x + self.with_pos_embed(memory, pos=pos)
        return x


def case_argument_of_a_method_refined():
    return PosEmbedRefined().eval(), (torch.randn(2, 4), torch.randn(2, 4), torch.randn(2, 4))


class PermutedKeyValueRefined(nn.Module):
    """Rebound to an Optional conditional expression, then checked (or exited early) before it is passed on."""

    def with_pos_embed(self, tensor: Tensor, pos: Optional[Tensor]) -> Tensor:
        return tensor if pos is None else tensor + pos

    def forward(self, x: Tensor, key_value_states: Optional[Tensor] = None, pos: Optional[Tensor] = None) -> Tensor:
        key_value_states = key_value_states.permute(1, 0) if key_value_states is not None else None
        if key_value_states is not None:
            x = x + self.with_pos_embed(key_value_states, pos)
        if pos is None:
            return x
        pos = pos.permute(1, 0) if pos is not None else None  # `pos` is a Tensor here: the test is static
        return self.with_pos_embed(pos, None) + x


def case_argument_rebound_optional_refined():
    return PermutedKeyValueRefined().eval(), (torch.randn(4, 4), torch.randn(4, 4), torch.randn(4, 4))


class FilledWhenMissing(nn.Module):
    """Rebound where it is None (the other path is refined), or after an early exit: a Tensor after the `if`."""

    def __init__(self):
        super().__init__()
        self.k_proj = nn.Linear(4, 4)

    def forward(self, x: Tensor, key_value_states: Optional[Tensor] = None, pos: Optional[Tensor] = None) -> Tensor:
        if key_value_states is None:
            key_value_states = x
        x = x + self.k_proj(key_value_states)
        if pos is None:
            return x
        if x.sum() > 0:
            pos = pos + 1
        return x + self.k_proj(pos)


def case_filled_when_missing():
    return FilledWhenMissing().eval(), (torch.randn(2, 4), torch.randn(2, 4), torch.randn(2, 4))


class TrimOutputChecked(nn.Module):
    """An Optional length compared after its check, or in the branch of a conditional expression that checks it."""

    def forward(self, x: Tensor, output_length: Optional[int] = None, pad: Optional[int] = None) -> Tensor:
        if output_length is not None and output_length < x.shape[1]:
            x = x[:, :output_length]
        wide = pad > 0 if pad is not None else False
        return x * 2 if wide else x


def case_optional_compared_checked():
    return TrimOutputChecked().eval(), (torch.randn(2, 6), 4, 1)


class EitherIdsOrEmbedsChecked(nn.Module):
    """The either-or checks as TorchScript follows them: the chain ends in an `else` that fills the value, or the
    value is filled where a condition proves it None, so every path past the chain holds a Tensor."""

    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(10, 4)

    def forward(self, input_ids: Optional[Tensor] = None, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if input_ids is not None and inputs_embeds is not None:
            raise ValueError("Make sure to only pass input_ids or inputs_embeds.")
        elif inputs_embeds is None:
            assert input_ids is not None
            inputs_embeds = self.word_embeddings(input_ids)
        if input_ids is None and inputs_embeds is None:
            raise ValueError("Either input_ids or inputs_embeds has to be passed.")
        elif input_ids is not None:
            input_ids = input_ids + 1
        else:
            input_ids = torch.zeros(1, dtype=torch.long)
        return inputs_embeds * 2 + input_ids.sum()


def case_either_ids_or_embeds_checked():
    return EitherIdsOrEmbedsChecked().eval(), (torch.tensor([[1, 2, 3]]), None)


class CachedDeltas(nn.Module):
    """Qwen2-VL's rope deltas: None on the instance (only compiled code assigns them), so TorchScript types the
    attribute `NoneType`, decides `self.rope_deltas is not None` and never compiles the branch that reads the
    Optional parameter."""

    def __init__(self):
        super().__init__()
        self.rope_deltas = None

    def forward(self, x: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if self.rope_deltas is not None:
            batch_size = inputs_embeds.shape[0]
            self.rope_deltas = x[:batch_size]
        return x * 2


def case_branch_on_an_instance_none_attribute():
    return CachedDeltas().eval(), (torch.randn(2, 3),)


class CheckedInsideTheOtherBranch(nn.Module):
    """One branch raises, the other checks the value inside (a nested `if`, an `assert`): TorchScript carries that
    branch's refinement past the `if`."""

    def forward(self, x: Tensor, flag: bool, mask: Optional[Tensor] = None, bias: Optional[Tensor] = None) -> Tensor:
        if flag:
            raise ValueError("flag")
        else:
            if mask is None:
                raise ValueError("mask is required")
        if not flag:
            assert bias is not None
        else:
            raise ValueError("flag")
        return x * mask + bias


def case_checked_inside_the_other_branch():
    return CheckedInsideTheOtherBranch().eval(), (torch.randn(2), False, torch.randn(2), torch.randn(2))


class CheckedOnEveryPath(nn.Module):
    """Every path that reaches the read has checked the value or raised (an `elif` after a raising `if`)."""

    def forward(self, x: Tensor, flag: bool, mask: Optional[Tensor] = None) -> Tensor:
        if flag:
            raise ValueError("flag")
        elif mask is None:
            raise ValueError("mask is required")
        return x * mask


def case_checked_on_every_path():
    return CheckedOnEveryPath().eval(), (torch.randn(2), False, torch.randn(2))


class RebindInAnotherBranch(nn.Module):
    """A binding in one branch does not reach another branch, but the read there is refined (an `elif` test); in a
    loop the binding of one iteration reaches the next, and the `else` read is under `is None`'s `else`."""

    def forward(self, xs: Tensor, codes: Optional[Tensor] = None, latents: Optional[Tensor] = None) -> Tensor:
        if codes is not None:
            latents = codes * 2
        elif latents is not None:
            latents = latents.transpose(0, 1)
        else:
            latents = torch.zeros(1)
        acc: Optional[Tensor] = None
        for x in xs:
            if acc is None:
                acc = x
            else:
                acc = acc + x
        return latents.sum() + (acc if acc is not None else xs.sum())


def case_rebind_in_another_branch():
    return RebindInAnotherBranch().eval(), (torch.randn(3, 2), None, torch.randn(2, 3))


class RefinedStrategy(nn.Module):
    """An Optional str compared after `is not None` in the same condition, and a str compared with `==`."""

    def forward(self, x: Tensor, strategy: Optional[str] = None, mode: str = "full") -> Tensor:
        if strategy is not None and strategy == "default":
            x = x[:, 1:]
        if mode == "full":
            return x
        return x * 2


def case_refined_strategy():
    return RefinedStrategy().eval(), (torch.randn(2, 6), "default")


class RefinedLayers(nn.Module):
    """An Optional list iterated and tested for membership once refined."""

    def forward(self, x: Tensor, layers: Optional[List[int]] = None) -> Tensor:
        if layers is not None:
            for i in layers:
                x = x + i
            if 3 in layers:
                x = x * 2
        return x


def case_refined_layers():
    return RefinedLayers().eval(), (torch.randn(2, 3), [1, 3])
