"""knowledge.facts.metric_names: the names given to figures, one table per naming rule.

The sentences run through `extract_facts`, which cuts the clauses and passes the neighbours; each row
lists the metric of every figure of the text in order.
"""

from __future__ import annotations

import pytest

from knowledge.facts.extraction import extract_facts
from knowledge.facts.metric_names import FigureWords, Neighbour, name_figure


def _metrics(text: str) -> list[str]:
    return [f.metric for f in extract_facts(text) if not f.implied]


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        (
            "排查一般隐患2347项、重大隐患12项，已整改一般隐患2105项，重大隐患已整改10项，整改率达90.2%。",
            ["一般隐患数", "重大隐患数", "已整改一般隐患数", "已整改重大隐患数", "整改率"],
        ),
        ("检查高层住宅小区26个，督促整改消防隐患318处。", ["检查高层住宅小区数", "督促整改隐患数"]),
        ("发现火灾隐患5362处，督促整改5108处。", ["发现隐患数", "督促整改隐患数"]),
        ("发现隐患156条，整改完成156条。", ["发现隐患数", "已整改隐患数"]),
        ("目前已整改销号931条。", ["已整改隐患数"]),
        ("共排查出安全隐患148处，共治理完成147处，余1处尚未治理。", ["发现隐患数", "已整改隐患数", "剩余未整改隐患数"]),
        ("检查中发现安全隐患11873处。现场整改8960处。", ["发现隐患数", "现场整改隐患数"]),
        ("驾培维修检查中，责令整改问题41项。", ["责令整改隐患数"]),
        ("排查道路安全隐患12处，整改完成12处。", ["发现隐患数", "已整改隐患数"]),  # the domain keeps 道路
        ("发现漏点23处，已全部修复。", ["发现漏点数"]),  # not a hazard count
        ("发现临水临崖等隐患路段64处。", ["发现隐患路段数"]),
        ("排查一般、重大隐患分别为20处和3处。", ["一般隐患数", "重大隐患数"]),
    ],
)
def test_hazard_names_keep_status_and_grade(text: str, metrics: list[str]) -> None:
    assert _metrics(text) == metrics


