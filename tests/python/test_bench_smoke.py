"""Smoke tests of bench/: the scripts run and their helpers behave. No timing is asserted."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"


def _load(name: str):
    if str(BENCH) not in sys.path:  # the bench modules import their siblings by name
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_bench_runs_on_a_small_corpus(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import torch\n\n\nclass M(torch.nn.Module):\n    def forward(self, xs: list[int]):\n"
        "        return [x for x in xs if x]\n"
    )
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, str(BENCH / "bench.py"), "--runs", "1", "--jobs", "1", "--json", "-o",
                           str(out), str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    names = [r["name"] for r in data["rows"]]
    assert names == ["core", "project", "cli -j1"]
    assert all(r["diagnostics"] == 1 for r in data["rows"])
    assert data["corpus"]["files"] == 1


def test_bench_split_on_two_small_files(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(
        "from torch import nn\n\n\nclass M(nn.Module):\n    def forward(self, xs: list[int]):\n"
        "        return [x for x in xs if x]\n"
    )
    (tmp_path / "util.py").write_text("import torchvision\n\n\ndef f(xs):\n    return {x for x in xs}\n")
    out = tmp_path / "split.json"
    proc = subprocess.run([sys.executable, str(BENCH / "bench.py"), "--split", "--runs", "2", "--cli-runs", "1",
                           "--top", "2", "-o", str(out), str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "model code" in proc.stdout and "files without torch" in proc.stdout and "slowest" in proc.stdout
    data = json.loads(out.read_text())
    assert data["mode"] == "split" and data["core"]["has_profile"] and data["corpus"]["files"] == 2
    by_name = {Path(r["path"]).name: r for r in data["files"]}
    assert by_name["model.py"]["torch"] and not by_name["util.py"]["torch"]  # torchvision is not torch
    assert by_name["model.py"]["diagnostics"] == 1 and by_name["util.py"]["diagnostics"] == 0
    for r in data["files"]:
        assert {"parse", "model", "rules", "bare_parse"} <= set(r)
        assert all(r[k] >= 0 for k in ("parse", "model", "rules", "bare_parse"))
        assert r["engine"] == r["model"] + r["rules"]
    tot = data["totals"]
    assert (tot["torch"]["files"], tot["no_torch"]["files"], tot["all"]["files"]) == (1, 1, 2)
    assert tot["torch"]["target"] == 0.30 and tot["no_torch"]["target"] == 0.05
    assert tot["all"]["bytes"] == sum(r["bytes"] for r in data["files"])
    assert data["cli"]["diagnostics"] == 1 and len(data["cli"]["times"]) == 1 and "ratio" in data["cli"]


def test_bench_torch_import_classification() -> None:
    bench = _load("bench")
    assert bench.imports_torch(b"import torch\n")
    assert bench.imports_torch(b"import os\nfrom torch.nn import functional as F\n")
    assert bench.imports_torch(b"def f():\n    import torch.distributed as dist\n")
    assert not bench.imports_torch(b"import torchvision\nfrom torch_xla import x\n# import torch\n")
    assert not bench.imports_torch(b'x = "from torch import nn"\n')


def test_ecosystem_diff(tmp_path: Path) -> None:
    eco = _load("ecosystem")
    d = {"package": "p", "path": "a.py", "row": 1, "column": 1, "code": "JT101", "message": "m"}
    assert eco.diff({"diagnostics": [d]}, {"diagnostics": [d]}) == 0
    assert eco.diff({"diagnostics": [d]}, {"diagnostics": []}) == 1


def test_signature_bypass_keeps_line_numbers(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    eco = _load("ecosystem_script")
    src = tmp_path / "lib_mod.py"
    src.write_text(
        "import functools\n"
        "def deco(f):\n"
        "    @functools.wraps(f)\n"
        "    def w(*a, **k):\n"
        "        return f(*a, **k)\n"
        "    return w\n"
        "\n"
        "@deco\n"
        "def fn(x: int,\n"
        "       *args,\n"
        "       flag: bool = False,\n"
        "       **kwargs) -> 'SomeOutput':\n"
        "    y = other(x, **kwargs)\n"
        "    return [v for v in [x, y] if v]\n"
        "def other(x, **kw):\n"
        "    return x\n"
    )
    spec = importlib.util.spec_from_file_location("lib_mod", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    got = eco.patched_function(mod.fn)
    assert got is not None
    new, changes = got
    assert {"varargs", "keyword-only", "decorators", "return-annotation"} <= set(changes)
    assert new.__code__.co_firstlineno == 9
    text = Path(new.__code__.co_filename).read_text().splitlines()
    assert text[13].strip() == "return [v for v in [x, y] if v]"  # line 14 stays line 14
    assert text[12].strip() == "y = other(x)"
    assert new(3) == [3, 3]


def test_statement_on_a_comment_line_of_a_method(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    eco = _load("ecosystem_script")
    src = tmp_path / "lib_method.py"
    comment = "        # It may already have been prepared"
    src.write_text("class M:\n    def f(self, mask):\n        x = 1\n" + comment + "\n        if mask is not None:\n"
                   "            y = mask + x\n        return y\n")
    spec = importlib.util.spec_from_file_location("lib_method", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    # a neutralizer's statement written as the file indents it (JT604's assert, JT122's binding): the copy of the
    # method is dedented, and so is the statement
    edit = (4, 0, len(comment), "        assert mask is not None")
    new, changes = eco.patched_function(mod.M.f, file_edits=[edit], force=True)
    assert "neutralized-siblings" in changes
    assert new(None, 5) == 6
    with pytest.raises(AssertionError):
        new(None, None)


def test_sibling_annotation_replaces_a_bare_container(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    eco = _load("ecosystem_script")
    src = tmp_path / "lib_shapes.py"
    src.write_text("def areas(shapes: list[tuple]):\n    return [h * w for h, w in shapes]\n")
    spec = importlib.util.spec_from_file_location("lib_shapes", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    # JT609's neutralizer: the bare `list[tuple]` (no type to TorchScript) becomes the one the unpacking needs
    new, changes = eco.patched_function(mod.areas, file_edits=[(0, 0, 0, "shapes: list[tuple[int, int]]")], force=True)
    assert "annotated-siblings" in changes
    assert new.__annotations__["shapes"] == "list[tuple[int, int]]"  # as the copy's source spells it
    assert new([(2, 3)]) == [6]


def test_config_paths_that_construct_a_class() -> None:
    eco, build = _load("ecosystem_script"), _load("ecosystem_build")
    src = (
        "class Net:\n"
        "    def __init__(self, config):\n"
        "        self.upsampler = config.upsampler\n"
        "        if self.upsampler == 'pixelshuffle':\n"
        "            self.up = Shuffle(config)\n"
        "        elif self.upsampler == 'nearest+conv':\n"
        "            self.up = NearestConv(config, 8)\n"
        "        self.pool = Pool(config) if config.add_pooling and not config.tiny else None\n"
        "        self.plain = Plain(config)\n"
    )
    # Swin2SR's upsamplers: the branch of an `elif` chain on a value copied from the config
    assert build.config_paths(src, "NearestConv") == [{"upsampler": "nearest+conv"}]
    assert build.config_paths(src, "Pool") == [{"add_pooling": True, "tiny": False}]
    assert build.config_paths(src, "Plain") == []  # built whatever the config says

    class Config:
        upsampler = "pixelshuffle"

    # LLaVA-NeXT's `image_grid_pinpoints` as a literal: nested lists of one kind, none empty
    assert eco._literal([[336, 672], [672, 336]]) == "[[336, 672], [672, 336]]"
    assert eco._literal([[]]) is None and eco._literal([[1, "a"]]) is None

    variant = build._config_variant(Config(), {"upsampler": "nearest+conv"})
    assert variant.upsampler == "nearest+conv" and build._config_variant(Config(), {"missing": 1}) is None


def test_instances_built_without_a_config() -> None:
    build = _load("ecosystem_build")

    class Attention:  # ZoeDepth's: sizes, and a dropout rate no config gives
        def __init__(self, hidden_size, num_attention_heads, dropout):
            pass

    class Norm:  # I-BERT's IntLayerNorm
        def __init__(self, normalized_shape, eps, quant_mode=False):
            pass

    class Rates:  # nothing but rates: not a layer sized from them
        def __init__(self, eps, dropout):
            pass

    assert build._required_sizes(Attention) == {"hidden_size": 8, "num_attention_heads": 8, "dropout": 0.0}
    assert build._required_sizes(Norm) == {"normalized_shape": 8, "eps": 1e-5}
    assert build._required_sizes(Rates) == {}
    # a default config's `head_dim` left None is the one the other sizes give (HunYuan)
    config = type("Config", (), {})()
    config.hidden_size, config.num_attention_heads, config.head_dim = 64, 4, None
    assert build._repaired_config(config).head_dim == 16
    # ConvNeXt's default `hidden_sizes` is a tuple its backbone adds to a list: a copy with lists is tried
    config.hidden_sizes, config.name = (96, 192), "convnext"
    listed = build._tuples_as_lists(config)
    assert listed.hidden_sizes == [96, 192] and config.hidden_sizes == (96, 192) and listed.name == "convnext"
    assert build._tuples_as_lists(listed) is None


def test_expert_sizes_a_default_config_leaves_none() -> None:
    build = _load("ecosystem_build")

    class TextConfig:  # stands for transformers' configs: plain attributes
        def __init__(self, **fields):
            self.__dict__.update(fields)

    text = TextConfig(num_experts=None, top_k_experts=None, moe_intermediate_size=None, intermediate_size=32)
    outer = TextConfig(text_config=text)
    sized = build._experts_sized(outer)  # DiffusionGemma: the router is `nn.Linear(hidden_size, num_experts)`
    assert (sized.text_config.num_experts, sized.text_config.top_k_experts) == (4, 2)
    assert sized.text_config.moe_intermediate_size == 32
    assert text.num_experts is None  # a copy: the config the other classes are built from is left as it is
    assert build._experts_sized(TextConfig(num_experts=8)) is None


def test_setting_a_default_config_leaves_unset_is_given() -> None:
    build = _load("ecosystem_build")

    class DbrxAttentionConfig:  # stands for transformers' configs: plain attributes
        def __init__(self, **fields):
            self.__dict__.update(fields)

    class DbrxConfig(DbrxAttentionConfig):
        pass

    outer = DbrxConfig(attn_config=DbrxAttentionConfig(kv_n_heads=1), d_model=8)
    error = "'DbrxAttentionConfig' object has no attribute 'rope_theta'"
    given = build._unset_setting_given(outer, error)  # DBRX's attention reads it from its sub-config
    assert given.attn_config.rope_theta == 10000.0 and not hasattr(outer.attn_config, "rope_theta")
    assert build._unset_setting_given(outer, "'DbrxAttentionConfig' object has no attribute 'vocab'") is None
    assert build._unset_setting_given(outer, "'OtherConfig' object has no attribute 'rope_theta'") is None


def test_property_read_as_its_value() -> None:
    torch = pytest.importorskip("torch")
    eco = _load("ecosystem_confirm")

    class Backbone(torch.nn.Module):  # BackboneMixin's `out_features`, which reads the config
        stages = ["stem", "stage1"]

        @property
        def out_features(self):
            return list(self.stages)

        def forward(self, x):
            return x

    model = Backbone()
    err = "Module 'Backbone' has no attribute 'out_features' (This attribute exists on the Python module, ...)"
    # not when the checked statement reads it, nor a property the harness did not take out
    assert eco.property_as_value(model, err, ["out_features"], "if stage in self.out_features:") is None
    assert eco.property_as_value(model, err, [], "x = y") is None
    assert eco.property_as_value(model, err, ["out_features"], "x = y") == "out_features"
    assert model.__dict__["out_features"] == ["stem", "stage1"] and isinstance(model, Backbone)
    assert not eco._plain_value([]) and not eco._plain_value([1, "a"]) and eco._plain_value((1, 2))


def test_stand_in_unpacked_by_its_caller() -> None:
    torch = pytest.importorskip("torch")
    eco = _load("ecosystem_stand_ins")

    class Layer(torch.nn.Module):  # UMT5's: `return outputs`, a tuple of a length its source does not give
        def forward(self, x):
            outputs = (x,) + (x, x)[1:]
            return outputs

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.ModuleList([eco.make_stub_like(Layer())])

    block = Block()
    stub = block.layer[0]
    err = "Tensor cannot be used as a tuple:\n  File ..."
    assert eco.unpacked_stubs(block, "Tensor cannot be used as a tuple", "        y = self.layer[0](x)") is None
    assert eco.unpacked_stubs(block, err, "        hidden_states, _ = self.layer[0](") is not None
    assert type(stub)._jl_stub[2] == "Tuple[Tensor, Tensor]"
    torch.jit.script(stub)  # the new stand-in compiles
    # the DETR family: the result bound to a name, and a loop unpacks each element
    before = "        features = self.layer[0](pixel_values, pixel_mask)\n        sources = []\n"
    loop = "        for level, (source, mask) in enumerate(features):"
    assert eco.unpacked_stubs(block, err, loop, "        sources = []\n") is None  # bound nowhere above
    assert eco.unpacked_stubs(block, err, loop, before) is not None
    assert type(block.layer[0])._jl_stub[2] == "List[Tuple[Tensor, Tensor]]"
    torch.jit.script(block.layer[0])
    # Donut-Swin's stage: the loop variable's result indexed past the stand-in's tuple
    short = "Tuple index out of range. Tuple is length 1 and index is 2:\n  File ..."
    before = ("        for i, layer_module in enumerate(self.layer):\n"
              "            layer_outputs = layer_module(hidden_states, dims)\n"
              "            hidden_states = layer_outputs[0]\n")
    assert eco.indexed_stubs(block, short, "            dims = layer_outputs[2]", "") is None  # bound nowhere
    assert eco.indexed_stubs(block, short, "            dims = layer_outputs[2]", before) is not None
    assert type(block.layer[0])._jl_stub[2] == "Tuple[Tensor, Tensor, Tensor]"
    torch.jit.script(block.layer[0])


def test_stand_in_types() -> None:
    pytest.importorskip("jitlint._core")
    torch = pytest.importorskip("torch")
    eco, stand_ins = _load("ecosystem_script"), _load("ecosystem_stand_ins")
    # a helper without a return annotation: typed from its `return`s, when they agree
    assert stand_ins._returned_tuple_text("def f(m, q):\n    w = q\n    return q, w\n") == "Tuple[Tensor, Tensor]"
    assert stand_ins._returned_tuple_text("def f(q):\n    if q:\n        return q\n    return q, q\n") is None
    # or one Tensor, by the form of every returned expression (KOSMOS-2's `_expand_mask`)
    assert stand_ins._returned_tensor("def f(m, d):\n    inv = 1.0 - m.to(d)\n"
                                      "    return inv.masked_fill(inv.bool(), 0.0)\n")
    assert not stand_ins._returned_tensor("def f(x):\n    n = x.shape[0]\n    return n\n")
    assert not stand_ins._returned_tensor("def f(x):\n    if x is None:\n        return None\n    return x.float()\n")
    assert not stand_ins._returned_tensor("def f(x):\n    return torch.finfo(x.dtype).min\n")
    assert stand_ins._annotation_text(torch.Tensor | None) == "Optional[Tensor]"
    assert stand_ins._annotation_text(tuple[torch.Tensor, int]) == "Tuple[Tensor, int]"
    assert stand_ins._annotation_text(torch.nn.Module) == "Any"
    assert stand_ins._annotation_text(torch.LongTensor | None) == "Optional[Tensor]"  # TorchScript reads it as Tensor
    # a signature copy drops what torch cannot read: a variable-length tuple, a bare container
    assert not eco._plain_annotation(ast.parse("tuple[torch.Tensor, ...]", mode="eval").body)
    assert not eco._plain_annotation(ast.parse("dict", mode="eval").body)
    assert not eco._plain_annotation(ast.parse("torch.tensor", mode="eval").body)  # the factory, as a type
    assert eco._plain_annotation(ast.parse("tuple[torch.Tensor, int]", mode="eval").body)
    # a stubbed forward without a return annotation returns what its `return`s give, never a Tensor that may be None
    assert stand_ins._unannotated_return(_scaled_embedding) == ("Tensor", "self._bypass_weight")
    assert stand_ins._unannotated_return(_maybe_pooled) is None


_ROPE_OWNER = """
import itertools
from typing import Optional, Tuple

