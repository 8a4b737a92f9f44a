"""Computed figures over hand-made facts of reports unlike the sample (knowledge/facts/arithmetic.py):
rates whose figures sit in adjacent sentences, rates of other things than 整改 (合格率), the part
not yet done ("还有几家没装"), and the scope every input must share. The sample's own rates, sums and
averages are tested in test_fact_lookup.py."""

from __future__ import annotations

import re
from datetime import date
from itertools import count

import pytest

from knowledge.facts.arithmetic import compute_difference, compute_rate, compute_remainder, compute_shortfall
from knowledge.facts.text import clause_parts, inside_brackets
from knowledge.facts.views import FactView
from knowledge.questions.parse import StatQuery, parse_question

TODAY = date(2024, 7, 10)
H1 = (date(2024, 1, 1), date(2024, 6, 30))
ORGS = ("平山县住房和城乡建设局", "云岭县市场监督管理局", "东湖街道办事处", "青山县应急管理局")
_ids = count(1)


def fact(text: str, figure: str, value: float, unit: str, metric: str, org: str, *, paragraph: int = 0,
         domain: str = "综合", doc: int = 1) -> FactView:
    """A figure of `text` (a paragraph, sentences ending in 。), placed as load_fact_views places it."""
    at = text.index(figure) + re.search(r"\d", figure).start()  # type: ignore[union-attr]
    start = text.rfind("。", 0, at) + 1
    end = text.find("。", at) + 1 or len(text)
    sentence, offset = text[start:end], at - start
    clause, fine, lead = clause_parts(sentence, offset)
    return FactView(
        id=next(_ids), document_id=doc, family=doc, title=f"{org}总结", specificity=0, org=org, domain=domain,
        metric=metric, value=value, unit=unit, qualifier="", period_start=H1[0], period_end=H1[1],
        period_label="2024年上半年", sentence=sentence, clause=clause, fine_clause=fine, context="", offset=offset,
        lead=lead, aside=inside_brackets(sentence, offset) is not None, paragraph=paragraph, position=at,
    )  # fmt: skip


CHECKS = "共组织监督检查612项次，发现各类安全隐患2963条，其中重大事故隐患17条。截至目前，已整改隐患2870条，17条重大事故隐患已全部整改销号。"
PART = "排查危大工程186项，发现问题隐患395条，已整改381条。"
EXAMS = "组织特种设备作业人员培训考核14期，参加考试1863人次，考核合格1647人。"
ALARMS = "对辖区212家餐饮用户开展检查，发现未安装燃气报警器的餐饮店63家，已督促安装58家。"


def housing() -> list[FactView]:
    org = "平山县住房和城乡建设局"
    return [
        fact(CHECKS, "612", 612, "项", "检查次数", org), fact(CHECKS, "2963", 2963, "条", "发现隐患数", org),
        fact(CHECKS, "患17条", 17, "条", "重大隐患数", org), fact(CHECKS, "2870", 2870, "条", "已整改隐患数", org),
        fact(CHECKS, "17条重大事故隐患已", 17, "条", "重大隐患数", org),
        fact(PART, "186", 186, "项", "排查危大工程数", org, paragraph=1),
        fact(PART, "395", 395, "条", "发现问题隐患条数", org, paragraph=1),
        fact(PART, "381", 381, "条", "已整改隐患数", org, paragraph=1),
    ]  # fmt: skip


def _query(question: str) -> StatQuery:
    query = parse_question(question, TODAY, orgs=ORGS)
    assert query is not None
    return query


@pytest.mark.parametrize(
    ("question", "value", "inputs"),
    [("平山县住建局上半年隐患整改率是多少？", 96.86, (2870, 2963)),  # the whole, over two sentences
     ("平山县住建局危大工程的隐患整改率是多少？", 96.46, (381, 395)),  # the part asked
     ("平山县住建局重大隐患整改率是多少？", 100, (17, 17))],  # the grade asked, in both figures
)  # fmt: skip
def test_rate_pairs_figures_of_one_paragraph(question: str, value: float, inputs: tuple[int, int]) -> None:
    computed = compute_rate(_query(question), housing())
    assert computed is not None and computed.value == value
    assert tuple(f.value for f in computed.inputs) == inputs


def test_a_rate_asked_in_everyday_words_is_the_rectified_share() -> None:
    """"改好了的占百分之多少" names no 整改 and no rate word: it asks the rectified share all the same."""
    computed = compute_rate(_query("平山县住建局上半年查出来的隐患，改好了的占百分之多少？"), housing())
    assert computed is not None and computed.value == 96.86


def test_a_bare_status_figure_keeps_the_grade_of_the_clause_before_it() -> None:
    """"发现一般隐患52项，已整改46项": the 46 are 一般 hazards, the rate of a grade is theirs."""
    org = "青山县应急管理局"
    text = "两会期间开展检查，发现一般隐患52项，已整改46项；发现重大隐患3项，已整改1项。"
    facts = [fact(text, "52", 52, "项", "一般隐患数", org), fact(text, "46", 46, "项", "已整改隐患数", org),
             fact(text, "3项", 3, "项", "重大隐患数", org), fact(text, "1项", 1, "项", "已整改隐患数", org)]  # fmt: skip
    general = compute_rate(_query("青山县两会期间一般隐患整改率"), facts)
    assert general is not None and (general.value, [f.value for f in general.inputs]) == (88.46, [46, 52])
    major = compute_rate(_query("青山县两会期间重大隐患整改率"), facts)
    assert major is not None and [f.value for f in major.inputs] == [1, 3]


