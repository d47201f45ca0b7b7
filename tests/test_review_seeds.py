"""Reviewing the seeds gives exactly the hand-checked findings in tests/review_expected/.

The expected files were written by reading each printed form against the rule
definitions (not copied from the program); every difference is listed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from jixiao.review import load_profile, review_path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = sorted((ROOT / "tests" / "review_expected").glob("*.yaml"))


def _pairs(review) -> list[Counter]:
    out = []
    for form in review.forms:
        c: Counter = Counter()
        for f in form.findings:
            c[(f.code, "form" if f.indicator is None else f.line)] += 1
        out.append(c)
    return out


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem[:3] for p in EXPECTED])
def test_seed_review_matches_hand_checked_findings(path: Path) -> None:
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    review = review_path(ROOT / "examples" / f"{path.stem}.txt", load_profile("national-101"))
    got = _pairs(review)
    assert len(got) == len(expected)
    problems = []
    for entry, counter in zip(expected, got):
        want: Counter = Counter((code, where) for code, where in entry["findings"] or [])
        for key in sorted(set(want) | set(counter), key=str):
            if want[key] != counter[key]:
                problems.append(f"form {entry['form']} ({entry['project']}): {key[0]} at {key[1]}: expected {want[key]}, got {counter[key]}")
    assert not problems, "\n".join(problems)


def test_all_five_seeds_have_expected_findings() -> None:
    assert [p.stem[:3] for p in EXPECTED] == ["000", "001", "002", "003", "004"]
