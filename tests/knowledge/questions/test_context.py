"""Chat context as JSON data (knowledge/questions/context.py): round trips, and damaged data starts afresh."""

from __future__ import annotations

import json
from datetime import date

import pytest

from knowledge.questions.context import dump_context, load_context
from knowledge.questions.parse import parse_question

TODAY = date(2023, 11, 30)


@pytest.mark.parametrize("question", ["本季度燃气隐患整改了多少条？", "今年各领域发现隐患情况", "上个月XX镇重大隐患还剩几个没整改？"])
def test_round_trip_through_json(question: str) -> None:
    query = parse_question(question, TODAY, orgs=["XX镇"])
    assert query is not None
    data = json.loads(json.dumps(dump_context(query), ensure_ascii=False))
    assert load_context(data) == query


@pytest.mark.parametrize("data", [None, {}, {"version": 0, "kind": "stat", "query": {}}, {"version": 1, "kind": "stat",
                                  "query": {"text": "x", "period": {"start": "bad"}}}, "text", [1, 2]])
def test_damaged_or_foreign_data_gives_none(data: object) -> None:
    assert load_context(data) is None


def test_non_query_context_is_not_kept() -> None:
    assert dump_context(None) is None
    assert dump_context("a passage answer") is None
