"""Building an instance of a library file's class for ``ecosystem.py confirm``: from the file's own config
classes (defaults, then sub-configs, then variants that take the path of ``__init__`` a diagnostic sits on), from a
model of the file that holds one, from sizes guessed for a plain ``nn.Module``'s required parameters, or from a
manual factory. Also how a config read (``self.config.X``) is found in a method and looked up in a config.

Pure library code: nothing here scripts; errors come back as one line each (``first_line``).
"""

from __future__ import annotations

import ast
import copy
import importlib
import os
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple


def first_line(exc_text: str) -> str:
    """``Type: first non-empty line of the message`` (IR-emitter errors start with empty lines)."""
    head, sep, rest = exc_text.partition(":")
    if sep and re.fullmatch(r"[A-Za-z_][\w.]*", head.strip()):
        lines = [ln.strip() for ln in rest.splitlines() if ln.strip()]
        msg = lines[0] if lines else ""
        if len(lines) > 1 and re.match(r"^[\w.:<>]+\(.*\) -> .*:$", msg):
            # a call whose arguments do not match: the callee's schema, then what is wrong
            msg = msg.rstrip(":") + " " + lines[1]
        return f"{head.strip()}: {msg}".rstrip(": ")
    return next((ln.strip() for ln in exc_text.splitlines() if ln.strip()), "")


def _config_reads(node: ast.FunctionDef, owner: Sequence[str] = ("self", "config")
                  ) -> List[Tuple[ast.Attribute, List[str]]]:
    """Outermost ``self.config.X[.Y...]`` reads on one line each (``owner``: the names before ``X``; a module-level
    helper's ``config.X`` is ``("config",)``), with their attribute path after them."""
    found: Dict[int, Tuple[ast.Attribute, List[str]]] = {}
    inner: set = set()
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Attribute) or not isinstance(sub.ctx, ast.Load) or sub.lineno != sub.end_lineno:
            continue
        names: List[str] = []
        cur: ast.expr = sub
        while isinstance(cur, ast.Attribute):
            names.append(cur.attr)
            cur = cur.value
        names.reverse()
        if isinstance(cur, ast.Name) and cur.id == owner[0] and len(names) >= len(owner) \
                and names[:len(owner) - 1] == list(owner[1:]):
            found[id(sub)] = (sub, names[len(owner) - 1:])
            inner.add(id(sub.value))
    return [v for k, v in found.items() if k not in inner]


def _config_value(config: Any, path: Sequence[str]) -> Any:
    cur = config
    for name in path:
        cur = getattr(cur, name, ValueError)
        if cur is ValueError:
            return ValueError
    return cur


def _import(modname: str) -> Any:
    return importlib.import_module(modname)


def resolve_qualname(mod: Any, chain: Sequence[ast.AST]) -> Any:
    obj = mod
    for node in chain:
        obj = getattr(obj, node.name)
    return obj


def function_config(mod: Any, fn_node: ast.AST) -> Any:
    """For a module-level helper with a parameter ``config`` (Reformer's ``_get_min_chunk_len(config)``, called with
    ``self.config``): the first config of the file's model (``transformers_configs``) that has every ``config.X``
    it reads, for ``patched_function`` to make them constants as it does a method's ``self.config.X``. None
    without such a parameter or config."""
    params = [p.arg for p in fn_node.args.args + fn_node.args.kwonlyargs]  # type: ignore[attr-defined]
    if "config" not in params or params[:1] == ["self"]:
        return None
    reads = _config_reads(fn_node, ("config",))  # type: ignore[arg-type]
    try:
        configs = transformers_configs(mod) if reads else []
    except Exception:  # noqa: BLE001 - not a transformers module
        return None
    return next((c for c in configs if all(_config_value(c, path) is not ValueError for _, path in reads)), None)


