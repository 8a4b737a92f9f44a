"""The names the database knows: organisations (ledger 责任单位, report organisations and their
aliases), for the pure understanding step to resolve what a user wrote; and a cheap fingerprint of
the data, so that what is read for every question (names, ledger coverage) is read again only after
an ingest or an import changed it — by this process or another one sharing the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.models import Document, Fact, Hazard

T = TypeVar("T")
_cache: dict[tuple[str, str, tuple[object, ...]], object] = {}


def fingerprint(session: Session) -> tuple[object, ...]:
    """Changes whenever documents, facts or hazards are added, removed or updated (two small queries)."""
    docs = session.execute(select(func.count(Document.id), func.max(Document.id))).one()
    hazards = session.execute(select(func.count(Hazard.id), func.max(Hazard.updated_at))).one()
    return (*docs, *hazards)


def cached(session: Session, name: str, compute: Callable[[Session], T]) -> T:
    """`compute(session)`, reused while the data's fingerprint stays the same."""
    key = (str(session.get_bind().engine.url), name, fingerprint(session))
    if key not in _cache:
        for stale in [k for k in _cache if k[:2] == key[:2]]:
            del _cache[stale]
        _cache[key] = compute(session)
    return _cache[key]  # type: ignore[return-value]


def known_orgs(session: Session) -> tuple[str, ...]:
    """Every organisation the database knows: ledger 责任单位 values and report organisations."""
    return cached(session, "orgs", _known_orgs)


def _known_orgs(session: Session) -> tuple[str, ...]:
    names = set(session.scalars(select(Hazard.responsible_unit).distinct()))
    names |= set(session.scalars(select(Document.org).where(Document.kind == "report").distinct()))
    names |= set(session.scalars(select(Fact.org).distinct()))
    return tuple(sorted(n for n in names if n and n.strip()))
