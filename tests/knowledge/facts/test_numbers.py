"""knowledge.facts.numbers: figures as written in reports, and what is not a figure."""

from __future__ import annotations

import pytest

from knowledge.facts.numbers import parse_number, parse_quantities, shielded_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("34.467万", 344670.0),
        ("40.088万", 400880.0),
        ("0万", 0.0),
        ("4万余", 40000.0),
        ("四百二十九", 429.0),
        ("一千二百余", 1200.0),
        ("两", 2.0),
        ("十二", 12.0),
        ("1,234", 1234.0),
        ("１２３", 123.0),
        ("1.5亿", 150000000.0),
        ("约70.68", 70.68),
        ("XX", None),
        ("xx", None),
        ("*", None),
        ("**", None),
        ("××", None),
        ("三四", None),  # "three or four", not 34
        ("十几", None),
        ("若干", None),
        ("", None),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "raw"),
    [
        ("罚款34.467万元", 344670.0, "元", "", "34.467万元"),
        ("累计培训4,860学时", 4860.0, "学时", "累计", "4,860学时"),
        ("处罚金额40.088万元", 400880.0, "元", "", "40.088万元"),
        ("处罚金额0万元", 0.0, "元", "", "0万元"),
        ("已累计发放4万余份", 40000.0, "份", "余", "4万余份"),
        ("共检查企业四百二十九家", 429.0, "家", "", "四百二十九家"),
        ("发现隐患一千二百余条", 1200.0, "条", "余", "一千二百余条"),
        ("共出动巡查车次，320余人次", 320.0, "人次", "余", "320余人次"),
        ("检查各类车辆1810辆（次）", 1810.0, "辆次", "", "1810辆（次）"),
        ("出动执法人员900人（次）", 900.0, "人次", "", "900人（次）"),
        ("签订率达100％", 100.0, "%", "", "100％"),
        ("整改率达100%", 100.0, "%", "", "100%"),
        ("建设预安排计划共20.509公里", 20.509, "公里", "", "20.509公里"),
        ("卸载违规装载货约70.68吨", 70.68, "吨", "约", "70.68吨"),
        ("已累计更换金属软管12729户", 12729.0, "户", "累计", "12729户"),
        ("累计发布预警预报信息共计42次条", 42.0, "条", "累计", "42次条"),
        ("各处罚款10万元", 100000.0, "元", "各", "10万元"),
        ("检查企业1,234家次", 1234.0, "家次", "", "1,234家次"),
        ("排查隐患问题１２３处", 123.0, "处", "", "１２３处"),
        ("整改 5艘", 5.0, "艘", "", "5艘"),
        ("两起燃气领域重大案件", 2.0, "起", "", "两起"),
        ("成立了六个工作组", 6.0, "个", "", "六个"),
        ("我镇将有4大民生实事项目", 4.0, "项", "", "4大"),
        ("近300人参加", 300.0, "人", "近", "300人"),
        ("同比上升5.6个百分点", 5.6, "个百分点", "", "5.6个百分点"),
        ("巡查里程3千米", 3.0, "千米", "", "3千米"),
    ],
)
def test_parse_quantities_reads_one_figure(text: str, value: float, unit: str, qualifier: str, raw: str) -> None:
    [q] = parse_quantities(text)
    assert (q.value, q.unit, q.qualifier, q.raw, q.redacted) == (value, unit, qualifier, raw, False)
    assert text[q.span[0]:q.span[1]] == raw


@pytest.mark.parametrize(
    ("text", "unit", "qualifier"),
    [
        ("目前已累计更换金属软管XX户", "户", "累计"),
        ("排查出隐患XX个", "个", ""),
        ("罚款XX万元", "元", ""),
        ("出动宣传车xx车次", "车次", ""),
        ("累计发出各种宣传资料xx余份", "份", "余"),
        ("召开党委会*次专题听取", "次", ""),
        ("培训**人", "人", ""),
        ("检查××家", "家", ""),
    ],
)
def test_placeholders_are_redacted_figures(text: str, unit: str, qualifier: str) -> None:
    [q] = parse_quantities(text)
    assert (q.value, q.unit, q.qualifier, q.redacted) == (None, unit, qualifier, True)


