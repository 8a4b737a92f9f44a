"""What each chat remembers across restarts: its last question's context (for follow-ups) and its recent
answers (for the "来源" button). Both are JSON whose shape belongs to the caller."""

from __future__ import annotations

from typing import Any

from knowledge.db import Database
from knowledge.models import ChatContext, utcnow

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
        """Store the chat's new context (unless `keep_context`) and, under `key`, a reply; one transaction."""
        with self.db.session() as session:
            row = session.get(ChatContext, chat_id)
            if row is None:
                row = ChatContext(chat_id=chat_id, context=None, replies=[])
                session.add(row)
            if not keep_context:
                row.context = context
            if key is not None:
                kept = [item for item in (row.replies or []) if item.get("key") != key]
                kept.append({"key": key, "reply": reply or {}})
                row.replies = kept[-KEEP_REPLIES:]
            row.updated_at = utcnow()

    def recall(self, chat_id: int, key: str) -> dict[str, Any] | None:
        """The reply stored under `key`; None when forgotten (older than the last KEEP_REPLIES)."""
        with self.db.sessions() as session:
            row = session.get(ChatContext, chat_id)
            for item in (row.replies or []) if row else []:
                if item.get("key") == key:
                    return dict(item.get("reply") or {})
        return None

    def forget(self, chat_id: int) -> None:
        with self.db.session() as session:
            row = session.get(ChatContext, chat_id)
            if row is not None:
                row.context = None
                row.updated_at = utcnow()