def transformers_configs(mod: Any) -> List[Any]:
    """Config instances for a transformers modeling module: its own config classes, defaults, then sub-configs."""
    from transformers import PretrainedConfig

    classes: List[type] = []
    pkg = mod.__name__.rsplit(".", 1)[0]
    seen = set()
    cands = [mod]
    for name in sorted(os.listdir(Path(mod.__file__).parent)):
        if name.startswith("configuration_") and name.endswith(".py"):
            try:
                cands.append(_import(f"{pkg}.{name[:-3]}"))
            except Exception:  # noqa: BLE001
                pass
    for m in cands:
        for v in vars(m).values():
            if isinstance(v, type) and issubclass(v, PretrainedConfig) and v is not PretrainedConfig \
                    and v.__module__.startswith(pkg) and v not in seen:
                seen.add(v)
                classes.append(v)
    configs = []
    for c in classes:
        try:
            configs.append(_repaired_config(c()))
        except Exception:  # noqa: BLE001
            continue
    subs = []
    for cfg in configs:
        for v in vars(cfg).values():
            if isinstance(v, PretrainedConfig):
                subs.append(v)
    return configs + subs


def _repaired_config(cfg: Any) -> Any:
    """A default config the model's ``__init__`` can build from: a ``head_dim`` left None (HunYuan's, where
    ``self.head_dim**-0.5`` fails) is the one the other sizes give, ``hidden_size // num_attention_heads``."""
    heads, hidden = getattr(cfg, "num_attention_heads", None), getattr(cfg, "hidden_size", None)
    if "head_dim" in vars(cfg) and cfg.head_dim is None and isinstance(heads, int) and heads > 0 \
            and isinstance(hidden, int):
        cfg.head_dim = hidden // heads
    return cfg


_TUPLE_TO_LIST = 'can only concatenate list (not "tuple") to list'


def _tuples_as_lists(cfg: Any) -> Optional[Any]:
    """A copy of ``cfg`` with its tuples of numbers as lists (ConvNeXt's default ``hidden_sizes = (96, ...)``, which
    its backbone's ``__init__`` adds to a list); None when it has none."""
    listed = copy.deepcopy(cfg)
    changed = False
    for name, value in vars(cfg).items():
        if isinstance(value, tuple) and value and all(isinstance(v, (int, float)) for v in value):
            setattr(listed, name, list(value))
            changed = True
    return listed if changed else None


# Mixture-of-experts sizes some default configs leave None although every layer builds its router and experts
# from them, and a value any such layer takes.
_EXPERT_SIZES = {"num_experts": 4, "num_local_experts": 4, "top_k_experts": 2, "num_experts_per_tok": 2}


def _experts_sized(cfg: Any) -> Optional[Any]:
    """A copy of ``cfg`` whose expert sizes left None (its own or its sub-configs', the values whose class is named
    ``...Config``) are set, ``moe_intermediate_size`` to ``intermediate_size``; None when it has none left None."""

    sized = copy.deepcopy(cfg)
    changed = False
    for part in [sized] + [v for v in vars(sized).values() if type(v).__name__.endswith("Config")]:
        for name, value in _EXPERT_SIZES.items():
            if name in vars(part) and getattr(part, name) is None:
                setattr(part, name, value)
                changed = True
        if changed and "moe_intermediate_size" in vars(part) and part.moe_intermediate_size is None:
            part.moe_intermediate_size = getattr(part, "intermediate_size", None) or 8
    return sized if changed else None


def _head_dim_derived(cfg: Any) -> Optional[Any]:
    """A copy of ``cfg`` whose ``head_dim`` left None (its own or its sub-configs') is ``hidden_size //
    num_attention_heads``, the value attention layers fall back to elsewhere (HunYuan-VL's text model computes
    ``self.head_dim**-0.5``); None when none is left so."""

    derived = copy.deepcopy(cfg)
    changed = False
    for part in [derived] + [v for v in vars(derived).values() if type(v).__name__.endswith("Config")]:
        size, heads = getattr(part, "hidden_size", None), getattr(part, "num_attention_heads", None)
        if "head_dim" in vars(part) and part.head_dim is None and isinstance(size, int) and isinstance(heads, int) \
                and heads > 0:
            part.head_dim = size // heads
            changed = True
    return derived if changed else None


