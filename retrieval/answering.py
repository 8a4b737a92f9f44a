"""Extractive answers: the few best sentences of the top passages, each group followed by its citation.

No generation happens here: every sentence shown is a verbatim, whole sentence of a retrieved passage,
and it is never shown without the citation of its passage. Whether anything is relevant at all is
the index's relevance test over hybrid hits (best cosine, dense/lexical agreement, a named article);
when nothing is, the answer says so instead of quoting the nearest noise. Within relevant passages,
sentences are scored by the question's words they hold, the passage's rank, and whether they state
a figure when the question asks for one. Articles are quoted whole.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from knowledge.answer import Answer, Source, SourceType
from knowledge.facts.numbers import parse_quantities
from retrieval.chunking import PATH_SEPARATOR, SOURCE_REGULATION, Chunk
from retrieval.index import AGREEMENT_RANK, DENSE_RELEVANCE_FLOOR, SearchHit, relevance
from retrieval.report_structure import SENT_END, marker_of, sentence_spans
from retrieval.synonyms import expand_query
from retrieval.tokenize import tokenize_bigrams, tokenize_words

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MIN_SCORE",
    "NOT_FOUND_HINT",
    "answer_from_article",
    "answer_from_hits",
    "format_sources",
    "not_found",
    "relevant_hits",
    "source_of",
]

# Best-hit cosine below which nothing is relevant: the floor the index measured for its default model
# (multilingual-e5-small). Callers with another embedder pass DENSE_RELEVANCE_FLOOR.get(name).
DEFAULT_MIN_SCORE: float | None = DENSE_RELEVANCE_FLOOR["e5-small"]
MAX_PASSAGES = 3
# A lower passage's sentence must reach this share of the best sentence's overlap to be shown.
_RELATIVE_FLOOR = 0.5
_RANK_WEIGHT = 0.2
_POSITION_PENALTY = 0.005
_WORD_SHARE = 0.3  # a word of weight 2 counts as much as 0.6 bigram; bigrams catch paraphrase
_BIGRAM_WEIGHT = 0.4
# BM25-style length normalisation (k1, b) against the candidates' mean length: a long boilerplate
# sentence holds many question words by sheer size.
_K1 = 1.2
_B = 0.5
_NO_FIGURE_DISCOUNT = 0.7
_AMOUNT_BONUS = 0.15
_ASKS_AMOUNT_RE = re.compile(r"多少|(?<![一二三四五六七八九十百千0-9])几(?!乎)|数量|总数|比例|占比|多长时间|多久|最迟|期限|金额|罚多|罚款多")
_AMOUNT_UNIT_RE = re.compile(r"(?:多少|几)([\u4e00-\u9fff])")
_GAP = "……"
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n+")

NOT_FOUND_TEXT = "未找到相关内容。"
NOT_FOUND_HINT = (
    "已载入的资料包括各单位的安全生产工作总结报告和安全生产法律法规。"
    "可以换个说法，或写明单位、年份、法规名称后再问，例如“城镇燃气管理条例第二十一条”。"
)

# Words present in nearly every report passage: they are no evidence that a passage is on topic.
_GENERIC_WORDS = frozenset(
    {
        "安全", "生产", "安全生产", "工作", "开展", "情况", "规定", "有关", "相关", "要求", "问题", "措施", "方面", "进行",
        "采取", "今年", "去年", "上半年", "下半年", "全年", "期间", "主要", "哪些", "内容", "方式", "怎么办", "办", "做",
        "做法", "了", "搞", "干", "查", "一遍", "什么样", "怎么样", "情形", "时候", "单位", "部门",
    }
)


@dataclass(frozen=True)
class _Terms:
    """The question's topic words and character bigrams (base weights), and whether it asks for an
    amount (多少/几/多久 …) with the units it names (多少户 → 户)."""

    words: tuple[tuple[str, float], ...]
    bigrams: tuple[str, ...]
    asks_amount: bool
    units: tuple[str, ...]

    def all_terms(self) -> list[tuple[str, float]]:
        return [(t, w * _WORD_SHARE) for t, w in self.words] + [(b, _BIGRAM_WEIGHT) for b in self.bigrams]


@lru_cache(maxsize=1)
def _generic_bigrams() -> frozenset[str]:
    return frozenset(b for w in _GENERIC_WORDS for b in tokenize_bigrams(w))


@lru_cache(maxsize=256)
def _terms(question: str) -> _Terms:
    expanded = expand_query(question)
    words: dict[str, float] = {}
    for token in tokenize_words(expanded):
        if token not in _GENERIC_WORDS and token not in words:
            words[token] = float(min(len(token), 4))
    generic = _generic_bigrams()
    bigrams = tuple(dict.fromkeys(b for b in tokenize_bigrams(expanded) if len(b) > 1 and b not in generic))
    units = tuple(dict.fromkeys(m.group(1) for m in _AMOUNT_UNIT_RE.finditer(question)))
    return _Terms(tuple(words.items()), bigrams, bool(_ASKS_AMOUNT_RE.search(question)), units)


def relevant_hits(
    hits: Sequence[SearchHit], *, min_score: float | None = DEFAULT_MIN_SCORE, agreement_rank: int = AGREEMENT_RANK
) -> list[SearchHit]:
    """The hits in ranked order, or none at all when the index's relevance test says the question has
    no answer here (best cosine below `min_score`, dense and lexical sides disagreeing; a named
    article always passes; `agreement_rank`: how deep both sides may agree). All or nothing: the
    nearest noise is never quoted."""
    verdict = relevance(hits, min_dense=min_score, max_agreement_rank=agreement_rank)
    if not verdict.relevant:
        logger.info("no relevant passage (best cosine %s): %s", verdict.best_dense, "、".join(verdict.reasons))
        return []
    return list(hits)


def not_found(hint: str | None = None) -> Answer:
    """The plain "nothing relevant" answer, with a hint of what is loaded and how to ask."""
    return Answer(text=f"{NOT_FOUND_TEXT}{hint or NOT_FOUND_HINT}", kind="none")


def _location(chunk: Chunk) -> str | None:
    if chunk.source_type == SOURCE_REGULATION:
        return chunk.article
    return PATH_SEPARATOR.join(chunk.heading_path) or None


def source_of(chunk: Chunk, quote: str) -> Source:
    """The Source of a passage: type, title, heading path or article, and the quoted text."""
    kind: SourceType = "regulation" if chunk.source_type == SOURCE_REGULATION else "report"
    return Source(type=kind, title=chunk.title, quote=quote, location=_location(chunk))


def _source_line(number: int, source: Source) -> str:
    if source.type == "regulation":
        return f"{number}. 《{source.title}》{source.location or ''}"
    return f"{number}. {source.title}" + (f" · {source.location}" if source.location else "")


def format_sources(sources: Sequence[Source]) -> str:
    """The numbered "来源：" list: 《法规》第X条, or report title · heading path."""
    return "来源：\n" + "\n".join(_source_line(i, s) for i, s in enumerate(sources, start=1))


def _compose(parts: Sequence[tuple[str, str]], sources: Sequence[Source]) -> str:
    """Quoted passages, each followed by its citation, then the numbered source list."""
    body = "\n".join(f"{quote}{citation}" for quote, citation in parts)
    return f"{body}\n\n{format_sources(sources)}"


@dataclass(frozen=True)
class _Sentence:
    passage: int
    index: int
    text: str
    score: float = 0.0
    overlap: float = 0.0


def _is_heading(sentence: str, chunk: Chunk) -> bool:
    """A heading line or run-in heading (二、聚焦重点领域。 一是…。): a label, not an answer."""
    label = sentence.rstrip(SENT_END + "：:")
    if any(h.startswith(label) for h in chunk.heading_path):
        return True
    marker = marker_of(sentence)
    if marker is None or len(sentence) > 30:
        return False
    return not any(ch.isdigit() for ch in sentence[len(marker[1]) :])  # "1. 共检查企业89家。" is content


def _sentences(passage: int, chunk: Chunk) -> list[_Sentence]:
    out: list[_Sentence] = []
    for index, (s, e) in enumerate(sentence_spans(chunk.text, 0, len(chunk.text))):
        if not _is_heading(chunk.text[s:e], chunk):
            out.append(_Sentence(passage, index, chunk.text[s:e]))
    return out


def _score(candidates: Sequence[_Sentence], passages: Sequence[Chunk], terms: _Terms) -> list[_Sentence]:
    """Overlap: the IDF-weighted share (IDF over the candidates, so a word every sentence has counts
    for little) of the question's terms a sentence holds, length-normalised as in BM25; score:
    overlap + passage rank prior − position + amount bonus."""
    texts = [c.text for c in candidates]
    n = len(texts)
    mean_len = sum(len(t) for t in texts) / n if n else 1.0
    weighted: list[tuple[str, float]] = []
    for term, weight in terms.all_terms():
        df = sum(1 for t in texts if term in t)
        if df:
            weighted.append((term, weight * math.log(1.0 + n / df)))
    total = sum(w for _, w in weighted)
    scored: list[_Sentence] = []
    for c, text in zip(candidates, texts, strict=True):
        covered = sum(w for term, w in weighted if term in text) / total if total else 0.0
        overlap = covered * (_K1 + 1.0) / (1.0 + _K1 * (1.0 - _B + _B * len(text) / mean_len))
        score = overlap + _RANK_WEIGHT / (1 + c.passage) - _POSITION_PENALTY * c.index
        if terms.asks_amount and overlap > 0:
            # "多少户": a sentence stating no figure cannot answer it, one in the unit asked fits best
            figures = parse_quantities(text)
            if not figures:
                score -= _NO_FIGURE_DISCOUNT * overlap
            elif terms.units and any(q.unit.startswith(terms.units) for q in figures):
                score += _AMOUNT_BONUS
        scored.append(_Sentence(c.passage, c.index, c.text, score, overlap))
    return scored


def _select(candidates: list[_Sentence], max_units: int, whole: frozenset[int]) -> list[_Sentence]:
    """The best sentences with some overlap; lower passages only when close to the best one. A passage
    in `whole` (an article) is quoted entire, so all its picks count as one unit.
    With no overlap anywhere, the opening sentences of the top passage (found by its headings)."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.passage, c.index))
    best = max((c.overlap for c in ranked), default=0.0)
    if best <= 0.0:
        top = sorted((c for c in candidates if c.passage == 0), key=lambda c: c.index)
        return top[: min(2, max_units)]
    chosen: list[_Sentence] = []
    units: set[tuple[int, int]] = set()
    seen: set[str] = set()
    for c in ranked:
        if c.overlap <= 0.0 or (c.passage > 0 and c.overlap < _RELATIVE_FLOOR * best):
            continue
        if c.text in seen and c.passage not in whole:
            continue  # the same sentence in another version of a report (redacted copy, reprint)
        seen.add(c.text)
        unit = (c.passage, -1 if c.passage in whole else c.index)
        if unit not in units and len(units) >= max_units:
            break
        units.add(unit)
        chosen.append(c)
    return chosen