import torch


class RopeOwner(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rope_deltas = None

    def get_rope_index(self, ids: torch.LongTensor, grid: Optional[torch.Tensor] = None, **kwargs) -> Tuple[torch.Tensor, torch.Tensor]:
        for key, _ in itertools.groupby(list(enumerate(ids.tolist()))):
            pass
        return ids, ids

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        position_ids, rope_deltas = self.get_rope_index(ids)
        self.rope_deltas = rope_deltas
        return position_ids
"""


def test_method_stand_in_keeps_what_the_caller_gets(tmp_path: Path) -> None:
    """``ignore-methods``: a helper method torch cannot compile, called from Python by a stand-in with its
    signature and return type; the caller's own error (the attribute retyped) is what torch reports then."""
    import inspect
    import typing

    torch = pytest.importorskip("torch")
    stand_ins = _load("ecosystem_stand_ins")
    path = tmp_path / "rope_owner.py"
    path.write_text(_ROPE_OWNER)
    spec = importlib.util.spec_from_file_location("rope_owner", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    fn = mod.RopeOwner.get_rope_index
    stand_in = stand_ins._typed_stand_in(fn, "get_rope_index", inspect.signature(fn), typing.get_type_hints(fn),
                                         "Tuple[Tensor, Tensor]", method=True)
    patched = type("RopeOwner", (mod.RopeOwner,), {"get_rope_index": stand_in,
                                                   "_jl_call_get_rope_index": stand_in._jl_call})
    with pytest.raises(Exception, match="Wrong type for attribute assignment"):
        torch.jit.script(patched())


def _scaled_embedding(self, input_ids):
    return self.embed(input_ids) * self.scale


def _maybe_pooled(self, x):
    if self.pool is None:
        return None
    return self.pool(x)


def test_fix_others_keeps_the_checked_lines() -> None:
    core = pytest.importorskip("jitlint._core")
    fb = _load("ecosystem_confirm").fix_bypass  # imported by ecosystem_confirm.py from beside it
    src = (
        "import torch\n"
        "from typing import List\n"
        "class M(torch.nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.layers = torch.nn.ModuleList([torch.nn.Linear(2, 2) for _ in range(3)])\n"
        "    def forward(self, x: torch.Tensor, xs: List[torch.Tensor]):\n"
        "        ys = [y for y in xs if y.dim() > 1]\n"
        "        zs = [y for y in xs if y.dim() > 2]\n"
        "        for i in range(3):\n"
        "            x = self.layers[i](x)\n"
        "        return torch.cat(ys) + x\n"
    )
    target = next((d["code"], d["row"], d["column"]) for d in core.check(src.encode()) if d["row"] == 9)
    assert target[0] == "JT101"
    fixed, rep = fb.fix_others(core.check, src, target, (9, 9))
    # the sibling comprehension (line 8) and the ModuleList loop are fixed, the checked line is not
    assert rep["applied"] == {"JT101": 1, "JT201": 1} and rep["error"] is None
    lo, hi = rep["kept"]
    assert lo == hi > 9 and fixed.splitlines()[lo - 1] == src.splitlines()[8]
    assert "self.layers[i]" not in fixed and "if y.dim() > 1]" not in fixed
    assert fb.line_map(src, fixed)[lo] == 9
    ast.parse(fixed)


def test_slice_before_keeps_what_the_diagnostic_reads() -> None:
    sl = _load("ecosystem_slice")
    src = (
        "class A:\n"
        "    def forward(self, x, mask=None):\n"
        "        def helper(t):\n"
        "            return t\n"
        "        y = helper(x)\n"
        "        z = x + 1\n"
        "        if mask is None:\n"
        "            return z\n"
        "        w = y * 2\n"
        "        out = z.foo(\n"
        "            mask)\n"
        "        return out\n"
    )
    fn = ast.parse(src).body[0].body[0]
    lines = src.splitlines()
    # the nested def masks line 10: it goes, with `y` and `w` that depend on it; `z` and `mask` stay as they were
    edits, spans = sl.slice_before(fn, lines, 3, 10)
    assert spans == [(3, 4), (5, 5), (9, 9)]
    sliced = [bytearray(ln.encode()) for ln in lines]
    for line, col, end, text in sorted(edits, reverse=True):
        sliced[line - 1][col:end] = text.encode()
    compile(b"\n".join(bytes(ln) for ln in sliced), "sliced", "exec")
    assert bytes(sliced[9]).decode() == lines[9]
    # taking out `z = x + 1` or the `mask is None` exit would change what line 10 reads: refused
    assert sl.slice_before(fn, lines, 6, 10) is None
    assert sl.slice_before(fn, lines, 7, 10) is None
    # a mask in the diagnostic's own statement, or after it, is not sliced
    assert sl.slice_before(fn, lines, 10, 10) is None
    assert sl.slice_before(fn, lines, 12, 10) is None


def _parsed(nz, text: str) -> ast.AST:
    """``text``'s tree, with its source kept for the neutralizers (``remember_source``)."""
    tree = ast.parse(text)
    nz.remember_source(tree, text)
    return tree


def test_walrus_bound_on_the_comment_line_before() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, attention_mask):\n"
        "    x = 1\n"
        "    # It may already have been prepared by e.g. `generate`\n"
        "    if not isinstance(mapping := attention_mask, dict):\n"
        "        mapping = {}\n"
        "    return mapping\n"
    )
    tree = _parsed(nz, src)
    first = nz.neutralize(tree, "JT122", 4)
    assert first == (3, 0, len("    # It may already have been prepared by e.g. `generate`"),
                     "    mapping = attention_mask")  # qwen2's: the comment gives its line to the binding
    assert nz.neutralize(tree, "JT122", 4, done=[first]) == (4, 22, 47, "mapping")


