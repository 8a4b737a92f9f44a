from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from knowledge.errors import ConfigError
from retrieval.chunking import Chunk
from retrieval.embedding import Embedder
from retrieval.store import (
    ChromaEmbeddingRefused,
    VectorStore,
    build_where,
    collection_name,
    make_chroma_client,
)


def _chunk(doc: str, i: int, text: str, **kw: object) -> Chunk:
    fields: dict[str, object] = {
        "chunk_id": f"{doc}:{i}",
        "doc_key": doc,
        "source_type": "report",
        "title": "XX街道2023年上半年安全生产工作总结",
        "heading_path": ("二、持续开展安全生产检查", "3、开展重大事故隐患专项排查整治"),
        "article": None,
        "org": "XX街道",
        "year": 2023,
        "period_label": "2023年上半年",
        "text": text,
        "start": i * 100,
        "end": i * 100 + len(text),
    }
    fields.update(kw)
    return Chunk(**fields)  # type: ignore[arg-type]


CHUNKS = [
    _chunk("doc-a", 0, "组织检查燃气用户1200户，发现隐患56处，当场整改50处。"),
    _chunk("doc-a", 1, "开展有限空间作业专项检查，检查企业12家。", heading_path=()),
    _chunk(
        "doc-b",
        0,
        "饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证。",
        source_type="regulation",
        title="中华人民共和国道路交通安全法",
        heading_path=("第五章 法律责任",),
        article="第九十一条",
        org=None,
        year=None,
        period_label=None,
    ),
    _chunk("doc-c", 0, "镇安委会召开会议部署安全生产月活动。", org="某镇", year=2022),
]


@pytest.fixture
def store(tmp_path: Path, fake_embedder: Embedder) -> VectorStore:
    return VectorStore(
        make_chroma_client(None, tmp_path / "chroma"), embedder_name=fake_embedder.name, dim=fake_embedder.dim
    )


@pytest.fixture
def filled(store: VectorStore, fake_embedder: Embedder) -> VectorStore:
    store.upsert(CHUNKS, fake_embedder.embed_documents([c.index_text() for c in CHUNKS]))
    return store


@pytest.mark.parametrize(
    ("name", "dim", "expected"),
    [
        ("e5-small", 384, "chunks-e5-small-384"),
        ("st-bge-small-zh-v1.5", 512, "chunks-st-bge-small-zh-v1-5-512"),
        ("st-模型", 768, "chunks-st-768"),
        ("", 8, "chunks-model-8"),
    ],
)
def test_collection_name(name: str, dim: int, expected: str) -> None:
    result = collection_name(name, dim)
    assert result == expected
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]", result)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, None),
        ({"source_type": "report"}, {"source_type": "report"}),
        ({"year": 2023}, {"year": 2023}),
        (
            {"source_type": "report", "org": "XX街道"},
            {"$and": [{"source_type": "report"}, {"org": "XX街道"}]},
        ),
        (
            {"source_type": "report", "org": "某镇", "year": 2022},
            {"$and": [{"source_type": "report"}, {"org": "某镇"}, {"year": 2022}]},
        ),
    ],
)
def test_build_where(filters: dict[str, object], expected: object) -> None:
    assert build_where(**filters) == expected  # type: ignore[arg-type]


def test_round_trip_keeps_chunks_whole(filled: VectorStore, fake_embedder: Embedder) -> None:
    for chunk in CHUNKS:
        (chunk_id, score, got), *_ = filled.query(fake_embedder.embed_documents([chunk.index_text()])[0], 1)
        assert chunk_id == chunk.chunk_id
        assert got == chunk
        assert score == pytest.approx(1.0, abs=1e-4)


def test_scores_are_cosine_similarities(filled: VectorStore, fake_embedder: Embedder) -> None:
    vec = fake_embedder.embed_documents([CHUNKS[0].index_text()])[0]
    (chunk_id, score, _), *_ = filled.query(3.0 * vec, 1)  # length must not matter
    assert chunk_id == CHUNKS[0].chunk_id and score == pytest.approx(1.0, abs=1e-4)
    assert filled.collection.configuration_json["hnsw"]["space"] == "cosine"


