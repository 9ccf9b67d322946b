"""``torchvision.transforms.v2``: transformers' image processors import it at load time (never to build models)."""

from ..._placeholder import module_getattr
from . import functional  # noqa: F401

__getattr__ = module_getattr(__name__)
