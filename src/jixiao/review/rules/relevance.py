"""相关性: the indicators measure this project's outputs and effects, in the right category.

88号 asks whether the targets relate to the project (相关性) and 101号 says the inputs of
money, people and things are not performance targets. These rules flag generic boilerplate,
input/process indicators, outcome wording filed as output and output counts filed as outcome,
duplicated rows, indicators unrelated to the project, legacy category names and misplaced
satisfaction indicators. Matching is by word lists kept in params, so a profile can extend them.
"""

from __future__ import annotations

import re

from ..rule import Context, Example, NotEvaluable, Rule, register
from ._util import C88, C101, INTEGER_UNITS, matchers_for, name_core, norm_name
from .quantification import PROCESS_WORDS, shown

RELEVANCE = f"{C88}：绩效目标审核·相关性——绩效目标与指标应与部门职能、项目内容和预算资金相关联，能反映项目的产出和效果"
INPUTS = f"{C101}：财力、人力和物力等投入数量不能作为绩效目标；绩效指标反映产出、效益、满意度和成本"
CATEGORIES = f"{C101}：一级指标为产出指标、效益指标、满意度指标和成本指标，其下设相应二级指标"

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")

_RESOLVED: dict[int, tuple[object, object, frozenset[str]]] = {}


def _resolved(words, how) -> frozenset[str]:
    """``{how(w) for w in words}`` for a word list (or the keys of a mapping) of a profile, computed once per list."""
    hit = _RESOLVED.get(id(words))
    if hit is None or hit[0] is not words or hit[1] is not how:
        hit = _RESOLVED[id(words)] = (words, how, frozenset(how(w) for w in words))
    return hit[2]


def _same(word: str) -> str:
    return word


@register
class Boilerplate(Rule):
    code = "JX-R301"
    title = "通用套话指标"
    dimension = "相关性"
    citation = RELEVANCE
    severity = "warning"
    description = ("「工作完成率」「项目顺利实施」之类的指标放进任何项目都成立，说明不了本项目提供了什么。"
                   "名称（去掉空格和括注）与 `boilerplate` 中的某项完全相同时报告。")
    fix = "换成本项目特有的产出或效果，如「工作完成率」改为「《上海手册》印刷数量」「案例征集数量」。"
    params = {"boilerplate": ["工作完成率", "任务完成率", "工作任务完成率", "项目完成率", "项目计划完成率", "计划完成率",
                              "目标完成率", "项目顺利实施", "项目实施进度", "工作目标完成", "完成全年工作目标",
                              "完成年度工作目标", "年度目标完成率", "按时完成任务", "按目标任务完成", "按时完成工作任务",
                              "工作完成及时率", "任务完成及时率", "项目完成及时率", "项目按时完成率", "项目完成质量",
                              "工作完成质量", "项目效益", "社会效益", "经济效益"]}
    bad = [Example("产出指标\t数量指标\t工作完成率\t=100%"), Example("产出指标\t质量指标\t项目计划完成率(%)\t=100%")]
    good = [Example("产出指标\t数量指标\t公益活动举办次数\t≥3场\n产出指标\t质量指标\t宣传品验收合格率\t=100%")]

    def check(self, ctx: Context) -> None:
        listed = _resolved(ctx.params["boilerplate"], name_core)
        cores = ctx.texts("core")
        if listed.isdisjoint(cores):
            return  # the common case
        for i, ind in ctx.indicators():
            if cores[i] in listed:
                ctx.report(f"「{ind.name}」是通用套话指标，不反映本项目的具体产出或效果", indicator=i)


