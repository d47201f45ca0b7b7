"""读取: what the reader had to guess is worth a reviewer's look."""

from __future__ import annotations

from ..rule import Context, Example, Rule, register


@register
class ReaderGuessed(Rule):
    code = "JX-P002"
    title = "读取时推断了表格结构"
    dimension = "读取"
    citation = "jixiao 读取规则（tests/golden/README.md）"
    severity = "info"
    description = "读取器在合并单元格、错位标签等处做了推断（见表单 warnings）；审核时请核对这些行的一级/二级指标。"
    fix = "核对原表；在原表中为每组指标完整填写一级、二级指标。"
    bad = [Example("\t\t宣传品制作成本\t≤10万元\n\t经济成本指标\t宣传投放成本\t≤20万元\n成本指标\t\t劳务成本\t≤5万元", "第一行没有印标签，取自下方")]
    good = [Example("成本指标\t经济成本指标\t宣传品制作成本\t≤10万元")]

    def check(self, ctx: Context) -> None:
        for w in ctx.form.warnings:
            ctx.report(f"读取时的提示（{w.code}）：{w.message}", field="warnings")
