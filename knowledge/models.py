"""SQLAlchemy typed models: documents (reports, regulations), facts extracted from them, the hazard ledger,
and the chat side: users and roles, allowed group chats, the audit log, chat memory, subscriptions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Document(Base):
    """One report or regulation as ingested; the record of what the retrieval index holds."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "report" | "regulation"
    title: Mapped[str] = mapped_column(String(300))
    org: Mapped[str | None] = mapped_column(String(200))
    org_level: Mapped[str | None] = mapped_column(String(20))
    period_label: Mapped[str | None] = mapped_column(String(100))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    doc_date: Mapped[date | None] = mapped_column(Date)
    source_file: Mapped[str] = mapped_column(String(500))
    source_index: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)  # cleaned text; spans refer to it
    original_text: Mapped[str] = mapped_column(Text)  # verbatim, for quotes
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)
    specificity: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    indexed: Mapped[bool] = mapped_column(Boolean, default=False)
    # knowledge.documents.ingest.EXTRACTION_VERSION when its metadata and facts were read (0: before versions)
    extraction_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    facts: Mapped[list[Fact]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def index_key(self) -> str:
        """The document's stable key in the retrieval index (its content, not its row id)."""
        return self.content_hash[:16]


class Fact(Base):
    """A figure stated in a report, with the sentence and span it came from."""

    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_org_domain", "org", "domain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    org: Mapped[str | None] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(20))
    metric: Mapped[str] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)  # None: redacted in the source (XX)
    unit: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str] = mapped_column(String(10), default="")
    period_expr: Mapped[str] = mapped_column(String(100), default="")
    period_label: Mapped[str | None] = mapped_column(String(100))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    value_start: Mapped[int] = mapped_column(Integer)
    value_end: Mapped[int] = mapped_column(Integer)
    implied: Mapped[bool] = mapped_column(Boolean, default=False)
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)

    document: Mapped[Document] = relationship(back_populates="facts")


class Hazard(Base):
    """One row of the hazard ledger (隐患台账), keyed by its 隐患编号."""

    __tablename__ = "hazards"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    responsible_unit: Mapped[str] = mapped_column(String(200), index=True)
    inspected_unit: Mapped[str] = mapped_column(String(200), default="")
    domain: Mapped[str] = mapped_column(String(20), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(8))  # 一般 | 重大
    found_date: Mapped[date] = mapped_column(Date, index=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))  # 未整改 | 整改中 | 已整改
    fixed_date: Mapped[date | None] = mapped_column(Date, index=True)
    source_file: Mapped[str] = mapped_column(String(500), default="")
    source_row: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    """A person allowed to use the bot, keyed by Telegram user ID; `org` scopes figures and drafts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    role: Mapped[str] = mapped_column(String(16))  # admin | staff | leader
    org: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    added_by: Mapped[int | None] = mapped_column(BigInteger)  # telegram_id; None: from SAFETYBOT_ADMIN_IDS
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AllowedChat(Base):
    """A group chat an admin has let the bot work in (private chats need no entry)."""

    __tablename__ = "allowed_chats"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    added_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """Who did what, when, with what result: refused attempts, uploads, imports, user changes."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_user_action", "telegram_id", "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))  # refused | upload | ingest | import | users | ...
    detail: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")


class ChatContext(Base):
    """What a chat remembers across restarts: the last question's context, for follow-ups."""

    __tablename__ = "chat_contexts"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChatReply(Base):
    """A recent answer of a chat, kept under a short key so that its sources can be shown on request."""

    __tablename__ = "chat_replies"
    __table_args__ = (Index("ix_chat_replies_chat_key", "chat_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    key: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Subscription(Base):
    """A chat that receives a scheduled push: the weekly briefing or the daily overdue-hazard reminder.

    The subscriber's current role and organisation (users table) decide what is sent."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("chat_id", "kind", name="uq_subscriptions_chat_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # brief | overdue
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
