"""Keep the search index in step with the database, the record of what was ingested."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select

from knowledge.db import Database
from knowledge.documents.ingest import doc_key
from knowledge.models import Document
from retrieval.chunking import Chunk, chunk_regulation, chunk_report
from retrieval.index import SearchIndex

log = logging.getLogger(__name__)


def chunks_for(document: Document) -> list[Chunk]:
    """The passages of one stored document, carrying its title, organisation, year and headings."""
    key = doc_key(document)
    if document.kind == "regulation":
        return chunk_regulation(document.text, doc_key=key, title=document.title)
    return chunk_report(
        document.text, doc_key=key, title=document.title, org=document.org, year=document.year,
        period_label=document.period_label,
    )


class IndexSync:
    """The `DocumentIndexer` that ingestion calls inside each document's transaction."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def add(self, document: Document) -> None:
        self.index.add_document(doc_key(document), chunks_for(document))

    def remove(self, key: str) -> None:
        self.index.remove_document(key)


def reindex(
    db: Database, index: SearchIndex, *, on_progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild both indexes from the documents the database marks as indexed; returns the chunk count."""
    with db.sessions() as session:
        documents = list(session.scalars(select(Document).where(Document.indexed).order_by(Document.id)))
    chunks = [chunk for document in documents for chunk in chunks_for(document)]
    return index.rebuild(chunks, progress=on_progress)


def missing_documents(db: Database, index: SearchIndex) -> list[str]:
    """Titles of documents the database says are indexed but the index does not hold."""
    with db.sessions() as session:
        documents = list(session.scalars(select(Document).where(Document.indexed)))
    held = index.doc_keys()
    return [d.title for d in documents if doc_key(d) not in held]
