"""``python -m jitlint`` and the ``jitlint`` console script (``jitlint.__main__:main``)."""

from __future__ import annotations

import sys


def main() -> int:
    from jitlint.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
