"""Retrieval fixtures: a small real corpus of the packaged samples (embedders live in tests/conftest.py)."""

from __future__ import annotations

import pytest

from retrieval.chunking import Chunk, chunk_regulation, chunk_report

# -- a small real corpus: one regulation and three reports of the packaged samples ------------

SAMPLE_REPORTS = 0, 1, 3  # 自然资源局, 城镇燃气, 交通运输局 sections of the sample compilation


def _sample_chunks() -> list[Chunk]:
    from knowledge.documents.meta import describe_report
    from knowledge.documents.splitting import split_reports
    from knowledge.settings import SAMPLES_DIR

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
