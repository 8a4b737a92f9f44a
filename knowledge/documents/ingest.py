"""Ingest report and regulation files into the database (and, through an indexer, the retrieval index).

One transaction per document: a failure leaves the database as it was, and a document is either in the
database and the index or in neither. Re-ingesting the same content changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from knowledge.db import Database
from knowledge.errors import InputError
from knowledge.models import Document, Fact

log = logging.getLogger(__name__)

Status = Literal["added", "near_duplicate", "duplicate", "refused"]
# The version of the report reader (cleaning, metadata, figure extraction). Raise it when a change makes
# a stored report read differently: on the next start every report of an older version is read again
# from its stored text (`reread_reports`), so an upgrade improves the figures already in the database.
EXTRACTION_VERSION = 9  # 9: a period stated after the first figure of its sentence, or opening a breakdown by quarter or month, is not carried on to the next sentences; 8: a report dated after its period reads its quarters and months in that period's year; "上年为…" dates its own clause; 7: 学时 is a unit; 6: the cells of plain-text tables are facts (knowledge.facts.tables); 5: a figure after 实际/已 that follows a plan word is done, not planned; 2: a figure's clause no longer ends inside "4,516家" (its index unit re-embedded); 3: a period in brackets dates only its aside; 4: 前三季度 and 前N个月 are periods of their own (not 三季度)
_ARTICLE_LINE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条[\s　]", re.MULTILINE)


class DocumentIndexer(Protocol):
    """The retrieval side of ingestion (retrieval.sync implements it)."""

    def add(self, document: Document) -> None: ...

    def remove(self, doc_key: str) -> None: ...


def doc_key(document: Document) -> str:
    """The document's stable key in the retrieval index."""
    return document.index_key


@dataclass(frozen=True)
class IngestItem:
    file: str
    status: Status
    title: str | None = None
    kind: str | None = None
    facts: int = 0
    reason: str | None = None
    linked_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class IngestReport:
    items: list[IngestItem] = field(default_factory=list)
    seconds: float = 0.0
    chars: int = 0

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status == status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.count("added"),
            "near_duplicate": self.count("near_duplicate"),
            "duplicate": self.count("duplicate"),
            "refused": self.count("refused"),
            "seconds": round(self.seconds, 3),
            "chars": self.chars,
            "items": [item.to_dict() for item in self.items],
        }


def content_hash(text: str) -> str:
    normalized = re.sub(r"\s+", "", text)
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def is_regulation(text: str) -> bool:
    """A law or regulation is recognised by its 第X条 article structure."""
    return len(_ARTICLE_LINE.findall(text)) >= 5