def test_neutralizers_of_the_eighteenth_session() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def attend(self, value, shapes: list[tuple], object_queries=None):\n"
        "    parts = value.split([h * w for h, w in shapes], dim=1)\n"
        "    q, k = self.c_attn(value).split(2, dim=2)\n"
        "    # add position embeddings\n"
        "    if object_queries is not None:\n"
        "        original = value\n"
        "    return original\n"
    )
    tree = _parsed(nz, src)
    lines = src.splitlines()
    shapes = lines[1].index("shapes")
    reported = [
        ("JT609", 2, shapes, 2, shapes + 6, "`shapes` is annotated `list[tuple]`, a tuple without element types, "
                                           "and is unpacked here: TorchScript cannot type its elements"),
        ("JT513", 3, lines[2].index("value"), 3, lines[2].index("value") + 5,
         "`self.c_attn` (a `Conv1D`, whose `forward` takes a Tensor) takes a Tensor, but `value` is a "
         "`Optional[Tuple[Tensor]]`"),
    ]
    # PP-DocLayout's spatial shapes: the parameter annotated with the ints the comprehension unpacks
    assert nz.neutralize(tree, "JT609", 2, reported=reported) == (0, 0, 0, "shapes: list[tuple[int, int]]")
    # decision transformer's tuple passed to a Conv1D: its first element
    at = lines[2].index("value")
    assert nz.neutralize(tree, "JT513", 3, reported=reported) == (
        3, at, at + 5, "torch.jit._unwrap_optional(value)[0]")
    # PVT's `(context, probs) if output_attentions else (context,)`: the true branch
    ifexp = _parsed(nz, "def f(c, p, flag):\n    outputs = (c, p) if flag else (c,)\n    return outputs\n")
    at = len("    outputs = ")
    mismatch = [("JT611", 2, at, 2, at + len("(c, p) if flag else (c,)"), "The branches of this conditional ...")]
    assert nz.neutralize(ifexp, "JT611", 2, reported=mismatch) == (2, at, at + len("(c, p) if flag else (c,)"),
                                                                   "(c, p)")
    # PVT's `hidden_states: int` read as a Tensor: annotated as one
    number = [("JT612", 3, 0, 3, 5,
               "`value` is annotated `Optional[int]`, and an int has no attribute or method `size`")]
    assert nz.neutralize(tree, "JT612", 3, reported=number) == (0, 0, 0, "value: Optional[torch.Tensor]")
    # ... not when the checked diagnostic reads that parameter too (its error would go with the annotation)
    at = lines[2].index("value")
    assert nz.neutralize(tree, "JT612", 3, avoid=(3, at, 3, at + 5), reported=number) is None
    # DAB-DETR's name bound under a None test only: the test asserted on the comment line before the `if`
    assert nz.neutralize(tree, "JT604", 5) == (4, 0, len(lines[3]), "    assert object_queries is not None")
    # ... unless a tested name is read after the `if` (the refinement would reach that read as well)
    later = _parsed(nz, src.replace("    return original\n", "    return original + object_queries\n"))
    assert nz.neutralize(later, "JT604", 5) is None


