"""No input, however malformed, makes the reader fail with anything but a ReadError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.errors import ReadError

SEEDS = [p.read_bytes() for p in sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))]


def _parse_or_read_error(data: bytes) -> None:
    try:
        doc = jixiao.parse(data, name="fuzz.txt")
    except ReadError as exc:
        assert exc.message.startswith("fuzz.txt：")
        return
    assert doc.forms  # a document is only returned with at least one form
    doc.to_json_dict()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    _parse_or_read_error(data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("\t\n \r项目名称一级指标二级三级值产出效益满意度≥≤=%万元（）()$\\：:0123456789|-#<p>"), max_size=600))
def test_form_like_text(text: str) -> None:
    _parse_or_read_error(text.encode("utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SEEDS) - 1), st.data())
def test_mutated_seeds(index: int, data: st.DataObject) -> None:
    """Seeds cut, with lines dropped, duplicated or shuffled locally, still read or fail cleanly."""
    lines = SEEDS[index].decode("utf-8").split("\n")
    ops = data.draw(st.lists(st.tuples(st.sampled_from(["drop", "dup", "swap", "cut", "tabs"]), st.integers(0, 10_000)), max_size=8))
    for op, k in ops:
        if not lines:
            break
        i = k % len(lines)
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "cut":
            lines = lines[:i]
        elif op == "tabs":
            lines[i] = lines[i].replace("\t", "\t\t")
    _parse_or_read_error("\n".join(lines).encode("utf-8"))
