"""jitlint verify: the proof that a model reaches LibTorch (design.md section 7).

The only part of jitlint that imports torch, and only when `run` is called:

    from jitlint.verify import add_arguments, run   # no torch import
    add_arguments(subparser); ...; sys.exit(run(args))
"""

from .cli import add_arguments, main, run

__all__ = ["add_arguments", "main", "run"]
