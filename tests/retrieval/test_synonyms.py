"""Query expansion from staff wording to legal and report wording."""

from __future__ import annotations

import pytest

from retrieval.synonyms import SynonymEntry, default_table, expand_query, expansion_terms, parse_synonyms


@pytest.mark.parametrize(
    ("query", "added"),
    [
        ("煤气泄漏了怎么办", ["燃气"]),
        ("液化气罐放哪里", ["液化石油气"]),
        ("电瓶车能不能进楼道充电", ["电动自行车"]),
        ("消防栓被挡住了", ["消火栓"]),
        ("过年放鞭炮有什么规定", ["烟花爆竹"]),
        ("企业一把手要负什么责任", ["主要负责人"]),
        ("有没有人被刑拘", ["刑事拘留"]),
        ("喝了酒开车怎么罚", ["饮酒后驾驶", "罚款"]),
        ("酒驾第一次怎么处理", ["饮酒后驾驶"]),
        ("电梯多久检验一次", ["特种设备"]),
        ("危化品仓库", ["危险化学品"]),
        ("渡船遇到大雾能开吗", ["渡口"]),
        ("逃生通道被堵", ["疏散通道", "安全出口"]),
        ("检修停气要通知吗", ["暂停供气"]),
        ("单位罚多少钱", ["罚款"]),
    ],
)
def test_expand_query_appends_standard_terms(query: str, added: list[str]) -> None:
    expanded = expand_query(query)
    assert expanded.startswith(query + " ")
    tail = expanded[len(query) :].split()
    for term in added:
        assert term in tail


@pytest.mark.parametrize("query", ["燃气安全专项整治", "开展安全生产月活动", ""])
def test_queries_already_in_standard_wording_are_unchanged(query: str) -> None:
    assert expand_query(query) == query


def test_terms_already_present_are_not_repeated() -> None:
    assert "消火栓" not in expansion_terms("消防栓也叫消火栓")
    terms = expansion_terms("酒驾和喝酒开车")
    assert len(terms) == len(set(terms))


def test_custom_table() -> None:
    table = parse_synonyms("# comment\n\n甲 乙 = 丙 丁\n戊 = 丙\n")
    assert table == (SynonymEntry(("甲", "乙"), ("丙", "丁")), SynonymEntry(("戊",), ("丙",)))
    assert expand_query("乙和戊", table) == "乙和戊 丙 丁"
    assert expand_query("无关", table) == "无关"


@pytest.mark.parametrize("line", ["煤气 燃气", "= 燃气", "煤气 ="])
def test_malformed_lines_are_rejected(line: str) -> None:
    with pytest.raises(ValueError, match="第1行"):
        parse_synonyms(line)


def test_shipped_table_is_large_and_clean() -> None:
    table = default_table()
    assert len(table) >= 50
    variants = [v for entry in table for v in entry.variants]
    assert len(variants) == len(set(variants)), "a variant is listed twice"
