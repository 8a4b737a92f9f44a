"""What each chat remembers across restarts: its last question's context (for follow-ups) and its recent
answers (for the "来源" button). Both are JSON whose shape belongs to the caller."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from knowledge.db import Database
from knowledge.models import ChatContext, ChatReply, utcnow

KEEP_REPLIES = 30  # answers per chat kept for their sources


class ChatMemory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def context(self, chat_id: int) -> dict[str, Any] | None:
        with self.db.sessions() as session:
            row = session.get(ChatContext, chat_id)
            return row.context if row else None

    def remember(
        self,
        chat_id: int,
        *,
        context: dict[str, Any] | None = None,
        keep_context: bool = False,
        key: str | None = None,
        reply: dict[str, Any] | None = None,
    ) -> None:
        """Store the chat's new context (unless `keep_context`) and, under `key`, a reply; one transaction.
        Only the newest KEEP_REPLIES replies of a chat are kept."""
        with self.db.session() as session:
            if not keep_context:
                row = session.get(ChatContext, chat_id)
                if row is None:
                    session.add(ChatContext(chat_id=chat_id, context=context))
                else:
                    row.context, row.updated_at = context, utcnow()
            if key is not None:
                session.add(ChatReply(chat_id=chat_id, key=key, data=reply or {}))
                session.flush()
                oldest_kept = (select(ChatReply.id).where(ChatReply.chat_id == chat_id)
                               .order_by(ChatReply.id.desc()).offset(KEEP_REPLIES - 1).limit(1)).scalar_subquery()
                session.execute(delete(ChatReply).where(ChatReply.chat_id == chat_id, ChatReply.id < oldest_kept))

    def recall(self, chat_id: int, key: str) -> dict[str, Any] | None:
        """The reply stored under `key`; None when forgotten (older than the last KEEP_REPLIES)."""
        with self.db.sessions() as session:
            data = session.scalar(select(ChatReply.data).where(ChatReply.chat_id == chat_id, ChatReply.key == key)
                                  .order_by(ChatReply.id.desc()).limit(1))  # fmt: skip
            return dict(data) if data is not None else None

    def forget(self, chat_id: int) -> None:
        with self.db.session() as session:
            row = session.get(ChatContext, chat_id)
            if row is not None:
                row.context, row.updated_at = None, utcnow()
