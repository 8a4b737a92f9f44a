"""Computed answers (knowledge/facts/answers.py) are given only about what the question names."""

from __future__ import annotations

from knowledge.facts.answers import answer_from_facts
from knowledge.facts.evidence import Candidate, Rarity
from knowledge.questions.parse import parse_question
from tests.knowledge.facts.test_evidence import ORG, TODAY, view

COUNTY = "今年以来，全县累计发现各类事故隐患2318项，督促企业整改2204项。"
EXPERTS = "专家服务团深入企业开展安全体检118家次，帮助企业查找问题隐患763项。"
# the rest of a corpus: 完成, 整改, 隐患 are everyday words of reports, 专家服务团 is not
CORPUS = [f"第{i}季度完成隐患整改{i}项，检查企业{i}家，完成率达到要求。" for i in range(30)]


def _ask(question: str, *sentences_and_figures: tuple[str, str, float, str]) -> object:
    query = parse_question(question, TODAY, orgs=(ORG,))
    assert query is not None
    facts = [view(s, f, v, u) for s, f, v, u in sentences_and_figures]
    return answer_from_facts(query, [Candidate(f) for f in facts], rarity=Rarity([*CORPUS, *(f.sentence for f in facts)]))


def test_a_rate_of_a_part_named_is_not_computed_from_the_whole() -> None:
    figures = ((COUNTY, "2318", 2318, "项"), (COUNTY, "2204", 2204, "项"), (EXPERTS, "763", 763, "项"))
    whole = _ask("临川县应急局隐患整改完成率是多少？", *figures)
    assert whole is not None and getattr(whole, "value", None) == 95.08
    part = _ask("临川县应急局专家服务团查找的隐患整改完成率是多少？", *figures)
    assert part is None or getattr(part, "value", None) is None


def test_a_stated_remainder_is_shown_rather_than_one_computed() -> None:
    """"还剩多少处在督办": the report says 仍有27处; 1164 − 178 (ordered to fix, not fixed) is no answer."""
    text = ("1-5月，街道安监办会同社区网格员共检查企业893家次，排查出各类隐患1164处，现场整改986处，限期整改178处，"
            "目前限期整改的隐患中已销号151处，仍有27处正在跟踪督办。")  # fmt: skip
    figures = [(text, f, float(f), "处") for f in ("1164", "986", "178", "151")] + [(text, "27处", 27.0, "处")]
    answer = _ask("临川县应急局限期整改的那些隐患，到现在还剩多少处在跟着督办啊？", *figures)
    assert answer is not None
    assert getattr(answer, "value", None) in (27, None)
    assert "27处" in answer.text and "计算" not in answer.text


def test_what_is_left_is_the_total_less_the_part_done_even_when_the_total_looks_sure() -> None:
    text = "对辖区212家餐饮用户开展检查，发现未安装燃气报警器的餐饮店63家，已督促安装58家；"
    answer = _ask("临川县应急局没装报警器的餐饮店还有几家没装？",
                  (text, "212", 212, "家"), (text, "63", 63, "家"), (text, "58", 58, "家"))  # fmt: skip
    assert answer is not None and getattr(answer, "value", None) == 5
    assert "63家 − 58家" in answer.text
