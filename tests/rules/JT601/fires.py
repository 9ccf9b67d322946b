"""JT601 optional-unrefined: Optional locals and parameters used as their inner type without a None check."""
from typing import List, Optional, Tuple

import torch
from torch import nn, Tensor


class MaskedScores(nn.Module):
    """A method called on an Optional Tensor."""

    def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        scores = x @ x.transpose(-1, -2)
        return scores.masked_fill(mask.unsqueeze(1) == 0, -1e9)  # expect: JT601@35-49 unsafe "`mask` is `Optional[Tensor]` and is used as `.unsqueeze` without a `None` check TorchScript can see"


def case_method_call():
    return MaskedScores().eval(), (torch.randn(2, 3, 3), torch.ones(2, 3))


class Scaled(nn.Module):
    """Arithmetic with an Optional Tensor."""

    def forward(self, x: Tensor, scale: Optional[Tensor] = None) -> Tensor:
        return x * scale  # expect: JT601@16-25 unsafe "`scale` is `Optional[Tensor]` and is used as an operand of `*` without a `None` check TorchScript can see"


def case_arithmetic():
    return Scaled().eval(), (torch.randn(3), torch.full((3,), 2.0))


class FirstRow(nn.Module):
    """A subscript of an Optional Tensor."""

    def forward(self, x: Tensor, extra: Optional[Tensor] = None) -> Tensor:
        return x + extra[0]  # expect: JT601@20-28 unsafe "`extra` is `Optional[Tensor]` and is used as a subscript without a `None` check TorchScript can see"


def case_subscript():
    return FirstRow().eval(), (torch.randn(3), torch.randn(2, 3))


class FirstColumn(nn.Module):
    """A multi-dimensional subscript of an Optional Tensor (torch names no Optional in its error)."""

    def forward(self, x: Tensor, extra: Optional[Tensor] = None) -> Tensor:
        return x + extra[:, 0]  # expect: JT601@20-31 unsafe "`extra` is `Optional[Tensor]` and is used as a subscript without a `None` check TorchScript can see"


def case_multidimensional_subscript():
    return FirstColumn().eval(), (torch.randn(2), torch.randn(2, 3))


class Gate(nn.Module):
    """An Optional Tensor used as a truth value."""

    def forward(self, x: Tensor, gate: Optional[Tensor] = None) -> Tensor:
        if gate:  # expect: JT601@12-16 none "`gate` is `Optional[Tensor]` and is used as a truth value without a `None` check TorchScript can see"
            x = x * 2
        return x


def case_truth_value():
    return Gate().eval(), (torch.randn(3), torch.tensor(True))


class PassThrough(nn.Module):
    """An Optional Tensor returned where the function promises a Tensor."""

    def forward(self, x: Tensor, state: Optional[Tensor] = None) -> Tensor:
        if state is None:
            x = x + 1
        return state  # expect: JT601@16-21 none "`state` is `Optional[Tensor]` and is used as the return value of a function annotated `-> Tensor` without a `None` check TorchScript can see"


def case_return():
    return PassThrough().eval(), (torch.randn(3), torch.randn(3))


class Repeat(nn.Module):
    """An Optional int as a `range` bound, after a check on another variable."""

    def forward(self, x: Tensor, times: Optional[int] = None, other: Optional[int] = None) -> Tensor:
        if other is not None:
            x = x + other
        for _ in range(times):  # expect: JT601@18-30 unsafe "`times` is `Optional[int]` and is used as a `range` bound without a `None` check TorchScript can see"
            x = x * 2
        return x


def case_range_bound():
    return Repeat().eval(), (torch.randn(3), 2, 1)


class CrossAttention(nn.Module):
    """Optional through a conditional expression whose condition is a flag, not a None test (transformers'
    `current_states = key_value_states if is_cross_attention else hidden_states`)."""

    def __init__(self):
        super().__init__()
        self.k_proj = nn.Linear(4, 4)

    def forward(self, hidden_states: Tensor, key_value_states: Optional[Tensor] = None) -> Tensor:
        is_cross_attention = key_value_states is not None
        current_states = key_value_states if is_cross_attention else hidden_states
        kv_shape = (current_states.shape[0], -1, 2)  # expect: JT601@21-41 unsafe "`current_states` is `Optional[Tensor]` and is used as `.shape` without a `None` check TorchScript can see"
        return self.k_proj(hidden_states).view(kv_shape)


def case_conditional_expression():
    return CrossAttention().eval(), (torch.randn(3, 4), torch.randn(3, 4))