# Settings a model's ``__init__`` reads from a config (or one of its sub-configs) whose default leaves them unset,
# with the value the model family uses elsewhere: DBRX reads ``rope_theta`` from its attention sub-config.
_UNSET_SETTINGS = {"rope_theta": 10000.0, "attention_dropout": 0.0}


def _unset_setting_given(cfg: Any, error: str) -> Optional[Any]:
    """A copy of ``cfg`` with the setting an ``AttributeError`` ("'DbrxAttentionConfig' object has no attribute
    'rope_theta'") names set on the config or sub-config of that class, when ``_UNSET_SETTINGS`` has it; else None."""
    missing = re.search(r"'(\w+Config)' object has no attribute '(\w+)'", error)
    if missing is None or missing.group(2) not in _UNSET_SETTINGS:
        return None
    given = copy.deepcopy(cfg)
    owner = next((part for part in [given] + list(vars(given).values()) if type(part).__name__ == missing.group(1)),
                 None)
    if owner is None:
        return None
    setattr(owner, missing.group(2), _UNSET_SETTINGS[missing.group(2)])
    return given


def build_instance(mod: Any, cls: type, path: str) -> Tuple[Any, str]:
    """An instance of ``cls`` (or one found inside a model built from the file's config) and how it was built. One
    without parameters gets a one-element parameter: scripting reads every attribute of the instance, and
    transformers' ``device`` / ``dtype`` properties (``next(self.parameters())``) raise StopIteration on a module
    that holds none (``T5PreTrainedModel`` alone)."""
    import torch

    inst, how = _build_instance(mod, cls, path)
    if isinstance(inst, torch.nn.Module) and next(inst.parameters(), None) is None:
        device = next(inst.buffers(), torch.empty(0)).device
        inst.register_parameter("_jitlint_stand_in", torch.nn.Parameter(torch.zeros(1, device=device)))
        how += " (with a stand-in parameter)"
    return inst, how


def _config_reads_of(test: ast.expr, aliases: Dict[str, str]) -> Optional[str]:
    """``config.x`` / ``self.config.x`` -> ``x``; ``self.y`` or ``y`` bound to ``config.x`` in the function
    (``aliases``) -> ``x``; None for anything else."""
    if isinstance(test, ast.Attribute) and (
            (isinstance(test.value, ast.Name) and test.value.id == "config")
            or (isinstance(test.value, ast.Attribute) and test.value.attr == "config")):
        return test.attr
    if isinstance(test, ast.Attribute) and isinstance(test.value, ast.Name) and test.value.id == "self":
        return aliases.get("self." + test.attr)
    if isinstance(test, ast.Name):
        return aliases.get(test.id)
    return None


def _config_aliases(fn: ast.AST) -> Dict[str, str]:
    """``self.upsampler = config.upsampler`` / ``mode = config.mode`` in ``fn``: the name -> the config attribute."""
    aliases: Dict[str, str] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            read = _config_reads_of(node.value, {})
            target = node.targets[0]
            if read is None:
                continue
            if isinstance(target, ast.Name):
                aliases[target.id] = read
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                aliases["self." + target.attr] = read
    return aliases