def test_query_ranks_by_cosine(filled: VectorStore, fake_embedder: Embedder) -> None:
    hits = filled.query(fake_embedder.embed_query("燃气用户隐患整改"), 4)
    assert hits[0][0] == "doc-a:0"
    scores = [s for _, s, _ in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        ({"source_type": "regulation"}, {"doc-b:0"}),
        ({"source_type": "report", "year": 2023}, {"doc-a:0", "doc-a:1"}),
        ({"org": "某镇"}, {"doc-c:0"}),
        ({"org": "不存在的单位"}, set()),
    ],
)
def test_query_with_filters(
    filled: VectorStore, fake_embedder: Embedder, filters: dict[str, object], expected_ids: set[str]
) -> None:
    hits = filled.query(fake_embedder.embed_query("检查"), 10, build_where(**filters))  # type: ignore[arg-type]
    assert {cid for cid, _, _ in hits} == expected_ids


def test_upsert_is_idempotent_and_delete_doc(filled: VectorStore, fake_embedder: Embedder) -> None:
    filled.upsert(CHUNKS[:2], fake_embedder.embed_documents([c.index_text() for c in CHUNKS[:2]]))
    assert filled.count() == 4
    assert filled.doc_keys() == {"doc-a", "doc-b", "doc-c"}
    filled.delete_doc("doc-a")
    assert filled.count() == 2
    assert filled.doc_keys() == {"doc-b", "doc-c"}
    assert [c.chunk_id for c in filled.all_chunks()] == ["doc-b:0", "doc-c:0"]


def test_upsert_checks_shapes(store: VectorStore) -> None:
    with pytest.raises(ValueError):
        store.upsert(CHUNKS[:2], np.zeros((1, store.dim), dtype=np.float32))
    with pytest.raises(ValueError):
        store.upsert(CHUNKS[:1], np.zeros((1, store.dim + 1), dtype=np.float32))


def test_empty_store_queries_return_nothing(store: VectorStore, fake_embedder: Embedder) -> None:
    assert store.query(fake_embedder.embed_query("燃气"), 5) == []
    assert store.doc_keys() == set() and store.all_chunks() == []


def test_chroma_never_embeds_by_itself(filled: VectorStore) -> None:
    """Text without vectors must fail loudly, not download Chroma's default ONNX model."""
    with pytest.raises(ChromaEmbeddingRefused):
        filled.collection.add(ids=["x"], documents=["没有向量的文本"])
    with pytest.raises(ChromaEmbeddingRefused):
        filled.collection.query(query_texts=["燃气"], n_results=1)
    assert filled.count() == 4


def test_models_never_share_a_collection(tmp_path: Path, fake_embedder: Embedder) -> None:
    client = make_chroma_client(None, tmp_path / "chroma")
    small = VectorStore(client, embedder_name="fake-hash", dim=fake_embedder.dim)
    other = VectorStore(client, embedder_name="other-model", dim=fake_embedder.dim)
    small.upsert(CHUNKS, fake_embedder.embed_documents([c.index_text() for c in CHUNKS]))
    assert (small.count(), other.count()) == (4, 0)


def test_persistent_store_reopens(tmp_path: Path, fake_embedder: Embedder) -> None:
    first = VectorStore(
        make_chroma_client(None, tmp_path / "chroma"), embedder_name="fake-hash", dim=fake_embedder.dim
    )
    first.upsert(CHUNKS, fake_embedder.embed_documents([c.index_text() for c in CHUNKS]))
    again = VectorStore(
        make_chroma_client(None, tmp_path / "chroma"), embedder_name="fake-hash", dim=fake_embedder.dim
    )
    assert again.count() == 4
    assert again.get(["doc-b:0"])["doc-b:0"] == CHUNKS[2]
    assert again.find({"article": "第九十一条"}) == [CHUNKS[2]]
    assert again.titles("regulation") == {"中华人民共和国道路交通安全法"}


def test_reset_empties_the_collection(filled: VectorStore) -> None:
    filled.reset()
    assert filled.count() == 0


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", "127.0.0.1:9", "http://"])
def test_unreachable_chroma_server_is_a_config_error(url: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Chroma"):
        make_chroma_client(url, tmp_path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("chroma server binary not installed")
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [binary, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.skip("chroma server did not start")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.integration
def test_http_chroma_server(chroma_server: str, tmp_path: Path, fake_embedder: Embedder) -> None:
    store = VectorStore(
        make_chroma_client(chroma_server, tmp_path / "unused"),
        embedder_name="fake-hash",
        dim=fake_embedder.dim,
    )
    store.upsert(CHUNKS, fake_embedder.embed_documents([c.index_text() for c in CHUNKS]))
    (chunk_id, _, chunk), *_ = store.query(fake_embedder.embed_query("饮酒后驾驶机动车"), 1)
    assert chunk_id == "doc-b:0" and chunk == CHUNKS[2]
    assert not (tmp_path / "unused").exists()
