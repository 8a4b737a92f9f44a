"""The database is the record: ingestion keeps the index in step, and `reindex` rebuilds it from the database."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from knowledge.db import Database
from knowledge.documents.ingest import doc_key, ingest_paths
from knowledge.models import Document
from knowledge.settings import SAMPLES_DIR, Settings
from retrieval.index import SearchIndex, open_search_index
from retrieval.sync import IndexSync, chunks_for, missing_documents, reindex

LAW = SAMPLES_DIR / "regulations" / "城镇燃气管理条例.md"
REPORTS = SAMPLES_DIR / "reports"
QUERIES = ("燃气用户不得有下列行为", "停止供气 提前48小时 通知燃气用户", "防溺水警示牌", "农村公路 隐患点 治理")


def _open(data_dir: Path, embedder: object) -> SearchIndex:
    settings = Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]
    return open_search_index(settings, embedder=embedder)  # type: ignore[arg-type]


def _ranked(index: SearchIndex) -> list[list[str]]:
    return [[h.chunk.chunk_id for h in index.search(q, k=5)] for q in QUERIES]


def test_ingest_indexes_and_reindex_rebuilds_the_same(db: Database, tmp_path: Path, fake_embedder: object) -> None:
    index = _open(tmp_path, fake_embedder)
    ingest_paths(db, [LAW], regulation=True, indexer=IndexSync(index))
    ingest_paths(db, [REPORTS], indexer=IndexSync(index))
    with db.sessions() as s:
        indexed = list(s.scalars(select(Document).where(Document.indexed)))
        stored = list(s.scalars(select(Document)))
    assert len(stored) == 10 and len(indexed) == 9  # the redacted twin is stored, not indexed
    assert index.doc_keys() == {doc_key(d) for d in indexed}
    assert index.count() == sum(len(chunks_for(d)) for d in indexed)
    assert missing_documents(db, index) == []
    before, count = _ranked(index), index.count()

    index.close()
    shutil.rmtree(tmp_path / "chroma")
    shutil.rmtree(tmp_path / "bm25")
    fresh = _open(tmp_path, fake_embedder)
    assert fresh.count() == 0 and len(missing_documents(db, fresh)) == 9
    assert reindex(db, fresh) == count
    assert _ranked(fresh) == before
    assert missing_documents(db, fresh) == []


def test_regulation_chunks_carry_articles(db: Database) -> None:
    ingest_paths(db, [LAW], regulation=True)
    with db.sessions() as s:
        law = s.scalars(select(Document)).one()
    chunks = chunks_for(law)
    assert {c.article for c in chunks} >= {"第一条", "第二十八条", "第五十五条"}
    assert all(c.source_type == "regulation" and c.title == "城镇燃气管理条例" for c in chunks)
