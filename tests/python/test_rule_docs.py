"""docs/rules/ is generated from the rules' own doc text and must not drift from it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_rule_pages_are_up_to_date():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_rule_has_a_page_with_its_error_text():
    from jitlint import _core

    for rule in _core.rules():
        page = (ROOT / "docs" / "rules" / f"{rule['code']}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {rule['code']} {rule['name']}\n")
        for alternative in rule["torch_error"].splitlines():
            assert alternative in page, (rule["code"], alternative)
