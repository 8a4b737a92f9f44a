"""The search service: Chroma (dense) and BM25 (lexical) kept in step, hybrid search with filters.

A document is in both indexes or in neither: `add_document` undoes what it added when a step fails.
The BM25 index persists under its own folder and rebuilds itself from Chroma's stored chunks when
the folder is missing or out of step. The SQL database stays the record of truth: a reindex compares
`doc_keys()` with it and calls `add_document`/`remove_document`/`rebuild`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from knowledge.errors import InputError
from retrieval.articles import lookup_article, parse_article_ref, resolve_law_title
from retrieval.chunking import SOURCE_REGULATION, Chunk, item_units, parent_id
from retrieval.embedding import Embedder, make_embedder
from retrieval.fusion import rrf
from retrieval.lexical import LexicalIndex
from retrieval.store import VectorStore, build_where, make_chroma_client
from retrieval.synonyms import expand_query

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from knowledge.settings import Settings

logger = logging.getLogger(__name__)

SearchMode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[str, ...] = ("hybrid", "dense", "lexical")

# Best-hit cosine below which a question is taken to have no answer in the index, per model.
# Measured for multilingual-e5-small on the sample reports + regulations (see relevance()).
DENSE_RELEVANCE_FLOOR: dict[str, float] = {"e5-small": 0.87}
# A best cosine this far above the floor is relevant even when the lexical side ranks the passage
# lower ("危险化学品运输需要什么资质": dense 0.917, BM25 rank 22). Off-topic questions measured
# at most 0.868 on the sample corpus (30 questions), answerable ones from 0.871.
STRONG_DENSE_MARGIN = 0.035
# How deep the dense and lexical sides may agree on a hit for it to count as relevant (measured with
# off-topic chit-chat on the sample; see `relevance`).
AGREEMENT_RANK = 5
WHOLE_ARTICLE_CHARS = 900  # a regulation article split into chunks is quoted whole up to this length
ARTICLE_MATCH_SCORE = 1.0  # above any RRF score: an article named in the question comes first


@dataclass(frozen=True)
class SearchConfig:
    """Fusion settings (defaults measured on the dev passages: see the retrieval report)."""

    candidates: int = 30  # depth taken from each side before fusion
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    expand_dense: bool = False  # synonym expansion of the query embedded for the dense side
    expand_lexical: bool = True
    lexical_mode: str = "both"  # LexicalIndex mode for a new index
    pin_articles: bool = True  # "安全生产法第二十一条" puts that article first
    embed_batch: int = 64


@dataclass(frozen=True)
class SearchHit:
    """One retrieved chunk; ranks are 1-based positions in each side's candidate list."""

    chunk: Chunk
    score: float  # hybrid: fused RRF score; dense: cosine; lexical: the lexical index's score
    dense_rank: int | None
    lexical_rank: int | None
    dense_score: float | None = None  # cosine similarity query/chunk (filled for every hybrid hit)
    lexical_score: float | None = None
    article_match: bool = False  # the question named this chunk's law and article


@dataclass(frozen=True)
class Relevance:
    """Whether the hits look like they answer the question, with the signals used."""

    relevant: bool
    best_dense: float | None
    agreement_rank: int | None  # best max(dense_rank, lexical_rank) among the hits
    reasons: tuple[str, ...] = field(default_factory=tuple)


