"""Inert placeholders for the torchvision names timm imports at load time but never uses to build models."""

from __future__ import annotations

from typing import Any


class Placeholder:
    """Any class or function of real torchvision: importable and subclassable, fails only when used."""

    _stub_name = "torchvision placeholder"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError(f"{self._stub_name} is a stand-in of the jitlint benchmark; real torchvision is not installed")

    def __init_subclass__(cls, **kwargs: Any) -> None:  # subclasses (timm's MaybeToTensor) stay inert too
        super().__init_subclass__(**kwargs)


def make(qualname: str) -> type:
    return type(qualname.rsplit(".", 1)[-1], (Placeholder,), {"_stub_name": qualname, "__module__": qualname.rsplit(".", 1)[0]})


def module_getattr(module_name: str):
    cache: dict = {}

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in cache:
            cache[name] = make(f"{module_name}.{name}")
        return cache[name]

    return __getattr__
