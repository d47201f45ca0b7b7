"""Generate ``docs/rules.md`` (the review rules reference) from the rule registry and the profiles.

    .venv/bin/python scripts/gen_rules_doc.py           # write docs/rules.md
    .venv/bin/python scripts/gen_rules_doc.py --check   # exit 1 when docs/rules.md is out of date

``tests/test_review_cli.py`` regenerates the text in memory and compares, so the
reference cannot drift from the rules: after changing a rule, run this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "rules.md"


def generate() -> str:
    from jixiao.review.report import rules_reference_markdown

    return rules_reference_markdown()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 when the file is out of date")
    ap.add_argument("--out", type=Path, default=TARGET, help=f"output file (default {TARGET.relative_to(ROOT)})")
    args = ap.parse_args()
    text = generate()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
        if current != text:
            print(f"{args.out} 已过期，请运行 scripts/gen_rules_doc.py / is out of date: regenerate it", file=sys.stderr)
            return 1
        print(f"{args.out} 是最新的 / is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    from jixiao.review import REGISTRY

    print(f"✓ {args.out}（{len(REGISTRY)} 条规则 / rules）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