def relevance(
    hits: Sequence[SearchHit], *, min_dense: float | None = 0.87, max_agreement_rank: int = AGREEMENT_RANK
) -> Relevance:
    """ "Nothing relevant found" test for hybrid hits.

    Relevant when the question names an indexed article, or when the best cosine reaches
    `min_dense` and both sides agree on some hit (it is in the top `max_agreement_rank` of the
    dense and of the lexical candidates), or when the best cosine is well above the floor
    (`STRONG_DENSE_MARGIN`). On the sample this kept 40/40 answerable questions and
    let 2/22 off-topic ones through; cosines alone overlap (e5 puts short chit-chat at ~0.87).
    """
    if not hits:
        return Relevance(False, None, None, ("没有检索到任何段落",))
    dense_scores = [h.dense_score for h in hits if h.dense_score is not None]
    best = max(dense_scores) if dense_scores else None
    agreement = [
        max(h.dense_rank, h.lexical_rank)
        for h in hits
        if h.dense_rank is not None and h.lexical_rank is not None
    ]
    agree = min(agreement) if agreement else None
    if any(h.article_match for h in hits):
        return Relevance(True, best, agree, ("问题点名的条文",))
    reasons: list[str] = []
    if min_dense is not None and (best is None or best < min_dense):
        reasons.append("语义相似度不够")
    strong = min_dense is not None and best is not None and best >= min_dense + STRONG_DENSE_MARGIN
    if (agree is None or agree > max_agreement_rank) and not strong:
        reasons.append("语义和关键词检索结果不一致")
    return Relevance(not reasons, best, agree, tuple(reasons))


