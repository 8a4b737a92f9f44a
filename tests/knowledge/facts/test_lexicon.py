"""knowledge.facts.lexicon: domain and metric vocabulary lookups."""

from __future__ import annotations

import pytest

from knowledge.facts.lexicon import (
    DOMAINS,
    WEAK_KEYWORDS,
    canonical_metric,
    domain_of,
    is_weak_keyword,
    metric_suffix,
)


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("（五）燃气安全", "燃气"),
        ("XX市XX区城镇燃气2023年上半年安全生产工作总结", "燃气"),
        ("加强水上交通安全监管", "水上交通"),
        ("加强农村公路安全隐患排查整治", "道路交通"),
        ("开展易燃易爆企业专项检查", "危化品"),
        ("我镇有液化气站1家", "危化品"),  # the longer keyword wins over 液化气 -> 燃气
        ("开展多业态、“厂中厂”消防安全专项摸排整治", "消防"),
        ("联合专职消防队在集镇发放宣传资料", None),  # an agency, not a domain
        ("出动执法车辆41辆次", None),
        ("排查城乡自建房1375户", "自建房"),
        ("有限空间隐患排查工作", "有限空间"),
        ("加强组织领导，提高责任意识", None),
    ],
)
def test_domain_of(text: str, domain: str | None) -> None:
    assert domain_of(text) == domain
    assert domain is None or domain in DOMAINS


@pytest.mark.parametrize(
    ("words", "unit", "loose", "metric"),
    [
        ("罚款", "元", False, "罚款金额"),
        ("处罚金额", "元", False, "罚款金额"),
        ("罚款", "家", False, None),  # a fine is money
        ("刑事拘留", "人", False, "刑事拘留人数"),
        ("检查企业", "家", False, "检查企业数"),
        ("专家检查企业", "家", False, None),  # narrower than the canonical metric
        ("发现隐患问题", "处", False, "发现隐患数"),
        ("已整改", "处", False, "已整改隐患数"),
        ("剩余", "条", False, "剩余未整改隐患数"),
        ("办理燃气领域案件", "起", False, "办理案件数"),
        ("办理燃气领域重大案件", "起", False, None),
        (["出动", "执法人员"], "人次", False, "出动执法人次"),
        ("督促整改消防隐患", "处", False, None),  # a field word: left to the hazard naming
        ("督促整改", "处", False, "督促整改隐患数"),
        ("剩余", "处", False, "剩余未整改隐患数"),
        ("重大隐患已整改", "项", False, "已整改重大隐患数"),
        ("重大隐患", "项", False, "重大隐患数"),
        ("排查一般隐患", "项", False, "一般隐患数"),
        ("整改销号", "条", False, "已整改隐患数"),
        ("责令整改问题", "项", False, "责令整改隐患数"),
        ("下达限期责令整改通知书", "起", False, None),
        ("亡", "人", False, "死亡人数"),
        ("伤", "人", False, "受伤人数"),
        ("共发生生产安全事故", "起", False, "事故起数"),
        ("发生火灾", "起", False, "火灾起数"),
        ("直接经济损失", "元", False, "直接经济损失"),
        ("直接财产损失", "元", False, "直接财产损失"),
        ("一般隐患整改率", "%", False, None),  # the grade stays in the name
        ("隐患整改率", "%", False, "整改率"),
        ("今年以来共检查了多少家企业", None, True, "检查企业数"),
        ("区城镇燃气今年以来罚款多少", None, True, "罚款金额"),
    ],
)
def test_canonical_metric(words: str | list[str], unit: str | None, loose: bool, metric: str | None) -> None:
    assert canonical_metric(words, unit, loose=loose) == metric


@pytest.mark.parametrize(
    ("words", "unit", "name"),
    [
        ("检查非煤矿山企业", "家", "检查非煤矿山企业数"),
        ("更换金属软管", "户", "更换金属软管户数"),
        ("培训船主船员", "人次", "培训船主船员人次"),
        ("巡航里程", "公里", "巡航里程"),
        ("罚款", "元", "罚款金额"),
        ("签订率", "%", "签订率"),
        ("总建筑面积", "平方米", "总建筑面积"),
        ("保护财产价值", "元", "保护财产价值"),
        ("平均到场时间", "分钟", "平均到场时间"),
        ("供气量", "立方米", "供气量"),
        ("组织安全检查", "轮次", "组织安全检查轮次"),
        ("不合格率较去年同期下降", "个百分点", "不合格率较去年同期下降百分点"),
    ],
)
def test_metric_suffix(words: str, unit: str, name: str) -> None:
    assert metric_suffix(words, unit) == name


@pytest.mark.parametrize(
    ("text", "all_keywords", "strong_only"),
    [
        ("检查餐饮场所", "食品安全", None),
        ("检查学校食堂", "食品安全", "食品安全"),
        ("三是处置抢险", "防汛减灾", None),
        ("燃气抢险、抢修事件", "燃气", "燃气"),
        ("全县消防车辆总数", "消防", "消防"),  # 消防车 outweighs 车辆
    ],
)
def test_weak_keywords(text: str, all_keywords: str | None, strong_only: str | None) -> None:
    assert domain_of(text) == all_keywords
    assert domain_of(text, weak=False) == strong_only


def test_weak_keywords_are_keywords() -> None:
    from knowledge.facts.lexicon import DOMAIN_KEYWORDS

    known = {w for ws in DOMAIN_KEYWORDS.values() for w in ws}
    assert WEAK_KEYWORDS <= known
    assert is_weak_keyword("餐饮") and not is_weak_keyword("食堂")
