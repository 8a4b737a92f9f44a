"""Rank fusion: reciprocal-rank fusion (plain and weighted) and min-max weighted score sums."""

from __future__ import annotations

from collections.abc import Sequence


def _check_weights(n: int, weights: Sequence[float] | None) -> list[float]:
    if weights is None:
        return [1.0] * n
    if len(weights) != n:
        raise ValueError(f"权重个数（{len(weights)}）与排序列表个数（{n}）不一致。")
    if any(w < 0 for w in weights):
        raise ValueError("权重不能为负数。")
    return [float(w) for w in weights]


def _sorted(scores: dict[str, float]) -> list[tuple[str, float]]:
    # dicts keep first-seen order, and sorted() is stable: ties keep that order.
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)


def rrf(
    rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: score(d) = Σ w_i / (k + rank_i(d)), ranks from 1.

    An id repeated within one ranking counts at its best rank only. Ties keep first-seen order.
    """
    if k < 0:
        raise ValueError("RRF 参数 k 不能为负数。")
    ws = _check_weights(len(rankings), weights)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, ws, strict=True):
        seen: set[str] = set()
        for rank, doc_id in enumerate(ranking, start=1):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
    return _sorted(scores)


def weighted_score_fusion(
    results: Sequence[Sequence[tuple[str, float]]], weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Σ w_i · minmax_i(score): each result list's scores scaled to [0, 1] (a list whose scores are
    all equal counts 1 for each of its ids), then summed with weights."""
    ws = _check_weights(len(results), weights)
    scores: dict[str, float] = {}
    for result, weight in zip(results, ws, strict=True):
        if not result:
            continue
        values = [s for _, s in result]
        low, high = min(values), max(values)
        span = high - low
        seen: set[str] = set()
        for doc_id, score in result:
            if doc_id in seen:
                continue
            seen.add(doc_id)
            scaled = (score - low) / span if span > 0 else 1.0
            scores[doc_id] = scores.get(doc_id, 0.0) + weight * scaled
    return _sorted(scores)