def test_items_of_a_hazard_count_are_hazards() -> None:
    text = "检查中发现安全隐患11873处，其中：橡胶软管老化6218处，私接改装燃气设施532处。"
    assert _metrics(text) == ["发现隐患数", "橡胶软管老化隐患数", "私接改装燃气设施隐患数"]


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("立案查处违法行为56起。", ["立案查处违法行为起数"]),  # 为 ends 违法行为, it is no preposition
        ("查处各类违法违规行为736起。", ["查处违法违规行为起数"]),
        ("全镇专职安全监管人员仅有4名。", ["专职安全监管人员人数"]),
        ("共检查有限空间作业场所12处。", ["检查有限空间作业场所数"]),  # 有 begins 有限
        ("对全县37家危化品经营企业开展全覆盖检查。", ["检查危化品经营企业数"]),
    ],
)
def test_names_keep_words_whole(text: str, metrics: list[str]) -> None:
    assert _metrics(text) == metrics


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("责令停产整顿9家，罚款共计128.6万元，移送司法机关3人。", ["停业整顿企业数", "罚款金额", "移送司法机关人数"]),
        ("新建乡镇专职消防队2支，全县专职消防队达到14支。", ["新建乡镇专职消防队数", "专职消防队数"]),
        ("新增消防车4辆，全县消防车辆总数达到38辆。", ["新增消防车数", "消防车辆数"]),
        ("登记在用塔式起重机96台、施工升降机58台。", ["登记在用塔式起重机数", "登记施工升降机数"]),
        ("其中火灾扑救312起、抢险救援598起、社会救助216起。", ["火灾扑救起数", "抢险救援起数", "社会救助起数"]),
        ("出动执法人员2460人次、执法车辆615辆次。", ["出动执法人次", "出动执法车辆数"]),
        ("组织村组干部摸排全镇燃气用户365家，餐馆14家。", ["摸排燃气用户数", "摸排餐馆数"]),
        ("排查高层建筑236栋，清理楼道堆放杂物1280余处。", ["排查高层建筑数", "清理楼道堆放杂物数"]),
        ("督促36家餐饮店安装燃气泄漏报警器。", ["安装燃气泄漏报警器餐饮店数"]),
        ("对拒不整改的3户依法实施停气。", ["实施停气户数"]),
    ],
)
def test_only_a_bare_noun_borrows_the_verb_before(text: str, metrics: list[str]) -> None:
    assert _metrics(text) == metrics


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("全年共发生火灾298起，同比下降8.3%。", ["火灾起数", "火灾起数同比下降率"]),
        ("事故起数和死亡人数同比分别下降50%和66.7%。", ["事故起数同比下降率", "死亡人数同比下降率"]),
        ("上半年累计供气量3860万立方米，同比增长6.2%。", ["供气量", "供气量同比增长率"]),
        ("不合格率1.77%，较去年同期下降0.4个百分点。", ["不合格率", "不合格率较去年同期下降百分点"]),
        ("培训特种作业人员1150人，较去年同期增加320人。", ["培训特种作业人员人数", "培训特种作业人员人数较去年同期增加数"]),
        ("电气火灾127起，占总数的42.6%。", ["电气火灾起数", "电气火灾起数占比"]),
        ("安装率由年初的61%提高到89%。", ["年初安装率", "安装率"]),
        ("鉴定为C级、D级危房的分别为38栋和11栋。", ["鉴定为C级危房数", "鉴定为D级危房数"]),
        ("检查企业和场所分别为56家、128家。", ["检查企业数", "检查场所数"]),
    ],
)
def test_changes_shares_and_pairs_name_what_they_refer_to(text: str, metrics: list[str]) -> None:
    assert _metrics(text) == metrics


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("发生一般事故三起，造成2人死亡、5人受伤，直接经济损失约46万元。", ["一般事故起数", "死亡人数", "受伤人数", "直接经济损失"]),
        ("亡1人、伤3人；直接财产损失186.7万元。", ["死亡人数", "受伤人数", "直接财产损失"]),
        ("全年共发生生产安全事故3起，死亡2人。", ["事故起数", "死亡人数"]),
        ("平均到场时间18分钟，保护财产价值约3260万元。", ["平均到场时间", "保护财产价值"]),
        ("总建筑面积约426.5万平方米，总造价约138.7亿元。", ["总建筑面积", "总造价"]),
    ],
)
def test_casualties_losses_and_measures(text: str, metrics: list[str]) -> None:
    assert _metrics(text) == metrics


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("对违规驾驶员进行警示教育1312人次。", ["警示教育违规驾驶员人次"]),
        ("联合公安交警开展“百日行动”等联合执法82次。", ["联合执法次数"]),
        ("处理超速、疲劳驾驶等违规报警信息2.6万余条。", ["处理违规报警信息条数"]),
        ("开展熟悉演练460余次。", ["熟悉演练次数"]),
        ("为用户免费更换金属波纹管二万三千余根。", ["更换金属波纹管数"]),
        ("公司现有管道燃气用户186452户。", ["管道燃气用户户数"]),
    ],
)
def test_subjects_and_frames_are_cut(text: str, metrics: list[str]) -> None:
    assert _metrics(text) == metrics


def test_name_figure_on_its_own() -> None:
    prev = Neighbour(phrase="事故", verb="发生", metric="事故起数", unit="起")
    naming = name_figure(FigureWords(pre="同比下降", post="", after="。", unit="%", prev=prev, earlier=("事故起数",)))
    assert (naming.metric, naming.change) == ("事故起数同比下降率", "同比下降")
    assert name_figure(FigureWords(pre="检查企业", post="", after="。", unit="家")).metric == "检查企业数"
