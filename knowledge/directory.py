"""The names the database knows: organisations (ledger 责任单位, report organisations and their
aliases), read once per question so that the pure understanding step can resolve what a user wrote."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import Document, Fact, Hazard


def known_orgs(session: Session) -> tuple[str, ...]:
    """Every organisation the database knows: ledger 责任单位 values and report organisations."""
    names = set(session.scalars(select(Hazard.responsible_unit).distinct()))
    names |= set(session.scalars(select(Document.org).where(Document.kind == "report").distinct()))
    names |= set(session.scalars(select(Fact.org).distinct()))
    return tuple(sorted(n for n in names if n and n.strip()))