@register
class InputProcess(Rule):
    code = "JX-R302"
    title = "投入/过程指标不应作为绩效指标"
    dimension = "相关性"
    citation = INPUTS
    severity = "warning"
    description = ("资金到位、预算执行、财务与合同管理、制度健全、人员和设备到位是投入和过程管理，是实施项目的前提，"
                   "不是项目的产出或效果（101号：投入数量不能作为绩效目标）。名称含 `process_words` 中的词时报告；"
                   "旧版「投入与管理」类目下的这类指标也在此报告。")
    fix = "删去投入、过程管理类指标（预算执行由财政另行考核），改设反映本项目产出、效益的指标。"
    params = {"process_words": list(PROCESS_WORDS)}
    bad = [Example("产出指标\t质量指标\t资金到位率\t=100%"), Example("效益指标\t可持续影响指标\t财务管理制度健全性\t健全")]
    good = [Example("产出指标\t数量指标\t宣传品制作数量\t≥500套\n产出指标\t质量指标\t宣传品验收合格率\t=100%")]

    def check(self, ctx: Context) -> None:
        inds = ctx.form.indicators
        for i, found in ctx.hits("core", ctx.params["process_words"]).items():
            ctx.report(f"「{inds[i].name}」是投入或过程管理指标（{found[0]}），不反映项目的产出或效果", indicator=i)


@register
class OutcomeInOutput(Rule):
    code = "JX-R303"
    title = "产出指标中出现效果表述"
    dimension = "相关性"
    citation = RELEVANCE
    severity = "info"
    description = ("产出指标说明提供了什么、多少、多好、多快；提升、改善、促进、影响力、知晓度、认可度是效果，应列在效益指标"
                   "（满意、认可的程度列在满意度指标）。一级指标为产出指标、名称或文字指标值含 `outcome_words` 时报告"
                   "（`allowed` 中的词组如「提升改造」是产出，不报告；名称含满意度的由 JX-R308 报告）。")
    fix = "把效果类指标移到效益指标下并量化（如「社会知晓率 ≥60%」）；产出指标只写数量、质量、时效。"
    params = {"outcome_words": ["提升", "提高", "改善", "促进", "增强", "影响力", "知晓度", "知晓率", "认可度", "关注度",
                                "美誉度", "满意", "效益", "效果"],
              "allowed": ["提升改造", "改造提升", "提质改造", "改善工程"]}
    bad = [Example("产出指标\t质量指标\t领导干部新闻素养\t提升"),
           Example("产出指标\t质量指标\t银鸽奖社会认可度\t≥80%")]
    good = [Example("产出指标\t质量指标\t培训考核合格率\t≥95%\n产出指标\t数量指标\t报告厅设备提升改造\t=1项\n"
                    "效益指标\t社会效益指标\t银鸽奖社会认可度\t≥80%")]

    def check(self, ctx: Context) -> None:
        outputs = ctx.rows("cat:产出指标")
        words = matchers_for(ctx.params["outcome_words"], ctx.params["allowed"])
        if not outputs or words.words is None:
            return
        names, values = ctx.texts("core"), ctx.texts("qualitative")
        # words.find(text) is empty unless a listed word is in the text: one search over all the names and values first
        if not words.words.search("\n".join([names[i] for i, _, _ in outputs] + [values[i] for i, _, _ in outputs])):
            return  # the common case
        for i, ind, _ in outputs:
            in_name, in_value = words.find(names[i]), words.find(values[i])
            if not (in_name or in_value):
                continue
            name_words = [w for w in in_name if "满意" not in w]
            t = ind.target
            found = list(dict.fromkeys(name_words + in_value))
            if found:
                where = "名称" if name_words else "指标值"
                ctx.report(f"产出指标「{ind.name}」（指标值「{shown(t.raw) if t else ''}」）的{where}是效果表述（{'、'.join(found)}），"
                           "应列为效益指标", indicator=i)


