"""Shared vocabulary for rules: citations, words, units, directions."""

from __future__ import annotations

import re

from ...model import Indicator, Value

# short names of the source documents (domain.md): cite them by these
C88 = "财政部《中央部门预算绩效目标管理办法》财预〔2015〕88号"
C10 = "财政部《项目支出绩效评价管理办法》财预〔2020〕10号"
C101 = "财政部《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》财预〔2021〕101号"

INTEGER_UNITS = {"个", "次", "人", "人次", "场", "篇", "篇次", "册", "套", "项", "份", "期", "部", "本", "件", "条", "家", "户", "所", "批", "名", "座", "台", "辆", "处", "场次", "万人次"}
MONEY_UNITS = {"元": 1.0, "万元": 10000.0, "亿元": 100000000.0, "千元": 1000.0}
NEGATIVE_WORDS = re.compile(r"成本|费用|投诉|事故|故障|差错|失误|违规|损失|超支|逾期|延误|响应时间|处理时间|时长|等待|污染|排放|浓度|能耗|发生率|发生数")
POSITIVE_RATE = re.compile(r"完成率|覆盖率|满意度|合格率|达标率|到位率|及时率|知晓率|参与率|通过率|优良率|准确率|普及率")


def is_quantitative(v: Value | None) -> bool:
    return v is not None and v.op is not None


def direction(ind: Indicator) -> str | None:
    """'negative' when the name says lower is better (成本, 投诉, 故障率 …), 'positive' for rates to be high."""
    name = ind.name
    if NEGATIVE_WORDS.search(name):
        return "negative"
    if POSITIVE_RATE.search(name):
        return "positive"
    return None


def yuan(value: float, unit: str | None) -> float | None:
    """An amount in 元 for a money unit, else None."""
    if unit in MONEY_UNITS:
        return value * MONEY_UNITS[unit]
    return None
