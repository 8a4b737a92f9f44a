"""Figures end to end through the question path (bot/pipeline.py): the sample ledger and reports in real
SQLite, Chroma and e5 (the session-wide `sample_bot`), the dev question sets, and edge cases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.assistant import Assistant
from bot.scoring import is_wrong_figure, score_stat_answer
from knowledge.directory import known_orgs
from knowledge.questions.parse import StatQuery

EVAL_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "eval"
LEDGER_DAY = date(2023, 11, 30)
REPORT_DAY = date(2023, 6, 30)
pytestmark = pytest.mark.slow


def _rows(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (EVAL_DIR / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _run(bot: Assistant, rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], bool, Any, bool]]:
    results = []
    for row in rows:
        answer = bot.ask(row["q"], today=date.fromisoformat(row["today"]))
        results.append((row, score_stat_answer(row, answer), answer.value, is_wrong_figure(row, answer)))
    return results


@pytest.mark.integration
def test_ledger_dev_set_all_correct(sample_bot: Assistant) -> None:
    results = _run(sample_bot, _rows("ledger_dev.jsonl"))
    wrong = [(row["q"], row["answer_value"], given) for row, ok, given, _ in results if not ok]
    assert not wrong


@pytest.mark.integration
def test_questions_dev_set_meets_the_goals(sample_bot: Assistant) -> None:
    results = _run(sample_bot, _rows("questions_dev.jsonl"))
    by_kind: dict[str, list[bool]] = {}
    for row, ok, _, _ in results:
        by_kind.setdefault(row["kind"], []).append(ok)
    assert sum(by_kind["lookup"]) / len(by_kind["lookup"]) >= 0.75  # measured 11/14 (sample corpus only)
    assert all(by_kind["absent"]), "an absent figure was answered with a number"
    assert sum(by_kind["arithmetic"]) >= 4
    assert not [row["q"] for row, _, _, wrong in results if wrong], "a wrong figure was given"


def test_known_orgs_come_from_ledger_and_reports(sample_bot: Assistant) -> None:
    with sample_bot.db.session() as session:
        orgs = known_orgs(session)
    assert {"县住建局", "XX乡", "XX县自然资源局", "区城镇燃气", "某镇"} <= set(orgs)


@pytest.mark.parametrize(
    "text",
    ["你好", "城镇燃气管理条例对用户有什么规定", "'; DROP TABLE hazards; -- $(rm -rf /) `ls` | && ||", ""],
)
def test_not_a_statistics_question_gets_no_figure(sample_bot: Assistant, text: str) -> None:
    answer = sample_bot.ask(text, today=LEDGER_DAY)
    assert answer.kind != "stat" and answer.value is None
    with sample_bot.db.session() as session:  # the ledger is still there
        assert len(known_orgs(session)) > 5


def test_ledger_answer_states_figure_period_semantics_and_source(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("这个季度消防隐患整改了多少？", today=LEDGER_DAY)
    assert answer.kind == "stat" and answer.value == 18 and answer.unit == "条"
    assert "2023年第四季度（10月1日至11月30日）" in answer.text
    assert "按整改完成日期统计" in answer.text and "依据隐患台账（共655条记录）" in answer.text
    assert answer.filters == {"metric": "整改完成隐患数", "domain": "消防"}
    assert answer.period is not None and answer.period.to_dict()["end"] == "2023-11-30"
    assert [s.type for s in answer.sources] == ["ledger"] and answer.sources[0].title == "隐患台账"
    assert isinstance(answer.context, StatQuery)


def test_report_answer_quotes_its_sentence(sample_bot: Assistant) -> None:
    """Given with confidence or not, the figure's own sentence is what the answer quotes."""
    answer = sample_bot.ask("XX街道1-6月份一共检查了多少家企业？", today=REPORT_DAY)
    assert answer.value in (429, None)
    if answer.value is not None:
        assert answer.kind == "stat" and answer.unit == "家"
    source = answer.sources[0]
    assert source.type == "report" and source.title == "街道2023年上半年安全生产工作总结"
    assert "1-6月份共检查企业429家" in source.quote and source.quote in answer.text


def test_computed_rate_shows_both_figures(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("县交通运输局农村公路安全隐患治理完成率是多少？", today=REPORT_DAY)
    assert answer.value == 99.32 and answer.unit == "%"
    assert "147处" in answer.text and "148处" in answer.text and "÷" in answer.text


def test_redacted_figure_is_said_to_be_redacted(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("某镇上半年累计排查出多少条隐患？", today=REPORT_DAY)
    assert answer.value is None and answer.kind == "none"
    assert "已脱敏" in answer.text and answer.sources and "xx条" in answer.sources[0].quote


def test_absent_figure_says_what_was_searched(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("县交通运输局上半年辖区发生了几起道路交通事故？", today=REPORT_DAY)
    assert answer.value is None and answer.kind != "stat"
    assert "没有找到" in answer.text and "县交通运输局" in answer.text and "2023年上半年" in answer.text


@pytest.mark.parametrize(
    ("question", "today"),
    [("张家镇今年发现多少隐患", LEDGER_DAY), ("去年发现多少隐患", LEDGER_DAY), ("特种设备隐患有多少", LEDGER_DAY),
     ("顺达宾馆有几条隐患", LEDGER_DAY)],
)  # fmt: skip
def test_questions_the_data_cannot_answer_get_no_figure(sample_bot: Assistant, question: str, today: date) -> None:
    answer = sample_bot.ask(question, today=today)
    assert answer.value is None and answer.kind != "stat"
    # 无相关数据, or the nearest sentence quoted as unconfirmed: never a figure given as the answer
    assert "无相关数据" in answer.text or "没有找到" in answer.text and "统计数字" in answer.text


def test_chat_follow_ups_change_only_what_they_name(sample_bot: Assistant) -> None:
    first = sample_bot.ask("本季度燃气隐患整改了多少条？", today=LEDGER_DAY)
    assert first.value == 17
    second = sample_bot.ask("那消防呢？", today=LEDGER_DAY, previous=first.context)
    assert second.value == 18 and second.filters["domain"] == "消防"
    third = sample_bot.ask("上个季度呢？", today=LEDGER_DAY, previous=second.context)
    assert third.period is not None and third.period.label == "2023年第三季度"
    assert third.filters["domain"] == "消防"


def test_breakdown_by_domain(sample_bot: Assistant) -> None:
    answer = sample_bot.ask("今年各领域发现隐患情况", today=LEDGER_DAY)
    assert isinstance(answer.value, dict)
    assert answer.value["燃气"] == 132 and sum(answer.value.values()) == 655
    assert answer.to_dict()["value"] == answer.value