@register
class OutputInOutcome(Rule):
    code = "JX-R304"
    title = "效益指标中出现产出数量"
    dimension = "相关性"
    citation = RELEVANCE
    severity = "info"
    description = ("效益指标说明产出带来的效果（受益人数、阅读量、知晓率）；举办了几次活动、制作了几个产品是产出数量，"
                   "应列在产出指标的数量指标下。一级指标为效益指标、指标值是整数计量单位（次、场、篇、个 …）的数值、"
                   "名称含 `count_words`（数量、次数、场次、开展、举办 …）而不含 `reach_words`（转载、阅读、观看、覆盖、"
                   "参与、受益 …，这些是效果）时报告。")
    fix = "把这类指标移到产出指标/数量指标下；效益指标改写产出带来的效果，如「活动覆盖人次」「理念知晓率」。"
    params = {"count_words": ["数量", "次数", "场次", "场数", "篇数", "期数", "个数", "部数", "册数", "发稿", "举办", "开展",
                              "召开", "制作", "印刷", "发放", "编制", "出版", "活动数"],
              "reach_words": ["转载", "阅读", "观看", "浏览", "访问", "点击", "播放", "覆盖", "参与", "受益", "受众", "到达",
                              "触达", "关注", "引用", "采用", "被"]}
    bad = [Example("效益指标\t经济效益指标\t主题活动开展次数\t≥1次")]
    good = [Example("产出指标\t数量指标\t主题活动开展次数\t≥1次\n效益指标\t社会效益指标\t新媒体内容被转载次数\t≥20次\n"
                    "效益指标\t社会效益指标\t活动参与人数\t≥1000人")]

    def check(self, ctx: Context) -> None:
        outcomes = ctx.rows("cat:效益指标")
        if not outcomes:
            return
        counts = reach = None
        cores, targets = ctx.texts("core"), ctx.target_fields  # targets[i] is ind.target's fields
        for i, ind, _ in outcomes:
            t = targets[i]
            if t is None or t["op"] not in (">=", ">", "=", "between") or t["unit"] not in INTEGER_UNITS:
                continue
            if counts is None:
                counts, reach = matchers_for(ctx.params["count_words"]), matchers_for(ctx.params["reach_words"])
            name = cores[i]
            if counts.find(name) and not reach.find(name):
                ctx.report(f"效益指标「{ind.name}」（{shown(t['raw'])}）统计的是产出数量，应列为产出指标/数量指标", indicator=i)


@register
class Duplicate(Rule):
    code = "JX-R305"
    title = "指标重复"
    dimension = "相关性"
    citation = RELEVANCE
    severity = "warning"
    description = ("同一张表中同名指标出现两次，重复计分或相互矛盾。名称（去掉空格和括注）相同的第二行起报告，指出首次出现的行。"
                   "名称和指标值都相同、相距不远的行是重复打印的区块，读取时已只保留一次（读取提示见 JX-P002），这里不再报告。")
    fix = "删去重复的指标，或在名称中写明各自考核的对象以示区别。"
    bad = [Example("效益指标\t社会效益指标\t城市可持续发展理念传播成效\t≥60%\n效益指标\t可持续影响指标\t城市可持续发展理念传播成效\t效果明显",
                   "同名指标，两个不同的指标值")]
    good = [Example("效益指标\t社会效益指标\t城市可持续发展理念知晓率\t≥60%\n效益指标\t可持续影响指标\t城市可持续发展理念传播人次\t≥1000人次")]

    def check(self, ctx: Context) -> None:
        cores = ctx.texts("core")
        if len(set(cores)) == len(cores):
            return  # every name differs (the common case)
        seen: dict[str, int] = {}
        for i, key in enumerate(cores):
            if not key:
                continue
            if key in seen:
                j = seen[key]
                ind, first = ctx.form.indicators[i], ctx.form.indicators[j]
                ctx.report(f"「{ind.name}」与第{j + 1}行（{first.subcategory or first.category or ''}，"
                           f"「{first.target.raw if first.target else ''}」）重复", indicator=i)
            else:
                seen[key] = i


_PROJECT_TEXT_LABELS = ("目标", "概况", "内容", "预期")
_PROJECT_TEXT_LABEL = re.compile("|".join(map(re.escape, _PROJECT_TEXT_LABELS)))