def _with_continuations(chunk: Chunk, picked: Sequence[_Sentence]) -> list[_Sentence]:
    """A picked sentence that announces what follows (……如下：) brings the next sentence along."""
    spans = sentence_spans(chunk.text, 0, len(chunk.text))
    out = {s.index: s for s in picked}
    for s in picked:
        if s.text.endswith(("：", ":")) and s.index + 1 < len(spans):
            start, end = spans[s.index + 1]
            out.setdefault(s.index + 1, _Sentence(s.passage, s.index + 1, chunk.text[start:end]))
    return [out[i] for i in sorted(out)]


def _quote(chunk: Chunk, picked: Sequence[_Sentence]) -> str:
    """An article passage whole; otherwise the picked sentences in document order, with "……" where
    sentences were skipped between them."""
    if chunk.source_type == SOURCE_REGULATION:
        return _BLANK_LINES.sub("\n", chunk.text.strip())
    pieces: list[str] = []
    previous: _Sentence | None = None
    for s in _with_continuations(chunk, picked):
        if previous is not None and s.index != previous.index + 1:
            pieces.append(_GAP)
        pieces.append(s.text)
        previous = s
    return "".join(pieces)


def answer_from_hits(
    question: str,
    hits: Sequence[SearchHit],
    *,
    max_sentences: int = 4,
    min_score: float | None = DEFAULT_MIN_SCORE,
    max_passages: int = MAX_PASSAGES,
    hint: str | None = None,
    agreement_rank: int = AGREEMENT_RANK,
) -> Answer:
    """Best whole sentences of the top relevant passages, each passage's group followed by its
    citation, and the "来源：" list (one source per passage); kind "none" when nothing is relevant.

    `max_sentences` counts report sentences; a regulation passage (an article or part of one) is
    quoted whole and counts once."""
    if max_sentences < 1:
        raise ValueError("max_sentences 至少为 1。")
    relevant = relevant_hits(hits, min_score=min_score, agreement_rank=agreement_rank)
    named = [h.chunk for h in relevant if h.article_match]
    if named:  # the question named an article: that article, whole
        return answer_from_article(named, hint=hint)
    passages: list[Chunk] = []
    for hit in relevant:
        if all(hit.chunk.chunk_id != c.chunk_id for c in passages):
            passages.append(hit.chunk)
        if len(passages) >= max_passages:
            break
    passages = merge_article_parts(passages)
    if not passages:
        return not_found(hint)
    candidates = [s for i, chunk in enumerate(passages) for s in _sentences(i, chunk)]
    articles = frozenset(i for i, c in enumerate(passages) if c.source_type == SOURCE_REGULATION)
    chosen = _select(_score(candidates, passages, _terms(question)), max_sentences, articles)
    if not chosen:
        return not_found(hint)
    parts: list[tuple[str, str]] = []
    sources: list[Source] = []
    for i, chunk in enumerate(passages):
        picked = [c for c in chosen if c.passage == i]
        if not picked:
            continue
        quote = _quote(chunk, picked)
        parts.append((quote, chunk.citation()))
        sources.append(source_of(chunk, quote))
    return Answer(text=_compose(parts, sources), kind="passage", sources=tuple(sources))


