"""Score extracted facts against hand-written gold rows (pure; the eval harness does the reading).

Rows are plain dicts with at least `report_title`, `value`, `unit` and `sentence` (extracted rows also
`redacted`). The rules, as in the eval README:
- a gold figure is found when an extracted fact of the same report has the same value (±1e-6) and unit;
- a gold placeholder (value None) is found when a redacted extracted fact of the same report has the
  same unit and a sentence overlapping the gold sentence;
- precision = non-redacted extracted facts matching some gold (value, unit) of their report, divided
  by all non-redacted extracted facts; for a set of placeholders only (every gold value None), redacted
  extracted facts matching a gold placeholder, divided by all redacted extracted facts. The gold set lists most but not necessarily every figure a
  report states, so the unmatched facts are returned for a human to judge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from knowledge.facts.extraction import ExtractedFact

__all__ = ["FactScore", "fact_rows", "score_facts", "sentences_overlap"]

Row = Mapping[str, Any]

_TOLERANCE = 1e-6
_MIN_OVERLAP = 10
_TRIM = "，。；！？,.;!? \n"


@dataclass(frozen=True)
class FactScore:
    """Recall over gold rows, precision over non-redacted extracted rows, and the rows behind them."""

    recall: float
    precision: float
    found: tuple[Row, ...]
    missed: tuple[Row, ...]
    unmatched: tuple[Row, ...]
    n_gold: int
    n_extracted: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the figures, one item per gold row (missed ones `correct: False`), and the
        extracted figures no gold row states, for a human to judge."""
        found_ids = {id(row) for row in self.found}
        items = [
            {
                "q": f"{row.get('report_title')}｜{row.get('metric', '')}",
                "expected": _figure(row),
                "correct": id(row) in found_ids,
                "given": _figure(row) if id(row) in found_ids else None,
            }
            for row in (*self.found, *self.missed)
        ]
        return {
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "n_gold": self.n_gold,
            "n_extracted": self.n_extracted,
            "unmatched": [f"{row.get('report_title')}｜{row.get('metric', '')} {_figure(row)}" for row in self.unmatched],
            "items": items,
        }

    def summary(self) -> str:
        """One line for logs and reports."""
        return (
            f"召回率 {self.recall:.1%}（{len(self.found)}/{self.n_gold}），"
            f"准确率 {self.precision:.1%}（{self.n_extracted - len(self.unmatched)}/{self.n_extracted}）"
        )


def _figure(row: Row) -> str:
    value = row.get("value")
    if value is None:
        return f"（脱敏）{row.get('unit', '')}"
    number = int(value) if float(value).is_integer() else value
    return f"{row.get('qualifier', '') if row.get('qualifier') in ('约', '近') else ''}{number}{row.get('unit', '')}"


def fact_rows(report_title: str, facts: Iterable[ExtractedFact]) -> list[dict[str, Any]]:
    """Extracted facts as scoring rows of one report."""
    return [
        {
            "report_title": report_title, "domain": f.domain, "metric": f.metric, "value": f.value,
            "unit": f.unit, "qualifier": f.qualifier, "period": f.period_expr, "sentence": f.sentence,
            "redacted": f.redacted, "implied": f.implied,
        }
        for f in facts
    ]


def sentences_overlap(a: str, b: str) -> bool:
    """True when one sentence contains the other or they share a run of at least 10 characters
    (or the whole of the shorter one)."""
    a, b = a.strip(_TRIM), b.strip(_TRIM)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(_MIN_OVERLAP, len(a), len(b))


def _same_value(x: Any, y: Any) -> bool:
    return x is not None and y is not None and abs(float(x) - float(y)) <= _TOLERANCE


def _is_found(gold: Row, extracted: list[Row]) -> bool:
    if gold.get("value") is None:
        return any(
            e.get("redacted") and e.get("unit") == gold.get("unit")
            and sentences_overlap(str(e.get("sentence", "")), str(gold.get("sentence", "")))
            for e in extracted
        )
    return any(
        not e.get("redacted") and e.get("unit") == gold.get("unit") and _same_value(e.get("value"), gold.get("value"))
        for e in extracted
    )


def _matches_figure(row: Row, gold: list[dict[str, Any]]) -> bool:
    return any(
        g.get("report_title") == row.get("report_title") and g.get("unit") == row.get("unit")
        and _same_value(g.get("value"), row.get("value"))
        for g in gold
    )


def _matches_placeholder(row: Row, gold: list[dict[str, Any]]) -> bool:
    return any(
        g.get("report_title") == row.get("report_title") and g.get("unit") == row.get("unit")
        and sentences_overlap(str(g.get("sentence", "")), str(row.get("sentence", "")))
        for g in gold
    )


def score_facts(gold: list[dict[str, Any]], extracted: list[dict[str, Any]]) -> FactScore:
    """Recall and precision of `extracted` against `gold` (see the module docstring)."""
    by_report: dict[str, list[Row]] = {}
    for row in extracted:
        by_report.setdefault(str(row.get("report_title")), []).append(row)
    found: list[Row] = []
    missed: list[Row] = []
    for row in gold:
        (found if _is_found(row, by_report.get(str(row.get("report_title")), [])) else missed).append(row)

    if gold and all(row.get("value") is None for row in gold):
        # a placeholder set: precision over the redacted facts, each matching some gold placeholder
        figures = [row for row in extracted if row.get("redacted")]
        unmatched = [row for row in figures if not _matches_placeholder(row, gold)]
    else:
        figures = [row for row in extracted if not row.get("redacted")]
        unmatched = [row for row in figures if not _matches_figure(row, gold)]
    return FactScore(
        recall=len(found) / len(gold) if gold else 1.0,
        precision=(len(figures) - len(unmatched)) / len(figures) if figures else 1.0,
        found=tuple(found),
        missed=tuple(missed),
        unmatched=tuple(unmatched),
        n_gold=len(gold),
        n_extracted=len(figures),
    )
