"""Shared pytest fixtures for tests/python (keep this file small)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

TESTS_PYTHON = Path(__file__).resolve().parent
REPO_ROOT = TESTS_PYTHON.parents[1]

# Helper modules (torch_harness.py, ...) live next to the tests; make them importable under any import mode.
if str(TESTS_PYTHON) not in sys.path:
    sys.path.insert(0, str(TESTS_PYTHON))


def pytest_configure(config):
    # jitlint keeps summaries of installed packages in ~/.cache: the tests never write into the user's home.
    # Each pytest process (each xdist worker too) makes its own and removes it when it ends (pytest_unconfigure):
    # left behind, hundreds of runs filled the disk of the machine CI runs on.
    config._jitlint_cache_home = tempfile.mkdtemp(prefix="jitlint-tests-cache-")
    os.environ["XDG_CACHE_HOME"] = config._jitlint_cache_home
    # `-n N` distributes tests one by one ("load"); "loadgroup" does the same but keeps the tests that share an
    # `xdist_group` mark on one worker, so the torch-backed fixture tests run one native-loader process per fixture
    # file (test_fix_fixtures.py). An explicit other --dist is left alone. Workers parse the original command
    # line, so they learn it from their workerinput (pytest_configure_node below) and then tag the grouped tests.
    config.addinivalue_line("markers", "xdist_group(name): run on one pytest-xdist worker with the rest of its group")
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        if getattr(config.option, "dist", "no") == "load":
            config.option.dist = "loadgroup"
    elif workerinput.get("jitlint_loadgroup"):
        config.option.loadgroup = True


def pytest_unconfigure(config):
    cache_home = getattr(config, "_jitlint_cache_home", None)
    if cache_home:
        shutil.rmtree(cache_home, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: no error when xdist is not installed
def pytest_configure_node(node):
    node.workerinput["jitlint_loadgroup"] = node.config.getvalue("dist") == "loadgroup"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
