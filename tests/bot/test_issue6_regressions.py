"""One test per failure the redesign of the question path was for (issue 6), written as a user types
it, on the session-wide real corpus (`sample_bot`: the sample compilation, three laws, the ledger)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.assistant import Assistant

pytestmark = pytest.mark.slow
LEDGER_DAY = date(2023, 11, 30)
REPORT_DAY = date(2023, 6, 30)


def test_a_colloquial_figure_question_is_found_through_its_evidence(sample_bot: Assistant) -> None:
    """Found through its evidence: given (when sure) or quoted in its sentence, never another figure."""
    answer = sample_bot.ask("区燃气那边用气安全的告知书，到现在大概发出去多少份了？", today=REPORT_DAY)
    assert answer.value in (40000, None)
    assert "4万余份《燃气安全使用告知书》" in answer.text


def test_an_unsure_figure_is_shown_with_its_sentence_not_given(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("XX镇小货车超员的查了几起？", today=REPORT_DAY)
    assert answer.kind == "stat" and answer.value == 6 or answer.value is None and "小型普通货车超员6起" in answer.text


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("嗯那个，咱们这季度燃气那块隐患到底整改了多少条啊？", 17),  # spoken fillers
        ("本季度查出来的问题有多少个？", 122),  # another word for 隐患
        ("目前燃气逾期的隐患有几条？", 31),  # a domain with 目前 and 逾期
        ("整改中的隐患有多少条？", 112),  # one status of the ledger, not every open hazard
    ],
)
def test_ledger_counts_in_everyday_wording(sample_bot: Assistant, question: str, value: int) -> None:
    answer = sample_bot.ask(question, today=LEDGER_DAY)
    assert answer.kind == "stat" and answer.value == value and answer.sources[0].type == "ledger"


def test_a_breakdown_of_rectified_hazards(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("本季度整改完的隐患各领域分别多少？", today=LEDGER_DAY)
    assert isinstance(answer.value, dict) and sum(answer.value.values()) == 92 and answer.value["燃气"] == 17


def test_a_period_before_the_ledger_starts_is_no_zero(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("去年发现了多少隐患？", today=LEDGER_DAY)
    assert answer.value is None and "台账记录从2023年1月3日开始，没有2022年的数据" in answer.text


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("事故发生后伤亡人数变了，多少天之内要补报？", "30日内"),
        ("较大事故的死亡人数标准是多少？", "3人以上10人以下死亡"),
        ("燃气用户不得有哪些行为？", "擅自操作公用燃气阀门"),
        ("生产安全事故报告和调查处理条例里较大事故是怎么划分的？", "(三)较大事故"),  # the article quoted whole
    ],
)
def test_regulation_questions_with_quantity_words_quote_the_rule(
    sample_bot: Assistant, question: str, want: str
) -> None:
    answer = sample_bot.ask(question, today=LEDGER_DAY)
    assert answer.kind == "passage" and want in answer.text
    assert any(s.type == "regulation" for s in answer.sources)


def test_a_complete_question_after_a_statistic_starts_afresh(sample_bot: Assistant) -> None:
    first = sample_bot.ask("本季度消防隐患整改了多少条？", today=LEDGER_DAY)
    assert first.value == 18
    second = sample_bot.ask("燃气用户不得有哪些行为？", today=LEDGER_DAY, previous=first.context)
    assert "擅自操作公用燃气阀门" in second.text and "整改完成的隐患" not in second.text
    third = sample_bot.ask("今年发现了多少重大隐患？", today=LEDGER_DAY, previous=first.context)
    assert third.value == 31 and third.filters.get("domain") is None


@pytest.mark.parametrize(
    ("question", "org"),
    [("XX县交通局上半年检查了多少家道路运输企业？", "县交通运输局"), ("区燃气那边今年罚款多少？", "区城镇燃气")],
)
def test_loosely_named_organisations_are_resolved(sample_bot: Assistant, question: str, org: str) -> None:
    answer = sample_bot.ask(question, today=REPORT_DAY)
    assert "数据库中没有" not in answer.text
    assert answer.sources and all(org in s.title or org == "县交通运输局" for s in answer.sources[:1])
    assert answer.filters.get("org") == org or org in answer.text


def test_a_question_with_its_own_year_binds_its_dates(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("2022年全县截至12月13日一共发现多少隐患？", today=LEDGER_DAY)
    assert answer.period is not None and answer.period.end == date(2022, 12, 13)
    assert answer.value is None  # before the ledger: no figure
