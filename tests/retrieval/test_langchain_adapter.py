from __future__ import annotations

import asyncio

import pytest
from langchain_core.documents import Document
from pydantic import ValidationError

from retrieval.chunking import Chunk
from retrieval.embedding import Embedder
from retrieval.index import SearchIndex
from retrieval.langchain_adapter import SafetybotRetriever
from retrieval.store import VectorStore, make_chroma_client


@pytest.fixture(scope="module")
def index(
    tmp_path_factory: pytest.TempPathFactory, fake_embedder: Embedder, sample_chunks: list[Chunk]
) -> SearchIndex:
    embedder = fake_embedder
    root = tmp_path_factory.mktemp("lc")
    store = VectorStore(
        make_chroma_client(None, root / "chroma"), embedder_name=embedder.name, dim=embedder.dim
    )
    idx = SearchIndex(embedder, store, root / "bm25")
    idx.rebuild(sample_chunks)
    return idx


METADATA_KEYS = {
    "chunk_id",
    "doc_key",
    "source_type",
    "citation",
    "title",
    "heading_path",
    "article",
    "org",
    "year",
    "period_label",
    "start",
    "end",
    "score",
    "dense_score",
    "lexical_score",
    "dense_rank",
    "lexical_rank",
}


def test_returns_documents_with_citation_metadata(index: SearchIndex, sample_chunks: list[Chunk]) -> None:
    docs = SafetybotRetriever(index=index, k=3).invoke("燃气管理条例第二十八条")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    first = docs[0]
    assert METADATA_KEYS <= set(first.metadata)
    assert first.metadata["citation"] == "〔《城镇燃气管理条例》第二十八条〕"
    assert first.metadata["article"] == "第二十八条"
    assert first.metadata["title"] == "城镇燃气管理条例"
    assert first.metadata["heading_path"].startswith("第")
    chunk = next(c for c in sample_chunks if c.chunk_id == first.metadata["chunk_id"])
    assert first.page_content == chunk.text  # verbatim passage, quotable
    assert first.id == chunk.chunk_id


@pytest.mark.parametrize(
    ("settings", "check"),
    [
        ({"source_type": "report"}, lambda md: md["source_type"] == "report" and md["article"] is None),
        ({"source_type": "regulation"}, lambda md: md["citation"].startswith("〔《城镇燃气管理条例》")),
        ({"org": "县交通运输局"}, lambda md: md["org"] == "县交通运输局" and " · " in md["citation"]),
        ({"mode": "lexical"}, lambda md: md["lexical_rank"] is not None and md["dense_rank"] is None),
        ({"mode": "dense"}, lambda md: md["dense_rank"] is not None and md["lexical_rank"] is None),
    ],
)
def test_filters_and_mode_pass_through(index: SearchIndex, settings: dict[str, str], check: object) -> None:
    docs = SafetybotRetriever(index=index, k=4, **settings).invoke("安全检查隐患整改")  # type: ignore[arg-type]
    assert docs
    assert all(check(d.metadata) for d in docs)  # type: ignore[operator]


def test_async_invoke(index: SearchIndex) -> None:
    retriever = SafetybotRetriever(index=index, k=2)
    docs = asyncio.run(retriever.ainvoke("瓶装燃气钢瓶减压阀"))
    assert [d.metadata["chunk_id"] for d in docs] == [
        d.metadata["chunk_id"] for d in retriever.invoke("瓶装燃气钢瓶减压阀")
    ]


@pytest.mark.parametrize("bad", [{"k": 0}, {"mode": "semantic"}])
def test_settings_are_validated(index: SearchIndex, bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SafetybotRetriever(index=index, **bad)  # type: ignore[arg-type]
