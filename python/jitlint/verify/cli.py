"""`jitlint verify` arguments and entry point. Importing this module does not import torch."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import warnings

from .report import EXIT_ERROR


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of runs, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 run, got {value}")
    return value


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got '{text}'") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected a tolerance >= 0, got {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add verify's arguments to a (sub)parser."""
    parser.add_argument(
        "target",
        metavar="TARGET",
        help="FILE.py:factory or package.module:factory; the factory returns an nn.Module or (module, inputs)",
    )
    parser.add_argument(
        "--inputs",
        metavar="CALLABLE",
        help="FILE.py:callable or package.module:callable returning the example inputs "
        "(a tuple is forward's positional arguments; anything else its only argument)",
    )
    parser.add_argument("--fix", action="store_true", help="verify a copy of the sources with jitlint's fixes applied")
    parser.add_argument("--unsafe-fixes", action="store_true", help="with --fix, also apply unsafe fixes")
    parser.add_argument("--atol", type=_tolerance, help="absolute tolerance of the comparison (default: torch's)")
    parser.add_argument("--rtol", type=_tolerance, help="relative tolerance of the comparison (default: torch's)")
    parser.add_argument(
        "--bench",
        action="store_true",
        help="also report the median latency of eager Python and of the native LibTorch loader, side by side",
    )
    parser.add_argument(
        "--runs", type=_positive_int, default=100, metavar="N", help="forward runs timed by --bench (default 100)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of step lines")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder with model.pt, inputs.pt and outputs.pt"
    )


def run(args: argparse.Namespace) -> int:
    """Run verify; returns the exit code (0 verified, 1 a step failed, 2 bad target or environment)."""
    try:
        # Only verify imports torch. torch warns about its environment as it loads ("Failed to initialize NumPy"
        # in a virtual environment without numpy): verify's own lines are the only ones it prints.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            importlib.import_module("torch")
    except ImportError as exc:
        print(f"jitlint: error: verify needs torch ({exc}); install torch first", file=sys.stderr)
        return EXIT_ERROR
    from .driver import Options, verify

    options = Options(
        target=args.target,
        inputs=args.inputs,
        fix=args.fix,
        unsafe_fixes=getattr(args, "unsafe_fixes", False),
        atol=args.atol,
        rtol=args.rtol,
        bench=getattr(args, "runs", 100) if args.bench else None,
        keep=getattr(args, "keep", False),
    )
    if args.json:
        real_stdout = sys.stdout
        # The user's code may print: keep stdout for the JSON object alone.
        with contextlib.redirect_stdout(sys.stderr):
            report = verify(options, stream=None)
        report.print_json(real_stdout)
        if report.error is not None:
            print(f"jitlint: error: {report.error}", file=sys.stderr)
        return report.exit_code
    report = verify(options, stream=sys.stdout)
    if report.error is not None:
        print(f"jitlint: error: {report.error}", file=sys.stderr)
    else:
        print(report.summary(), flush=True)
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="jitlint verify",
        description="Prove that a model scripts, saves, loads in LibTorch without Python and matches eager.",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except BrokenPipeError:  # `python -m jitlint.verify ... | head`: stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
