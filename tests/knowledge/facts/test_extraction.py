"""knowledge.facts.extraction: facts with provenance from report text, measured on the dev sets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from knowledge.facts.extraction import extract_facts, find_period_exprs, sentence_spans
from knowledge.facts.lexicon import domain_of
from knowledge.facts.scoring import fact_rows, score_facts

SAMPLE = Path(__file__).resolve().parents[3] / "knowledge" / "samples" / "reports"
EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "eval"

# (value, unit, metric, qualifier, implied, redacted) per fact, in order.
Row = tuple[float | None, str, str, str, bool, bool]


@pytest.mark.parametrize(
    ("sentence", "domain", "expected"),
    [
        (
            "今年以来，共办理燃气领域案件220起，罚款34.467万元，刑事拘留2人，治安拘留2人，停业整顿燃气企业1家。",
            "燃气",
            [
                (220.0, "起", "办理案件数", "", False, False),
                (344670.0, "元", "罚款金额", "", False, False),
                (2.0, "人", "刑事拘留人数", "", False, False),
                (2.0, "人", "治安拘留人数", "", False, False),
                (1.0, "家", "停业整顿企业数", "", False, False),
            ],
        ),
        (
            "今年以来，共办理燃气领域案件XX起，罚款XX万元，刑事拘留2人。",
            "燃气",
            [
                (None, "起", "办理案件数", "", False, True),
                (None, "元", "罚款金额", "", False, True),
                (2.0, "人", "刑事拘留人数", "", False, False),
            ],
        ),
        (
            "自大排查行动开展以来，共排查73128户，排查出隐患6534个，已全部完成整改。",
            None,  # no domain word: the caller's default_domain decides
            [
                (73128.0, "户", "排查户数", "", False, False),
                (6534.0, "个", "发现隐患数", "", False, False),
                (6534.0, "个", "已整改隐患数", "", True, False),
            ],
        ),
        (
            (
                "分别对辖区企业、超市、宗教场所及住宅小区等场所进行安全检查，共检查12家，发现隐患问题31处，"
                "已整改21处，剩余10处正在督促整改。"
            ),
            "综合",
            [
                (12.0, "家", "检查企业数", "", False, False),
                (31.0, "处", "发现隐患数", "", False, False),
                (21.0, "处", "已整改隐患数", "", False, False),
                (10.0, "处", "剩余未整改隐患数", "", False, False),
            ],
        ),
        (
            "截至目前，查处未佩戴安全头盔599起，未系安全带118起，普通客运车客货混装257起",
            "道路交通",
            [
                (599.0, "起", "查处未佩戴安全头盔起数", "", False, False),
                (118.0, "起", "查处未系安全带起数", "", False, False),
                (257.0, "起", "查处普通客运车客货混装起数", "", False, False),
            ],
        ),
        (
            "2023年1月1日至6月13日，我局共检查各类车辆1810辆（次）,出动执法人员900人（次），处罚金额40.088万元。",
            "道路交通",
            [
                (1810.0, "辆次", "检查车辆辆次", "", False, False),
                (900.0, "人次", "出动执法人次", "", False, False),
                (400880.0, "元", "罚款金额", "", False, False),
            ],
        ),
        (
            "组织专人对辖区内24家非煤矿山企业就安全生产、矿山环境恢复治理等方面进行了全面检查。",
            "非煤矿山",
            [(24.0, "家", "检查非煤矿山企业数", "", False, False)],
        ),
        (
            "截至目前已累计发放4万余份《燃气安全使用告知书》。",
            "燃气",
            [(40000.0, "份", "发放《燃气安全使用告知书》份数", "余", False, False)],
        ),
        (
            "推进“金属软管”更换任务（目前已累计更换金属软管XX户）",
            "燃气",
            [(None, "户", "更换金属软管户数", "累计", False, True)],
        ),
        (
            "本次共排查加油站7家、加气站1家，烟花爆竹店16家，大型商场8家",
            None,
            [
                (7.0, "家", "排查加油站数", "", False, False),
                (1.0, "家", "排查加气站数", "", False, False),
                (16.0, "家", "排查烟花爆竹店数", "", False, False),
                (8.0, "家", "排查大型商场数", "", False, False),
            ],
        ),
        (
            "为保证安全生产责任层层落实，各村（居）委会同辖区内的企事业单位层层签订了安全生产责任书，签订率达100％。",
            "综合",
            [(100.0, "%", "签订率", "", False, False)],
        ),
        (
            "卸载违规装载货约70.68吨。",
            "综合",
            [(70.68, "吨", "卸载违规装载货重量", "约", False, False)],
        ),
        (
            "全年共发生生产安全事故3起，死亡2人，同比分别下降25%和33.3%。",
            "综合",
            [
                (3.0, "起", "事故起数", "", False, False),
                (2.0, "人", "死亡人数", "", False, False),
                (25.0, "%", "事故起数同比下降率", "", False, False),
                (33.3, "%", "死亡人数同比下降率", "", False, False),
            ],
        ),
    ],
)
def test_facts_of_a_sentence(sentence: str, domain: str | None, expected: list[Row]) -> None:
    facts = extract_facts(sentence)
    assert [(f.value, f.unit, f.metric, f.qualifier, f.implied, f.redacted) for f in facts] == expected
    if domain is not None:
        assert {f.domain for f in facts} == {domain}


def test_each_fact_of_a_list_gets_its_own_domain() -> None:
    text = "本次共排查加油站7家、加气站1家，烟花爆竹店16家，大型商场8家"
    assert [f.domain for f in extract_facts(text)] == ["危化品", "危化品", "烟花爆竹", "消防"]


def test_spans_point_back_into_the_text() -> None:
    text = "一、基本情况\n（一）道路交通。截至目前，排查道路安全隐患12处，整改完成12处。\n签订承诺书8份；培训300人次。"
    facts = extract_facts(text)
    assert [text[a:b] for a, b in (f.value_span for f in facts)] == ["12处", "12处", "8份", "300人次"]
    for fact in facts:
        assert text[fact.sentence_span[0]:fact.sentence_span[1]] == fact.sentence
    assert facts[2].sentence == "签订承诺书8份；"


REPORT = """为深入贯彻落实安全生产工作部署，现将半年工作总结汇报如下：
一、围绕重点领域，认真开展检查
（一）道路交通。截至目前，排查道路安全隐患12处，整改完成12处。
（二）燃气安全。组织村组干部摸排全镇燃气用户365家，餐馆14家。
同时联合派出所开展专项检查5次。
（三）食品安全。对辖区内7家学校，9家主要餐饮场所和市场进行5次专项检查。
二、广泛宣传动员
联合XX专职消防队在集镇发放宣传资料3000余份。
（4）危化品工作，我镇有液化气站1家，加油站4家，烟花爆竹零售店21家。
"""


def test_headings_set_the_domain_until_the_next_heading_of_their_level() -> None:
    got = [(f.value, f.domain) for f in extract_facts(REPORT, default_domain="综合")]
    assert got == [
        (12.0, "道路交通"), (12.0, "道路交通"),
        (365.0, "燃气"), (14.0, "燃气"),
        (5.0, "燃气"),  # a paragraph without its own heading stays in （二）燃气安全
        (7.0, "食品安全"), (9.0, "食品安全"), (5.0, "食品安全"),
        (3000.0, "综合"),  # "二、" closes （三）; the fire brigade is an agency, not the domain
        (1.0, "危化品"), (4.0, "危化品"), (21.0, "烟花爆竹"),
    ]


def test_default_domain_when_nothing_names_one() -> None:
    assert [f.domain for f in extract_facts("共检查企业50家。", default_domain="燃气")] == ["燃气"]
    assert [f.domain for f in extract_facts("共检查企业50家。")] == ["综合"]


def test_period_is_the_one_stated_before_the_figure_then_carried_through_the_paragraph() -> None:
    """The period a sentence states before its first figure is carried on through the paragraph."""
    text = (
        "今年以来共出动巡查车次82车次，截至2023年6月14日共排查出安全隐患148处。停靠点121处。\n"
        "组织开展消防安全培训2次。"
    )
    assert [(f.value, f.period_expr) for f in extract_facts(text)] == [
        (82.0, "今年以来"), (148.0, "截至2023年6月14日"), (121.0, "今年以来"), (2.0, ""),
    ]


def test_a_period_stated_after_the_first_figure_is_not_carried_on() -> None:
    text = ("行动以来，入户检查居民用户18,736户次，其中7月份六千二百余户次；今年1-7月累计入户检查居民用户2.71万户次。"
            "检查餐饮场所1,204家次，其中7月份438家次。\n全年共检查企业50家，一季度12家。新增隐患3处。\n"
            "三季度，共检查场所1,246家次，其中9月份438家次；发现隐患527处。\n"
            "1-6月，发生事故9起。分季度看，一季度2起、二季度3起。其中工矿商贸领域事故4起。")  # fmt: skip
    assert [(f.value, f.period_expr) for f in extract_facts(text)] == [
        (18736.0, ""), (6200.0, "7月份"), (27100.0, "1-7月"), (1204.0, ""), (438.0, "7月份"),
        (50.0, ""), (12.0, "一季度"), (3.0, ""), (1246.0, "三季度"), (438.0, "9月份"), (527.0, "三季度"),
        (9.0, "1-6月"), (2.0, "一季度"), (3.0, "二季度"), (4.0, "1-6月"),
    ]


def test_the_year_before_dates_only_its_own_clause() -> None:
    text = ("全年检查企业2,864家次（一季度612家次），上年为2,517家次，同比增长13.8%。"
            "发现隐患11,356项，比上年提高1.6个百分点。共发生事故9起、死亡7人，上年为12起、10人，同比分别下降25%和30%。")  # fmt: skip
    assert [(f.value, f.period_expr) for f in extract_facts(text)] == [
        (2864.0, ""), (612.0, "一季度"), (2517.0, "上年"), (13.8, ""), (11356.0, ""), (1.6, ""),
        (9.0, ""), (7.0, ""), (12.0, "上年"), (10.0, "上年"), (25.0, ""), (30.0, ""),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年以来，共办理", ["今年以来"]),
        ("1-6月份共检查企业429家", ["1-6月份"]),
        ("2023年1月1日至6月13日，我局", ["2023年1月1日至6月13日"]),
        ("2023年1月至今，我局", ["2023年1月至今"]),
        ("截至2023年6月14日共排查", ["截至2023年6月14日"]),
        ("截至目前已累计", ["截至目前"]),
        ("自大排查行动开展以来，共排查", ["自大排查行动开展以来"]),
        ("3月份以来我镇", ["3月份以来"]),
        ("现已摸排上报", ["目前"]),
        ("4月份XX街道召开两场", ["4月份"]),
        ("在“安全生产月”期间，广泛", ["“安全生产月”期间"]),
        ("2023年上半年，我局", ["2023年上半年"]),
        ("通过签订《2023年度安全生产责任书》", []),
        ("我镇按要求于4月20日召开有关单位会议", []),
        ("以今年发生的火灾事故为警示", []),
        ("上年为2,517家次", ["上年"]),
        ("去年同期发生事故3起", ["去年同期"]),
        ("整改率比上年提高1.6个百分点，同比增长13.8%", []),
        ("较去年同期下降15%", []),
        ("没去年检的摩托车", []),
    ],
)
def test_find_period_exprs(text: str, expected: list[str]) -> None:
    assert [expr for _, _, expr in find_period_exprs(text)] == expected


def test_sentence_spans_split_on_stops_and_line_breaks() -> None:
    text = " 共检查12家。发现隐患31处；已整改21处！\n剩余10处 \n\n"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["共检查12家。", "发现隐患31处；", "已整改21处！", "剩余10处"]


@pytest.mark.parametrize(
    ("text", "implied"),
    [
        ("排查出隐患6534个，已全部完成整改。", [(6534.0, "已整改隐患数")]),
        ("州级挂牌督办隐患点共10处，已全部治理完成。", [(10.0, "已整改隐患数")]),
        ("州级挂牌督办隐患点共10处，现已完成治理10处、至4月19日已全部治理完成。", []),  # stated, not implied
        ("排查出隐患XX个，已全部完成整改。", [(None, "已整改隐患数")]),
        ("共检查企业12家，已全部完成整改。", []),  # companies are not hazards
    ],
)
def test_implied_rectified_hazards(text: str, implied: list[tuple[float | None, str]]) -> None:
    assert [(f.value, f.metric) for f in extract_facts(text) if f.implied] == implied


def test_nothing_in_a_report_without_figures() -> None:
    text = "坚持“安全第一、预防为主、综合治理”的方针，落实安全生产“十五条”硬措施和一岗双责，做到三个结合。"
    assert extract_facts(text) == []


# --- the dev sets ----------------------------------------------------------------------------------


def _split_compilation(text: str) -> list[tuple[str, str]]:
    """(title, body) of each report: titles from the 目录, bodies from where each title line recurs."""
    lines = text.splitlines()
    titles = []
    for line in lines[lines.index("目录") + 1:]:
        m = re.match(r"^\d+\.(.+)$", line.strip())
        if not m:
            break
        titles.append(m.group(1).strip())
    pos = text.index("\n", text.index(titles[-1]))
    starts = []
    for title in titles:
        m = re.compile(rf"^{re.escape(title)}(?:【[^】]*】)?\s*$", re.MULTILINE).search(text, pos)
        assert m is not None, title
        starts.append((title, m.start(), m.end()))
        pos = m.end()
    return [
        (title, text[end:starts[k + 1][1] if k + 1 < len(starts) else len(text)])
        for k, (title, _, end) in enumerate(starts)
    ]


def test_recall_and_precision_on_the_dev_sets() -> None:
    if not (EVAL / "facts_dev.jsonl").exists():
        pytest.skip(f"dev sets not found in {EVAL}")
    [compilation] = SAMPLE.glob("*.txt")
    reports = _split_compilation(compilation.read_text(encoding="utf-8"))
    assert len(reports) == 9
    rows = []
    for title, body in reports:
        rows += fact_rows(title, extract_facts(body, default_domain=domain_of(title)))
    gold = [json.loads(line) for name in ("facts_dev.jsonl", "placeholders_dev.jsonl")
            for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    score = score_facts(gold, rows)
    assert score.n_gold == 165
    assert score.recall >= 0.95, [(m["report_title"], m["metric"], m["value"]) for m in score.missed]
    assert score.precision >= 0.95, [(u["report_title"], u["metric"], u["value"]) for u in score.unmatched]


# --- domains, plans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "default", "domains"),
    [
        # a weak keyword (餐饮) does not beat the section's domain
        ("2.燃气安全。会同住建部门检查燃气经营企业8家、餐饮场所642家。", None, ["燃气", "燃气"]),
        ("（三）食品安全。检查学校食堂136家、校园周边商户409家。", None, ["食品安全", "食品安全"]),
        ("一、火灾形势\n其中火灾扑救312起、抢险救援598起。", None, ["消防", "消防"]),
        # a heading named only by a weak keyword does not beat the sentence's strong one
        ("三是处置抢险。上半年共接报燃气抢险、抢修事件317起，平均到场时间18分钟。", None, ["燃气", "燃气"]),
        # nor does a weak keyword beat the report's own field
        ("检查餐饮、宾馆等工商业用户1487户次。", "燃气", ["燃气"]),
        ("检查餐饮、宾馆等工商业用户1487户次。", None, ["食品安全"]),
        # several fields in one clause: none of them
        ("镇、村两级组织开展防汛、森林防火、消防等应急演练32场次。", None, ["综合"]),
        ("新增消防车4辆，全县消防车辆总数达到38辆。", None, ["消防", "消防"]),
        ("检查在用场（厂）内专用机动车辆448辆。", None, ["特种设备"]),
    ],
)
def test_domain_priority(text: str, default: str | None, domains: list[str]) -> None:
    assert [f.domain for f in extract_facts(text, default_domain=default)] == domains


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("一是加强安全宣传培训，计划二季度组织应急演练15场次。", ["计划应急演练场次"]),
        (
            "计划新建微型消防站30个，新增市政消火栓100个以上，力争全年火灾起数同比下降5%。",
            ["计划新建微型消防站数", "计划新增市政消火栓数", "计划火灾起数同比下降率"],
        ),
        ("计划全年检查生产经营单位不少于1,200家次。", ["计划检查企业数"]),
        ("二是计划完成食品抽检2,500批次以上，不合格率控制在2%以内。", ["计划完成食品抽检批次", "计划不合格率"]),
        ("签订安全生产目标责任书47份。", ["签订安全生产目标责任书份数"]),  # 目标 is no plan here
        # what follows 实际/已 after a plan word was done (the rate of it too)
        ("全年计划入户安检居民用户68420户，实际完成入户安检61385户，安检率89.7%。",
         ["计划入户安检居民用户户数", "实际完成入户安检户数", "安检率"]),
        ("通过《2024年工作计划》部署，已检查企业12家。", ["检查企业数"]),
        ("三、下一步工作打算\n一是新建微型消防站5个。", ["计划新建微型消防站数"]),
        ("二、下半年工作思路\n通过规范化我镇3家规模企业安全生产。", ["规模企业数"]),  # what exists
        # 计划 as a noun plans nothing
        ("围绕年度监督检查计划，完成年度计划的107%，督促企业整改2204项。", ["完成年度计划率", "督促整改隐患数"]),
    ],
)
def test_planned_figures_are_named_as_plans(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract_facts(text)] == metrics


def test_a_rule_of_frequency_in_a_plan_is_no_figure() -> None:
    text = "计划新建村级微型消防站5个，每个村（社区）每年至少组织应急演练1次，每次参演人员3-5人以上。"
    assert [(f.value, f.unit) for f in extract_facts(text)] == [(5.0, "个")]


# --- reports in other styles ----------------------------------------------------------------------

UNSEEN = Path(__file__).resolve().parents[2] / "fixtures" / "unseen_reports"


def _unseen_rows() -> list[dict[str, Any]]:
    """Every unseen report through the ingest path: cleaning, splitting, metadata, extraction."""
    from knowledge.documents.cleaning import clean_text
    from knowledge.documents.meta import describe_report
    from knowledge.documents.splitting import split_reports

    rows: list[dict[str, Any]] = []
    for path in sorted(UNSEEN.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        for section in split_reports(text, filename=path.name):
            meta = describe_report(section.title, section.text, filename=path.name)
            facts = extract_facts(section.text, default_domain=domain_of(f"{meta.title} {meta.org or ''}"))
            rows += fact_rows(meta.title, facts)
    return rows


def _unseen_gold() -> list[dict[str, Any]]:
    lines = (UNSEEN / "unseen_facts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_unseen_gold_quotes_its_reports() -> None:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in UNSEEN.glob("*.txt"))
    gold = _unseen_gold()
    assert len(gold) == 301
    for row in gold:
        assert row["sentence"] in texts, row
        assert set(row) == {"report_title", "org", "domain", "metric", "value", "unit", "qualifier", "period", "sentence"}


def test_recall_and_precision_on_unseen_reports() -> None:
    score = score_facts(_unseen_gold(), _unseen_rows())
    assert score.recall >= 0.98, [(m["report_title"], m["metric"], m["value"]) for m in score.missed]
    assert score.precision >= 0.98, [(u["report_title"], u["metric"], u["value"]) for u in score.unmatched]


def test_canonical_names_on_unseen_reports() -> None:
    """The canonical metrics the question side looks up, where the unseen gold states them."""
    canonical = {
        "检查企业数", "发现隐患数", "已整改隐患数", "重大隐患数", "一般隐患数", "已整改一般隐患数",
        "已整改重大隐患数", "督促整改隐患数", "剩余未整改隐患数", "罚款金额", "死亡人数", "受伤人数", "事故起数",
        "火灾起数", "直接经济损失", "直接财产损失", "整改率", "出动执法人次", "停业整顿企业数", "治安拘留人数",
    }
    rows = _unseen_rows()
    wanted = [g for g in _unseen_gold() if g["metric"] in canonical]
    assert len(wanted) >= 40
    named = {(r["report_title"], r["value"], r["unit"], r["metric"]) for r in rows}
    missing = [g for g in wanted if (g["report_title"], float(g["value"]), g["unit"], g["metric"]) not in named]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("目前，该局执法大队在编执法人员12名，聘用协管员8名。", 12, "名"),  # staffing of an office
        ("目前，该局执法大队在编执法人员12名，聘用协管员8名。", 8, "名"),
        ("持证上岗人员20人。", 20, "人"),
        ("全乡划分了5个重点领域，细分为18个方面。", 5, "个"),  # counts of named items
        ("全乡划分了5个重点领域，细分为18个方面。", 18, "个"),
    ],
)
def test_staffing_and_counts_of_named_items_are_facts(text: str, value: float, unit: str) -> None:
    assert any(f.value == value and f.unit == unit for f in extract_facts(text))


def test_a_slogan_is_still_no_count() -> None:
    assert not extract_facts("坚持三个重点，做到两个方面。")


def test_a_period_in_brackets_dates_only_its_aside() -> None:
    """"（其中9月份163辆）" is the September part; the figures after it, in its sentence and the next,
    are of the quarter the sentence opened with."""
    text = "三季度清理楼道违规停放电动自行车517辆（其中9月份163辆），拆除“飞线”充电线路58处。检查高层住宅小区9个，已整改39处。"
    assert [(f.value, f.period_expr) for f in extract_facts(text)] == [
        (517, "三季度"), (163, "9月份"), (58, "三季度"), (9, "三季度"), (39, "三季度")]


@pytest.mark.parametrize(
    ("text", "period"),
    [("前三季度，共立案查处安全生产违法行为48起。", "前三季度"), ("今年前三季度检查企业12家。", "今年前三季度"),
     ("前两个月查处违法行为5起。", "前两个月"), ("三季度检查企业3家。", "三季度")],
)  # fmt: skip
def test_the_first_quarters_or_months_are_a_period_of_their_own(text: str, period: str) -> None:
    """"前三季度" is January to September, not the third quarter it ends with."""
    assert [f.period_expr for f in extract_facts(text)] == [period]