@register
class Unrelated(Rule):
    code = "JX-R306"
    title = "指标与项目名称、年度目标无关联"
    dimension = "相关性"
    citation = RELEVANCE
    severity = "info"
    description = ("绩效指标应是项目名称和年度目标的分解。项目名称、年度（或总体）目标连同表头的目标、概况栏合起来，"
                   "与全部指标名称没有一个共同的两字词（`stop_terms` 中的通用词如项目、工作、完成、满意除外）时报告，"
                   "每张表至多一条。做法保守：只要有一个指标沾边就不报告。没有目标文字时不评价。")
    fix = "按年度目标逐项设置指标，使每项主要任务都有对应的产出和效果指标；核对是否误用了其他项目的指标表。"
    params = {"stop_terms": ["项目", "工作", "完成", "开展", "实施", "提升", "提高", "促进", "推进", "推动", "年度", "全年",
                             "管理", "服务", "建设", "情况", "数量", "次数", "人数", "人次", "满意", "意度", "成本", "费用",
                             "资金", "预算", "质量", "及时", "时率", "成率", "合格", "格率", "达标", "标率", "社会", "效益",
                             "指标", "控制", "规范", "范性", "合规", "规性", "按时", "有效", "效性", "计划", "目标", "相关",
                             "发展", "参与", "人员", "单位", "部门", "覆盖", "水平", "能力", "保障", "各类", "相应", "进一",
                             "一步", "确保", "加强", "进行", "通过", "做好", "根据", "要求", "按照"]}
    bad = [Example("产出指标\t数量指标\t道路养护里程\t≥120公里\n效益指标\t社会效益指标\t路面完好率\t≥95%",
                   "宣传项目的表里全是道路养护指标")]
    good = [Example("产出指标\t数量指标\t宣传活动举办次数\t≥3场\n效益指标\t社会效益指标\t社会知晓率\t≥60%")]

    def check(self, ctx: Context) -> None:
        form = ctx.form
        project, goals = form.project.__dict__, form.goals.__dict__  # (the fields, without pydantic's attribute hook)
        texts = [project["name"] or "", goals["annual"] or "", goals["overall"] or ""]
        goal_texts = [t for t in texts[1:] if t.strip()]
        extra = project["extra"]
        if extra:
            goal_texts += [v for k, v in extra.items() if v and _PROJECT_TEXT_LABEL.search(k)]
        if not goal_texts:
            raise NotEvaluable("表上没有年度目标或总体目标 / no goal printed")
        fields = ctx.row_fields  # each row's fields
        if not fields:
            raise NotEvaluable("表中没有指标 / no indicators")
        corpus = norm_name("".join(texts[:1] + goal_texts))
        stop = _resolved(ctx.params["stop_terms"], _same)
        for f in fields:
            for run in _CJK_RUN.findall(f["name"] or ""):
                for k in range(len(run) - 1):
                    term = run[k:k + 2]
                    if term not in stop and term in corpus:
                        return
        ctx.report(f"全部{len(form.indicators)}个指标与项目名称「{form.project.name or ''}」、年度目标没有共同的关键词，"
                   "指标可能与本项目无关", field="indicators")


_LEGACY = {"投入与管理": "", "产出目标": "产出指标", "效果目标": "效益指标", "效益目标": "效益指标", "影响力目标": "",
           "完成指标": "产出指标", "满意度目标": "满意度指标", "成本目标": "成本指标"}


