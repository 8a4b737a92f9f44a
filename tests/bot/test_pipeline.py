"""The question path on the real corpus (bot/pipeline.py): each kind of question reaches the right place
and is answered."""

from __future__ import annotations

from datetime import date

import pytest

from bot.assistant import Assistant

TODAY = date(2023, 11, 30)


@pytest.mark.slow
def test_ledger_question_gets_exact_figure_with_period_and_source(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("这个季度消防隐患整改了多少？", today=TODAY)
    assert answer.kind == "stat" and answer.value == 18
    assert answer.period is not None and answer.period.start == date(2023, 10, 1)
    assert "10月1日至11月30日" in answer.text and "18" in answer.text
    assert answer.sources[0].type == "ledger"


@pytest.mark.slow
def test_report_figure_is_quoted_from_its_sentence(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("区城镇燃气大排查行动开展以来，一共排查了多少户？", today=date(2023, 6, 30))
    assert answer.kind == "stat" and answer.value == 73128
    assert answer.sources[0].type == "report"
    assert "共排查73128户" in answer.sources[0].quote


@pytest.mark.slow
def test_absent_figure_is_not_invented(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("县交通运输局上半年辖区发生了几起道路交通事故？", today=date(2023, 6, 30))
    assert answer.value is None and answer.kind != "stat"
    assert "没有找到" in answer.text or "无相关数据" in answer.text


@pytest.mark.slow
def test_redacted_figure_says_so(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("某镇上半年累计排查出多少条隐患？", today=date(2023, 6, 30))
    assert answer.value is None
    assert "脱敏" in answer.text


@pytest.mark.slow
def test_named_article_is_quoted_whole(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("燃气管理条例第28条是什么")
    assert answer.kind == "passage"
    assert "燃气用户及相关单位和个人不得有下列行为" in answer.text
    assert answer.sources[0].location == "第二十八条"
    assert "〔《城镇燃气管理条例》第二十八条〕" in answer.text


@pytest.mark.slow
def test_document_question_gets_cited_passages(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("燃气公司检修要停气的话，得提前多久跟用户打招呼？")
    assert answer.kind == "passage"
    assert "提前48小时予以公告或者书面通知燃气用户" in answer.text
    assert any(s.type == "regulation" and s.title == "城镇燃气管理条例" for s in answer.sources)


@pytest.mark.slow
def test_report_question_cites_report_and_heading(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("镇里夏天防孩子溺水具体做了哪些事？")
    assert answer.kind == "passage"
    assert "所有沟河塘均已设立防溺水警示牌" in answer.text
    report = next(s for s in answer.sources if s.type == "report")
    assert report.location and "三、安全隐患治理" in report.location


@pytest.mark.slow
@pytest.mark.parametrize("question", ["今天天气怎么样？", "推荐一部好看的电影", "股票明天会涨吗"])
def test_unrelated_question_is_not_answered_with_noise(sample_bot: Assistant, question: str) -> None:
    answer = sample_bot.ask(question, today=TODAY)
    assert answer.kind == "none" and answer.value is None
    assert not answer.sources


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "'; DROP TABLE hazards; -- $(rm -rf /) `ls` | && ||",
        "查询隐患'; DELETE FROM hazards WHERE 1=1; --",
        "$(cat /etc/passwd) 多少条？",
        "多少？",
        "一共多少家？",
    ],
)
def test_hostile_or_vague_text_gets_no_figure(sample_bot: Assistant, question: str) -> None:
    before = sample_bot.counts()
    answer = sample_bot.ask(question, today=TODAY)
    assert answer.value is None and answer.kind == "none"
    assert sample_bot.counts() == before
