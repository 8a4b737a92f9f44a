"""List the facts extracted from reports, each with its source sentence."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from knowledge.db import Database
from knowledge.models import Document, Fact


def list_facts(db: Database, *, org: str | None = None, domain: str | None = None) -> list[dict[str, Any]]:
    """Facts in document order; `org` matches by containment, `domain` exactly."""
    statement = select(Fact, Document).join(Document, Fact.document_id == Document.id)
    if org:
        statement = statement.where(Fact.org.contains(org, autoescape=True))
    if domain:
        statement = statement.where(Fact.domain == domain)
    statement = statement.order_by(Document.id, Fact.value_start)
    with db.sessions() as session:
        return [fact_dict(fact, document) for fact, document in session.execute(statement).all()]


def fact_dict(fact: Fact, document: Document) -> dict[str, Any]:
    return {
        "report_title": document.title,
        "org": fact.org,
        "domain": fact.domain,
        "metric": fact.metric,
        "value": fact.value,
        "unit": fact.unit,
        "qualifier": fact.qualifier,
        "period": fact.period_expr or fact.period_label,
        "period_start": fact.period_start.isoformat() if fact.period_start else None,
        "period_end": fact.period_end.isoformat() if fact.period_end else None,
        "sentence": fact.sentence,
        "span": [fact.value_start, fact.value_end],
        "sentence_span": [fact.sentence_start, fact.sentence_end],
        "implied": fact.implied,
        "redacted": fact.redacted,
        "source_file": document.source_file,
    }
