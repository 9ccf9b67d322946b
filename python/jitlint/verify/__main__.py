"""`python -m jitlint.verify TARGET ...`: the same as `jitlint verify TARGET ...`."""

from .cli import main

raise SystemExit(main())