@pytest.mark.parametrize(
    "text",
    [
        "2023年上半年安全生产工作总结",
        "6月14日我局组织人员到人民广场",
        "1-6月份",
        "2023年第一批村道安全生命防护工程",
        "XX街道2023年第一次安委会工作会议",
        "今年6月是第22个全国“安全生产月”",
        "落实安全生产“十五条”硬措施",
        "省上三十五条具体措施",
        "《XX县自然局重大事故隐患专项排查整治2023行动实施方案》",
        "（汉安委〔2023〕9号）",
        "“4.22”世界地球日、“5.12”防灾减灾日、“6. 5”世界环境日",
        "开展了512防灾减灾日宣传活动，119消防宣传日",
        "（S215清水浦至安龙沙子岭至兴仁XX境大厂）",
        "【更多免费素材，微信：dadawk01】",
        "联系电话：0851-88886666",
        "做到了三个结合，把握三个重点",
        "推进风险分级管控与隐患排查治理两个体系建设",
        "重点任务中九个制度要求，贯彻落实海事六项禁令四不上船七不出航",
        "坚持三管三必须原则，一岗双责",
        "执法人员现场轮流全天24小时值班值守",
        "严格执行24小时值班制度",
        "落实7×24小时值班",
        "存在两种以上业态的厂房",
        "省政府挂牌督办的大圣小区三期消防隐患",
        "现两家企业已恢复生产",
        "上述5家企业已完成整改",
        "发现一起、整治一批、震慑一片",
        "镇每季度召开一次专门的安全生产会议",
        "每月至少开展1次检查",
        "暂扣3个月至6个月",
        "五个工作日内完成",
        "处1万元以上5万元以下的罚款",
        "处五万元以上二十万元以下的罚款",
        "上一年年收入40%至80%的罚款",
        "1-6号楼，3-5家",
        "整改率不低于95%",
        "要求限期15天内整改",
        "组织召开三四家企业座谈",
        "千家万户",
        "党的二十大精神",
    ],
)
def test_not_figures(text: str) -> None:
    assert parse_quantities(text) == []


def test_figures_in_a_list_keep_their_own_units_and_spans() -> None:
    text = "共检查12家，发现隐患问题31处，已整改21处，剩余10处正在督促整改。"
    found = parse_quantities(text)
    assert [(q.value, q.unit) for q in found] == [(12.0, "家"), (31.0, "处"), (21.0, "处"), (10.0, "处")]
    assert [text[q.span[0]:q.span[1]] for q in found] == ["12家", "31处", "21处", "10处"]


def test_mixed_quotes_shield_only_the_quoted_words() -> None:
    # The report opens the first quote with “ and closes it with “ as well.
    text = "先后完善“党委书记、镇长职责“等十二个职责，“安全生产会议制度”等十三个制度。"
    assert [(q.value, q.unit) for q in parse_quantities(text)] == [(12.0, "个"), (13.0, "个")]
    assert [text[a:b] for a, b in shielded_spans(text)] == ["“党委书记、镇长职责“", "“安全生产会议制度”"]


def test_a_placeholder_for_a_name_is_not_a_figure() -> None:
    assert [(q.value, q.unit) for q in parse_quantities("在下黎、茅塘、**三个市场集中宣传")] == [(3.0, "个")]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("上半年共组织安全检查14轮次", [(14.0, "轮次", "")]),
        ("开展校园及周边食品安全检查两轮", [(2.0, "轮", "")]),
        ("平均到场时间18分钟，处置率100%", [(18.0, "分钟", ""), (100.0, "%", "")]),
        ("查扣5辆三轮车", [(5.0, "辆", "")]),  # 三轮车 is a vehicle, not three rounds
        ("计划全年检查生产经营单位不少于1,200家次", [(1200.0, "家次", "至少")]),  # a planned lower bound
        ("不合格率控制在2%以内", [(2.0, "%", "以内")]),  # a target
        ("培训企业负责人和安全管理人员300人以上", [(300.0, "人", "以上")]),
    ],
)
def test_rounds_minutes_and_planned_bounds(text: str, figures: list[tuple[float, str, str]]) -> None:
    assert [(q.value, q.unit, q.qualifier) for q in parse_quantities(text)] == figures


@pytest.mark.parametrize(
    "text",
    [
        "打造15分钟消防救援圈",
        "开展第二轮检查",
        "每个村（社区）每年至少组织应急演练1次",  # a rule of frequency
        "每季度至少组织1次灭火和应急疏散演练",
        "每次抽取3-5家单位",
        "检查数量不少于10家",  # a bound outside a plan is a rule
        "使用年限15年以上的老旧电梯",
        "按照《特种设备安全法》第四十条要求",
        "在检验合格有效期届满前1个月",
    ],
)
def test_more_that_are_not_figures(text: str) -> None:
    assert parse_quantities(text) == []
