"""The dense half's storage: one Chroma collection of chunk vectors per embedding model.

We always hand Chroma our own vectors. The collection carries an embedding function that raises if
Chroma ever tries to embed by itself (its hidden default would try to download an ONNX model).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from knowledge.errors import ConfigError
from retrieval.chunking import Chunk

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

logger = logging.getLogger(__name__)

GUARD_NAME = "safetybot_external_vectors"
_PAGE = 1000

Where = dict[str, Any]


class ChromaEmbeddingRefused(RuntimeError):
    """Raised when code asks Chroma to embed text itself instead of passing our vectors."""


_guard_class: type | None = None


def refusing_embedding_function() -> Any:
    """A registered Chroma embedding function that raises when called (built lazily: chromadb is heavy)."""
    global _guard_class
    if _guard_class is None:
        from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
        from chromadb.utils.embedding_functions import register_embedding_function

        class _RefusingEmbeddingFunction(EmbeddingFunction[Documents]):
            def __init__(self) -> None:
                pass

            def __call__(self, input: Documents) -> Embeddings:
                raise ChromaEmbeddingRefused(
                    "Chroma was asked to embed text itself; pass embeddings=/query_embeddings= instead"
                )

            @staticmethod
            def name() -> str:
                return GUARD_NAME

            def get_config(self) -> dict[str, Any]:
                return {}

            @staticmethod
            def build_from_config(config: dict[str, Any]) -> _RefusingEmbeddingFunction:
                return _RefusingEmbeddingFunction()

            def default_space(self) -> Any:
                return "cosine"

        register_embedding_function(_RefusingEmbeddingFunction)
        _guard_class = _RefusingEmbeddingFunction
    return _guard_class()


def make_chroma_client(url: str | None, path: Path) -> ClientAPI:
    """An HTTP client when a Chroma server URL is configured, else an embedded client under `path`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        if not parsed.hostname:
            raise ConfigError(f"Chroma 服务地址无效：{url}。请写成 http://主机:端口 的形式。")
        ssl = parsed.scheme == "https"
        port = parsed.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(host=parsed.hostname, port=port, ssl=ssl, settings=settings)
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants
            logger.exception("cannot reach Chroma at %s", url)
            raise ConfigError(
                f"连不上 Chroma 服务 {url}。请确认服务已启动、地址和端口正确，或去掉 SAFETYBOT_CHROMA_URL 改用本地存储。"
            ) from exc
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def collection_name(embedder_name: str, dim: int, kind: str = "chunks") -> str:
    """A Chroma-legal collection name tied to the model, so switching models never mixes vectors."""
    slug = re.sub(r"[^a-zA-Z0-9_-]+", "-", embedder_name).strip("-_").lower() or "model"
    return f"{kind}-{slug[:40]}-{dim}"


def build_where(
    *, source_type: str | None = None, org: str | Sequence[str] | None = None, year: int | None = None
) -> Where | None:
    """A Chroma metadata filter from the optional search filters (None when nothing is filtered);
    several organisations match any of them."""
    clauses: list[Where] = []
    if source_type is not None:
        clauses.append({"source_type": source_type})
    if isinstance(org, str):
        clauses.append({"org": org})
    elif org is not None:
        clauses.append({"org": {"$in": list(org)}} if len(org) != 1 else {"org": org[0]})
    if year is not None:
        clauses.append({"year": int(year)})
    if not clauses:
        return None
    if len(clauses) == 1:
        return clauses[0]
    return {"$and": clauses}