def _settings(test: ast.expr, holds: bool, aliases: Dict[str, str]) -> Optional[Dict[str, Any]]:
    """Config values that make ``test`` evaluate to ``holds``: ``config.x == "a"`` (true: x = "a"),
    ``config.x != "a"`` (false: x = "a"), ``config.x`` / ``not config.x`` (x = a bool), ``config.x in ("a", "b")``
    (true: x = "a"), an ``and`` that holds (each operand's). None when the test reads no config value so."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _settings(test.operand, not holds, aliases)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and holds:
        merged: Dict[str, Any] = {}
        for value in test.values:
            part = _settings(value, True, aliases)
            if part:
                merged.update(part)
        return merged or None
    name = _config_reads_of(test, aliases)
    if name is not None:
        return {name: holds}
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        name = _config_reads_of(test.left, aliases)
        right = test.comparators[0]
        if name is None:
            return None
        if isinstance(right, ast.Constant) and (isinstance(test.ops[0], ast.Eq) == holds) \
                and isinstance(test.ops[0], (ast.Eq, ast.NotEq)):
            return {name: right.value}
        if isinstance(test.ops[0], ast.In) and holds and isinstance(right, (ast.Tuple, ast.List, ast.Set)) \
                and right.elts and isinstance(right.elts[0], ast.Constant):
            return {name: right.elts[0].value}
    return None


def config_paths(src: str, cls_name: str) -> List[Dict[str, Any]]:
    """The config values under which the file constructs ``cls_name``, one dict per construction site that sits under
    tests of config values (Swin2SR's `if config.upsampler == "nearest+conv": ... NearestConvUpsampler(...)`): a
    default config builds the other branch, so the class is in no model the harness builds from it."""
    tree = ast.parse(src)
    parents: Dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    out: List[Dict[str, Any]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == cls_name):
            continue
        found: Dict[str, Any] = {}
        fn = node
        while fn is not None and not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            fn = parents.get(id(fn))
        aliases = _config_aliases(fn) if fn is not None else {}
        child: ast.AST = node
        parent = parents.get(id(node))
        while parent is not None and not isinstance(parent, ast.ClassDef):
            if isinstance(parent, (ast.If, ast.IfExp)):
                branch = parent.body if isinstance(parent, ast.If) else [parent.body]
                if child is not parent.test:
                    part = _settings(parent.test, any(child is b for b in branch), aliases)
                    if part:
                        found = {**part, **found}
            child, parent = parent, parents.get(id(parent))
        if found and found not in out:
            out.append(found)
    return out


def _config_variant(cfg: Any, settings: Dict[str, Any]) -> Optional[Any]:
    """A copy of ``cfg`` with ``settings`` (None when it has not every one of those attributes)."""

    if not all(hasattr(cfg, k) for k in settings):
        return None
    variant = copy.deepcopy(cfg)
    for k, v in settings.items():
        setattr(variant, k, v)
    return variant


def _held_in(make: Any, cls: type, device: str, what: str, errors: List[str]) -> Optional[Tuple[Any, str]]:
    """A model built by ``make()`` on ``device``: its first submodule (itself included) whose class is ``cls`` exactly,
    in eval mode, with how it was found; None (the build's error kept in ``errors``) when it fails or holds none."""
    import torch

    try:
        with torch.device(device):
            top = make()
    except Exception as exc:  # noqa: BLE001
        errors.append(f"{what}: {first_line(str(exc))[:100]}")
        return None
    found = next((sub for sub in top.modules() if type(sub) is cls), None)
    return (found.eval(), f"found in {what} on {device}") if found is not None else None


def _build_instance(mod: Any, cls: type, path: str) -> Tuple[Any, str]:
    import torch

    errors: List[str] = []
    factory = MANUAL_FACTORIES.get(f"{cls.__module__}:{cls.__qualname__}")
    if factory is not None:
        return factory(), "manual factory"
    devices = ("meta", "cpu")
    if path.startswith("transformers/"):
        configs = transformers_configs(mod)
        for device in devices:
            for cfg in configs:
                extra = _required_after_config(cls, cfg)
                for _ in range(3):
                    try:
                        with torch.device(device):
                            shown = "".join(f", {k}={v!r}" for k, v in extra.items())
                            return cls(cfg, **extra).eval(), \
                                f"{cls.__name__}({type(cfg).__name__}(){shown}) on {device}"
                    except Exception as exc:  # noqa: BLE001
                        errors.append(f"{cls.__name__}({type(cfg).__name__}): {first_line(str(exc))[:100]}")
                        # Autoformer / Informer: "The `prediction_length` config needs to be specified."
                        needed = re.search(r"The `(\w+)` config needs to be specified", str(exc))
                        if needed is None or getattr(cfg, needed.group(1), None) is not None:
                            listed = _tuples_as_lists(cfg) if _TUPLE_TO_LIST in str(exc) else None
                            if listed is not None:
                                cfg = listed  # ConvNeXt V2's backbone: `[hidden_sizes[0]] + config.hidden_sizes`
                                continue
                            sized = _experts_sized(cfg) if "NoneType" in str(exc) else None
                            if sized is None and "NoneType" in str(exc):
                                sized = _head_dim_derived(cfg)  # HunYuan-VL: `self.head_dim**-0.5`
                            if sized is not None:
                                cfg = sized  # DiffusionGemma: `nn.Linear(hidden_size, num_experts)`, None by default
                                continue
                            given = _unset_setting_given(cfg, str(exc)) if isinstance(exc, AttributeError) else None
                            if given is None:
                                break
                            cfg = given
                            continue
                        try:  # the config derives other values from it in its `__init__` (`context_length`)
                            cfg = type(cfg)(**{needed.group(1): 4})
                        except Exception:  # noqa: BLE001
                            setattr(cfg, needed.group(1), 4)
        counterpart = _modeling_counterpart(mod, cls, path)
        if counterpart is not None:
            try:
                inst, how = _build_instance(_import(counterpart.__module__), counterpart,
                                            path.replace("/modular_", "/modeling_"))
                inst.__class__ = cls
                return inst, f"{how}, as its modular class {cls.__name__}"
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{counterpart.__name__} of modeling: {first_line(str(exc))[:100]}")
        from transformers import PreTrainedModel

        models = [v for v in vars(mod).values() if isinstance(v, type) and issubclass(v, PreTrainedModel)
                  and v.__module__ == mod.__name__]
        models.sort(key=lambda m: (not m.__name__.endswith("Model"), len(m.__name__)))
        try:
            paths = config_paths(Path(mod.__file__).read_text(encoding="utf-8"), cls.__name__)
        except (OSError, SyntaxError):
            paths = []
        # then configs set down the path that constructs the class (the default builds another branch)
        variants = [v for settings in paths for c in configs for v in [_config_variant(c, settings)] if v is not None]
        for device in devices:
            for m in models:
                for cfg in configs + variants:
                    if getattr(m, "config_class", None) not in (None, type(cfg)):
                        continue
                    held = _held_in(lambda: m(cfg), cls, device, f"{m.__name__}({type(cfg).__name__}())", errors)
                    if held is not None:
                        return held
    elif path.startswith("timm/"):
        import timm

        modshort = mod.__name__.rsplit(".", 1)[-1]
        names = timm.list_models(module=modshort)[:40]
        for device in devices:
            for n in names:
                held = _held_in(lambda: timm.create_model(n, pretrained=False), cls, device,
                                f"timm.create_model({n!r})", errors)
                if held is not None:
                    return held
    try:
        return cls().eval(), f"{cls.__name__}()"
    except Exception as exc:  # noqa: BLE001
        errors.append(f"{cls.__name__}(): {first_line(str(exc))[:100]}")
    sizes = _required_sizes(cls)
    if sizes:
        try:
            shown = ", ".join(f"{k}={v}" for k, v in sizes.items())
            return cls(**sizes).eval(), f"{cls.__name__}({shown})"
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{cls.__name__}(sizes): {first_line(str(exc))[:100]}")
    raise LookupError("cannot build an instance: " + " | ".join(errors[-4:]))


def _required_after_config(cls: type, cfg: Any) -> Dict[str, Any]:
    """Values for the required parameters of ``cls.__init__`` after the config that a default config cannot give
    positionally: a config attribute of the same name (``hidden_size``), or 0 for an index (``layer_idx``)."""
    import inspect

    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[2:]
    except (TypeError, ValueError):
        return {}
    extra: Dict[str, Any] = {}
    for p in params:
        if p.default is not inspect.Parameter.empty or p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            continue
        if hasattr(cfg, p.name):
            extra[p.name] = getattr(cfg, p.name)
        elif p.name.endswith(("_idx", "_id", "_index")):
            extra[p.name] = 0
        else:
            return {}  # a value only the caller knows: leave the call as it was
    return extra


_SIZE_NAME = re.compile(r"(^|_)(chs|channels|dim|dims|features|size|heads|planes|width|in|out|shape)$|^(num|n)_")


# required parameters of a layer's `__init__` that are no size, and a value any layer takes for them
_REQUIRED_NON_SIZES = {"eps": 1e-5, "layer_norm_eps": 1e-5, "dropout": 0.0, "dropout_rate": 0.0,
                       "attention_dropout": 0.0}


def _required_sizes(cls: type) -> Dict[str, Any]:
    """8 for each required parameter of ``cls.__init__`` when every one is named as a size (``channels``,
    ``in_chs``, ``dim``, ``num_heads``, ``normalized_shape``), or beside them an epsilon or a dropout rate
    (``_REQUIRED_NON_SIZES``: ZoeDepth's attention, I-BERT's ``IntLayerNorm``): timm's layers take them
    positionally and no config holds them."""
    import inspect

    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return {}
    required = [p for p in params if p.default is inspect.Parameter.empty
                and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if not required or not all(_SIZE_NAME.search(p.name) or p.name in _REQUIRED_NON_SIZES for p in required) \
            or all(p.name in _REQUIRED_NON_SIZES for p in required):
        return {}
    return {p.name: _REQUIRED_NON_SIZES.get(p.name, 8) for p in required}


def _modeling_counterpart(mod: Any, cls: type, path: str) -> Optional[type]:
    """For a class of transformers' ``modular_x.py``: the class of the same name in the generated ``modeling_x.py``.
    The converter expands the modular class into it with the same attributes and submodules, so an instance of it,
    moved to the modular class, compiles the modular file's methods (a modular file's classes inherit ``__init__``
    from other models, which read config fields the model's own config lacks)."""
    if "/modular_" not in path:
        return None
    try:
        generated = _import(mod.__name__.replace(".modular_", ".modeling_"))
    except Exception:  # noqa: BLE001
        return None
    other = getattr(generated, cls.__name__, None)
    return other if isinstance(other, type) and other is not cls else None


def _factory_spectral_norm() -> Any:
    import torch
    from torch.nn.utils.parametrizations import _SpectralNorm

    return _SpectralNorm(torch.randn(4, 3, 2)).eval()


def _factory_onnx_traced() -> Any:
    import torch
    from torch.jit._trace import ONNXTracedModule

    return ONNXTracedModule(torch.nn.Linear(2, 2)).eval()


def _factory_interpreter_module() -> Any:
    import torch
    from torch.export.unflatten import InterpreterModule

    gm = torch.fx.symbolic_trace(torch.nn.Linear(2, 2))
    return InterpreterModule(gm.graph).eval()


def _factory_zoedepth_multiple_heads() -> Any:
    import torch
    from transformers import ZoeDepthConfig
    from transformers.models.zoedepth.modeling_zoedepth import ZoeDepthMultipleMetricDepthEstimationHeads

    cfg = ZoeDepthConfig(bin_configurations=[
        {"name": "nyu", "n_bins": 64, "min_depth": 1e-3, "max_depth": 10.0},
        {"name": "kitti", "n_bins": 64, "min_depth": 1e-3, "max_depth": 80.0},
    ], num_patch_transformer_layers=1, patch_transformer_hidden_size=128, patch_transformer_intermediate_size=256,
        patch_transformer_num_attention_heads=4)
    with torch.device("meta"):
        return ZoeDepthMultipleMetricDepthEstimationHeads(cfg).eval()


MANUAL_FACTORIES = {
    "transformers.models.zoedepth.modeling_zoedepth:ZoeDepthMultipleMetricDepthEstimationHeads":
        _factory_zoedepth_multiple_heads,
    "torch.nn.utils.parametrizations:_SpectralNorm": _factory_spectral_norm,
    "torch.jit._trace:ONNXTracedModule": _factory_onnx_traced,
    "torch.export.unflatten:InterpreterModule": _factory_interpreter_module,
}
