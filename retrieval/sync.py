"""Keep the search index in step with the database, the record of what was ingested."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select

from knowledge.db import Database
from knowledge.documents.ingest import doc_key
from knowledge.facts.text import evidence_text
from knowledge.models import Document
from retrieval.chunking import Chunk, chunk_regulation, chunk_report, item_units
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


def fact_units_for(document: Document) -> list[Chunk]:
    """One unit per stated figure of a report: the headings above it and its clause, embedded so
    that a question can be compared with what each figure is about (ids ``fact:<id>``)."""
    if document.kind != "report":
        return []
    key = doc_key(document)
    units: list[Chunk] = []
    for fact in document.facts:
        offset = max(0, fact.value_start - fact.sentence_start)
        text = evidence_text(document.text, fact.sentence, fact.sentence_start, offset)
        units.append(Chunk(
            chunk_id=fact_unit_id(fact.id), doc_key=key, source_type="fact", title=document.title, heading_path=(),
            article=None, org=fact.org or document.org, year=document.year, period_label=document.period_label,
            text=text, start=fact.value_start, end=fact.value_end,
        ))  # fmt: skip
    return units


def fact_unit_id(fact_id: int) -> str:
    return f"fact:{fact_id}"


class IndexSync:
    """The `DocumentIndexer` that ingestion calls inside each document's transaction."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def add(self, document: Document) -> None:
        self.index.add_document(doc_key(document), chunks_for(document), fact_units_for(document))

    def remove(self, key: str) -> None:
        self.index.remove_document(key)


def reindex(
    db: Database, index: SearchIndex, *, on_progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild both indexes from the documents the database marks as indexed; returns the chunk count."""
    with db.sessions() as session:
        documents = list(session.scalars(select(Document).where(Document.indexed).order_by(Document.id)))
        chunks = [chunk for document in documents for chunk in chunks_for(document)]
        facts = [unit for document in documents for unit in fact_units_for(document)]
    return index.rebuild(chunks, facts=facts, progress=on_progress)


def missing_documents(db: Database, index: SearchIndex) -> list[str]:
    """Titles of documents the database says are indexed but the index does not hold."""
    with db.sessions() as session:
        documents = list(session.scalars(select(Document).where(Document.indexed)))
        with_facts = {doc_key(d) for d in documents if d.kind == "report" and d.facts}
        with_items = {doc_key(d) for d in documents if d.kind == "regulation" and item_units(chunks_for(d))}
    held = index.doc_keys()
    missing = [d.title for d in documents if doc_key(d) not in held]
    if index.items is not None and not missing and with_items - index.items.doc_keys():
        return [d.title for d in documents if doc_key(d) in with_items - index.items.doc_keys()]
    if index.facts is not None and not missing and with_facts - index.fact_doc_keys():
        return [d.title for d in documents if doc_key(d) in with_facts - index.fact_doc_keys()]
    return missing
