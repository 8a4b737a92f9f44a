"""knowledge.facts.metric_words: word boundaries, verbs and trimming for metric names."""

from __future__ import annotations

import pytest

from knowledge.facts.metric_words import (
    clean_pre,
    is_boundary,
    is_noun_phrase,
    lead_verb,
    split_list,
    starts_with_verb,
    strip_light,
)


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ("查处违法行为", 5, False),  # inside 违法行为
        ("查处违法行为", 2, True),
        ("有限空间", 1, False),
        ("已整改", 1, True),
        ("在建项目", 1, False),
    ],
)
def test_is_boundary(text: str, pos: int, expected: bool) -> None:
    assert is_boundary(text, pos) is expected


@pytest.mark.parametrize(
    ("pre", "cleaned"),
    [
        ("全年共发生生产安全事故", "发生生产安全事故"),  # noise (全县/全年) goes first, then 共
        ("我局共检查企业共计", "检查企业"),
        ("有限空间作业场所", "有限空间作业场所"),  # 有 begins a word: kept
        ("共有企业", "企业"),
        ("计划全年检查生产经营单位不少于", "检查生产经营单位"),
        ("检查中发现安全隐患", "发现安全隐患"),
        ("公司现有管道燃气用户", "管道燃气用户"),
        ("卸载违规装载货约", "卸载违规装载货"),
        ("专职安全监管人员仅有", "专职安全监管人员"),
        ("不合格率控制在", "不合格率"),
    ],
)
def test_clean_pre(pre: str, cleaned: str) -> None:
    assert clean_pre(pre) == cleaned


@pytest.mark.parametrize(
    ("core", "expected"),
    [
        ("立案查处违法行为", ("立案查处违法行为", False, False)),  # 为 is part of 违法行为
        ("对辖区内", ("", True, False)),
        ("对拒不整改的", ("对拒不整改", True, True)),
        ("组织开展", ("", True, False)),
    ],
)
def test_strip_light(core: str, expected: tuple[str, bool, bool]) -> None:
    assert strip_light(core) == expected


@pytest.mark.parametrize(
    ("text", "noun_phrase", "starts_with_a_verb"),
    [
        ("餐馆", True, False),
        ("普通客运车客货混装", True, False),
        ("未系安全带", True, False),  # a fault: takes the verb before it
        ("移送司法机关", False, True),
        ("临时查封", False, True),
        ("清理楼道堆放杂物", False, True),
        ("通报批评运输企业", False, False),  # an idiom of its own
    ],
)
def test_noun_phrases_and_verbs(text: str, noun_phrase: bool, starts_with_a_verb: bool) -> None:
    assert is_noun_phrase(text) is noun_phrase
    assert starts_with_verb(text) is starts_with_a_verb


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("检查燃气经营企业", "检查"),
        ("登记在用塔式起重机", "登记"),
        ("抢险救援", ""),  # no object: not a verb a list shares
        ("餐饮场所", ""),
    ],
)
def test_lead_verb(text: str, verb: str) -> None:
    assert lead_verb(text) == verb


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("事故起数和死亡人数", ("事故起数", "死亡人数")),
        ("C级、D级危房", ("C级", "D级危房")),
        ("群众参与活动", ("群众参与活动",)),  # 与 inside 参与
    ],
)
def test_split_list(text: str, items: tuple[str, ...]) -> None:
    assert split_list(text) == items