def test_math_log2_neutralized_to_a_float_of_the_same_number() -> None:
    nz = _load("ecosystem_neutralize")
    src = "def rate(self, n: int) -> float:\n    return math.log2(n) * 2.0\n"
    at = len("    return ")
    reported = [("JT505", 2, at, 2, at + len("math.log2"), "`math.log2` is not one of the `math` functions "
                                                          "TorchScript supports; compute it with ...")]
    assert nz.neutralize(_parsed(nz, src), "JT505", 2, reported=reported) == (2, at, at + 9, "math.log")


def test_bool_given_a_tensor_neutralized_to_a_bool() -> None:
    nz = _load("ecosystem_neutralize")
    src = ("def f(self, x):\n    skip = False\n    if self.training:\n"
           "        skip = torch.rand([]) < self.layerdrop\n    return x\n")
    at = len("        ")
    value = "torch.rand([]) < self.layerdrop"
    reported = [("JT603", 4, at, 4, at + 4, "`skip` has type bool before this block and is assigned a value of type "
                                            "Tensor here; TorchScript keeps one type ...")]
    start = at + len("skip = ")
    assert nz.neutralize(_parsed(nz, src), "JT603", 4, reported=reported) == (4, start, start + len(value),
                                                                            f"bool({value})")


def test_neutralizers_rewrite_the_masking_construct() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, logits, labels, kwargs):\n"
        "    kinds = set(labels)\n"
        "    both = kinds == {\"lsh\", \"local\"}\n"
        "    loss_fct = CrossEntropyLoss(ignore_index=-1)\n"
        "    out = {\n"
        "        \"mask\": None,\n"
        "        **kwargs,\n"
        "    }\n"
        "    return loss_fct(logits, labels)\n"
    )
    tree = _parsed(nz, src)
    lines = src.splitlines()

    def rewritten(code: str, line: int) -> str:
        edit = nz.neutralize(tree, code, line)
        assert edit is not None, (code, line)
        row, col, end, text = edit
        b = lines[row - 1].encode()
        return (b[:col] + (b"" if text == "\0cut" else text.encode()) + b[end:]).decode()

    assert rewritten("JT103", 2) == "    kinds = list(labels)"
    assert rewritten("JT103", 3) == '    both = kinds == ["lsh", "local"]'
    assert rewritten("JT509", 4) == "    loss_fct = torch.nn.functional.cross_entropy"
    assert rewritten("JT124", 7).strip() == ","  # the entry of a dict spanning lines (the comma goes when applied)
    assert nz.neutralize(tree, "JT509", 9) is None
    # one masking construct each: (source, rule, row, jitlint's diagnostics there, the edit expected)
    cases = [
        ("def f(x):\n    eps = np.random.rand(1).item()\n    return x + eps\n", "JT505", 2,
         [("JT505", 2, 10, 2, 24, "`np.random.rand` (numpy) cannot be compiled by TorchScript")],
         (2, 10, 24, "torch.rand")),
        ("def f(mask):\n    if not isinstance(mask, dict):\n        return 1\n", "JT502", 2,
         [("JT502", 2, 11, 2, 33, "`isinstance(..., dict)`: TorchScript has no type `dict`")],
         (2, 11, 33, "False")),
        # an isinstance type TorchScript cannot resolve, a cache method on a Tensor annotation
        ("def f(x):\n    if isinstance(x, (torch.Tensor, np.ndarray)):\n        return 1\n", "JT306", 2,
         [("JT306", 2, 36, 2, 46, "`np.ndarray` in `isinstance` is not a type TorchScript knows (...)")],
         (2, 36, 46, "tuple")),
        ("def f(x, cache):\n    if x:\n        return cache.get_seq_length()\n", "JT612", 3,
         [("JT612", 3, 15, 3, 35, "`cache` is annotated `Tensor`, and a Tensor has no attribute or method "
                                  "`get_seq_length`")],
         (3, 15, 37, "0")),
        ("def f(x):\n    sizes = x.prod(-1).tolist()\n    return sizes\n", "JT506", 2,
         [("JT506", 2, 12, 2, 31, "`x.prod(-1).tolist()` needs a type hint in TorchScript; assign it ...")],
         (2, 12, 31, "torch.jit.annotate(list[int], x.prod(-1).tolist())")),
        ("def f(ids, k: int):\n    return k in range(len(ids))\n", "JT516", 2,
         [("JT516", 2, 16, 2, 31, "`range(...)` is used as a value, which TorchScript does not support (...)")],
         (2, 16, 31, "list(range(len(ids)))")),
        ("def f(self, x):\n    for layer in self.layers:\n        continue\n", "JT205", 3,
         [("JT205", 3, 8, 3, 16, "`continue` in a loop over the module container `self.layers`, which ...")],
         (3, 8, 16, "pass")),
        ("def f(self, x):\n    p = random.uniform(0, 1)\n", "JT505", 2,
         [("JT505", 2, 8, 2, 22, "`random.uniform` (random) cannot be compiled by TorchScript; use ...")],
         (2, 8, 28, "0.5")),
        # the same rule's sibling before the checked one: JT203's `.forward`, JT503's argument cut, JT603's / JT605's
        # binding annotated with the type the message names
        ("def f(self, x):\n    for layer in self.layers[1:]:\n        x = layer(\n            x)\n", "JT203", 3,
         [("JT203", 3, 12, 4, 14, "`layer` is a module reached through a slice of a module container, ...")],
         (3, 17, 17, ".forward")),
        ("def f(xs):\n    return max(xs, default=None)\n", "JT503", 2,
         [("JT503", 2, 19, 2, 31, "TorchScript's `max` does not accept the `default` argument")],
         (2, 19, 31, "\0cut")),
        ("def f(xs):\n    prev = None\n    for x in xs:\n        prev = x\n", "JT603", 4,
         [("JT603", 4, 8, 4, 16, "`prev` has type NoneType before this block and is assigned a value of type Tensor "
                                 "here; TorchScript keeps one type ...")],
         (2, 8, 8, ": torch.Tensor | None")),
        ("def f(x):\n    out = []\n    out.append(x.shape)\n", "JT605", 3,
         [("JT605", 3, 15, 3, 22, "`out` starts as an empty list, which TorchScript types `List[Tensor]`, but it is "
                                  "given a `List[int]`; annotate it")],
         (2, 7, 7, ": list[list[int]]")),
        ("def f(self, x):\n    if self.qk:\n        x = self.q_norm(x)\n", "JT402", 3,
         [("JT402", 3, 12, 3, 23, "`self.q_norm` is assigned in `__init__` only on some paths, and TorchScript ...")],
         (3, 12, 26, "x")),
        ("def f(self, x, shapes):\n    for i, (h, w) in enumerate(shapes):\n        x = x + h\n", "JT305", 2,
         [("JT305", 2, 31, 2, 37, "Parameter `shapes` has no annotation, so TorchScript types it `Tensor`, but it is "
                                  "used as a sequence of tuples the loop unpacks")],
         (0, 0, 0, "shapes: list[tuple[int, int]]")),
        ("def f(t):\n    y = t.new(t.shape[0], 1).fill_(0)\n", "JT506", 2,
         [("JT506", 2, 8, 2, 13, "`t.new` is not supported by TorchScript, whose Tensor has no `new`; use ...")],
         (2, 9, 28, ".new_empty([t.shape[0], 1])")),
        ("def f(self, x, flag):\n    hs = () if flag else None\n    if flag:\n        hs = hs + (x,)\n", "JT613", 4,
         [("JT613", 4, 8, 4, 21, "`hs` is a tuple grown by concatenation, which TorchScript cannot compile here: ...")],
         (4, 8, 21, "pass")),
    ]
    for text, code, row, reported, expected in cases:
        assert nz.neutralize(_parsed(nz, text), code, row, reported=reported) == expected, (code, text)
    # a wrap keeps the edits already made inside it (the tolist() hint inside `enumerate(...)`)
    test = "def f(t):\n    for k, g in groupby(enumerate(t.tolist()), None):\n        pass\n"
    tree = _parsed(nz, test)
    reported = [("JT506", 2, 34, 2, 44, "`t.tolist()` needs a type hint in TorchScript; assign it ..."),
                ("JT516", 2, 24, 2, 45, "`enumerate(...)` is used as a value, which TorchScript does not support")]
    hint = nz.neutralize(tree, "JT506", 2, reported=reported)
    assert hint == (2, 34, 44, "torch.jit.annotate(list[int], t.tolist())")
    assert nz.neutralize(tree, "JT516", 2, done=[hint], reported=reported) == (
        2, 24, 45, "list(enumerate(torch.jit.annotate(list[int], t.tolist())))")
    # a call over three lines becomes its fallback function, the lines after it emptied (their numbers kept)
    attention = (
        "def forward(self, q):\n"
        "    f = ALL_ATTENTION_FUNCTIONS.get_interface(\n"
        "        self.config.impl, eager_attention_forward\n"
        "    )\n"
        "    return f(self, q)\n"
    )
    tree = _parsed(nz, attention)
    reported = [("JT511", 2, 8, 2, 31, "`ALL_ATTENTION_FUNCTIONS` is a module-level object of class `X`")]
    edit = nz.neutralize(tree, "JT511", 2, reported=reported)
    lines = [bytearray(ln.encode()) for ln in attention.splitlines()]
    for row, col, end, text in sorted(nz.expand_edits([edit]), reverse=True):
        lines[row - 1][col:end] = text.encode()
    assert [bytes(ln).decode().rstrip() for ln in lines] == [
        "def forward(self, q):", "    f = eager_attention_forward", "", "", "    return f(self, q)"]


