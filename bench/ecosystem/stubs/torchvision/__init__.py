"""A stand-in ``torchvision`` for the jitlint ecosystem benchmark (not the real package).

PyPI's torchvision wheels do not load beside the CPU ``torch==2.13.0`` the project pins (``operator torchvision::nms
does not exist``), and installing torchvision with its dependencies drags in another torch. timm needs only
``torchvision.ops.misc.FrozenBatchNorm2d`` to build models; everything else it imports at load time (transforms,
datasets, ``utils.save_image``) is for data loading and is given here as inert placeholders that raise when used.
``torchvision.models.feature_extraction`` is deliberately absent, so timm's FX helpers see an ImportError and
switch themselves off as they do without torchvision.

Put the folder holding this package (``bench/ecosystem/stubs``) on ``PYTHONPATH`` (``bench/ecosystem.py`` does).
"""

from ._placeholder import module_getattr

__version__ = "0.0.0+jitlint-stub"

__getattr__ = module_getattr(__name__)