def merge_article_parts(passages: Sequence[Chunk]) -> list[Chunk]:
    """Parts of one long article retrieved separately become one passage (in text order, at the place of
    the best-ranked part), so the article is cited once."""
    merged: list[Chunk] = []
    for chunk in passages:
        twin = next((i for i, c in enumerate(merged) if chunk.article and c.doc_key == chunk.doc_key
                     and c.article == chunk.article), None)
        if twin is None:
            merged.append(chunk)
            continue
        parts = sorted((merged[twin], chunk), key=lambda c: c.start)
        merged[twin] = replace(parts[0], text=f"{parts[0].text.rstrip()}\n{parts[1].text.lstrip()}",
                               start=parts[0].start, end=max(parts[0].end, parts[1].end))
    return merged


def answer_from_article(chunks: Sequence[Chunk], *, hint: str | None = None) -> Answer:
    """A direct article lookup: the whole article verbatim (its chunks in document order) with its
    citation; kind "none" when the router found no such article."""
    if not chunks:
        return not_found(hint or "没有找到这一条文。请核对法规名称和条号，或先载入该法规。")
    ordered = sorted({c.chunk_id: c for c in chunks}.values(), key=lambda c: (c.doc_key, c.start))
    parts: list[tuple[str, str]] = []
    sources: list[Source] = []
    for key in dict.fromkeys((c.doc_key, c.article) for c in ordered):
        group = [c for c in ordered if (c.doc_key, c.article) == key]
        quote = _BLANK_LINES.sub("\n", "\n".join(c.text.strip() for c in group))
        parts.append((quote, group[0].citation()))
        sources.append(source_of(group[0], quote))
    return Answer(text=_compose(parts, sources), kind="passage", sources=tuple(sources))
