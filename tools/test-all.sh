#!/usr/bin/env bash
# Every jitlint test, C++ and Python, from a clean clone: `bash tools/test-all.sh` (also what .ci/run runs).
#
#   1. system packages: Debian's catch2 (v2) and neovim (LSP editor test), installed with apt if missing;
#   2. Python packages: torch==2.13.0 (CPU wheel) + requirements-dev.txt + pytorch-lightning (--no-deps);
#   3. C++: configure/build build/ctest with the Catch2 tests and the native LibTorch loader, run ctest;
#   4. Python: editable install of jitlint (build dir build/py), run pytest against it.
#
# Knobs (environment): PYTHON (default python3), JOBS (default: number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PYTHON="${PYTHON:-python3}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Never let any pip resolve torch on its own (an unpinned torch pulls GBs of CUDA, 2.14 breaks TorchScript).
# Do not export PIP_BUILD_CONSTRAINT: newer pips reject it together with --no-build-isolation (step 4).
export PIP_CONSTRAINT="$ROOT/constraints.txt"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1
export DEBIAN_FRONTEND=noninteractive

SECONDS=0
step() { printf '\n==> [%3ds] %s\n' "$SECONDS" "$*"; }

# --- 1. Catch2 v2, and Neovim (the language server's real-editor test, tests/python/test_lsp_neovim.py) -----------
MISSING=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in catch2 neovim; do
    dpkg -s "$pkg" >/dev/null 2>&1 || MISSING+=("$pkg")
  done
fi
if [ "${#MISSING[@]}" -gt 0 ]; then
  step "installing Debian packages ${MISSING[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi

# --- 2. Python packages --------------------------------------------------------------------------------------------
step "installing Python packages (torch==2.13.0, requirements-dev.txt, pytorch-lightning)"
"$PYTHON" -m pip install -q "torch==2.13.0" -r requirements-dev.txt
# pytorch-lightning for the verify tests of a LightningModule (scripted with its own to_torchscript). --no-deps:
# its requirements name torch (and fsspec[http] pulls aiohttp & co); a resolver must never pick torch, so only
# the packages `import pytorch_lightning` needs beyond torch and requirements-dev are listed, pinned.
"$PYTHON" -m pip install -q --no-deps "pytorch-lightning==2.6.6" "lightning-utilities==0.15.3" \
  "torchmetrics==1.9.0" "tqdm==4.70.1" "PyYAML==6.0.3"
# The interpreter's real path (not a pyenv shim), so CMake and the tests all see the same Python and torch.
PY_EXE="$("$PYTHON" -c 'import sys; print(sys.executable)')"
# Console scripts of that interpreter (the editable `jitlint`) come first on PATH for the end-to-end tests.
PY_SCRIPTS="$("$PY_EXE" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
export PATH="$PY_SCRIPTS:$PATH"

# --- 3. C++ build and Catch2 tests -------------------------------------------------------------------------------
step "configuring build/ctest (tests + native loader)"
cmake -S . -B build/ctest -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DJITLINT_BUILD_TESTS=ON \
  -DJITLINT_VERIFIER=ON \
  -DPython_EXECUTABLE="$PY_EXE"
step "building build/ctest"
cmake --build build/ctest -j "$JOBS"
step "running ctest"
# A failing C++ test does not stop the Python tests: CI should report both; the exit status still fails below.
ctest_rc=0
ctest --test-dir build/ctest --output-on-failure -j "$JOBS" --no-tests=error || ctest_rc=$?

# --- 4. Python package and pytest --------------------------------------------------------------------------------
# Editable, non-isolated (uses the tools from step 2), fixed build dir so re-runs rebuild incrementally.
step "installing jitlint (editable, build dir build/py)"
"$PY_EXE" -m pip install -q --no-build-isolation -Cbuild-dir=build/py -e .
if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
"$PY_EXE" -c 'import jitlint._core' || { echo "error: jitlint._core does not import after install" >&2; exit 1; }
command -v jitlint >/dev/null || { echo "error: the jitlint console script is not on PATH" >&2; exit 1; }

step "running pytest"
export JITLINT_LOADER="$ROOT/build/ctest/jitlint-loader"
pytest_rc=0
"$PY_EXE" -m pytest -q -n "$JOBS" tests/python || pytest_rc=$?
if [ "$pytest_rc" -eq 5 ]; then
  echo "error: pytest collected no tests (exit 5)" >&2
fi

if [ "$ctest_rc" -ne 0 ] || [ "$pytest_rc" -ne 0 ]; then
  step "FAILED: ctest exit $ctest_rc, pytest exit $pytest_rc"
  exit 1
fi
step "all tests passed"
