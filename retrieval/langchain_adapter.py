"""LangChain face of the search service: a BaseRetriever returning cited Documents.

Only this module knows about LangChain; the rest of retrieval speaks Chunk and SearchHit.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from retrieval.index import SearchHit, SearchIndex


def hit_to_document(hit: SearchHit) -> Document:
    """A Document whose page_content is the verbatim passage and whose metadata carries the citation."""
    chunk = hit.chunk
    metadata: dict[str, Any] = {
        "chunk_id": chunk.chunk_id,
        "doc_key": chunk.doc_key,
        "source_type": chunk.source_type,
        "citation": chunk.citation(),
        "title": chunk.title,
        "heading_path": " > ".join(chunk.heading_path),
        "article": chunk.article,
        "org": chunk.org,
        "year": chunk.year,
        "period_label": chunk.period_label,
        "start": chunk.start,
        "end": chunk.end,
        "score": hit.score,
        "dense_score": hit.dense_score,
        "lexical_score": hit.lexical_score,
        "dense_rank": hit.dense_rank,
        "lexical_rank": hit.lexical_rank,
    }
    return Document(page_content=chunk.text, metadata=metadata, id=chunk.chunk_id)


class SafetybotRetriever(BaseRetriever):
    """Retriever over a SearchIndex with fixed k, mode and filters (build one per filter set)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: SearchIndex
    k: int = Field(default=5, ge=1)
    mode: Literal["hybrid", "dense", "lexical"] = "hybrid"
    source_type: str | None = None
    org: str | None = None
    year: int | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.index.search(
            query,
            self.k,
            mode=self.mode,
            source_type=self.source_type,
            org=self.org,
            year=self.year,
        )
        return [hit_to_document(h) for h in hits]