def test_rate_of_another_thing_divides_by_the_total_of_its_sentence() -> None:
    org = "云岭县市场监督管理局"
    facts = [fact(EXAMS, "14期", 14, "期", "培训期数", org), fact(EXAMS, "1863", 1863, "人次", "参加考试人次", org),
             fact(EXAMS, "1647", 1647, "人", "考核合格人数", org)]  # fmt: skip
    computed = compute_rate(_query("云岭县特种设备作业人员考核合格率是多少？"), facts)
    assert computed is not None and computed.value == 88.41  # 人 over 人次: a count over its visits


def test_remainder_is_the_total_less_the_part_done() -> None:
    org = "东湖街道办事处"
    facts = [fact(ALARMS, "212", 212, "家", "检查餐饮用户数", org, domain="燃气"),
             fact(ALARMS, "63", 63, "家", "未安装燃气报警器的餐饮店数", org, domain="燃气"),
             fact(ALARMS, "58", 58, "家", "督促安装数", org, domain="燃气")]  # fmt: skip
    computed = compute_remainder(_query("东湖街道没装报警器的餐饮店还有几家没装？"), facts)
    assert computed is not None and computed.value == 5
    assert [f.value for f in computed.inputs] == [63, 58]
    assert compute_remainder(_query("东湖街道检查了多少家餐饮用户？"), facts) is None  # nothing undone asked


def test_difference_keeps_to_the_domain_and_grade_asked() -> None:
    org = "青山县应急管理局"
    text = "排查一般隐患2347项、重大隐患12项，已整改一般隐患2105项，重大隐患已整改10项。"
    facts = [fact(text, "2347", 2347, "项", "发现隐患数", org), fact(text, "12项", 12, "项", "重大隐患数", org),
             fact(text, "2105", 2105, "项", "整改一般隐患数", org), fact(text, "10项", 10, "项", "重大隐患数", org)]
    major = compute_difference(_query("青山县重大隐患还有几项没整改？"), facts)
    assert major is not None and major.value == 2
    assert compute_difference(_query("青山县消防隐患还有多少处没整改？"), facts) is None  # no 消防 figures
    assert compute_difference(_query("青山县隐患还有多少项没整改？"), facts) is None  # only graded parts


ON_THE_SPOT = "上半年共检查企业86家、发现隐患213处，其中当场整改150处，限期整改63处。"
WHOLE_AND_PART = "上半年共发现隐患213处，已整改201处，其中当场整改150处。"


def test_a_rate_whose_numerator_is_not_said_is_not_computed() -> None:
    """当场整改 and 限期整改 split the 213 found: which one a 整改率 is over is not said."""
    org = "青山县应急管理局"
    split = [fact(ON_THE_SPOT, "86", 86, "家", "检查企业数", org), fact(ON_THE_SPOT, "213", 213, "处", "发现隐患数", org),
             fact(ON_THE_SPOT, "150", 150, "处", "当场整改数", org), fact(ON_THE_SPOT, "63", 63, "处", "限期整改数", org)]  # fmt: skip
    assert compute_rate(_query("青山县上半年隐患整改率（当场整改加限期整改已完成的）是多少？"), split) is None
    whole = [fact(WHOLE_AND_PART, "213", 213, "处", "发现隐患数", org), fact(WHOLE_AND_PART, "201", 201, "处", "已整改隐患数", org),
             fact(WHOLE_AND_PART, "150", 150, "处", "当场整改数", org)]  # fmt: skip
    computed = compute_rate(_query("青山县上半年隐患整改率是多少？"), whole)  # a part (其中…) is no rival
    assert computed is not None and computed.value == 94.37


@pytest.mark.parametrize(
    ("text", "figures", "question", "expected"),
    [("本月新完成“瓶改管”11家，累计完成63家，完成年度任务80家的78.8%。",
      (("11家", 11, "家"), ("63家", 63, "家"), ("80家", 80, "家")), "东湖街道瓶改管离年度任务还差几家？", (17, (80, 63))),
     ("三季度新完成“瓶改管”9家，累计完成41家，年度任务为60家。",
      (("9家", 9, "家"), ("41家", 41, "家"), ("60家", 60, "家")), "东湖街道瓶改管距离年度任务还差多少家？", (19, (60, 41))),
     ("三季度新完成“瓶改管”9家，累计完成41家，年度任务为60家。",
      (("9家", 9, "家"), ("41家", 41, "家"), ("60家", 60, "家")), "东湖街道瓶改管完成了多少家？", None),  # no shortfall asked
     # the target stated first, what is left of it asked with 还剩
     ("今年街道瓶改管任务600户，1-7月已完成412户；7月份完成瓶改管96户。",
      (("600", 600, "户"), ("412", 412, "户"), ("96", 96, "户")), "东湖街道瓶改管年度任务还剩多少户", (188, (600, 412)))],
)  # fmt: skip
def test_a_shortfall_is_the_target_less_the_cumulative_progress(
    text: str, figures: tuple[tuple[str, float, str], ...], question: str, expected: tuple[int, tuple[int, int]] | None
) -> None:
    """The progress toward a year's target is the cumulative figure, not this month's."""
    facts = [fact(text, figure, value, unit, "", "东湖街道办事处", domain="燃气") for figure, value, unit in figures]
    computed = compute_shortfall(_query(question), facts)
    if expected is None:
        assert computed is None
    else:
        assert computed is not None and (computed.value, tuple(f.value for f in computed.inputs)) == expected
