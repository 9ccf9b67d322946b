"""Find or build the native loader (``loader.cpp``) for the installed torch.

Resolution order:

1. ``JITLINT_LOADER`` in the environment: the path of a ready ``jitlint-loader`` (CI builds it with CMake);
2. a cached build for this torch under ``$XDG_CACHE_HOME/jitlint/loader/torch-<version>-<key>/``
   (``~/.cache`` when ``XDG_CACHE_HOME`` is unset); ``<key>`` hashes the loader source, the torch library
   folder (the binary's rpath points there) and the compile flags, so a torch upgrade or a second environment
   gets its own build;
3. build it there with ``torch.utils.cpp_extension.load(..., is_standalone=True, is_python_module=False)``
   (a plain executable linked to libc10/libtorch_cpu/libtorch only: no Python in its process).

Builds hold an exclusive ``flock`` on ``<cache>/loader/<dir>.lock``, so concurrent verifies build once and the
others wait, and a build is only used once its ``jitlint-loader.ok`` stamp exists.

Run ``python -m jitlint.verify.build`` to build (or find) the loader and print its path.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

LOADER_SOURCE = Path(__file__).with_name("loader.cpp")
ENV_VAR = "JITLINT_LOADER"
BUILD_NAME = "jitlint_loader"  # cpp_extension names the executable after this
EXTRA_CFLAGS = ("-O2",)
STAMP = "jitlint-loader.ok"


class LoaderError(Exception):
    """The loader cannot be found or built; the message is one line for the user."""


@dataclass(frozen=True)
class Loader:
    path: Path
    origin: str  # "env" (JITLINT_LOADER), "cache" (an earlier build) or "built" (built just now)
    build_seconds: float | None = None

    def describe(self) -> str:
        if self.origin == "env":
            return f"{ENV_VAR}={self.path}"
        if self.origin == "cache":
            return f"cached build {self.path}"
        return f"built in {self.build_seconds:.1f} s: {self.path}"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "jitlint" / "loader"


def _torch_lib_dir() -> str:
    import torch

    return str(Path(torch.__file__).resolve().parent / "lib")


def build_key(torch_version: str, torch_lib: str, source: bytes) -> str:
    h = hashlib.sha256()
    for part in (source, torch_version.encode(), torch_lib.encode(), " ".join(EXTRA_CFLAGS).encode()):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()[:16]


def build_dir_for(torch_version: str, torch_lib: str, source: bytes) -> Path:
    safe_version = "".join(c if c.isalnum() or c in ".+-_" else "_" for c in torch_version)
    return cache_root() / f"torch-{safe_version}-{build_key(torch_version, torch_lib, source)}"


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _from_env() -> Loader | None:
    value = os.environ.get(ENV_VAR)
    if not value:
        return None
    path = Path(value).expanduser()
    if not _executable(path):
        raise LoaderError(f"{ENV_VAR}={value}: not an executable file")
    return Loader(path.resolve(), "env")


def _cached(build_dir: Path) -> Loader | None:
    exe = build_dir / BUILD_NAME
    if (build_dir / STAMP).is_file() and _executable(exe):
        return Loader(exe, "cache")
    return None


def _check_tools() -> None:
    from torch.utils import cpp_extension

    compiler = os.environ.get("CXX", "c++")
    if shutil.which(compiler) is None and shutil.which("g++") is None:
        raise LoaderError(
            f"building the native loader needs a C++ compiler ({compiler} or g++ not found); "
            f"install g++ or set {ENV_VAR} to a built jitlint-loader"
        )
    if not cpp_extension.is_ninja_available():
        raise LoaderError(
            f"building the native loader needs ninja (not found); `pip install ninja` or set {ENV_VAR}"
        )


@contextlib.contextmanager
def _locked(lock_path: Path):
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (cpp_extension's own lock file still guards the build folder)
        yield
        return

    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _summary(text: str) -> str:
    """The compiler's first error line, else the last line of the output."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "error:" in line.lower():
            return line
    return lines[-1] if lines else "no output"


def _build(build_dir: Path) -> Loader:
    from torch.utils import cpp_extension

    _check_tools()
    build_dir.mkdir(parents=True, exist_ok=True)
    # cpp_extension guards its build folder with a `lock` file it never removes when killed, and then waits on
    # it forever. We hold the flock for this folder, so any such file is stale.
    with contextlib.suppress(FileNotFoundError):
        (build_dir / "lock").unlink()
    (build_dir / STAMP).unlink(missing_ok=True)
    start = time.perf_counter()
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            exe = cpp_extension.load(
                name=BUILD_NAME,
                sources=[str(LOADER_SOURCE)],
                extra_cflags=list(EXTRA_CFLAGS),
                build_directory=str(build_dir),
                is_python_module=False,
                is_standalone=True,
                verbose=False,
            )
    except Exception as exc:  # cpp_extension raises RuntimeError/CalledProcessError with the compiler output
        detail = _summary(f"{exc}\n{captured.getvalue()}")
        raise LoaderError(f"building the native loader in {build_dir} failed: {detail}") from None
    seconds = time.perf_counter() - start
    exe_path = Path(exe) if exe else build_dir / BUILD_NAME
    if not _executable(exe_path):
        raise LoaderError(f"building the native loader produced no executable in {build_dir}")
    import torch

    (build_dir / STAMP).write_text(f"torch {torch.__version__}\nsource {LOADER_SOURCE}\nseconds {seconds:.1f}\n")
    return Loader(exe_path, "built", seconds)


def resolve_loader(*, build: bool = True) -> Loader:
    """Return the loader to use, building it if needed (and allowed). Raises LoaderError."""
    from_env = _from_env()
    if from_env is not None:
        return from_env
    try:
        import torch
    except ImportError:
        raise LoaderError("the native loader needs torch, which is not installed") from None
    if not LOADER_SOURCE.is_file():
        raise LoaderError(f"{LOADER_SOURCE}: loader source missing from the installation")
    build_dir = build_dir_for(torch.__version__, _torch_lib_dir(), LOADER_SOURCE.read_bytes())
    cached = _cached(build_dir)
    if cached is not None:
        return cached
    if not build:
        raise LoaderError(f"no native loader built for torch {torch.__version__} in {build_dir}")
    try:
        lock = build_dir.with_name(build_dir.name + ".lock")
        with _locked(lock):
            cached = _cached(build_dir)  # another verify may have built it while we waited
            if cached is not None:
                return cached
            return _build(build_dir)
    except OSError as exc:
        raise LoaderError(f"cannot build the native loader in {build_dir}: {exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print("usage: python -m jitlint.verify.build   (find or build the native loader, print its path)")
        return 0
    try:
        with warnings.catch_warnings():  # torch's import-time warnings ("Failed to initialize NumPy") stay off stderr
            warnings.simplefilter("ignore")
            loader = resolve_loader()
    except LoaderError as exc:
        print(f"jitlint: error: {exc}", file=sys.stderr)
        return 2
    print(loader.path)
    print(loader.describe(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