class VectorStore:
    """Chunk vectors in one Chroma collection (cosine space), keyed by chunk_id.

    `kind` names the collection's records: "chunks" (citable passages) or "facts" (the words around
    each stated figure, see retrieval.sync.fact_units_for), each kind in a collection of its own.
    """

    def __init__(self, client: ClientAPI, *, embedder_name: str, dim: int, kind: str = "chunks") -> None:
        self.client = client
        self.dim = dim
        self.name = collection_name(embedder_name, dim, kind)
        self._collection = self._open()

    @classmethod
    def open(
        cls, *, embedder_name: str, dim: int, url: str | None = None, path: Path | None = None
    ) -> VectorStore:
        """Build the client from settings-like values (URL wins over path)."""
        if not url and path is None:
            raise ConfigError("没有配置向量库位置：请设置 SAFETYBOT_CHROMA_URL 或数据目录。")
        return cls(make_chroma_client(url, path or Path(".")), embedder_name=embedder_name, dim=dim)

    def _open(self) -> Collection:
        return self.client.get_or_create_collection(
            self.name,
            embedding_function=refusing_embedding_function(),
            metadata={"dim": self.dim},
            # Wider HNSW search than Chroma's default: e5 cosines crowd into 0.8-0.93, and the
            # default graph search drifted by a rank or two between builds (ours: exact top 30).
            configuration={
                "hnsw": {"space": "cosine", "ef_search": 200, "ef_construction": 200, "max_neighbors": 32}
            },
        )

    @property
    def collection(self) -> Collection:
        return self._collection

    # -- writing -----------------------------------------------------------------------------

    def upsert(self, chunks: Sequence[Chunk], embeddings: np.ndarray) -> None:
        if len(chunks) != len(embeddings):
            raise ValueError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        if not chunks:
            return
        vectors = np.asarray(embeddings, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"expected embeddings of shape (n, {self.dim}), got {vectors.shape}")
        step = max(1, min(self._max_batch(), 2000))
        for i in range(0, len(chunks), step):
            part = chunks[i : i + step]
            self._collection.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=vectors[i : i + step],
                documents=[c.text for c in part],
                metadatas=[c.to_metadata() for c in part],
            )

    def delete_doc(self, doc_key: str) -> None:
        self._collection.delete(where={"doc_key": doc_key})

    def delete_ids(self, chunk_ids: Sequence[str]) -> None:
        if chunk_ids:
            self._collection.delete(ids=list(chunk_ids))

    def reset(self) -> None:
        """Drop and recreate the collection (used by a full rebuild)."""
        from chromadb.errors import NotFoundError

        try:
            self.client.delete_collection(self.name)
        except (NotFoundError, ValueError):  # not there: nothing to drop
            logger.debug("collection %s did not exist", self.name)
        self._collection = self._open()

    def close(self) -> None:
        """Release the client (an embedded Chroma keeps its SQLite files open until the last close)."""
        close = getattr(self.client, "close", None)
        if close is not None:
            close()

    def _max_batch(self) -> int:
        return int(self.client.get_max_batch_size())

    # -- reading -----------------------------------------------------------------------------

    def query(
        self, embedding: np.ndarray, k: int, where: Where | None = None
    ) -> list[tuple[str, float, Chunk]]:
        """Top-k chunks by cosine similarity (score = 1 - cosine distance), best first."""
        n = self.count()
        if n == 0 or k <= 0:
            return []
        result = self._collection.query(
            query_embeddings=np.asarray(embedding, dtype=np.float32).reshape(1, -1),
            n_results=min(k, n),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        ids = result["ids"][0]
        docs = (result.get("documents") or [[]])[0]
        metas = (result.get("metadatas") or [[]])[0]
        dists = (result.get("distances") or [[]])[0]
        hits: list[tuple[str, float, Chunk]] = []
        for chunk_id, text, md, dist in zip(ids, docs, metas, dists, strict=True):
            chunk = Chunk.from_metadata(chunk_id, text or "", dict(md or {}))
            hits.append((chunk_id, 1.0 - float(dist), chunk))
        return hits

    def count(self) -> int:
        return int(self._collection.count())

    def get(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        if not chunk_ids:
            return {}
        res = self._collection.get(ids=list(chunk_ids), include=["documents", "metadatas"])
        return {
            cid: Chunk.from_metadata(cid, text or "", dict(md or {}))
            for cid, text, md in zip(res["ids"], res["documents"] or [], res["metadatas"] or [], strict=True)
        }

    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of the given chunks (missing ids are left out)."""
        if not chunk_ids:
            return {}
        res = self._collection.get(ids=list(chunk_ids), include=["embeddings"])
        embeddings = res.get("embeddings")
        if embeddings is None:
            return {}
        return {
            cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(res["ids"], embeddings, strict=True)
        }

    def find(self, where: Where) -> list[Chunk]:
        """Chunks whose metadata match `where`, in document order."""
        res = self._collection.get(where=where, include=["documents", "metadatas"])
        chunks = [
            Chunk.from_metadata(cid, text or "", dict(md or {}))
            for cid, text, md in zip(res["ids"], res["documents"] or [], res["metadatas"] or [], strict=True)
        ]
        chunks.sort(key=lambda c: (c.doc_key, c.start, c.chunk_id))
        return chunks

    def titles(self, source_type: str) -> set[str]:
        """Distinct titles of the stored chunks of one source type."""
        res = self._collection.get(where={"source_type": source_type}, include=["metadatas"])
        return {str(md["title"]) for md in res["metadatas"] or [] if md and "title" in md}

    def _pages(self, include: list[Any]) -> Iterator[Mapping[str, Any]]:
        offset = 0
        while True:
            page = self._collection.get(include=include, limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            yield page
            offset += len(page["ids"])

    def doc_keys(self) -> set[str]:
        keys: set[str] = set()
        for page in self._pages(["metadatas"]):
            keys.update(str(md["doc_key"]) for md in page["metadatas"] or [] if md and "doc_key" in md)
        return keys

    def all_chunks(self) -> list[Chunk]:
        """Every stored chunk (text + metadata), ordered by doc_key and position."""
        chunks: list[Chunk] = []
        for page in self._pages(["documents", "metadatas"]):
            for cid, text, md in zip(
                page["ids"], page["documents"] or [], page["metadatas"] or [], strict=True
            ):
                chunks.append(Chunk.from_metadata(cid, text or "", dict(md or {})))
        chunks.sort(key=lambda c: (c.doc_key, c.start, c.chunk_id))
        return chunks
