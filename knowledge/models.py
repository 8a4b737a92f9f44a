"""SQLAlchemy typed models: documents (reports, regulations), facts extracted from them, the hazard ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
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
