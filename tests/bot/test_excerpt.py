from __future__ import annotations

from bot.excerpt import excerpt, fact_excerpt

SENTENCE = "今年以来，全县共检查企业429家，发现隐患1272条，已整改1200条，整改率94.3%，其余正在整改中。"


def test_excerpt_centres_the_figure_and_marks_the_cuts() -> None:
    start = SENTENCE.index("1272")
    assert excerpt(SENTENCE, start, start + 4, 20) == "…29家，发现隐患1272条，已整改120…"
    assert excerpt(SENTENCE, 0, 4, 20) == "今年以来，全县共检查企业429家，发现隐…"
    end = len(SENTENCE)
    assert excerpt(SENTENCE, end - 5, end - 1, 20) == "…0条，整改率94.3%，其余正在整改中。"
    assert excerpt("短句", 0, 1) == "短句"
    assert excerpt(SENTENCE, -1, -1, 10) == "今年以来，全县共检…"  # figure not in the sentence: its head


def test_fact_excerpt_uses_the_document_offsets() -> None:
    start = SENTENCE.index("429")
    row = {"sentence": SENTENCE, "span": [50 + start, 53 + start], "sentence_span": [50, 50 + len(SENTENCE)]}
    assert "429家" in fact_excerpt(row, 12)
    assert fact_excerpt({"sentence": SENTENCE}, 12) == SENTENCE[:11] + "…"
