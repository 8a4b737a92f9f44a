"""Scoring of statistics answers against the gold lines of the evaluation sets (pure).

Conventions (../shared/eval/README.md): counts and amounts exact, percentages within ±0.1,
breakdowns key by key, and an absent figure is right only when the answer gives no value and says
the data is not available or redacted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knowledge.answer import Answer

PERCENT_TOLERANCE = 0.1
AMOUNT_TOLERANCE = 0.005  # amounts are compared to the cent
NO_DATA_MARKERS = ("无相关数据", "已脱敏", "没有找到", "未找到", "无法给出", "无法计算")


def _close(given: Any, expected: float, tolerance: float) -> bool:
    if isinstance(given, bool) or not isinstance(given, int | float):
        return False
    return abs(float(given) - float(expected)) <= tolerance + 1e-9


def is_percent(expected: Mapping[str, Any]) -> bool:
    return expected.get("kind") == "rate_percent" or expected.get("unit") == "%"


def score_stat_answer(expected: Mapping[str, Any], answer: Answer) -> bool:
    """Whether `answer` gives the gold figure of one evaluation line."""
    gold = expected.get("answer_value")
    if gold is None or expected.get("kind") == "absent":
        return answer.value is None and answer.kind != "stat" and any(m in answer.text for m in NO_DATA_MARKERS)
    tolerance = PERCENT_TOLERANCE if is_percent(expected) else AMOUNT_TOLERANCE
    if isinstance(gold, Mapping):
        given = answer.value
        if not isinstance(given, Mapping) or set(given) != set(gold):
            return False
        return all(_close(given[key], float(value), tolerance) for key, value in gold.items())
    return answer.kind == "stat" and _close(answer.value, float(gold), tolerance)


def is_wrong_figure(expected: Mapping[str, Any], answer: Answer) -> bool:
    """A figure given that is not the gold one: worse than a miss (an absent figure given, or another
    value than the gold's)."""
    if answer.kind != "stat" or answer.value is None:
        return False
    return not score_stat_answer(expected, answer)