def ingest_paths(
    db: Database,
    paths: Iterable[Path],
    *,
    regulation: bool | None = None,
    indexer: DocumentIndexer | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files (folders are walked for .txt/.md/.docx/.pdf); report what was added, skipped, refused.

    `on_progress(done, total, label)` is called before and after each document; `total` grows as
    compilations are split into their reports.
    """
    from knowledge.documents.readers import read_document

    report = IngestReport()
    started = time.perf_counter()
    files = expand_paths(paths)
    progress = _Progress(on_progress, total=len(files))
    for path in files:
        try:
            raw = read_document(path)
        except InputError as exc:
            report.items.append(IngestItem(file=path.name, status="refused", reason=exc.message))
            progress.advance()
            continue
        report.chars += len(raw.text)
        kind_is_regulation = is_regulation(raw.text) if regulation is None else regulation
        if kind_is_regulation:
            progress.start(f"{path.name}")
            report.items.append(_ingest_regulation(db, path.name, raw.text, indexer))
            progress.advance()
        else:
            report.items.extend(_ingest_report_file(db, path.name, raw.text, indexer, progress))
    report.seconds = time.perf_counter() - started
    return report


ProgressCallback = Callable[[int, int, str], None]


class _Progress:
    """Counts documents done out of those found so far, for a progress bar."""

    def __init__(self, callback: ProgressCallback | None, total: int) -> None:
        self.callback, self.done, self.total = callback, 0, total

    def found(self, extra: int) -> None:
        self.total += extra

    def start(self, label: str) -> None:
        if self.callback:
            self.callback(self.done, self.total, label)

    def advance(self) -> None:
        self.done += 1
        if self.callback:
            self.callback(self.done, self.total, "")


SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders walked in name order for supported files (SOURCES.md-like notes skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.stem.upper() != "SOURCES"
            )
        else:
            out.append(path)
    return out


def _ingest_regulation(db: Database, filename: str, text: str, indexer: DocumentIndexer | None) -> IngestItem:
    # Official texts are kept as read: report cleaning would drop the space in "第一条 为了…" that
    # separates an article's number from its text.
    title, version = regulation_meta(text, filename)
    document = Document(
        kind="regulation", title=title, source_file=filename, source_index=0,
        content_hash=content_hash(text), text=text, original_text=text,
        doc_date=version, year=version.year if version else None,
    )
    return _store(db, document, indexer, filename)


def regulation_meta(text: str, filename: str) -> tuple[str, date | None]:
    """Title from the first heading line (or the file name) and the version date stated under it."""
    title = Path(filename).stem
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            title = stripped.strip("《》")
            break
    version = None
    match = re.search(r"版本日期[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})", text[:600]) or re.search(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", text[:600]
    )
    if match:
        version = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return title, version


def _ingest_report_file(
    db: Database, filename: str, text: str, indexer: DocumentIndexer | None, progress: _Progress
) -> list[IngestItem]:
    from knowledge.documents.cleaning import clean_text, original_quote
    from knowledge.documents.splitting import split_reports

    clean = clean_text(text)
    sections = split_reports(clean.text, filename=filename)
    progress.found(len(sections) - 1)  # the file was counted as one document
    items: list[IngestItem] = []
    for index, section in enumerate(sections):
        progress.start(f"{filename} · {section.title}")
        try:
            original = original_quote(clean, section.start, section.end)
            document = build_report(section.title, section.text, original, filename, index)
        except InputError as exc:
            items.append(IngestItem(file=filename, status="refused", title=section.title, reason=exc.message))
        else:
            items.append(_store(db, document, indexer, filename))
        progress.advance()
    return items


def build_report(title: str, text: str, original: str, filename: str, index: int) -> Document:
    """A report Document with its metadata and extracted facts (not yet stored)."""
    from knowledge.documents.cleaning import find_placeholders
    from knowledge.documents.meta import describe_report
    from knowledge.documents.near_dup import specificity
    from knowledge.facts.extraction import extract_facts
    from knowledge.facts.lexicon import domain_of

    if not text.strip():
        raise InputError(f"报告《{title}》没有正文内容。")
    meta = describe_report(title, text, filename=filename)
    document = Document(
        kind="report", title=meta.title, org=meta.org, org_level=meta.org_level,
        period_label=meta.period_label, period_start=meta.period_start, period_end=meta.period_end,
        year=meta.year, doc_date=meta.doc_date, source_file=filename, source_index=index,
        content_hash=content_hash(text), text=text, original_text=original,
        redacted=bool(find_placeholders(text)), specificity=specificity(text),
        extraction_version=EXTRACTION_VERSION,
    )
    default_domain = domain_of(f"{meta.title} {meta.org or ''}")
    reference = _reference_day(meta.doc_date, meta.period_end, meta.year)
    for fact in extract_facts(text, default_domain=default_domain, original=original):
        document.facts.append(_fact_row(fact, document, reference))
    return document


def outdated_reports(db: Database) -> list[int]:
    """Ids of the reports read by an older version of the report reader."""
    with db.session() as session:
        query = select(Document.id).where(Document.kind == "report", Document.extraction_version != EXTRACTION_VERSION)
        return list(session.scalars(query.order_by(Document.id)))


def reread_reports(
    db: Database, indexer: DocumentIndexer | None, ids: Sequence[int], progress: Callable[[int, int, str], None] | None = None,
) -> list[str]:
    """Read the given reports again from their stored text: metadata and facts replaced, the index entry
    rebuilt; one transaction per report, so a failure leaves that report as it was (and, should the
    index have lost it, `retrieval.sync.missing_documents` finds it on the next start). Titles done."""
    done: list[str] = []
    for n, document_id in enumerate(ids, 1):
        try:
            with db.session() as session:
                document = session.get(Document, document_id)
                if document is None or document.kind != "report":
                    continue
                if progress is not None:
                    progress(n, len(ids), document.title)
                _reread(session, document, indexer)
                done.append(document.title)
        except Exception:  # that report stays as it was; the others are still read again
            log.exception("re-reading report %s failed", document_id)
    return done


def _reread(session: Session, document: Document, indexer: DocumentIndexer | None) -> None:
    fresh = build_report(document.title, document.text, document.original_text, document.source_file,
                         document.source_index)  # fmt: skip
    for name in ("title", "org", "org_level", "period_label", "period_start", "period_end", "year", "doc_date",
                 "redacted", "specificity", "extraction_version"):  # fmt: skip
        setattr(document, name, getattr(fresh, name))
    facts = list(fresh.facts)
    fresh.facts.clear()  # the new facts leave the unsaved copy for the stored document
    document.facts.clear()
    session.flush()  # the old facts go before the new ones take their place
    document.facts.extend(facts)
    session.flush()
    if indexer is not None and document.indexed:
        indexer.remove(doc_key(document))
        indexer.add(document)


def _reference_day(doc_date: date | None, period_end: date | None, year: int | None) -> date | None:
    """The day a report's own period words (一季度, 7月份, 上年) are read against: the end of its period
    when it was written after it — a 2025 annual summary dated January 2026 means 2025's 一季度 —
    else its date."""
    if doc_date and period_end:
        return min(doc_date, period_end)
    return doc_date or period_end or (date(year, 12, 31) if year else None)


def _fact_row(fact: Any, document: Document, reference: date | None) -> Fact:
    from knowledge.periods.parse import parse_period

    period = parse_period(fact.period_expr, reference) if fact.period_expr and reference else None
    return Fact(
        org=document.org, domain=fact.domain, metric=fact.metric, value=fact.value, unit=fact.unit,
        qualifier=fact.qualifier, period_expr=fact.period_expr,
        period_label=period.label if period else document.period_label,
        period_start=period.start if period else document.period_start,
        period_end=period.end if period else document.period_end,
        sentence=fact.sentence, sentence_start=fact.sentence_span[0], sentence_end=fact.sentence_span[1],
        value_start=fact.value_span[0], value_end=fact.value_span[1],
        implied=fact.implied, redacted=fact.redacted,
    )


def _store(db: Database, document: Document, indexer: DocumentIndexer | None, filename: str) -> IngestItem:
    """Store one document in one transaction; index it unless a more specific near-duplicate is indexed."""
    base: dict[str, Any] = {"file": filename, "title": document.title, "kind": document.kind}
    added_key: str | None = None
    try:
        with db.session() as session:
            existing = session.scalar(select(Document).where(Document.content_hash == document.content_hash))
            if existing is not None:
                return IngestItem(status="duplicate", reason=f"与已入库的《{existing.title}》内容相同", **base)
            twin = _find_near_duplicate(session, document)
            session.add(document)
            if twin is not None:
                document.duplicate_of_id = twin.id
            session.flush()
            to_unindex = _choose_indexed(session, document, twin)
            if indexer is not None and document.indexed:
                indexer.add(document)
                added_key = doc_key(document)
            facts = len(document.facts)
            unindex_keys = [doc_key(other) for other in to_unindex]
    except Exception:
        if indexer is not None and added_key is not None:
            indexer.remove(added_key)
        raise
    if indexer is not None:  # after the commit: a superseded version leaves the index
        for key in unindex_keys:
            indexer.remove(key)
    if twin is not None:
        return IngestItem(status="near_duplicate", facts=facts, linked_to=twin.title, **base)
    return IngestItem(status="added", facts=facts, **base)


def _find_near_duplicate(session: Session, document: Document) -> Document | None:
    from knowledge.documents.near_dup import is_near_duplicate

    candidates = session.scalars(select(Document).where(Document.kind == document.kind))
    for candidate in candidates:
        if is_near_duplicate(candidate.text, document.text):
            return candidate
    return None


def _choose_indexed(session: Session, document: Document, twin: Document | None) -> Sequence[Document]:
    """Within a near-duplicate group only the most specific version is indexed; returns those to unindex."""
    if twin is None:
        document.indexed = True
        return ()
    ids = (twin.id, document.id)
    group = list(session.scalars(select(Document).where(or_(Document.id.in_(ids), Document.duplicate_of_id.in_(ids)))))
    best = max(group, key=lambda d: (d.specificity, d.id))
    unindex = [d for d in group if d.indexed and d is not best]
    for d in group:
        d.indexed = d is best
    return unindex
