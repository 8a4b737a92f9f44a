"""BM25 over chunks (bm25s), on jieba words, character bigrams or both (one index over both token lists).

The index keeps each chunk's token lists, so `save`/`load` and `add` rebuild the BM25 matrices
without tokenizing again (tokenizing is the slow part; building the matrices takes milliseconds).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.errors import InputError
from retrieval.chunking import Chunk
from retrieval.tokenize import tokenize_bigrams, tokenize_words, tokenizer_fingerprint

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

MODES = ("words", "bigrams", "both")
_TOKENIZERS: dict[str, Callable[[str], list[str]]] = {
    "words": tokenize_words,
    "bigrams": tokenize_bigrams,
}
_FILE = "lexical_index.json"
_FORMAT = 1


@dataclass(frozen=True)
class _Entry:
    """What the index keeps per chunk: its id, filter fields and token lists."""

    chunk_id: str
    doc_key: str
    source_type: str
    org: str | None
    year: int | None
    tokens: dict[str, list[str]]


class LexicalIndex:
    """BM25 search over chunks' `index_text()`, with filters applied before the top-k cut."""

    def __init__(self, chunks: Iterable[Chunk] = (), *, mode: str = "both") -> None:
        if mode not in MODES:
            raise InputError(f"检索方式“{mode}”无效，可选：{'、'.join(MODES)}。")
        self.mode = mode
        self._entries: list[_Entry] = []
        self._bm25: Any = None
        self.add(chunks)

    # -- building ----------------------------------------------------------------------------

    @property
    def _kinds(self) -> tuple[str, ...]:
        return ("words", "bigrams") if self.mode == "both" else (self.mode,)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, chunk_id: object) -> bool:
        return any(e.chunk_id == chunk_id for e in self._entries)

    @property
    def chunk_ids(self) -> list[str]:
        return [e.chunk_id for e in self._entries]

    def add(self, chunks: Iterable[Chunk]) -> None:
        """Add chunks (a chunk whose id is already indexed replaces the old one) and rebuild."""
        new = list({e.chunk_id: e for e in map(self._entry, chunks)}.values())  # last one wins
        if not new:
            return
        replaced = {e.chunk_id for e in new}
        self._entries = [e for e in self._entries if e.chunk_id not in replaced] + new
        self._build()

    def rebuild(self, chunks: Iterable[Chunk]) -> None:
        """Replace the whole content of the index."""
        self._entries = []
        self._bm25 = None
        self.add(chunks)

    def remove_doc(self, doc_key: str) -> int:
        """Drop every chunk of one document; returns how many were dropped."""
        before = len(self._entries)
        self._entries = [e for e in self._entries if e.doc_key != doc_key]
        if len(self._entries) != before:
            self._build()
        return before - len(self._entries)

    def _entry(self, chunk: Chunk) -> _Entry:
        text = chunk.index_text()
        return _Entry(
            chunk_id=chunk.chunk_id,
            doc_key=chunk.doc_key,
            source_type=chunk.source_type,
            org=chunk.org,
            year=chunk.year,
            tokens={kind: _TOKENIZERS[kind](text) for kind in self._kinds},
        )

    def _build(self) -> None:
        import bm25s

        self._bm25 = None
        if not self._entries:
            return
        retriever = bm25s.BM25()
        retriever.index([self._doc_tokens(e) for e in self._entries], show_progress=False)
        self._bm25 = retriever

    def _doc_tokens(self, entry: _Entry) -> list[str]:
        return [t for kind in self._kinds for t in entry.tokens[kind]]

    def _query_tokens(self, query: str) -> list[str]:
        return [t for kind in self._kinds for t in _TOKENIZERS[kind](query)]

    # -- searching ---------------------------------------------------------------------------

    def _mask(self, source_type: str | None, org: str | Sequence[str] | None, year: int | None) -> np.ndarray:
        import numpy as np

        orgs = (org,) if isinstance(org, str) else tuple(org) if org is not None else None
        return np.array(
            [
                (source_type is None or e.source_type == source_type)
                and (orgs is None or e.org in orgs)
                and (year is None or e.year == year)
                for e in self._entries
            ],
            dtype=bool,
        )

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        source_type: str | None = None,
        org: str | Sequence[str] | None = None,
        year: int | None = None,
    ) -> list[tuple[str, float]]:
        """Best chunk ids with BM25 scores, best first; the filters apply before the top-k cut."""
        import numpy as np

        tokens = self._query_tokens(query) if k > 0 and self._bm25 is not None else []
        if not tokens:
            return []
        mask = self._mask(source_type, org, year)
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
        scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        # Stable order: score descending, then insertion order.
        order = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
        return [(self._entries[i].chunk_id, float(scores[i])) for i in order]

    # -- persistence -------------------------------------------------------------------------

    def save(self, directory: str | Path) -> Path:
        """Write the index (ids, filter fields, tokens) to `directory`; returns the file written."""
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": _FORMAT,
            "tokenizer": tokenizer_fingerprint(),
            "mode": self.mode,
            "entries": [
                [e.chunk_id, e.doc_key, e.source_type, e.org, e.year, e.tokens] for e in self._entries
            ],
        }
        target = path / _FILE
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
        logger.info("saved lexical index of %d chunks to %s", len(self._entries), target)
        return target

    @classmethod
    def load(cls, directory: str | Path) -> LexicalIndex:
        """Read an index written by `save` and rebuild its BM25 matrices."""
        target = Path(directory) / _FILE
        if not target.is_file():
            raise InputError(f"找不到检索索引文件：{target}。请先重新建立索引。")
        payload = json.loads(target.read_text(encoding="utf-8"))
        if payload.get("format") != _FORMAT or payload.get("tokenizer") != tokenizer_fingerprint():
            raise InputError(f"检索索引文件与当前分词版本不符：{target}。请重新建立索引。")
        index = cls(mode=payload["mode"])
        index._entries = [
            _Entry(cid, doc, src, org, year, {k: list(v) for k, v in tokens.items()})
            for cid, doc, src, org, year, tokens in payload["entries"]
        ]
        index._build()
        return index