def test_arguments_no_overload_takes_neutralized() -> None:
    nz = _load("ecosystem_neutralize")

    def neutralized(line: str, col: int, end: int, message: str):
        src = f"def f(x):\n    return {line}\n"
        tree = _parsed(nz, src)
        return nz.neutralize(tree, "JT513", 2, reported=[("JT513", 2, col, 2, end, message)])

    # an argument left out that no overload defaults: given as None
    assert neutralized("x / x.norm(dim=-1, keepdim=True)", 15, 21, "No overload of TorchScript's `Tensor.norm` takes "
                       "these arguments: each also needs `p`, which has no default there") == (2, 22, 22, "p=None, ")
    # keywords no overload takes together: the `=None` one cut
    assert neutralized("torch.min(x, dim=1, out=None)", 11, 20, "No overload of TorchScript's `torch.min` takes "
                       "`dim=`, `out=` together with these positional arguments") == (2, 31, 39, "\0cut")


def test_neutralizers_of_the_eleventh_session() -> None:
    nz = _load("ecosystem_neutralize")

    def applied(src: str, code: str, line: int, reported=()) -> str:
        tree = _parsed(nz, src)
        edit = nz.neutralize(tree, code, line, reported=list(reported))
        assert edit is not None, (code, line)
        lines = [bytearray(ln.encode()) for ln in src.splitlines()]
        for row, col, end, text in sorted(nz.expand_edits([edit]), reverse=True):
            lines[row - 1][col:end] = (b"" if text == "\0cut" else text.encode())
        out = "\n".join(bytes(ln).decode() for ln in lines) + "\n"
        ast.parse(out)  # the copy still parses
        return out

    # a `try` and its clauses, all at once: the clauses that run when nothing raises stay, the handlers go
    tried = "def f(x):\n    try:\n        y = g(x)\n    except ValueError as e:\n        raise\n    finally:\n" \
            "        h()\n    return y\n"
    assert applied(tried, "JT105", 2).splitlines()[1:6] == [
        "    if True:", "        y = g(x)", "    if False:", "        raise", "    if True:"]
    # a bare `raise` raises an exception TorchScript has
    bare = "def f(x):\n    if x:\n        raise\n    return x\n"
    assert applied(bare, "JT113", 3, [("JT113", 3, 8, 3, 13, "A bare `raise`")]).splitlines()[2] == \
        "        raise RuntimeError()"
    # a `yield` of a generator as an expression statement
    gen = "def f(xs):\n    for x in xs:\n        yield (x, 1)\n"
    assert applied(gen, "JT121", 3, [("JT121", 3, 8, 3, 13, "`yield` is not supported")]).splitlines()[2] == \
        "        (x, 1)"
    # a Python type as a dtype: the torch dtype eager reads it as
    dtype = "def f(m):\n    return m.to(dtype=bool)\n"
    assert applied(dtype, "JT504", 2, [("JT504", 2, 22, 2, 26, "The builtin `bool` is used as a value")]) \
        .splitlines()[1] == "    return m.to(dtype=torch.bool)"
    # numpy's scalar function of a size: math's, where the file imports math
    sqrt = "import math\n\n\ndef f(x):\n    return int(np.sqrt(x.shape[1]))\n"
    assert applied(sqrt, "JT505", 5, [("JT505", 5, 15, 5, 22, "`np.sqrt` (numpy) cannot be compiled")]) \
        .splitlines()[4] == "    return int(math.sqrt(x.shape[1]))"