class SearchIndex:
    """Dense + lexical search over chunks; the one place that writes either index."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        lexical_dir: str | Path,
        *,
        config: SearchConfig | None = None,
        facts: VectorStore | None = None,
        items: VectorStore | None = None,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.facts = facts  # the words around each stated figure (None: figures are ranked without them)
        self.items = items  # the items of multi-item regulation chunks, dense only (see chunking.item_units)
        self.lexical_dir = Path(lexical_dir)
        self.config = config or SearchConfig()
        self._lock = threading.RLock()
        self._titles: set[str] | None = None
        self._vectors: dict[str, np.ndarray] = {}
        self.lexical = self._open_lexical()

    # -- lexical persistence ---------------------------------------------------------------

    def _open_lexical(self) -> LexicalIndex:
        """Load the saved BM25 index; rebuild it from Chroma when missing, unreadable or out of step."""
        try:
            lexical = LexicalIndex.load(self.lexical_dir)
        except (InputError, OSError, ValueError, KeyError, TypeError) as exc:
            logger.info(
                "lexical index at %s not usable (%s): rebuilding from the vector store", self.lexical_dir, exc
            )
            return self._lexical_from_store()
        if len(lexical) != self.store.count():
            logger.warning(
                "lexical index (%d chunks) out of step with vector store (%d): rebuilding from the vector store",
                len(lexical),
                self.store.count(),
            )
            return self._lexical_from_store()
        return lexical

    def _lexical_from_store(self) -> LexicalIndex:
        lexical = LexicalIndex(self.store.all_chunks(), mode=self.config.lexical_mode)
        lexical.save(self.lexical_dir)
        return lexical

    # -- writing ---------------------------------------------------------------------------

    def _embed(
        self, chunks: Sequence[Chunk], progress: Callable[[int, int], None] | None = None
    ) -> np.ndarray:
        texts = [c.index_text() for c in chunks]
        step = max(1, self.config.embed_batch)
        parts: list[np.ndarray] = []
        for i in range(0, len(texts), step):
            parts.append(self.embedder.embed_documents(texts[i : i + step]))
            if progress is not None:
                progress(min(i + step, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.vstack(parts).astype(np.float32)

    def add_document(self, doc_key: str, chunks: Sequence[Chunk], facts: Sequence[Chunk] = ()) -> int:
        """Index one document's chunks and figure units (replacing an earlier version); returns the
        chunk count.

        All or nothing: when embedding, Chroma or the BM25 update fails, the document is removed
        from every index and the error is raised again.
        """
        strays = [c.chunk_id for c in (*chunks, *facts) if c.doc_key != doc_key]
        if strays:
            raise ValueError(f"chunks of another document passed for {doc_key}: {strays[:3]}")
        facts = facts if self.facts is not None else ()
        units = item_units(list(chunks)) if self.items is not None else []
        vectors = self._embed([*chunks, *facts, *units])  # slow, and writes nothing: outside the lock
        with self._lock:
            self._titles = None
            self.remove_document(doc_key)  # a new version replaces the old one
            if not chunks:
                return 0
            try:
                self.store.upsert(chunks, vectors[: len(chunks)])
                if self.facts is not None and facts:
                    self.facts.upsert(facts, vectors[len(chunks):len(chunks) + len(facts)])
                if self.items is not None and units:
                    self.items.upsert(units, vectors[len(chunks) + len(facts):])
                self.lexical.add(chunks)
                self.lexical.save(self.lexical_dir)
            except Exception:
                logger.exception("indexing %s failed: removing it from both indexes", doc_key)
                self._undo(doc_key)
                raise
            logger.info("indexed %s: %d chunks", doc_key, len(chunks))
            return len(chunks)

    def _undo(self, doc_key: str) -> None:
        """Best effort: leave no index holding any chunk of `doc_key`."""
        for store in (self.store, self.facts, self.items):
            try:
                if store is not None:
                    store.delete_doc(doc_key)
            except Exception:
                logger.exception("could not remove %s from the vector store", doc_key)
        try:
            self.lexical.remove_doc(doc_key)
            self.lexical.save(self.lexical_dir)
        except Exception:
            logger.exception("could not remove %s from the lexical index: rebuilding it", doc_key)
            self.lexical = self._lexical_from_store()

    def remove_document(self, doc_key: str) -> None:
        with self._lock:
            self._titles = None
            self.store.delete_doc(doc_key)
            for extra in (self.facts, self.items):
                if extra is not None:
                    extra.delete_doc(doc_key)
            if self.lexical.remove_doc(doc_key):
                self.lexical.save(self.lexical_dir)

    def rebuild(
        self,
        all_chunks: Sequence[Chunk],
        *,
        facts: Sequence[Chunk] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Replace every index with exactly these chunks (and figure units).

        Everything is embedded before Chroma is touched; if writing then fails, the indexes are
        left empty (consistent, and `doc_keys()` tells the caller to index again).
        """
        facts = facts if self.facts is not None else ()
        units = item_units(list(all_chunks)) if self.items is not None else []
        vectors = self._embed([*all_chunks, *facts, *units], progress)
        with self._lock:
            self._titles = None
            try:
                self.store.reset()
                self.store.upsert(all_chunks, vectors[: len(all_chunks)])
                if self.facts is not None:
                    self.facts.reset()
                    self.facts.upsert(facts, vectors[len(all_chunks):len(all_chunks) + len(facts)])
                if self.items is not None:
                    self.items.reset()
                    self.items.upsert(units, vectors[len(all_chunks) + len(facts):])
                lexical = LexicalIndex(all_chunks, mode=self.config.lexical_mode)
                lexical.save(self.lexical_dir)
            except Exception:
                logger.exception("rebuilding the search index failed: leaving both indexes empty")
                self.store.reset()
                for extra in (self.facts, self.items):
                    if extra is not None:
                        extra.reset()
                self.lexical = LexicalIndex(mode=self.config.lexical_mode)
                self.lexical.save(self.lexical_dir)
                raise
            self.lexical = lexical
            logger.info("rebuilt the search index: %d chunks", len(all_chunks))
            return len(all_chunks)

    def close(self) -> None:
        self.store.close()

    # -- reading ---------------------------------------------------------------------------

    def doc_keys(self) -> set[str]:
        """Keys of the documents the index holds (for consistency checks against the database)."""
        return self.store.doc_keys()

    def fact_doc_keys(self) -> set[str]:
        """Keys of the documents whose figure units the index holds (empty without a fact store)."""
        return self.facts.doc_keys() if self.facts is not None else set()

    def count(self) -> int:
        return self.store.count()

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, computed once per text (a question is searched and ranked with it)."""
        with self._lock:
            cached = self._vectors.get(query)
            if cached is None:
                cached = self.embedder.embed_query(query)
                if len(self._vectors) >= 256:
                    self._vectors.pop(next(iter(self._vectors)))
                self._vectors[query] = cached
            return cached

    def clear_query_cache(self) -> None:
        """Forget the query embeddings computed so far (benchmarks measure cold questions)."""
        with self._lock:
            self._vectors.clear()

    def fact_similarity(self, query: str, fact_ids: Sequence[str]) -> dict[str, float]:
        """Cosine between the question and each figure unit's words (ids the store lacks are left out)."""
        if self.facts is None or not fact_ids:
            return {}
        qvec = self.query_vector(query)
        with self._lock:
            vectors = self.facts.vectors(list(dict.fromkeys(fact_ids)))
        return {fid: float(np.dot(vec, qvec)) for fid, vec in vectors.items()}

    def _regulation_titles(self) -> set[str]:
        if self._titles is None:
            self._titles = self.store.titles(SOURCE_REGULATION)
        return self._titles

    def _article_hits(self, query: str) -> list[Chunk]:
        ref = parse_article_ref(query)
        if ref is None:
            return []
        if ref.law is not None:
            title = resolve_law_title(ref.law, self._regulation_titles())
            if title is None:
                return []
            return self.store.find({"$and": [{"title": title}, {"article": ref.article}]})
        candidates = self.store.find({"$and": [{"source_type": SOURCE_REGULATION}, {"article": ref.article}]})
        return lookup_article(ref, candidates)

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        mode: str = "hybrid",
        source_type: str | None = None,
        org: str | Sequence[str] | None = None,
        year: int | None = None,
    ) -> list[SearchHit]:
        """The k best chunks for a question, best first; filters apply on both sides before the cut."""
        with self._lock:  # a concurrent add/rebuild must not change the indexes mid-search
            return self._search(query, k, mode=mode, source_type=source_type, org=org, year=year)

    def _search(
        self, query: str, k: int, *, mode: str, source_type: str | None, org: str | Sequence[str] | None,
        year: int | None,
    ) -> list[SearchHit]:
        if mode not in MODES:
            raise InputError(f"检索方式“{mode}”无效，可选：{'、'.join(MODES)}。")
        if not query.strip() or k <= 0:
            return []
        cfg = self.config
        depth = max(cfg.candidates, k)
        where = build_where(source_type=source_type, org=org, year=year)

        pinned: list[Chunk] = []
        # Regulations carry no org/year: an org or year filter rules out an article match.
        if (
            cfg.pin_articles
            and mode != "dense"
            and source_type in (None, SOURCE_REGULATION)
            and not (org or year)
        ):
            pinned = self._article_hits(query)

        dense: list[tuple[str, float, Chunk]] = []
        qvec: np.ndarray | None = None
        if mode in ("hybrid", "dense"):
            qvec = self.query_vector(expand_query(query) if cfg.expand_dense else query)
            dense = self._dense(qvec, depth, where)
        lexical: list[tuple[str, float]] = []
        if mode in ("hybrid", "lexical"):
            lexical = self.lexical.search(
                expand_query(query) if cfg.expand_lexical else query,
                depth,
                source_type=source_type,
                org=org,
                year=year,
            )

        dense_rank = {cid: i for i, (cid, _, _) in enumerate(dense, start=1)}
        dense_score = {cid: s for cid, s, _ in dense}
        lexical_rank = {cid: i for i, (cid, _) in enumerate(lexical, start=1)}
        lexical_score = dict(lexical)
        chunks = {cid: c for cid, _, c in dense}

        if mode == "dense":
            ranked = [(cid, s) for cid, s, _ in dense]
        elif mode == "lexical":
            ranked = list(lexical)
        else:
            ranked = rrf(
                [[cid for cid, _, _ in dense], [cid for cid, _ in lexical]],
                k=cfg.rrf_k,
                weights=[cfg.dense_weight, cfg.lexical_weight],
            )
        pinned_ids = {c.chunk_id for c in pinned}
        chunks.update({c.chunk_id: c for c in pinned})
        ranked = [(c.chunk_id, ARTICLE_MATCH_SCORE) for c in pinned] + [
            (cid, s) for cid, s in ranked if cid not in pinned_ids
        ]
        ranked = ranked[:k]

        missing = [cid for cid, _ in ranked if cid not in chunks]
        chunks.update(self.store.get(missing))
        if qvec is not None:  # cosine of hits the dense side did not rank (lexical-only, pinned)
            unscored = [cid for cid, _ in ranked if cid not in dense_score]
            for cid, vec in self.store.vectors(unscored).items():
                dense_score[cid] = float(np.dot(vec, qvec))

        hits: list[SearchHit] = []
        for cid, score in ranked:
            chunk = chunks.get(cid)
            if chunk is None:  # in BM25 but not in Chroma: should not happen, keep going
                logger.warning("chunk %s is in the lexical index but not in the vector store", cid)
                continue
            hits.append(
                SearchHit(
                    chunk=chunk,
                    score=float(score),
                    dense_rank=dense_rank.get(cid),
                    lexical_rank=lexical_rank.get(cid),
                    dense_score=dense_score.get(cid),
                    lexical_score=lexical_score.get(cid),
                    article_match=cid in pinned_ids,
                )
            )
        return hits

    def _dense(self, qvec: np.ndarray, depth: int, where: dict | None) -> list[tuple[str, float, Chunk]]:
        """Chunks by cosine; a chunk also scores as well as its best item unit (a long article is found
        through the one item the question is about)."""
        dense = self.store.query(qvec, depth, where)
        if self.items is None or self.items.count() == 0:
            return dense
        best: dict[str, float] = {cid: score for cid, score, _ in dense}
        chunks = {cid: chunk for cid, _, chunk in dense}
        for uid, score, _ in self.items.query(qvec, depth, where):
            parent = parent_id(uid)
            if score > best.get(parent, -1.0):
                best[parent] = score
        chunks.update(self.store.get([cid for cid in best if cid not in chunks]))
        ranked = sorted((cid for cid in best if cid in chunks), key=lambda cid: -best[cid])[:depth]
        return [(cid, best[cid], chunks[cid]) for cid in ranked]

    def whole_articles(self, hits: Sequence[SearchHit], max_chars: int = WHOLE_ARTICLE_CHARS) -> list[SearchHit]:
        """Hits with a regulation article that was split into chunks shown whole when it is short
        (a question about 较大事故 finds the chunk with (四)一般事故 of 第三条, whose (三) is in the
        chunk before); one hit per article, at the rank of its best chunk."""
        out: list[SearchHit] = []
        seen: set[tuple[str, str]] = set()
        with self._lock:
            for hit in hits:
                chunk = hit.chunk
                if chunk.source_type != SOURCE_REGULATION or not chunk.article:
                    out.append(hit)
                    continue
                key = (chunk.doc_key, chunk.article)
                if key in seen:
                    continue
                seen.add(key)
                parts = self.store.find({"$and": [{"doc_key": chunk.doc_key}, {"article": chunk.article}]})
                if len(parts) > 1 and sum(len(c.text) for c in parts) <= max_chars:
                    whole = replace(parts[0], text="\n\n".join(c.text for c in parts), end=parts[-1].end)
                    hit = replace(hit, chunk=whole)
                out.append(hit)
        return out

    def relevance(self, hits: Sequence[SearchHit]) -> Relevance:
        """`relevance()` with this embedder's measured cosine floor (none known: agreement only)."""
        return relevance(hits, min_dense=DENSE_RELEVANCE_FLOOR.get(self.embedder.name))


def open_search_index(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    client: ClientAPI | None = None,
    config: SearchConfig | None = None,
) -> SearchIndex:
    """The search index the settings describe (embedder, Chroma URL or folder, BM25 folder).

    Nothing heavy happens here for e5 (the model loads on the first text); a ready embedder or
    Chroma client may be injected.
    """
    embedder = embedder or make_embedder(settings.embedding_model)
    client = client or make_chroma_client(settings.chroma_url, settings.chroma_dir)
    store = VectorStore(client, embedder_name=embedder.name, dim=embedder.dim)
    facts = VectorStore(client, embedder_name=embedder.name, dim=embedder.dim, kind="facts")
    items = VectorStore(client, embedder_name=embedder.name, dim=embedder.dim, kind="items")
    return SearchIndex(embedder, store, settings.lexical_dir, config=config, facts=facts, items=items)
