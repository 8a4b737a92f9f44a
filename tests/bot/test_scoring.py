"""Scoring of statistics answers against gold lines (bot/scoring.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.scoring import score_stat_answer
from knowledge.answer import Answer


def _stat(value: Any) -> Answer:
    return Answer(text="…", kind="stat", value=value)


NONE = Answer(text="无相关数据：…", kind="none")
REDACTED = Answer(text="该数据已脱敏，无法给出具体数字。", kind="none")
SILENT_NONE = Answer(text="不知道", kind="none")

CASES: list[tuple[dict[str, Any], Answer, bool]] = [
    ({"answer_value": 18, "kind": "count"}, _stat(18), True),
    ({"answer_value": 18, "kind": "count"}, _stat(19), False),
    ({"answer_value": 18, "kind": "count"}, _stat(18.4), False),  # counts are exact
    ({"answer_value": 66.4, "kind": "rate_percent"}, _stat(66.37), True),
    ({"answer_value": 66.4, "kind": "rate_percent"}, _stat(66.2), False),
    ({"answer_value": 63.68, "unit": "%", "kind": "arithmetic"}, _stat(63.7), True),
    ({"answer_value": 4949.14, "unit": "元", "kind": "arithmetic"}, _stat(4949.14), True),
    ({"answer_value": 4949.14, "unit": "元", "kind": "arithmetic"}, _stat(4949.1), False),
    ({"answer_value": {"消防": 3, "燃气": 2}, "kind": "breakdown"}, _stat({"燃气": 2, "消防": 3}), True),
    ({"answer_value": {"消防": 3, "燃气": 2}, "kind": "breakdown"}, _stat({"消防": 3}), False),
    ({"answer_value": {"消防": 3, "燃气": 2}, "kind": "breakdown"}, _stat({"消防": 3, "燃气": 1}), False),
    ({"answer_value": 18, "kind": "count"}, NONE, False),
    ({"answer_value": None, "kind": "absent"}, NONE, True),
    ({"answer_value": None, "kind": "absent"}, REDACTED, True),
    ({"answer_value": None, "kind": "absent"}, _stat(12), False),  # an invented figure
    ({"answer_value": None, "kind": "absent"}, SILENT_NONE, False),  # must say the data is not there
    ({"answer_value": 5, "kind": "lookup"}, _stat(True), False),
]


@pytest.mark.parametrize(("expected", "answer", "correct"), CASES)
def test_score_stat_answer(expected: dict[str, Any], answer: Answer, correct: bool) -> None:
    assert score_stat_answer(expected, answer) is correct