def _ecosystem_and_torch(name: str = "ecosystem_confirm"):
    """The bench module ``name`` (which imports ``jitlint._core``) and torch, or the test is skipped."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("jitlint._core")
    return _load(name), torch


def test_function_parsed_from_source_alone() -> None:
    eco, torch = _ecosystem_and_torch()
    src = ("import missing_package\n\n\nclass M:\n    @decorator_of_missing_package\n"
           "    def forward(self, x: MissingType, **kwargs):\n        return f(x, **kwargs)\n")
    node = ast.parse(src).body[1].body[0]
    fn = eco.source_function(node, src, "pkg/mod.py")
    assert fn is not None and fn.__code__.co_firstlineno == 6
    with pytest.raises(Exception, match="variable number of arguments"):
        torch.jit.frontend.get_jit_def(fn, "forward", self_name="M")


def test_constant_flags_drop_the_branch_eager_never_runs() -> None:
    eco, torch = _ecosystem_and_torch()
    src = ("class Layer:\n    def forward(self, x):\n        if self.concat_after:\n"
           "            x = self.concat_linear(x)\n        return x\n")
    layer = torch.nn.Module()
    layer.concat_after = False
    err = 'Module \'Module\' has no attribute \'concat_linear\' :\n  File "m.py", line 4\n'
    constants: dict = {}
    assert eco.constant_flags(layer, err, ast.parse(src), constants) == "Module.concat_after"
    assert constants == {torch.nn.Module: ["concat_after"]}
    # a flag that makes the branch live is no reason to drop it
    layer.concat_after = True
    assert eco.constant_flags(layer, err, ast.parse(src), {}) is None


def test_embedding_getter_stand_in_returns_the_submodule_it_found() -> None:
    eco, torch = _ecosystem_and_torch("ecosystem_script")

    def get_input_embeddings(self):  # stands for transformers' mixin method (a walrus, getattr by name)
        return getattr(self, "language_model").embed_tokens

    get_input_embeddings.__module__ = "transformers.modeling_utils"
    Model = type("Model", (torch.nn.Module,), {"get_input_embeddings": get_input_embeddings})
    model = Model()
    model.language_model = torch.nn.Module()
    model.language_model.embed_tokens = torch.nn.Embedding(4, 2)
    embedding = model.language_model.embed_tokens
    getters = eco._embedding_getters(model, Model)
    assert set(getters) == {"get_input_embeddings"}
    assert getters["get_input_embeddings"](model) is embedding
    # a stand-in has since replaced the module on the way: the embedding goes back on it
    model.language_model = torch.nn.Module()
    getters = eco._embedding_getters(model, Model)
    assert getters["get_input_embeddings"](model) is embedding


def test_mask_builders_give_the_mask_they_are_passed() -> None:
    stand_ins = _load("ecosystem_stand_ins")

    def create_causal_mask(config, inputs_embeds, attention_mask, past_key_values):
        return attention_mask

    create_causal_mask.__module__ = "transformers.masking_utils"
    src = (
        "def forward(self, x, attention_mask):\n"
        "    causal_mask = create_causal_mask(\n"
        "        config=self.config,\n"
        "        attention_mask=attention_mask,\n"
        "    )\n"
        "    if not isinstance(mapping := attention_mask, dict):\n"
        "        kwargs = {\"config\": self.config, \"attention_mask\": attention_mask}\n"
        "        mapping = {\"full_attention\": create_causal_mask(**kwargs)}\n"
        "        mapping[\"sliding_attention\"] = create_causal_mask(**kwargs)\n"
        "    return x + causal_mask + mapping[\"full_attention\"]\n"
    )
    lines = [bytearray(ln.encode()) for ln in src.splitlines(keepends=True)]
    edits = stand_ins.mask_builder_edits(ast.parse(src).body[0], {"create_causal_mask": create_causal_mask},
                                         [bytes(ln) for ln in lines], lambda node: False)
    for li, col, end, text in sorted(edits, reverse=True):
        lines[li][col:end] = text
    assert [bytes(ln).decode().rstrip() for ln in lines] == [
        "def forward(self, x, attention_mask):",
        "    causal_mask = attention_mask", "", "", "",
        "    mapping = {'full_attention': attention_mask, 'sliding_attention': attention_mask}", "", "", "",
        "    return x + causal_mask + mapping[\"full_attention\"]"]
    # LFM3: the mapping written per layer type in a loop, from a table of builder lambdas: the table's keys
    looped = (
        "def forward(self, x, attention_mask):\n"
        "    if not isinstance(mapping := attention_mask, dict):\n"
        "        kwargs = {\"config\": self.config, \"attention_mask\": attention_mask}\n"
        "        fns = {\"full_attention\": lambda: create_causal_mask(**kwargs), \"conv\": lambda: None}\n"
        "        mapping = {}\n"
        "        for layer_type in set(self.config.layer_types):\n"
        "            mapping[layer_type] = fns[layer_type]()\n"
        "    return x\n"
    )
    lines = [bytearray(ln.encode()) for ln in looped.splitlines(keepends=True)]
    edits = stand_ins.mask_builder_edits(ast.parse(looped).body[0], {"create_causal_mask": create_causal_mask},
                                         [bytes(ln) for ln in lines], lambda node: False)
    for li, col, end, text in sorted(edits, reverse=True):
        lines[li][col:end] = text
    assert bytes(lines[1]).decode().rstrip() == "    mapping = {'full_attention': attention_mask, 'conv': attention_mask}"


def test_recall_remap_counts_the_class_own_line(tmp_path: Path) -> None:
    labels = {"suite": "transformers", "classes": [
        # torch names the wrapper's file with a line of the class's own file
        {"ok": False, "loc": ["modeling_layers.py", 426], "file": "models/a/modeling_a.py", "span": [400, 450],
         "first": "Compiled functions can't take variable number of arguments"},
        {"ok": False, "loc": ["models/b/modeling_b.py", 10], "file": "models/b/modeling_b.py", "span": [1, 50],
         "first": "Arguments for call are not valid."},
        {"ok": True, "loc": None, "file": "models/c/modeling_c.py", "span": [1, 9], "first": ""},
    ]}
    diagnostics = [{"filename": "/site/transformers/models/a/modeling_a.py", "location": {"row": 427}}]
    (tmp_path / "labels.json").write_text(json.dumps(labels))
    (tmp_path / "diags.json").write_text(json.dumps(diagnostics))
    out = subprocess.run([sys.executable, str(BENCH / "recall_remap.py"), str(tmp_path / "labels.json"),
                          str(tmp_path / "diags.json"), "-v"], capture_output=True, text=True, check=True).stdout
    assert "2 places: 0 at torch's place, 1 at the class's own line" in out
    assert "MISS models/b/modeling_b.py:10" in out


def test_fix_verify_on_one_rule(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    out = tmp_path / "fv.json"
    proc = subprocess.run([sys.executable, str(BENCH / "fix_verify.py"), "--rules", "JT201", "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "cases fixed, scripted, loaded in LibTorch and matching eager" in proc.stdout
    results = json.loads(out.read_text())["results"]
    assert {r["mode"] for r in results} == {"safe", "unsafe"}
    done = {mode: sum(r["step"] == "done" for r in results if r["mode"] == mode) for mode in ("safe", "unsafe")}
    assert 0 < done["safe"] <= done["unsafe"]
    # A case jitlint fixes completely goes all the way (the fixture suite demands it): it stops only where a
    # diagnostic is left.
    assert {r["step"] for r in results} <= {"done", "fix"}, [r for r in results if r["step"] not in ("done", "fix")]


def test_fix_verify_real_helpers(tmp_path: Path) -> None:
    """`fix_verify.py --real` itself needs transformers (not in CI): its two pure helpers are checked here."""
    real = _load("fix_verify_real")
    old = [f"l{i}" for i in range(1, 21)]
    assert real.mapped(old, old[:4] + ["a", "b"] + old[5:], 9, 11) == (10, 12, True)  # moved down by an edit above
    assert real.mapped(old, old[:9] + ["x"] + old[10:], 8, 12) == (8, 12, False)  # an edit inside
    assert real.mapped(old, old[:9] + old[10:], 11, 12) == (10, 11, True)  # moved up by a deletion above
    # torch names the base class's file with the line of the subclass's own forward: the place goes back to it
    (tmp_path / "base.py").write_text("class GradientCheckpointingLayer:\n    pass\n")
    (tmp_path / "other.py").write_text("class Unrelated:\n    pass\n")
    (tmp_path / "m.py").write_text("from base import GradientCheckpointingLayer\n\n\n"
                                   "class Layer(GradientCheckpointingLayer):\n    def forward(self, **kw):\n"
                                   "        pass\n")
    rec = {"cls": "pkg.m.Layer", "file": "m.py", "span": [4, 6], "loc": ["base.py", 5]}
    assert real.torch_place(rec, tmp_path) == ("m.py", 5)
    assert real.torch_place(dict(rec, loc=["other.py", 5]), tmp_path) == ("other.py", 5)
    assert real.torch_place(dict(rec, loc=["base.py", 9]), tmp_path) == ("base.py", 9)  # outside the class


def _edited_lines(nz, src: str, edit) -> list:
    """The lines of ``src`` with a neutralizer's edit applied (a multi-line one through ``expand_edits``)."""
    lines = src.splitlines()
    for row, col, end, text in sorted(nz.expand_edits([edit]), reverse=True):
        raw = lines[row - 1].encode()
        lines[row - 1] = (raw[:col] + text.encode() + raw[end:]).decode()
    return lines


def test_neutralizers_of_the_nineteenth_session() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, hidden_states, mask=None, **kwargs):\n"
        "    if self.layer_type == 'linear':\n"
        "        hidden_states = self.linear_attn(\n"
        "            hidden_states=hidden_states,\n"
        "            attention_mask=mask,\n"
        "            **kwargs,\n"
        "        )\n"
        "    return hidden_states\n"
    )
    tree = _parsed(nz, src)
    at = src.splitlines()[2].index("self.linear_attn")
    reported = [("JT402", 3, at, 3, at + len("self.linear_attn"),
                 "`self.linear_attn` is assigned in `__init__` only on some paths, and TorchScript ...")]
    # Qwen3.5's token mixer: the call over five lines becomes its first argument, the lines after it emptied
    edit = nz.neutralize(tree, "JT402", 3, reported=reported)
    assert edit is not None
    lines = _edited_lines(nz, src, edit)
    assert lines[2] == "        hidden_states = hidden_states"
    assert [line.strip() for line in lines[3:7]] == ["", "", "", ""]
    ast.parse("\n".join(lines))
    # `h, _ = self.self_attn(...)`: a tuple of the first argument, as long as the target
    pair = _parsed(nz, src.replace("hidden_states = self.linear_attn(", "hidden_states, _ = self.linear_attn("))
    at = at + len(", _")
    reported = [("JT402", 3, at, 3, at + len("self.linear_attn"), reported[0][5])]
    edit = nz.neutralize(pair, "JT402", 3, reported=reported)
    assert edit is not None and nz.expand_edits([edit])[0][3] == "(hidden_states, hidden_states)"


def test_helpers_returning_a_bool_get_a_stand_in() -> None:
    stand_ins = _load("ecosystem_stand_ins")
    jitting = ("def is_jax_jitting(x):\n    if not hasattr(x, 'jax'):\n        return False\n    try:\n"
               "        import jax\n        return isinstance(x.jax(), jax.core.Tracer)\n    except Exception:\n"
               "        return False\n")
    assert stand_ins._returned_bool(jitting)  # transformers' helper: a bool by every return's form
    assert not stand_ins._returned_bool("def f(x):\n    return x\n")
    assert not stand_ins._returned_bool("def f(x):\n    if x:\n        return True\n    return x.sum()\n")


def test_statement_torch_did_not_compile_for_the_instance(tmp_path: Path) -> None:
    eco, torch = _ecosystem_and_torch()
    src = (
        "import torch\n"
        "from torch import nn, Tensor\n"
        "\n"
        "\n"
        "class Codec(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.encoder = None\n"
        "\n"
        "    def forward(self, x: Tensor) -> Tensor:\n"
        "        if self.encoder is None:\n"
        "            raise ValueError('no encoder')\n"
        "        y = x.sum()\n"
        "        z = y\n"
        "        return z\n"
    )
    path = tmp_path / "codec_mod.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location("codec_mod", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scripted = torch.jit.script(module.Codec())
    # PocketTTS' `if self.encoder is None: raise`: torch decides it from the instance and compiles the raise only
    assert eco.compiled_lines(scripted, "forward") == {12}
    fn = ast.parse(src).body[2].body[1]
    assert eco.makes_nodes(fn, 13, 13)  # `x.sum()` leaves a node wherever it is compiled
    assert not eco.makes_nodes(fn, 14, 14)  # `z = y` leaves none even when compiled


