"""Turn a rule's example (a table excerpt) into a real :class:`~jixiao.model.Form`.

Examples are read by the same reader users run, so an example is also a test of the
reading. The default header is a small, complete 2024 declaration; ``Example.header``
overrides fields (e.g. ``{"年度资金申请总额": "", "年度总体目标": ""}`` to leave them out).
"""

from __future__ import annotations

from functools import lru_cache

from ..api import parse
from ..model import Form
from .rule import Example

DEFAULT_HEADER = {
    "项目名称": "示例宣传项目",
    "主管部门": "某某委员会",
    "实施单位": "某某中心",
    "计划开始日期": "2024-01-01",
    "计划完成日期": "2024-12-31",
    "年度资金申请总额": "1,000,000.00",
    "其中：当年财政拨款": "1,000,000.00",
    "上年结转资金": "0.00",
    "其他资金": "0.00",
    "年度总体目标": "开展宣传活动，提升社会知晓度。",
}
TABLE_HEADER = "一级指标\t二级指标\t三级指标\t年度(/项目)指标值"


def example_text(example: Example) -> str:
    header = dict(DEFAULT_HEADER)
    header.update(example.header or {})
    lines = ["财政项目支出绩效目标申报表", str(header.pop("年度", "(2024年度)"))]
    heading = header.pop("表头", None)
    if heading:
        lines[0] = heading
    for label, value in header.items():
        if value != "":
            lines.append(f"{label}\t{value}")
    body = example.text.strip("\n")
    if "三级指标" not in body.split("\n", 1)[0]:
        lines.append(TABLE_HEADER)
    lines.append(body)
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=512)
def _form(text: str) -> Form:
    return parse(text.encode("utf-8"), name="example.txt").forms[0]


def form_of(example: Example) -> Form:
    return _form(example_text(example)).model_copy(deep=True)
