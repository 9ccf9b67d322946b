from .._placeholder import module_getattr
from . import functional  # noqa: F401
from .functional import InterpolationMode  # noqa: F401  (transformers.image_utils imports it from here)

__getattr__ = module_getattr(__name__)