def test_stand_ins_of_the_twentieth_session() -> None:
    torch = pytest.importorskip("torch")
    eco = _load("ecosystem_confirm")
    stand_ins = _load("ecosystem_stand_ins")
    warn = ("def warn(self, input_ids, attention_mask):\n    if attention_mask is not None:\n        return\n"
            "    if self.config.pad_token_id in input_ids:\n        print('padding')\n")
    # transformers' `warn_if_padding_and_no_attention_mask`: returns nothing on every path
    assert stand_ins._returns_nothing(warn)
    assert not stand_ins._returns_nothing("def f(x):\n    if x:\n        return x\n")
    assert not stand_ins._returns_nothing("def f(x):\n    yield x\n")

    def warn_fn(self, input_ids, attention_mask):
        return None

    parts = eco._stand_in_parts(warn_fn)
    assert parts is not None and parts[4] == "None"
    stand_in = stand_ins._typed_stand_in(warn_fn, "warn_fn", parts[3], parts[2], parts[4], method=True)
    # nothing flows back, so its unannotated parameters take what callers pass (an Optional mask)
    import inspect as inspect_
    assert "Any" in str(inspect_.signature(stand_in).parameters["attention_mask"].annotation)

    class Model(torch.nn.Module):  # PreTrainedModel's `dtype`, whose `next(...)` torch cannot compile
        @property
        def dtype(self):
            return torch.float32

        def forward(self, x):
            return x

    model = Model()
    err = "Module 'Model' has no attribute 'dtype'"
    # ProphetNet: the checked statement reads a Tensor's `.dtype`, not the property
    assert eco.property_as_value(model, err, ["dtype"], "y = inputs_embeds.dtype") == "dtype"
    assert model.__dict__["dtype"] is torch.float32
    assert eco.property_as_value(Model(), err, ["dtype"], "y = x.to(self.dtype)") is None


def test_tuple_of_another_length_neutralized() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, a, b, flag: bool):\n"
        "    all_attentions = ()\n"
        "    if flag:\n"
        "        all_attentions = (\n"
        "            a,\n"
        "            b,\n"
        "        )\n"
        "    return all_attentions\n"
    )
    tree = _parsed(nz, src)
    reported = [("JT603", 4, 8, 4, 22, "`all_attentions` has type Tuple[()] before this block and is assigned a tuple "
                                      "of 2 elements here; TorchScript keeps one type ...")]
    # LXMERT: the statement over its lines becomes `pass`, the variable keeps its type; line numbers do not move
    edit = nz.neutralize(tree, "JT603", 4, reported=reported)
    assert edit is not None
    lines = _edited_lines(nz, src, edit)
    assert lines[3] == "        pass" and [line.strip() for line in lines[4:7]] == ["", "", ""]
    ast.parse("\n".join(lines))


def test_neutralizers_of_the_twentieth_session() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, features, inputs_embeds=None):\n"
        "    if inputs_embeds is None:\n"
        "        proj_feats = [self.proj[i](f) for i, f in enumerate(features)]\n"
        "    else:\n"
        "        proj_feats = inputs_embeds\n"
        "    return nn.Softmax(dim=-1)(proj_feats[0])\n"
    )
    tree = _parsed(nz, src)
    reported = [("JT614", 2, 7, 2, 28, "`proj_feats` is a list in the `if` block and `Tensor` (or None) in the `else` "
                                       "block, and is read after them: TorchScript gives a variable one type ...")]
    # RT-DETR: torch stops at the `if`; the plain value in the other block becomes a list of itself
    edit = nz.neutralize(tree, "JT614", 2, reported=reported)
    assert edit is not None
    assert _edited_lines(nz, src, edit)[4] == "        proj_feats = [torch.jit._unwrap_optional(inputs_embeds)]"
    # LayoutLMv3: a layer built to be called once is its function, with the constructor's keywords
    edit = nz.neutralize(tree, "JT509", 6, reported=[("JT509", 6, 11, 6, 21, "Constructing the module `nn.Softmax`")])
    assert edit is not None
    assert _edited_lines(nz, src, edit)[5] == "    return torch.nn.functional.softmax(proj_feats[0], dim=-1)"
    # FastSpeech2: `attn_weights = None` after a Tensor, on one line, becomes `pass` (a plain edit: the line stays)
    flag = _parsed(nz, "def f(self, x, flag: bool):\n    w = x\n    if flag:\n        w = None\n    return w\n")
    reported = [("JT603", 4, 8, 4, 9, "`w` has type Tensor before this block and is assigned a value of type None "
                                      "here; TorchScript ...")]
    assert nz.neutralize(flag, "JT603", 4, reported=reported) == (4, 8, 16, "pass")


def test_callee_probe_only_where_torch_compiles_the_statement() -> None:
    probe = _load("ecosystem_probe")
    src = (
        "import numpy as np\n"
        "\n"
        "def masks(shape, lengths):\n"
        "    def span(n):\n"
        "        return n * rate\n"
        "    out = np.zeros(shape)\n"
        "    if self.training:\n"
        "        out = np.ones(shape)\n"
        "    xs = lengths\n"
        "    for np_ in xs:\n"
        "        out = out + np.arange(3)\n"
        "    return out\n"
    )
    tree = ast.parse(src)
    col = src.splitlines()[10].index("np.arange")
    # wav2vec2's `_compute_mask_indices`: torch stopped in the nested def (line 5), before the call at line 11
    text = probe.probe_source(tree, src, 11, col, 5)
    assert text is not None and text.splitlines()[10] == "    return np.arange()"
    assert probe.probe_source(tree, src, 11, col, 12) is None  # stopped after it: the statement compiled
    assert probe.probe_source(tree, src, 11, col, 3) is None  # at the `def`: no statement compiled yet
    # under `if self.training:` TorchScript may drop the branch for the instance
    assert probe.probe_source(tree, src, 8, src.splitlines()[7].index("np.ones"), 6) is None
    # a callee whose root the function binds is another value
    shadow = ast.parse(src.replace("for np_ in xs", "for np in xs"))
    assert probe.probe_source(shadow, src.replace("for np_ in xs", "for np in xs"), 11, col, 5) is None


def test_helper_hints_read_one_by_one(tmp_path: Path) -> None:
    eco, torch = _ecosystem_and_torch()
    src = tmp_path / "generic_like.py"
    src.write_text(
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import torch\n"
        "    from .configuration_utils import PreTrainedConfig\n\n\n"
        "def get_max_seqlen(cu_seqlens: torch.Tensor, config: PreTrainedConfig, name: str = 'x') -> int | None:\n"
        "    return None\n\n\n"
        "def broken(x: int) -> Missing:\n"
        "    return x\n"
    )
    spec = importlib.util.spec_from_file_location("generic_like", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    # transformers' `get_max_seqlen`: torch and the config only under TYPE_CHECKING; the stand-in still gets its types
    parts = eco._stand_in_parts(mod.get_max_seqlen)
    assert parts is not None
    import typing

    assert parts[2]["cu_seqlens"] is torch.Tensor and parts[2]["config"] is typing.Any and parts[2]["name"] is str
    assert parts[4] is not None and "int" in parts[4]
    assert eco._stand_in_parts(mod.broken) is None  # a return annotation that cannot be read: no stand-in


def test_walrus_under_and_drops_its_test() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def get_cu_seqlens(lengths, kwargs: dict | None = None):\n"
        "    if kwargs is not None and (cu := kwargs.pop('cu', None)) is not None:\n"
        "        return cu\n"
        "    return lengths.cumsum(0)\n"
    )
    # Qwen2.5-Omni's helpers: only the block reads `cu`, so the test becomes False and torch drops the block
    assert nz.neutralize(_parsed(nz, src), "JT122", 2) == (2, 7, 72, "False")
    # read after the `if` too: the name must stay bound, nothing is dropped
    assert nz.neutralize(_parsed(nz, src.replace("lengths.cumsum(0)", "cu")), "JT122", 2) is None


def test_import_in_body_takes_its_isinstance_tests() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, x):\n"
        "    if available():\n"
        "        from peft.tuners.lora import LoraLayer\n"
        "    if available():\n"
        "        if isinstance(self.kernel, LoraLayer):\n"
        "            warn('lora')\n"
        "    return x\n"
    )
    tree = _parsed(nz, src)
    # the wav2vec2 family's TDNN layer: the test of the imported class goes first, then the import
    first = nz.neutralize(tree, "JT110", 3)
    assert first == (5, 11, 45, "False")
    assert nz.neutralize(tree, "JT110", 3, done=[first]) == (3, 8, 46, "pass")