@register
class LegacyCategory(Rule):
    code = "JX-R307"
    title = "使用旧版指标类目"
    dimension = "相关性"
    citation = CATEGORIES
    severity = "info"
    description = ("现行一级指标是产出、效益、满意度、成本指标。一级指标印的是旧版名称（`legacy`：投入与管理、产出目标、"
                   "效果目标、影响力目标、完成指标 …）时，每个名称报告一次（落在该名称的第一行），读取时已按对应关系归类；"
                   "二级指标印「环境效益」（现为生态效益指标）的同样报告。投入与管理、影响力目标没有现行对应类目。")
    fix = "按现行指标体系改写类目：产出目标→产出指标，效果目标→效益指标（满意度另列满意度指标），环境效益→生态效益指标；"  \
          "投入与管理类指标删去，影响力目标下的指标按内容归入效益指标。"
    params = {"legacy": dict(_LEGACY), "legacy_level2": {"环境效益": "生态效益指标", "环境效益指标": "生态效益指标"}}
    bad = [Example("产出目标\t数量指标\t宣传品发放\t≥5000册\n效果目标\t社会效益指标\t社会知晓度提高率\t≥20%",
                   "2020年上海旧版类目", header={"年度": "(2020年度)"})]
    good = [Example("产出指标\t数量指标\t宣传品发放\t≥5000册\n效益指标\t生态效益指标\t宣传品可降解材料使用率\t≥80%")]

    def check(self, ctx: Context) -> None:
        for level, mapping, source in (("一级", ctx.params["legacy"], "level1"), ("二级", ctx.params["legacy_level2"], "level2")):
            if _resolved(mapping, _same).isdisjoint(map(norm_name, ctx.labels(source))):
                continue  # the common case: the few distinct labels are all current
            labels = ctx.texts(source)
            seen: set[str] = set()
            for i, label in enumerate(labels):
                if label not in mapping or label in seen:
                    continue
                seen.add(label)
                now = mapping[label]
                target = f"现行类目为「{now}」" if now else "现行指标体系中没有对应类目"
                n = labels.count(label)
                ctx.report(f"{level}指标「{label}」（{n}个指标）是旧版类目，{target}", indicator=i)


@register
class SatisfactionMisplaced(Rule):
    code = "JX-R308"
    title = "满意度指标归类不当"
    dimension = "相关性"
    citation = CATEGORIES
    severity = "info"
    description = ("满意度指标单列为一级指标。名称含满意度的指标列在其他一级指标（效益、成本、影响力 …）下，或一级指标为"
                   "满意度指标的行名称与满意、认可无关（`satisfaction_words`，如「纠错处理完成率」）时报告。")
    fix = "把满意度类指标移到「满意度指标/服务对象满意度指标」下；满意度指标下只放服务对象满意度、认可度。"
    params = {"satisfaction_words": ["满意", "认可", "好评", "评价", "口碑", "投诉", "获得感", "幸福感"]}
    bad = [Example("效益指标\t社会效益指标\t服务对象满意度\t≥90%"),
           Example("满意度指标\t服务对象满意度指标\t网站纠错处理完成率\t=100%")]
    good = [Example("效益指标\t社会效益指标\t社会知晓率\t≥60%\n满意度指标\t服务对象满意度指标\t服务对象满意度\t≥90%\n"
                    "满意度指标\t服务对象满意度指标\t参评单位认可度\t≥85%")]

    def check(self, ctx: Context) -> None:
        listed, named = ctx.rows("cat:满意度指标"), ctx.rows("satisfaction")
        if listed:
            words = matchers_for(ctx.params["satisfaction_words"])
            cores = ctx.texts("core")
            for i, ind, _ in listed:  # category 满意度指标
                if not words.find(cores[i]):
                    ctx.report(f"「{ind.name}」列在满意度指标下，但名称与满意、认可无关", indicator=i)
        if named:
            fields = ctx.row_fields
            for i, ind, _ in named:
                if fields[i]["category"] != "满意度指标":  # not in the 满意度指标 rows
                    printed = "/".join(x for x in (ind.level1, ind.level2) if x) or (ind.category or "未分类")
                    ctx.report(f"满意度类指标「{ind.name}」列在「{printed}」下，应列为满意度指标", indicator=i)
