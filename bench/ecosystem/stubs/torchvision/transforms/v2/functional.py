from ..._placeholder import module_getattr

__getattr__ = module_getattr(__name__)