class DeclaredLocal(nn.Module):
    """A local declared `Optional[Tensor] = None` and never rebound: its only binding is its definition."""

    def forward(self, x: Tensor) -> Tensor:
        m: Optional[Tensor] = None
        return x if x.numel() < 100 else x + m.sum()  # expect: JT601@46-51 none "`m` is `Optional[Tensor]` and is used as `.sum` without a `None` check TorchScript can see"


def case_declared_local():
    return DeclaredLocal().eval(), (torch.randn(3),)


class Rotary(nn.Module):
    """An Optional tuple unpacked by an assignment (transformers' `cos, sin = position_embeddings`)."""

    def forward(self, x: Tensor, position_embeddings: Optional[Tuple[Tensor, Tensor]] = None) -> Tensor:
        cos, sin = position_embeddings  # expect: JT601@20-39 unsafe "`position_embeddings` is `Optional[Tuple[Tensor, Tensor]]` and is used as a tuple to unpack without a `None` check TorchScript can see"
        return x * cos + x * sin


def case_tuple_unpacking():
    return Rotary().eval(), (torch.randn(3), (torch.randn(3), torch.randn(3)))


class Embeddings(nn.Module):
    """A parameter read above the statement that binds it again (transformers' embeddings): typed as declared."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)

    def forward(self, input_ids: Optional[Tensor] = None, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if input_ids is not None:
            length = input_ids.size(1)
        else:
            length = inputs_embeds.size(1)  # expect: JT601@22-40 unsafe "`inputs_embeds` is `Optional[Tensor]` and is used as `.size` without a `None` check TorchScript can see"
        if inputs_embeds is None:
            inputs_embeds = self.embed(input_ids)  # expect: JT601@29-50 unsafe "`input_ids` is `Optional[Tensor]` and is used as the input of `self.embed` (a `torch.nn.Embedding`) without a `None` check TorchScript can see"
        return inputs_embeds[:, :length]


def case_read_before_rebinding():
    return Embeddings().eval(), (torch.tensor([[1, 2, 3]]), None)


class Projection(nn.Module):
    """An Optional passed to a submodule whose forward takes a Tensor (transformers' cross-attention `k_proj`)."""

    def __init__(self):
        super().__init__()
        self.k_proj = nn.Linear(4, 4)

    def forward(self, hidden_states: Tensor, encoder_hidden_states: Optional[Tensor] = None) -> Tensor:
        keys = self.k_proj(encoder_hidden_states)  # expect: JT601@16-50 unsafe "`encoder_hidden_states` is `Optional[Tensor]` and is used as the input of `self.k_proj` (a `torch.nn.Linear`) without a `None` check TorchScript can see"
        return hidden_states @ keys.transpose(0, 1)


def case_submodule_input():
    return Projection().eval(), (torch.randn(2, 4), torch.randn(3, 4))


class Feedforward(nn.Module):
    """`x = f(x)`: the right side reads the parameter before it is bound again (transformers' CodeGenMLP)."""

    def __init__(self):
        super().__init__()
        self.fc_in = nn.Linear(4, 4)

    def forward(self, hidden_states: Optional[Tensor]) -> Tensor:
        hidden_states = self.fc_in(hidden_states)  # expect: JT601@25-50 unsafe "`hidden_states` is `Optional[Tensor]` and is used as the input of `self.fc_in` (a `torch.nn.Linear`) without a `None` check TorchScript can see"
        return torch.relu(hidden_states)


def case_read_by_own_assignment():
    return Feedforward().eval(), (torch.randn(2, 4),)


class TokenEmbeddings(nn.Module):
    """`torch.LongTensor | None`: a dtype-specific subtype is a Tensor to TorchScript (transformers' `input_ids`)."""

    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(10, 4)

    def forward(self, input_ids: Optional[torch.LongTensor] = None) -> Tensor:
        return self.word_embeddings(input_ids)  # expect: JT601@16-47 unsafe "`input_ids` is `Optional[torch.LongTensor]` and is used as the input of `self.word_embeddings` (a `torch.nn.Embedding`) without a `None` check TorchScript can see"


def case_dtype_subtype():
    return TokenEmbeddings().eval(), (torch.tensor([[1, 2, 3]]),)


class PosEmbedCrossAttention(nn.Module):
    """transformers' Mask2Former / BridgeTower: an Optional passed on to a method of the class that takes a Tensor."""

    def with_pos_embed(self, tensor: Tensor, pos: Optional[Tensor]) -> Tensor:
        return tensor if pos is None else tensor + pos

    def forward(self, x: Tensor, memory: Optional[Tensor] = None, pos: Optional[Tensor] = None) -> Tensor:
        if pos is not None:
            x = x + self.with_pos_embed(memory, pos)  # expect: JT601@41-47 none "`memory` is `Optional[Tensor]` and is used as the argument `tensor` of `self.with_pos_embed`, which takes `Tensor`, without a `None` check TorchScript can see"
        return x


def case_argument_of_a_method():
    return PosEmbedCrossAttention().eval(), (torch.randn(2, 4), torch.randn(2, 4), torch.randn(2, 4))


class PermutedKeyValueAttention(nn.Module):
    """transformers' Mask2Former: the parameter is rebound to an Optional conditional expression, then passed on."""

    def with_pos_embed(self, tensor: Tensor, pos: Optional[Tensor]) -> Tensor:
        return tensor if pos is None else tensor + pos

    def forward(self, x: Tensor, key_value_states: Optional[Tensor] = None, pos: Optional[Tensor] = None) -> Tensor:
        key_value_states = key_value_states.permute(1, 0) if key_value_states is not None else None
        pos = pos.permute(1, 0) if pos is not None else None
        if pos is not None:
            key_value_states = self.with_pos_embed(key_value_states, pos)  # expect: JT601@52-68 none "`key_value_states` is `Optional[Tensor]` and is used as the argument `tensor` of `self.with_pos_embed`, which takes `Tensor`, without a `None` check TorchScript can see"
        return x


def case_argument_rebound_optional():
    return PermutedKeyValueAttention().eval(), (torch.randn(4, 4), torch.randn(4, 4), torch.randn(4, 4))


class PosEmbedThenProject(nn.Module):
    """Mask2Former again: rebound on one path only, so after the `if` TorchScript joins it back to `Optional[Tensor]`."""

    def __init__(self):
        super().__init__()
        self.k_proj = nn.Linear(4, 4)

    def with_pos_embed(self, tensor: Tensor, pos: Optional[Tensor]) -> Tensor:
        return tensor if pos is None else tensor + pos

    def forward(self, x: Tensor, key_value_states: Optional[Tensor] = None, pos: Optional[Tensor] = None) -> Tensor:
        if pos is not None:
            assert key_value_states is not None
            key_value_states = self.with_pos_embed(key_value_states, pos)
        return x + self.k_proj(key_value_states)  # expect: JT601@20-49 unsafe "`key_value_states` is `Optional[Tensor]` and is used as the input of `self.k_proj` (a `torch.nn.Linear`) without a `None` check TorchScript can see"


def case_rebound_on_one_path():
    return PosEmbedThenProject().eval(), (torch.randn(2, 4), torch.randn(2, 4), torch.randn(2, 4))


class TrimOutput(nn.Module):
    """transformers' Gemma4 / EnCodec: an Optional length compared before any check."""

    def forward(self, x: Tensor, output_length: Optional[int] = None) -> Tensor:
        if output_length > x.shape[1]:  # expect: JT601@12-38 unsafe "`output_length` is `Optional[int]` and is used as an operand of `>` without a `None` check TorchScript can see"
            return x
        return x[:, :output_length]


def case_optional_compared():
    return TrimOutput().eval(), (torch.randn(2, 6), 4)


class SelectStrategy(nn.Module):
    """transformers' LLaVA family: an Optional str compared with `==`; TorchScript's `eq` overloads take no Optional,
    whatever the other operand is (`== None` is no None test either)."""

    def forward(self, x: Tensor, strategy: Optional[str] = None) -> Tensor:
        if strategy == "default":  # expect: JT601@12-33 none "`strategy` is `Optional[str]` and is used as an operand of `==` without a `None` check TorchScript can see"
            return x[:, 1:]
        return x


def case_optional_str_compared():
    return SelectStrategy().eval(), (torch.randn(2, 6), "default")


class TokenMask(nn.Module):
    """transformers' Kimi-K2.5 / Qwen2-Audio: Optional ids compared with a token id the config holds."""

    def __init__(self):
        super().__init__()
        self.image_token_id = 3

    def forward(self, x: Tensor, input_ids: Optional[Tensor] = None) -> Tensor:
        mask = input_ids == self.image_token_id  # expect: JT601@16-48 none "`input_ids` is `Optional[Tensor]` and is used as an operand of `==` without a `None` check TorchScript can see"
        return x.masked_fill(mask, 0.0)


def case_optional_tensor_equals_attribute():
    return TokenMask().eval(), (torch.randn(2, 6), torch.randint(0, 5, (2, 6)))


class FeatureLayers(nn.Module):
    """transformers' LLaVA family / VipLLaVA: an Optional list of layer indices iterated in a comprehension, and
    SAM 2 video's `frame_idx in ...` with an Optional int (TorchScript iterates and tests membership of no Optional)."""

    def forward(self, x: Tensor, layers: Optional[List[int]] = None, frame: Optional[int] = None) -> Tensor:
        picked = [x * i for i in layers]  # expect: JT601@34-40 none "`layers` is `Optional[List[int]]` and is used as an iterable without a `None` check TorchScript can see"
        if frame in [0, 1]:  # expect: JT601@12-27 none "`frame` is `Optional[int]` and is used as an operand of `in` without a `None` check TorchScript can see"
            return picked[0]
        return picked[-1]


def case_optional_iterated():
    return FeatureLayers().eval(), (torch.randn(2, 3), [1, 2], 0)


class MaskOrNot(nn.Module):
    """`mask != None` is no None test to TorchScript (an `ne` call, which takes no Optional); `is not None` is, and
    the fix writes it."""

    def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        if mask != None:  # noqa: E711  # expect: JT601@12-24 safe "`mask` is `Optional[Tensor]` and is used as an operand of `!=` without a `None` check TorchScript can see"
            x = x + 1
        return x


def case_equals_none():
    return MaskOrNot().eval(), (torch.randn(2, 3), torch.ones(2, 3))


class EitherIdsOrEmbeds(nn.Module):
    """transformers' ProphetNet: `inputs_embeds` filled in the `elif` that tests both; the chain has no `else`, and
    no condition proves `inputs_embeds` not None when false, so after it TorchScript still holds `Optional[Tensor]`."""

    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(10, 4)

    def forward(self, input_ids: Optional[Tensor] = None, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if input_ids is None and inputs_embeds is None:
            raise ValueError("Either input_ids or inputs_embeds has to be passed.")
        elif input_ids is not None and inputs_embeds is not None:
            raise ValueError("Make sure to only pass input_ids or inputs_embeds.")
        elif input_ids is not None and inputs_embeds is None:
            inputs_embeds = self.word_embeddings(input_ids)
        return inputs_embeds * 2  # expect: JT601@16-33 unsafe "`inputs_embeds` is `Optional[Tensor]` and is used as an operand of `*` without a `None` check TorchScript can see"


def case_either_ids_or_embeds():
    return EitherIdsOrEmbeds().eval(), (torch.tensor([[1, 2, 3]]), None)


class DeviceOfIdsOrEmbeds(nn.Module):
    """transformers' BERT family: the chain ends with `else: raise`, but its first `elif` refines nothing; TorchScript
    joins that path with the one that refines `inputs_embeds`, so after the chain it is `Optional[Tensor]` again."""

    def forward(self, input_ids: Optional[Tensor] = None, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        if input_ids is not None and inputs_embeds is not None:
            raise ValueError("You cannot specify both input_ids and inputs_embeds at the same time")
        elif input_ids is not None:
            input_shape = input_ids.size()
        elif inputs_embeds is not None:
            input_shape = inputs_embeds.size()[:-1]
        else:
            raise ValueError("You have to specify either input_ids or inputs_embeds")
        device = input_ids.device if input_ids is not None else inputs_embeds.device  # expect: JT601@65-85 none "`inputs_embeds` is `Optional[Tensor]` and is used as `.device` without a `None` check TorchScript can see"
        return torch.ones(input_shape, device=device)


def case_device_of_ids_or_embeds():
    return DeviceOfIdsOrEmbeds().eval(), (torch.tensor([[1, 2, 3]]), None)


class CheckedOnOneBranch(nn.Module):
    """The `else` checks the value and raises; the `if` branch neither checks nor exits."""

    def forward(self, x: Tensor, flag: bool, mask: Optional[Tensor] = None) -> Tensor:
        if flag:
            x = x + 1
        elif mask is None:
            raise ValueError("mask is required")
        return x * mask  # expect: JT601@16-24 unsafe "`mask` is `Optional[Tensor]` and is used as an operand of `*` without a `None` check TorchScript can see"


def case_checked_on_one_branch():
    return CheckedOnOneBranch().eval(), (torch.randn(2), True, torch.randn(2))


class CodesOrLatents(nn.Module):
    """transformers' Xcodec2: the `if` branch rebinds the parameter, the `else` branch reads it; no path from that
    binding reaches the read, which still sees the unrefined `Optional[Tensor]`."""

    def forward(self, audio_codes: Optional[Tensor] = None, latents: Optional[Tensor] = None) -> Tensor:
        if latents is None and audio_codes is None:
            raise ValueError("Either `latents` or `audio_codes` must be provided.")
        if audio_codes is not None:
            latents = audio_codes * 2
        else:
            latents = latents.transpose(0, 1)  # expect: JT601@23-40 unsafe "`latents` is `Optional[Tensor]` and is used as `.transpose` without a `None` check TorchScript can see"
        return latents


def case_codes_or_latents():
    return CodesOrLatents().eval(), (None, torch.randn(2, 3))


class AggregatedKeys(nn.Module):
    """transformers' EfficientLoFTR: the keys come from a conditional on a flag, then the local is bound again to
    the pooled value, and the parameter itself is bound again below; the pool's input is still `Optional[Tensor]`."""

    def __init__(self):
        super().__init__()
        self.kv_aggregation = nn.MaxPool2d(2)

    def forward(self, hidden_states: Tensor, encoder_hidden_states: Optional[Tensor] = None) -> Tensor:
        is_cross_attention = encoder_hidden_states is not None
        kv_states = encoder_hidden_states if is_cross_attention else hidden_states
        kv_states = self.kv_aggregation(kv_states)  # expect: JT601@21-51 none "`kv_states` is `Optional[Tensor]` and is used as the input of `self.kv_aggregation` (a `torch.nn.MaxPool2d`) without a `None` check TorchScript can see"
        encoder_hidden_states = kv_states * 2
        return encoder_hidden_states


def case_conditional_keys_bound_again():
    return AggregatedKeys().eval(), (torch.randn(1, 2, 4, 4), None)


class CrossNorm(nn.Module):
    """transformers' Perceiver: the norm is a LayerNorm or an Identity by construction; both take a Tensor."""

    def __init__(self, is_cross_attention: bool = True):
        super().__init__()
        self.layernorm2 = nn.LayerNorm(4) if is_cross_attention else nn.Identity()

    def forward(self, hidden_states: Tensor, inputs: Optional[Tensor] = None) -> Tensor:
        inputs = self.layernorm2(inputs)  # expect: JT601@18-41 none "`inputs` is `Optional[Tensor]` and is used as the input of `self.layernorm2` (a `torch.nn.LayerNorm` or `torch.nn.Identity`) without a `None` check TorchScript can see"
        return hidden_states + inputs


def case_input_of_a_layer_chosen_by_construction():
    return CrossNorm().eval(), (torch.randn(2, 4), torch.randn(2, 4))


class RotaryAttention(nn.Module):
    def forward(self, hidden_states: Tensor, position_embeddings: Tuple[Tensor, Tensor]) -> Tensor:
        cos, sin = position_embeddings
        return hidden_states * cos + hidden_states * sin


class DecoderLayer(nn.Module):
    """transformers' Llama-style decoder layer: `position_embeddings` Optional in the layer, a plain tuple in its
    attention's `forward`."""

    def __init__(self):
        super().__init__()
        self.self_attn = RotaryAttention()

    def forward(self, hidden_states: Tensor,
                position_embeddings: Optional[Tuple[Tensor, Tensor]] = None) -> Tensor:
        return self.self_attn(hidden_states, position_embeddings=position_embeddings)  # expect: JT601@46-85 none "`position_embeddings` is `Optional[Tuple[Tensor, Tensor]]` and is used as the argument `position_embeddings` of `self.self_attn`, which takes `Tuple[Tensor, Tensor]`, without a `None` check TorchScript can see"


def case_argument_of_a_submodule():
    return DecoderLayer().eval(), (torch.randn(2, 4), (torch.randn(2, 4), torch.randn(2, 4)))


class GatedScale(nn.Module):
    """The read is on the right of `and`: only evaluated when the flag holds, so no assert goes before the statement."""

    def forward(self, x: Tensor, use_scale: bool = False, scale: Optional[Tensor] = None) -> Tensor:
        if use_scale and scale.numel() > 0:  # expect: JT601@26-37 none "`scale` is `Optional[Tensor]` and is used as `.numel` without a `None` check TorchScript can see"
            return x * 2
        return x


def case_read_right_of_and():
    torch.manual_seed(0)
    return GatedScale().eval(), (torch.randn(2),)


class FallbackLength(nn.Module):
    """The read is in an `elif` condition: an assert before the `if` would run on paths that never read it."""

    def forward(self, x: Tensor, lengths: Optional[Tensor] = None) -> Tensor:
        if x.dim() > 2:
            return x
        elif lengths.numel() > 0:  # expect: JT601@14-27 none "`lengths` is `Optional[Tensor]` and is used as `.numel` without a `None` check TorchScript can see"
            return x + 1
        return x


def case_read_in_elif():
    torch.manual_seed(0)
    return FallbackLength().eval(), (torch.randn(2, 3, 4),)
