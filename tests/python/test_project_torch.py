"""Analysis across files against what torch 2.13.0 does: a module attribute holding an instance of a class of
another file that derives from a ``@dataclass`` (transformers' configs derive from the dataclass
``PreTrainedConfig``) cannot be typed, so compiled code that reads it fails; a ``Tensor`` input of a submodule of
another file does not take an ``Optional``; a ``forward`` that a decorator of another module wraps is compiled with
that module's global names; a module-level Python value imported from another module cannot be used."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from test_cli_support import run

torch = pytest.importorskip("torch")

CONFIG = """\
from dataclasses import dataclass


@dataclass
class BaseConfig:
    hidden: int = 4


class NetConfig(BaseConfig):
    pass
"""

LAYERS = """\
from torch import nn


class Proj(nn.Module):
    def forward(self, x):
        return x * 2
"""

# Row 15: `self.config` (a NetConfig) read in forward. Row 17: an Optional passed to Proj, whose `x` is a Tensor.
MODEL = """\
from typing import Optional

import torch
from torch import nn
from .config import NetConfig
from .layers import Proj


class Net(nn.Module):
    def __init__(self, config: NetConfig):
        super().__init__()
        self.config = config
        self.proj = Proj()

    def forward(self, x: torch.Tensor, memory: Optional[torch.Tensor] = None) -> torch.Tensor:
        if {read}:
            x = x + 1
        return x + self.proj(memory)
"""


def _tree(root: Path, package: str, read: str, config: str = CONFIG) -> None:
    (root / package).mkdir()
    (root / package / "__init__.py").write_text("")
    (root / package / "config.py").write_text(config)
    (root / package / "layers.py").write_text(LAYERS)
    (root / package / "model.py").write_text(MODEL.format(read=read))


def _diagnostics(root: Path) -> list[tuple[str, int, str]]:
    r = run("check", "--output-format", "json", "--exit-zero", ".", cwd=root)
    assert r.returncode == 0, r.stderr
    return sorted((Path(d["filename"]).relative_to(root).as_posix(), d["location"]["row"], d["code"])
                  for d in json.loads(r.stdout))


def _script_error(root: Path, package: str) -> str:
    sys.path.insert(0, str(root))
    try:
        model = importlib.import_module(f"{package}.model")
        config = importlib.import_module(f"{package}.config")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(Exception) as failure:
                torch.jit.script(model.Net(config.NetConfig()))
        return str(failure.value)
    finally:
        sys.path.remove(str(root))


def test_config_of_another_file_that_is_a_dataclass_cannot_be_typed(tmp_path):
    # transformers' configs: every subclass of PreTrainedConfig is a dataclass too
    config = CONFIG.replace("class NetConfig", "@dataclass\nclass NetConfig")
    _tree(tmp_path, "dcpkg", "self.config.hidden > 2", config)
    assert ("dcpkg/model.py", 16, "JT401") in _diagnostics(tmp_path)
    error = _script_error(tmp_path, "dcpkg")
    assert "has no attribute 'config'" in error and "failed to convert Python type" in error
    assert 'model.py", line 16' in error


def test_plain_subclass_of_a_dataclass_of_another_file_has_no_fields_in_torchscript(tmp_path):
    _tree(tmp_path, "cfgpkg", "self.config.hidden > 2")
    assert ("cfgpkg/model.py", 16, "JT401") in _diagnostics(tmp_path)
    error = _script_error(tmp_path, "cfgpkg")
    assert "object has no attribute or method 'hidden'" in error
    assert 'model.py", line 16' in error


def test_method_of_a_plain_subclass_of_a_dataclass_compiles(tmp_path):
    config = CONFIG.replace("class NetConfig(BaseConfig):\n    pass",
                            "class NetConfig(BaseConfig):\n    def big(self) -> bool:\n        return True")
    _tree(tmp_path, "methpkg", "self.config.big()", config)
    assert [d for d in _diagnostics(tmp_path) if d[2] == "JT401"] == []


# Row 12: a submodule's `self.config` read in forward, where its `config` has no annotation and the only
# construction passes the parent's `config: NetConfig` (transformers' `ConvProjection(config)` in CanineModel).
PASSED = """\
import torch
from torch import nn
from .config import NetConfig


