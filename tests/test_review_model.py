"""The review's hot-path constructors build the same objects validation would."""

from jixiao.review.model import Finding, fast_construct
from jixiao.review.rule import Context, REGISTRY
from jixiao.review.examples import form_of
from jixiao.review.rule import Example


def test_fast_construct_equals_a_validated_finding():
    values = {"code": "JX-Q205", "severity": "warning", "message": "m", "rule": "r", "dimension": "细化量化", "form": 0,
              "project": "p", "indicator": 2, "indicator_name": "n", "field": None, "line": 7, "page": None, "cell": "D7",
              "fix": "f", "citation": "c"}
    fast = fast_construct(Finding, dict(values))
    assert fast == Finding(**values)
    assert fast.model_dump_json() == Finding(**values).model_dump_json()
    assert set(values) == set(Finding.model_fields)  # the helper is only correct when every field is given


def test_hits_finds_the_same_rows_as_a_scan_of_each_row():
    form = form_of(Example("效益指标\t社会效益指标\t财务制度有效性\t显著提升\n产出指标\t质量指标\t资料有效率\t有效\n"
                           "产出指标\t数量指标\t活动场次\t≥3场\n效益指标\t社会效益指标\t群众知晓度\t逐步提高、有所改善"))
    ctx = Context(form, 0, {}, "info", REGISTRY["JX-Q205"](), {})
    words, allowed = ["显著", "有效", "逐步", "有所"], ["有效性", "有效率"]
    assert ctx.texts("qualitative") == ["显著提升", "有效", "", "逐步提高、有所改善"]
    assert ctx.hits("qualitative", words, allowed) == {0: ["显著"], 1: ["有效"], 3: ["逐步", "有所"]}
    assert ctx.hits("core", words, allowed) == {}
    assert [r[0] for r in ctx.rows("quantitative")] == [2]
    assert [r[0] for r in ctx.rows("text")] == [0, 1, 3]
    assert [r[0] for r in ctx.rows("sub:数量指标")] == [2]


def test_hits_where_a_text_has_its_own_line_breaks():
    # a cell printed over several lines keeps its line breaks: rows are then found by their ends, not by counting
    form = form_of(Example("效益指标\t社会效益指标\t财务制度\t显著提升\n产出指标\t质量指标\t资料完整\t100%\n"
                           "效益指标\t社会效益指标\t群众知晓度\t逐步提高"))
    form.indicators[0].target.raw = "制度\n显著提升"
    form.indicators[1].target.raw = "第一行\n第二行\n有效"
    ctx = Context(form, 0, {}, "info", REGISTRY["JX-Q205"](), {})
    assert ctx.texts("target") == ["制度\n显著提升", "第一行\n第二行\n有效", "逐步提高"]
    assert ctx.hits("target", ["显著", "有效", "逐步"]) == {0: ["显著"], 1: ["有效"], 2: ["逐步"]}
    assert ctx.hits("target", ["第二行"]) == {1: ["第二行"]}
