"""Reciprocal-rank fusion and weighted score fusion, checked against hand-computed tables."""

from __future__ import annotations

import pytest

from retrieval.fusion import rrf, weighted_score_fusion


@pytest.mark.parametrize(
    ("rankings", "k", "weights", "expected"),
    [
        ([["a", "b", "c"]], 60, None, [("a", 1 / 61), ("b", 1 / 62), ("c", 1 / 63)]),
        ([["a", "b"], ["b", "a"]], 60, None, [("a", 1 / 61 + 1 / 62), ("b", 1 / 62 + 1 / 61)]),
        ([["a", "b"], ["b", "c"]], 0, None, [("b", 1 / 2 + 1), ("a", 1.0), ("c", 1 / 2)]),
        ([["a", "b"], ["b", "a"]], 1, [1.0, 3.0], [("b", 1 / 3 + 3 / 2), ("a", 1 / 2 + 3 / 3)]),
        ([["a", "a", "b"]], 1, None, [("a", 1 / 2), ("b", 1 / 4)]),  # repeats count once, at best rank
        ([[], ["x"]], 60, None, [("x", 1 / 61)]),
        ([], 60, None, []),
    ],
)
def test_rrf_table(
    rankings: list[list[str]], k: int, weights: list[float] | None, expected: list[tuple[str, float]]
) -> None:
    result = rrf(rankings, k=k, weights=weights)
    assert [d for d, _ in result] == [d for d, _ in expected]
    assert [s for _, s in result] == pytest.approx([s for _, s in expected])


def test_rrf_ties_keep_first_seen_order() -> None:
    assert [d for d, _ in rrf([["a", "b"], ["b", "a"]])] == ["a", "b"]
    assert [d for d, _ in rrf([["b", "a"], ["a", "b"]])] == ["b", "a"]


def test_rrf_rewards_agreement() -> None:
    dense = ["d1", "d2", "d3", "d4"]
    lexical = ["d3", "d5", "d6", "d1"]
    fused = [d for d, _ in rrf([dense, lexical])]
    assert set(fused[:2]) == {"d1", "d3"}  # the two ids both lists found
    assert fused[0] == "d3"  # 1/63 + 1/61 beats 1/61 + 1/64


@pytest.mark.parametrize(("weights", "message"), [([1.0], "权重个数"), ([1.0, -1.0], "负数")])
def test_bad_weights(weights: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rrf([["a"], ["b"]], weights=weights)
    with pytest.raises(ValueError, match=message):
        weighted_score_fusion([[("a", 1.0)], [("b", 1.0)]], weights)


@pytest.mark.parametrize(
    ("results", "weights", "expected"),
    [
        ([[("a", 10.0), ("b", 5.0), ("c", 0.0)]], None, [("a", 1.0), ("b", 0.5), ("c", 0.0)]),
        (
            [[("a", 0.9), ("b", 0.5)], [("b", 20.0), ("c", 10.0)]],
            [1.0, 0.5],
            [("b", 0.0 + 0.5), ("a", 1.0), ("c", 0.0)],
        ),
        ([[("a", 3.0), ("b", 3.0)]], None, [("a", 1.0), ("b", 1.0)]),
        ([[], [("x", 2.0)]], None, [("x", 1.0)]),
    ],
)
def test_weighted_score_fusion_table(
    results: list[list[tuple[str, float]]], weights: list[float] | None, expected: list[tuple[str, float]]
) -> None:
    out = weighted_score_fusion(results, weights)
    assert dict(out) == pytest.approx(dict(expected))
    assert [s for _, s in out] == sorted((s for _, s in out), reverse=True)
