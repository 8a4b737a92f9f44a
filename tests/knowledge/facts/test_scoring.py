"""knowledge.facts.scoring: recall and precision of extracted facts against gold rows."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.facts.extraction import extract_facts
from knowledge.facts.scoring import fact_rows, score_facts, sentences_overlap

A, B = "区城镇燃气2023年上半年安全生产工作总结", "XX市XX区城镇燃气2023年上半年安全生产工作总结"


def row(report: str, value: float | None, unit: str, sentence: str = "", redacted: bool = False) -> dict[str, Any]:
    return {"report_title": report, "metric": "m", "value": value, "unit": unit, "sentence": sentence,
            "redacted": redacted}


@pytest.mark.parametrize(
    ("gold", "extracted", "recall", "precision", "n_unmatched"),
    [
        ([row(A, 344670, "元")], [row(A, 344670.0, "元")], 1.0, 1.0, 0),
        ([row(A, 344670, "元")], [row(A, 34.467, "万元")], 0.0, 0.0, 1),  # units must be base units
        ([row(A, 20.509, "公里")], [row(A, 20.5090000001, "公里")], 1.0, 1.0, 0),  # ±1e-6
        ([row(A, 2, "人")], [row(B, 2, "人")], 0.0, 0.0, 1),  # another report's figure
        ([row(A, 2, "人")], [row(A, 2, "人"), row(A, 2023, "年")], 1.0, 0.5, 1),
        ([row(A, 2, "人"), row(A, 220, "起")], [row(A, 2, "人")], 0.5, 1.0, 0),
        ([], [], 1.0, 1.0, 0),
    ],
)
def test_figures(gold: list[dict[str, Any]], extracted: list[dict[str, Any]], recall: float, precision: float,
                 n_unmatched: int) -> None:
    score = score_facts(gold, extracted)
    assert (score.recall, score.precision, len(score.unmatched)) == (recall, precision, n_unmatched)
    assert len(score.found) + len(score.missed) == len(gold)


SENTENCE = "今年以来，共办理燃气领域案件XX起，罚款XX万元，刑事拘留2人，治安拘留2人，停业整顿燃气企业1家。"


@pytest.mark.parametrize(
    ("extracted", "found"),
    [
        ([row(B, None, "起", SENTENCE, redacted=True)], True),
        ([row(B, None, "元", SENTENCE, redacted=True)], False),  # another unit
        ([row(B, None, "起", "累计检查xx次，排查各类隐患xx条。", redacted=True)], False),  # another sentence
        ([row(A, None, "起", SENTENCE, redacted=True)], False),  # another report
        ([row(B, 220, "起", SENTENCE)], False),  # a number is not a placeholder
    ],
)
def test_placeholders(extracted: list[dict[str, Any]], found: bool) -> None:
    gold = [row(B, None, "起", "今年以来，共办理燃气领域案件XX起，罚款XX万元")]
    assert score_facts(gold, extracted).recall == (1.0 if found else 0.0)


def test_redacted_facts_do_not_count_for_precision() -> None:
    score = score_facts([row(B, 2, "人")], [row(B, 2, "人"), row(B, None, "起", SENTENCE, redacted=True)])
    assert (score.precision, score.n_extracted) == (1.0, 1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("推进“金属软管”更换任务（目前已累计更换金属软管12729户）",
         "充分利用电子屏，推进“金属软管”更换任务（目前已累计更换金属软管12729户），按要求开展应急预案。", True),
        ("累计检查xx次，排查各类隐患xx条。", "累计检查xx次，排查各类隐患xx条", True),
        ("累计检查xx次", "悬挂横幅xx条", False),
        ("", "悬挂横幅xx条", False),
    ],
)
def test_sentences_overlap(a: str, b: str, expected: bool) -> None:
    assert sentences_overlap(a, b) is expected


def test_rows_from_extracted_facts_round_trip_through_the_scorer() -> None:
    rows = fact_rows(B, extract_facts(SENTENCE, default_domain="燃气"))
    gold = [row(B, 2, "人"), row(B, 1, "家"), row(B, None, "元", SENTENCE)]
    score = score_facts(gold, rows)
    assert (score.recall, score.precision) == (1.0, 1.0)
    data = score.to_dict()
    assert (data["recall"], data["precision"], data["n_gold"]) == (1.0, 1.0, 3)
    assert all(item["correct"] for item in data["items"])
    assert "召回率 100.0%" in score.summary()


def test_placeholder_set_scores_precision_over_redacted_facts() -> None:
    sentence = "自大排查行动开展以来，共排查XX户，排查出隐患XX个，已全部完成整改。"
    gold = [{"report_title": "R", "value": None, "unit": "户", "sentence": sentence}]
    extracted = [
        {"report_title": "R", "value": None, "unit": "户", "sentence": sentence, "redacted": True},
        {"report_title": "R", "value": None, "unit": "次", "sentence": "召开党委会*次。", "redacted": True},
        {"report_title": "R", "value": 5.0, "unit": "家", "sentence": "检查5家。", "redacted": False},
    ]
    score = score_facts(gold, extracted)
    assert score.recall == 1.0
    assert score.n_extracted == 2 and score.precision == 0.5