def test_zip_of_a_list_of_known_length() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, q, k, v, lengths):\n"
        "    splits = [torch.split(t, lengths, dim=2) for t in (q, k, v)]\n"
        "    outs = []\n"
        "    for a, b, c in zip(*splits):\n"
        "        outs.append(a + b + c)\n"
        "    return outs\n"
    )
    # LFM3-VL's attention: the three splits spelt out, so the loop still unpacks three
    assert nz.neutralize(_parsed(nz, src), "JT130", 4) == (4, 23, 30, "splits[0], splits[1], splits[2]")


def test_name_one_branch_binds_is_bound_before_the_if() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, x, output_attentions: bool):\n"
        "    output = self.att(x)\n"
        "    if output_attentions:\n"
        "        probs = output[1]\n"
        "    return (output[0], probs) if output_attentions else (output[0],)\n"
    )
    reported = [("JT604", 3, 4, 3, 25, "`probs` is not assigned in the false branch of this `if` but is read after it "
                                       "(line 5); TorchScript requires it defined on both paths")]
    # LXMERT's cross-attention layer: the branch's binding copied after the statement before the `if`
    edit = nz.neutralize(_parsed(nz, src), "JT604", 3, reported=reported)
    assert edit == (2, 24, 24, "; probs = output[1]")


def test_class_object_through_self_neutralized() -> None:
    nz = _load("ecosystem_neutralize")
    src = (
        "def forward(self, x, output_attentions: bool):\n"
        "    if output_attentions:\n"
        "        raise ValueError(f\"{self.__class__.__name__} does not support it\")\n"
        "    return x\n"
    )
    # SAM-HQ: the class name in an f-string becomes a str spelt without quotes
    assert nz.neutralize(_parsed(nz, src), "JT408", 3) == (3, 28, 51, "str(1)")


def test_cached_helper_call_neutralized() -> None:
    nz = _load("ecosystem_neutralize")
    src = "def forward(self, x):\n    if not is_kernels_available():\n        return x\n    return x + 1\n"
    reported = [("JT901", 2, 11, 2, 31, "`is_kernels_available` is a `@lru_cache` object, not a function: ...")]
    # SAM3 video's kernel loader: the cached call becomes the value a missing package gives
    assert nz.neutralize(_parsed(nz, src), "JT901", 2, reported=reported) == (2, 11, 33, "False")


def test_parameter_used_as_a_tuple_annotated() -> None:
    nz = _load("ecosystem_neutralize")
    src = "def add_rel_pos(attn, q, q_size, k_size):\n    qh, qw = q_size\n    return attn\n"
    reported = [("JT305", 2, 4, 2, 10, "Parameter `q_size` has no annotation, so TorchScript types it `Tensor`, but it "
                                       "is used as a tuple")]
    # ViTDet's `add_decomposed_relative_positions`: as many ints as the unpacking names
    assert nz.neutralize(_parsed(nz, src), "JT305", 2, reported=reported) == (0, 0, 0, "q_size: tuple[int, int]")


def test_number_for_a_tensor_parameter_neutralized() -> None:
    """JT513's number given where a callee's parameter is a Tensor to TorchScript: the number as a Tensor."""
    nz = _load("ecosystem_neutralize")
    src = "def f(self, ids):\n    return self.positions(ids, self.padding_idx)\n"
    tree = _parsed(nz, src)
    col = src.splitlines()[1].index("self.padding_idx")
    message = ("`self.padding_idx` is an `int`, but parameter `padding_idx` of `self.positions` has no annotation, so "
               "TorchScript types it `Tensor`, and TorchScript does not convert the argument to one")
    edit = nz.neutralize(tree, "JT513", 2, reported=[("JT513", 2, col, 2, col + 16, message)])
    assert edit == (2, col, col + 16, "torch.tensor(self.padding_idx)")


def test_modular_diagnostic_maps_to_its_modeling_twin(tmp_path: Path, monkeypatch) -> None:
    """``modeling-twin``: a diagnostic of a modular file that does not import is confirmed at the same statement of
    the same class and method in the generated modeling file, when jitlint reports the same code there."""
    eco = _load("ecosystem_confirm")
    pkg = tmp_path / "transformers" / "models" / "toy"
    pkg.mkdir(parents=True)
    body = ("import torch\nfrom torch import nn\n\n\nclass ToyLayer(nn.Module):\n"
            "    def forward(self, xs: list[int]):\n{pad}        return [x for x in xs if x > 0]\n")
    (pkg / "modular_toy.py").write_text(body.format(pad=""))
    (pkg / "modeling_toy.py").write_text("# generated\n" + body.format(pad="        y = 1\n"))
    monkeypatch.setattr(eco, "SITE", tmp_path)
    task = {"code": "JT101", "path": "transformers/models/toy/modular_toy.py", "row": 7, "end_row": 7, "column": 16}
    twin = eco.modeling_twin_task(task)
    assert twin is not None and (twin["path"], twin["row"], twin["column"]) == (
        "transformers/models/toy/modeling_toy.py", 9, 16)
    # another code than jitlint reports there: no twin
    assert eco.modeling_twin_task(dict(task, code="JT102")) is None


def test_wrapper_frame_given_the_wrapped_functions_file(tmp_path: Path) -> None:
    """A method under `@torch.no_grad()`: torch names the frame after `torch/utils/_contextlib.py` with the method's
    own line number; the frame gets the file whose line there is the one torch shows above `<--- HERE`."""
    eco = _load("ecosystem_script")
    model = tmp_path / "modeling_x.py"
    model.write_text("import torch\n\n\ndef f(x):\n    return np.array(x)\n")
    err = ('RuntimeError: undefined value np:\n  File "/site/torch/utils/_contextlib.py", line 5\n'
           "def f(x):\n    return np.array(x)\n           ~~ <--- HERE\n")
    moved = eco.relocate_wrapper_frames(err, [str(model)])
    assert eco.error_location(moved) == (str(model), 5)
    # a line that is not the one torch shows: left as torch wrote it
    assert eco.relocate_wrapper_frames(err.replace("line 5", "line 4"), [str(model)]) == err.replace("line 5", "line 4")


def test_tuple_holding_a_tensor_for_a_list_of_ints_neutralized() -> None:
    """JT513's tuple display holding a Tensor where the op takes a list of ints: as many zeros."""
    nz = _load("ecosystem_neutralize")
    src = "def f(x, width):\n    pad_values = (0, 0, 0, width % 4)\n    return F.pad(x, pad_values)\n"
    tree = _parsed(nz, src)
    col = src.splitlines()[2].index("pad_values")
    message = ("TorchScript's `torch.nn.functional.pad` takes a list of ints as argument 2 (`pad_values`), not a "
               "`Tuple[int, int, int, Tensor]`, which holds a Tensor")
    edit = nz.neutralize(tree, "JT513", 3, reported=[("JT513", 3, col, 3, col + 10, message)])
    assert edit == (3, col, col + 10, "[0] * 4")


def _signature_owner(x, add_dim=1, mask=None, eps=1e-5):  # noqa: ANN001, ANN202 - unannotated on purpose
    return x


def test_signature_stub_reproduces_jt303_and_jt304_from_the_declaration_alone() -> None:
    pytest.importorskip("torch")
    eco = _load("ecosystem_confirm")
    # JT303: an unannotated int default, the value the function holds
    err = eco.signature_stub_error(_signature_owner, "add_dim")
    assert err is not None and "Expected a default value of type Tensor (inferred)" in err
    assert eco.error_parameter(err) == "add_dim"
    # JT304: a `None` default, refused where a compiled caller omits the argument
    err = eco.signature_stub_error(_signature_owner, "mask")
    assert err is not None and "Unsupported value kind: Tensor" in err
    # a parameter without a default, or one the function does not have: nothing to reproduce
    assert eco.signature_stub_error(_signature_owner, "x") is None
    assert eco.signature_stub_error(_signature_owner, "missing") is None


def test_a_stand_in_parameter_typed_any_keeps_its_default() -> None:
    stand_ins = _load("ecosystem_stand_ins")
    params = ["hidden_states: Tensor", "mask: Optional[Tensor] = None", "output_attentions: bool = False"]
    assert stand_ins._typed_any(params, "output_attentions")[2] == "output_attentions: Any = False"
    assert stand_ins._typed_any(params, "mask")[1] == "mask: Any = None"
    assert stand_ins._typed_any(params, "hidden_states")[0] == "hidden_states: Any"
