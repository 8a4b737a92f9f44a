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


def test_what_is_left_asked_in_spoken_words_is_found_less_fixed() -> None:
    """"还剩几项没改": neither 还剩 nor 没改 is written by the figures, the difference is computed all the same."""
    text = "排查一般隐患2347项、重大隐患12项，已整改一般隐患2105项，重大隐患已整改10项。"
    answer = _ask("临川县应急局重大隐患还剩几项没改", *((text, f, float(f.rstrip("项")), "项")
                                                    for f in ("2347", "12项", "2105", "10项")))  # fmt: skip
    assert answer is not None and getattr(answer, "value", None) == 2
    assert "12项 − 10项" in answer.text


def test_what_is_left_of_a_task_is_the_target_less_the_progress() -> None:
    text = "今年街道瓶改管任务600户，1-7月已完成412户；7月份完成瓶改管96户。"
    answer = _ask("临川县应急局瓶改管年度任务还剩多少户", *((text, f, float(f), "户") for f in ("600", "412", "96")))
    assert answer is not None and getattr(answer, "value", None) == 188
    assert "600户 − 412户" in answer.text


def test_a_duration_asked_is_never_a_length_divided_by_a_count() -> None:
    """"平均多长时间能赶到": 412.5公里 ÷ 68420户 is no answer; the stated 18分钟 is the only candidate."""
    users = "公司现有天然气居民用户68420户，运营中压管网412.5公里。"
    repairs = "抢修中心全年接报各类抢修4312次，平均到达现场时间18分钟。"
    answer = _ask("临川县应急局抢修平均多长时间能赶到现场？", (users, "68420", 68420, "户"),
                  (users, "412.5", 412.5, "公里"), (repairs, "4312", 4312, "次"), (repairs, "18分钟", 18, "分钟"))  # fmt: skip
    assert answer is None or getattr(answer, "value", None) in (None, 18)
    assert answer is None or "÷" not in answer.text


def test_a_rate_of_the_subject_named_pairs_its_own_figures() -> None:
    """The 高层住宅小区 figures of one section (another domain than the report's), not the whole's."""
    whole = "三季度共检查各类场所1246家次，发现隐患527处，已整改489处。"
    towers = "检查高层住宅小区9个，发现消防车通道堵塞、防火门损坏等问题47处，已整改39处。"
    facts = [(whole, "1246", 1246, "家次", "检查场所数"), (whole, "527", 527, "处", "发现隐患数"),
             (whole, "489", 489, "处", "已整改隐患数"), (towers, "9个", 9, "个", "检查高层住宅小区数"),
             (towers, "47处", 47, "处", "发现隐患数"), (towers, "39处", 39, "处", "已整改隐患数")]  # fmt: skip
    query = parse_question("临川县应急局高层住宅小区检查发现问题的整改率是多少？", TODAY, orgs=(ORG,))
    assert query is not None
    views = [view(s, f, v, u, m, domain="综合", doc_domain="综合", general_hazards=True) for s, f, v, u, m in facts[:3]]
    views += [view(s, f, v, u, m, domain="消防", doc_domain="综合", general_hazards=True) for s, f, v, u, m in facts[3:]]
    answer = answer_from_facts(query, [Candidate(f) for f in views], rarity=Rarity([*CORPUS, whole, towers]))
    assert answer is not None and getattr(answer, "value", None) == 82.98
