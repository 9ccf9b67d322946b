"""Shared pytest fixtures for tests/python (keep this file small)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_PYTHON = Path(__file__).resolve().parent
REPO_ROOT = TESTS_PYTHON.parents[1]

# Helper modules (torch_harness.py, ...) live next to the tests; make them importable under any import mode.
if str(TESTS_PYTHON) not in sys.path:
    sys.path.insert(0, str(TESTS_PYTHON))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