class Head(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.config.hidden


class Net(nn.Module):
    def __init__(self, config: NetConfig):
        super().__init__()
        self.head = Head(config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(x)
"""


def test_config_passed_by_the_parent_is_typed_by_its_annotation(tmp_path):
    config = CONFIG.replace("class NetConfig", "@dataclass\nclass NetConfig")
    _tree(tmp_path, "passpkg", "True", config)
    (tmp_path / "passpkg" / "model.py").write_text(PASSED)
    assert ("passpkg/model.py", 12, "JT401") in _diagnostics(tmp_path)
    error = _script_error(tmp_path, "passpkg")
    assert "has no attribute 'config'" in error and "failed to convert Python type" in error
    assert 'model.py", line 12' in error
    # a construction passing something else (an unannotated value) leaves the attribute unknown: silent
    (tmp_path / "passpkg" / "model.py").write_text(PASSED + "\n\nclass Other(nn.Module):\n    def __init__(self, cfg):\n"
                                                   "        super().__init__()\n        self.head = Head(cfg)\n")
    assert [d for d in _diagnostics(tmp_path) if d[2] == "JT401"] == []


def test_optional_passed_to_a_submodule_of_another_file_fails_where_reported(tmp_path):
    _tree(tmp_path, "projpkg", "x.sum() > 2")
    assert _diagnostics(tmp_path) == [("projpkg/model.py", 18, "JT601")]
    error = _script_error(tmp_path, "projpkg")
    assert "but instead found type 'Optional[Tensor]'" in error
    assert 'model.py", line 18' in error


WRAPPERS = """\
from functools import wraps

import torch


def wrap_forward(cls):
    original = cls.forward

    @wraps(original)
    def forward(self, *args, **kwargs):
        return original(self, *args, **kwargs)

    cls.forward = forward
    return cls
"""

# Row 15: `F` and `nn` are this file's imports; the wrapper's module (wrappers.py) imports neither, only torch.
EXPERTS = """\
import torch
import torch.nn.functional as F
from torch import nn

from .wrappers import wrap_forward


@wrap_forward
class Experts(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(nn.functional.linear(x, self.weight))


def build():
    torch.manual_seed(0)
    return Experts().eval(), (torch.randn(2, 4),)
"""


def test_wrapped_forward_reads_names_of_the_wrappers_module_and_the_fix_deploys(tmp_path):
    # transformers' @use_experts_implementation: torch compiles the wrapped source with the wrapper's globals
    (tmp_path / "wpkg").mkdir()
    (tmp_path / "wpkg" / "__init__.py").write_text("")
    (tmp_path / "wpkg" / "wrappers.py").write_text(WRAPPERS)
    (tmp_path / "wpkg" / "model.py").write_text(EXPERTS)
    assert _diagnostics(tmp_path) == [("wpkg/model.py", 15, "JT512"), ("wpkg/model.py", 15, "JT512")]
    sys.path.insert(0, str(tmp_path))
    try:
        experts = importlib.import_module("wpkg.model").Experts()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(Exception) as failure:
                torch.jit.script(experts)
    finally:
        sys.path.remove(str(tmp_path))
    assert "undefined value F" in str(failure.value)
    assert "return F.relu(nn.functional.linear(x, self.weight))" in str(failure.value)
    # The fix spells the names through torch; verify scripts the fixed copy, runs it in LibTorch, matches eager.
    proc = _verify_fixed(tmp_path, "wpkg.model:build", "--fix")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "JT512 ×2" in proc.stdout and "matches eager" in proc.stdout


def test_wrapped_forward_is_silent_when_the_wrappers_module_defines_the_names(tmp_path):
    # The wrapper's module imports `nn` and `F` too: torch finds them there. A decorator of the model's own file
    # shares its globals.
    (tmp_path / "okpkg").mkdir()
    (tmp_path / "okpkg" / "__init__.py").write_text("")
    (tmp_path / "okpkg" / "wrappers.py").write_text(
        WRAPPERS.replace("import torch\n", "import torch\nimport torch.nn.functional as F\nfrom torch import nn\n"))
    (tmp_path / "okpkg" / "model.py").write_text(EXPERTS)
    wrapper_def = WRAPPERS.split("import torch\n", 1)[1]  # the decorator, defined in the model's own file
    local = EXPERTS.replace("from .wrappers import wrap_forward\n", "from functools import wraps\n" + wrapper_def)
    (tmp_path / "okpkg" / "local.py").write_text(local)
    assert _diagnostics(tmp_path) == []
    sys.path.insert(0, str(tmp_path))
    try:
        for name in ("okpkg.model", "okpkg.local"):
            module = importlib.import_module(name)
            experts, inputs = module.build()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                scripted = torch.jit.script(experts)
            torch.testing.assert_close(scripted(*inputs), experts(*inputs))
    finally:
        sys.path.remove(str(tmp_path))


# JT511 across files: `ACT2FN` (transformers.activations: an OrderedDict subclass instance) and a list constant,
# imported from another module and read in compiled code.
ACTS = """\
from collections import OrderedDict

import torch


class ClassInstantier(OrderedDict):
    def __getitem__(self, key):
        return super().__getitem__(key)()


ACT2FN = ClassInstantier({"relu": torch.nn.ReLU})
SCALES = [1.0, 2.0]


def double(x: torch.Tensor) -> torch.Tensor:
    return x * 2
"""

# Row 13: ACT2FN read; row 16: SCALES read.
GATED = """\
import torch
from torch import nn

from .acts import ACT2FN, SCALES, double


class Gated(nn.Module):
    def __init__(self):
        super().__init__()
        self.activation = "relu"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return {body}
"""


def _verify_fixed(root: Path, target: str, *flags: str) -> subprocess.CompletedProcess:
    """``python -m jitlint.verify TARGET FLAGS`` in ``root`` (on the path) with the native loader: the fixed copy
    scripted, saved, loaded in LibTorch and compared with eager."""
    from jitlint.verify import build as loader_build

    try:
        found = loader_build.resolve_loader()
    except loader_build.LoaderError as exc:
        pytest.fail(f"no native loader: {exc}")
    env = {**os.environ, loader_build.ENV_VAR: str(found.path),
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "jitlint.verify", target, *flags], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def _package(root: Path, package: str, files: dict[str, str]) -> None:
    (root / package).mkdir()
    (root / package / "__init__.py").write_text("")
    for name, text in files.items():
        (root / package / name).write_text(text)


# transformers' GradientCheckpointingLayer: `__init_subclass__` wraps every subclass's `forward`
HOOK_LAYERS = """\
from functools import wraps

import torch
from torch import nn
{imports}

class CheckpointingLayer(nn.Module):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        forward = cls.forward

        @wraps(forward)
        def forward_with_checkpointing(self, *args, **kwargs):
            return forward(self, *args, **kwargs)

        cls.forward = forward_with_checkpointing
"""

HOOK_MODEL = """\
import torch
import torch.nn.functional as F
from torch import nn

from .layers import CheckpointingLayer


class Block(CheckpointingLayer):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.proj(x))


def build():
    torch.manual_seed(0)
    return Block().eval(), (torch.randn(2, 4),)
"""


@pytest.mark.parametrize("hook_imports_f", [False, True])
def test_subclass_hook_wrapping_forward_reads_names_of_the_hooks_module(tmp_path, hook_imports_f):
    package = "hookf" if hook_imports_f else "hooknof"
    imports = "import torch.nn.functional as F\n" if hook_imports_f else ""
    _package(tmp_path, package, {"layers.py": HOOK_LAYERS.format(imports=imports), "model.py": HOOK_MODEL})
    error = _try_script(tmp_path, package, "Block")
    if hook_imports_f:
        # the hook's module defines `F` as this file does: torch finds it there, and jitlint is silent
        assert error is None
        assert _diagnostics(tmp_path) == []
        return
    assert _diagnostics(tmp_path) == [(f"{package}/model.py", 14, "JT512")]
    assert error is not None and "undefined value F" in error and f"{package}/layers.py" in error
    # `F` spelled `torch.nn.functional` (the hook's module imports torch): scripts, loads natively, matches eager
    proc = _verify_fixed(tmp_path, f"{package}.model:build", "--fix")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "JT512" in proc.stdout and "matches eager" in proc.stdout


def _try_script(root: Path, package: str, cls: str) -> str | None:
    """``torch.jit.script`` of ``package.model.<cls>()``: None when it compiles, else torch's error."""
    sys.path.insert(0, str(root))
    try:
        model = importlib.import_module(f"{package}.model")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                torch.jit.script(getattr(model, cls)())
            except Exception as exc:  # noqa: BLE001 - the error torch prints is what the tests compare
                return f"{type(exc).__name__}: {exc}"
        return None
    finally:
        sys.path.remove(str(root))


def _gated_tree(root: Path, package: str, body: str) -> None:
    _package(root, package, {"acts.py": ACTS, "model.py": GATED.format(body=body)})


@pytest.mark.parametrize("body, name, type_name", [
    ("ACT2FN[self.activation](x)", "ACT2FN", "ClassInstantier"),
    ("x * SCALES[0]", "SCALES", "list"),
])
def test_imported_module_level_python_value_fails_where_reported(tmp_path, body, name, type_name):
    package = f"g{type_name.lower()}"
    _gated_tree(tmp_path, package, body)
    found = _diagnostics(tmp_path)
    assert found == [(f"{package}/model.py", 13, "JT511")]
    error = _try_script(tmp_path, package, "Gated")
    assert error is not None and f"python value of type '{type_name}' cannot be used as a value" in error
    assert f"return {body}" in error  # at the reported line


def test_imported_names_torch_can_use_are_left_alone(tmp_path):
    package = "gclean"
    _gated_tree(tmp_path, package, "double(x)")  # a function of the other module: TorchScript compiles it
    assert _diagnostics(tmp_path) == []
    assert _try_script(tmp_path, package, "Gated") is None


OUTPUTS = """\
from dataclasses import dataclass

import torch


@dataclass
class Output:
    logits: torch.Tensor


@torch.jit.script
@dataclass
class ScriptedOutput:
    logits: torch.Tensor
"""

# Row 10: a dataclass of another file constructed in forward.
OUTPUT_MODEL = """\
import torch
from torch import nn

from .outputs import {cls}


class Net(nn.Module):
    def forward(self, x: torch.Tensor):
        y = x * 2
        return {cls}(logits=y)
"""


def _outputs_tree(root: Path, package: str, cls: str) -> None:
    _package(root, package, {"outputs.py": OUTPUTS, "model.py": OUTPUT_MODEL.format(cls=cls)})


def test_dataclass_of_another_file_constructed_in_compiled_code_fails(tmp_path):
    _outputs_tree(tmp_path, "outpkg", "Output")
    assert _diagnostics(tmp_path) == [("outpkg/model.py", 10, "JT514")]
    error = _try_script(tmp_path, "outpkg", "Net")
    assert error is not None and error.startswith("OSError: Failed to get source for <function Output.__init__")


def test_scripted_dataclass_of_another_file_is_left_alone(tmp_path):
    _outputs_tree(tmp_path, "scriptedpkg", "ScriptedOutput")
    assert _diagnostics(tmp_path) == []
    assert _try_script(tmp_path, "scriptedpkg", "Net") is None


# A plain class of another file, constructed in compiled code (transformers' `DynamicCache(...)` in a decoder's
# forward): TorchScript compiles its own methods, static ones aside, in its file. Row 10: a `**` splat in __init__.
CACHE = """\
import torch


def make(size: int = 1) -> int:
    return size


class Cache:
    def __init__(self, n: int):
        self.sizes = [{make} for i in range(n)]

    def update(self, x: torch.Tensor) -> torch.Tensor:
        return x * len(self.sizes)

    @staticmethod
    def never_called(x):
        return {{i for i in x}}


class NeverConstructed:
    def __init__(self):
        self.s = {{1, 2}}
"""

CACHE_MODEL = """\
import torch
from torch import nn
from .cache import Cache


class Net(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        cache = Cache(2)
        return cache.update(x)
"""


# The same class named only by forward's annotation (transformers' `padding_cache: ...PaddingCache | None`): torch
# compiles it when it resolves the annotation, called or not.
ANNOTATED_CACHE_MODEL = """\
from typing import Optional

import torch
from torch import nn
from .cache import Cache


class Net(nn.Module):
    def forward(self, x: torch.Tensor, cache: Optional[Cache] = None) -> torch.Tensor:
        return x * 2
"""


@pytest.mark.parametrize("broken", [True, False])
@pytest.mark.parametrize("reached", ["constructed", "annotated"])
def test_plain_class_of_another_file_used_by_compiled_code_is_compiled_there(tmp_path, broken, reached):
    package = f"{reached}{str(broken).lower()}"
    make = 'make(**{"size": i})' if broken else "make(size=i)"
    model = CACHE_MODEL if reached == "constructed" else ANNOTATED_CACHE_MODEL
    _package(tmp_path, package, {"cache.py": CACHE.format(make=make), "model.py": model})
    error = _try_script(tmp_path, package, "Net")
    if broken:
        assert _diagnostics(tmp_path) == [(f"{package}/cache.py", 10, "JT125")]
        assert error is not None and "keyword-arg expansion is not supported" in error
        assert f"{package}/cache.py\", line 10" in error
        assert "is being compiled since it was called from 'Net.forward'" in error
    else:
        # the static method and the class nobody constructs are left out, as torch leaves them
        assert _diagnostics(tmp_path) == []
        assert error is None


UTILS = """\
from functools import lru_cache


@lru_cache
def is_fast() -> bool:
    return True
"""

# Row 9: a cached function of another file called in forward. Row 11: the same call behind a static short circuit.
FAST_MODEL = """\
import torch
from torch import nn
from .utils import is_fast
from . import utils


class Net(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if {call}:
            return x * 2
        if not torch.jit.is_scripting() and utils.is_fast():
            return x
        return x
"""


@pytest.mark.parametrize("call", ["is_fast()", "x.dim() > 5"])
def test_cached_function_of_another_file_stays_a_python_call_torch_cannot_save(tmp_path, call):
    package = "fastcall" if call == "is_fast()" else "fastguarded"
    _package(tmp_path, package, {"utils.py": UTILS, "model.py": FAST_MODEL.format(call=call)})
    sys.path.insert(0, str(tmp_path))
    try:
        model = importlib.import_module(f"{package}.model")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scripted = torch.jit.script(model.Net())
            try:
                torch.jit.save(scripted, str(tmp_path / "net.pt"))
                saved = None
            except Exception as exc:  # noqa: BLE001 - the error torch prints is what the test compares
                saved = str(exc)
    finally:
        sys.path.remove(str(tmp_path))
    if call == "is_fast()":
        assert _diagnostics(tmp_path) == [(f"{package}/model.py", 9, "JT901")]
        assert saved is not None and "Could not export Python function call 'is_fast'" in saved
        assert "line 9" in saved
    else:
        assert _diagnostics(tmp_path) == []
        assert saved is None


# An object of a plain class of another module (transformers' `ALL_ATTENTION_FUNCTIONS = AttentionInterface()`, a
# MutableMapping), read through an attribute: torch cannot look the attribute up. An Enum member is a value torch
# takes. Row 8: the read.
REGISTRY = """\
from collections.abc import MutableMapping
from enum import Enum


class Registry(MutableMapping):
    def __init__(self):
        self._items = {}

    def __getitem__(self, key):
        return self._items[key]

    def __setitem__(self, key, value):
        self._items[key] = value

    def __delitem__(self, key):
        del self._items[key]

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def scale(self) -> float:
        return 2.0


class Mode(Enum):
    FAST = 2


REGISTRY = Registry()
MODE = Mode(2)
"""

REGISTRY_MODEL = """\
import torch
from torch import nn
from .registry import MODE, REGISTRY


class Net(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * {read}
"""


@pytest.mark.parametrize("read", ["REGISTRY.scale()", "MODE.value"])
def test_imported_object_of_a_plain_class_fails_where_reported(tmp_path, read):
    package = "registry" + read.split(".")[0].lower()
    _package(tmp_path, package, {"registry.py": REGISTRY, "model.py": REGISTRY_MODEL.format(read=read)})
    error = _try_script(tmp_path, package, "Net")
    if read.startswith("REGISTRY"):
        assert _diagnostics(tmp_path) == [(f"{package}/model.py", 8, "JT511")]
        assert error is not None and "attribute lookup is not defined on python value of type 'Registry'" in error
        assert "return x * REGISTRY.scale()" in error
    else:
        assert _diagnostics(tmp_path) == []
        assert error is None


# transformers' rotary embeddings: `@torch.no_grad()` above `@dynamic_rope_update`, a `functools.wraps` decorator of
# another module. torch.utils._contextlib (the no_grad wrapper's module) lacks `torch`; with the grad mode moved into
# the body, the outermost wrapper is the other decorator's, whose module imports torch (under an `if`, as
# transformers' modeling_rope_utils does). Row 16: the read of `torch`.
ROPE_UTILS = """\
from functools import wraps
{imports}


def dynamic_update(forward):
    @wraps(forward)
    def wrapper(self, x):
        self.calls += 1
        return forward(self, x)

    return wrapper
"""

ROPE_MODEL = """\
import torch
from torch import nn

from .rope_utils import dynamic_update


class Rotary(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("inv_freq", torch.rand(4))
        self.calls = 0

    @torch.no_grad()
    @dynamic_update  # updates the frequencies in eager code
    def forward(self, x):
        freqs = x[..., None] * self.inv_freq.to(dtype=torch.float)
        return freqs.cos()


def build():
    torch.manual_seed(0)
    return Rotary().eval(), (torch.randn(2, 3, requires_grad=True),)
"""


@pytest.mark.parametrize("defines_torch", [True, False])
def test_no_grad_above_a_wraps_decorator_moves_into_the_body_and_deploys(tmp_path, defines_torch):
    package = "ropefix" if defines_torch else "ropenofix"
    imports = "\nif True:\n    import torch\n" if defines_torch else ""
    _package(tmp_path, package, {"rope_utils.py": ROPE_UTILS.format(imports=imports), "model.py": ROPE_MODEL})
    assert _diagnostics(tmp_path) == [(f"{package}/model.py", 16, "JT512")]
    error = _try_script(tmp_path, package, "Rotary")
    assert error is not None and "undefined value torch" in error
    r = run("check", "--output-format", "json", "--exit-zero", "--unsafe-fixes", ".", cwd=tmp_path)
    fix = json.loads(r.stdout)[0]["fix"]
    if not defines_torch:
        # the decorator's module does not import torch: with the grad mode in the body, torch would still not find it
        assert fix is None
        return
    assert fix["applicability"] == "unsafe" and "@dynamic_update" in fix["message"]
    proc = _verify_fixed(tmp_path, f"{package}.model:build", "--fix", "--unsafe-fixes")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "JT512" in proc.stdout and "matches eager" in proc.stdout


# A module whose base is a module class of another file (transformers' `XPreTrainedModel(PreTrainedModel)`): the
# attribute rules read the base's summary, so an attribute of this file assigned on some paths, or a module that may
# be None used as a truth value, is found. Row 16: the read in forward.
REMOTE_BASE = """\
import torch
from torch import nn


class Base(nn.Module):
    kind = "base"

    def __init__(self):
        super().__init__()
        self.scale = 2.0
        {base_binds}
"""

REMOTE_BASE_MODEL = """\
import torch
from torch import nn
from .base import Base


class Net(Base):
    def __init__(self, use_proj: bool = False):
        super().__init__()
        self.use_proj = use_proj
        if use_proj:
            self.proj = nn.Linear(4, 4)
        self.norm = nn.LayerNorm(4) if use_proj else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_proj:
            x = {read}(x)
        return x * self.scale
"""


@pytest.mark.parametrize("read, code, error_text", [
    ("self.proj", "JT402", "has no attribute 'proj'"),
    ("self.norm if self.norm else self.scale * ", "JT407", "Could not cast value of type NoneType to bool"),
])
def test_attribute_rules_read_a_module_base_of_another_file(tmp_path, read, code, error_text):
    package = "remote" + code.lower()
    _package(tmp_path, package, {"base.py": REMOTE_BASE.format(base_binds="pass"),
                                 "model.py": REMOTE_BASE_MODEL.format(read=read)})
    assert (f"{package}/model.py", 16, code) in _diagnostics(tmp_path)
    error = _try_script(tmp_path, package, "Net")
    assert error is not None and error_text in error and 'model.py", line 16' in error


def test_attribute_a_base_of_another_file_binds_is_left_alone(tmp_path):
    # Base assigns `self.proj` on every path: Net(False) has it, and the model scripts.
    _package(tmp_path, "remotebinds", {"base.py": REMOTE_BASE.format(base_binds="self.proj = nn.Identity()"),
                                       "model.py": REMOTE_BASE_MODEL.format(read="self.proj")})
    assert _diagnostics(tmp_path) == []
    assert _try_script(tmp_path, "remotebinds", "Net") is None
    # a base that cannot be resolved (a package not installed) keeps the rules silent
    _package(tmp_path, "remoteunknown", {"model.py": REMOTE_BASE_MODEL.format(read="self.proj").replace(
        "from .base import Base", "from not_installed_anywhere import Base")})
    assert [d for d in _diagnostics(tmp_path) if d[0].startswith("remoteunknown")] == []


def test_attribute_a_base_binds_and_the_subclass_deletes(tmp_path):
    # Bamba's modular file: the base's `__init__` makes `self.proj`, the subclass deletes it and assigns it again on
    # one path only, so Net(False) has no `proj`.
    model = REMOTE_BASE_MODEL.format(read="self.proj").replace(
        "        self.use_proj = use_proj\n", "        del self.proj\n        self.use_proj = use_proj\n")
    _package(tmp_path, "remotedeleted", {"base.py": REMOTE_BASE.format(base_binds="self.proj = nn.Identity()"),
                                         "model.py": model})
    assert ("remotedeleted/model.py", 17, "JT402") in _diagnostics(tmp_path)
    error = _try_script(tmp_path, "remotedeleted", "Net")
    assert error is not None and "has no attribute 'proj'" in error and 'model.py", line 17' in error


# transformers' `EmbeddingAccessMixin.get_input_embeddings` (modeling_utils.py): a method of a module base of
# another file that the subclass's `forward` calls through `self`. Row 7: a walrus torch stops at.
INHERITED_HELPER_BASE = """\
import torch
from torch import nn


class Base(nn.Module):
    def embed(self, x: torch.Tensor) -> torch.Tensor:
        if (doubled := x * 2) is not None:
            return doubled
        return x

    def unused_helper(self, x: torch.Tensor) -> torch.Tensor:
        return (y := x)
"""

INHERITED_HELPER_MODEL = """\
import torch
from .base import Base


class Net(Base):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return {call}
"""


def test_method_of_a_base_of_another_file_called_through_self_is_checked_there(tmp_path):
    _package(tmp_path, "inheritedhelper", {"base.py": INHERITED_HELPER_BASE,
                                           "model.py": INHERITED_HELPER_MODEL.format(call="self.embed(x)")})
    # only the method compiled code calls: `unused_helper` is never compiled
    assert _diagnostics(tmp_path) == [("inheritedhelper/base.py", 7, "JT122")]
    error = _try_script(tmp_path, "inheritedhelper", "Net")
    assert error is not None and "NamedExpr aren't supported" in error and 'base.py", line 7' in error
    # a subclass that does not call it compiles nothing of the base but `forward`
    _package(tmp_path, "inheritedquiet", {"base.py": INHERITED_HELPER_BASE,
                                          "model.py": INHERITED_HELPER_MODEL.format(call="x + 1")})
    assert [d for d in _diagnostics(tmp_path) if d[0].startswith("inheritedquiet")] == []
    assert _try_script(tmp_path, "inheritedquiet", "Net") is None
