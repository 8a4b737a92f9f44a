"""The audit log: every refused attempt, upload, import and user change (who, when, what, result)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from knowledge.db import Database
from knowledge.models import AuditEntry


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    telegram_id: int | None
    chat_id: int | None
    action: str
    detail: str
    result: str


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self, action: str, *, telegram_id: int | None, chat_id: int | None, detail: str = "", result: str = ""
    ) -> None:
        with self.db.session() as session:
            session.add(AuditEntry(telegram_id=telegram_id, chat_id=chat_id, action=action,
                                   detail=detail[:2000], result=result[:2000]))  # fmt: skip

    def seen(self, action: str, *, telegram_id: int | None = None, chat_id: int | None = None) -> bool:
        """Whether an entry of this action exists for this user and/or chat (those given)."""
        statement = select(AuditEntry.id).where(AuditEntry.action == action)
        if telegram_id is not None:
            statement = statement.where(AuditEntry.telegram_id == telegram_id)
        if chat_id is not None:
            statement = statement.where(AuditEntry.chat_id == chat_id)
        with self.db.sessions() as session:
            return session.scalar(statement.limit(1)) is not None

    def recent(self, limit: int = 20, *, action: str | None = None) -> list[AuditRecord]:
        statement = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if action:
            statement = statement.where(AuditEntry.action == action)
        with self.db.sessions() as session:
            return [
                AuditRecord(e.at, e.telegram_id, e.chat_id, e.action, e.detail, e.result)
                for e in session.scalars(statement)
            ]
