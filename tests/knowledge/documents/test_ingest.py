"""Ingestion into a real database: idempotence, near-duplicates, refusals, one transaction per document."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from knowledge.db import Database
from knowledge.documents.ingest import (
    EXTRACTION_VERSION,
    _reference_day,
    doc_key,
    ingest_paths,
    is_regulation,
    outdated_reports,
    reread_reports,
)
from knowledge.models import Document, Fact
from knowledge.settings import SAMPLES_DIR

SAMPLE_REPORTS = SAMPLES_DIR / "reports"
GAS_REPORT = """XX区城镇燃气2023年上半年安全生产工作总结
一、聚焦重点领域。自大排查行动开展以来，共排查{households}户，排查出隐患{hazards}个，已全部完成整改。
二、紧盯违法行为。今年以来，共办理燃气领域案件{cases}起，罚款{fine}万元。
XX区城镇燃气办公室
2023年6月20日
"""


class MemoryIndexer:
    """A stand-in for the retrieval index holding document keys; can be told to fail once."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.fail_next = False

    def add(self, document: Document) -> None:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("index unavailable")
        self.keys.add(doc_key(document))

    def remove(self, key: str) -> None:
        self.keys.discard(key)


def _count(db: Database, model: type) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_sample_compilation_is_split_and_reingest_changes_nothing(db: Database) -> None:
    indexer = MemoryIndexer()
    first = ingest_paths(db, [SAMPLE_REPORTS], indexer=indexer)
    assert first.count("added") == 8 and first.count("near_duplicate") == 1
    docs, facts = _count(db, Document), _count(db, Fact)
    assert docs == 9 and facts > 100
    assert len(indexer.keys) == 8  # the redacted twin is stored but not indexed twice
    second = ingest_paths(db, [SAMPLE_REPORTS], indexer=indexer)
    assert second.count("duplicate") == 9 and second.count("added") == 0
    assert (_count(db, Document), _count(db, Fact), len(indexer.keys)) == (docs, facts, 8)


def test_near_duplicates_are_linked_and_the_specific_one_is_indexed(db: Database, tmp_path: Path) -> None:
    redacted = tmp_path / "a.txt"
    redacted.write_text(GAS_REPORT.format(households="XX", hazards="XX", cases="XX", fine="XX"), "utf-8")
    real = tmp_path / "b.txt"
    real.write_text(GAS_REPORT.format(households="73128", hazards="6534", cases="220", fine="34.467"), "utf-8")
    indexer = MemoryIndexer()
    ingest_paths(db, [redacted], indexer=indexer)
    report = ingest_paths(db, [real], indexer=indexer)
    assert report.items[0].status == "near_duplicate"
    with db.sessions() as s:
        a, b = s.scalars(select(Document).order_by(Document.id)).all()
        assert b.duplicate_of_id == a.id
        assert (a.indexed, b.indexed) == (False, True)
        assert indexer.keys == {doc_key(b)}
        values = {f.value for f in b.facts}
        assert {73128.0, 6534.0, 220.0, 344670.0} <= values
        assert all(f.value is None for f in a.facts if f.unit in ("户", "起"))


def test_index_failure_leaves_database_unchanged(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(GAS_REPORT.format(households="10", hazards="2", cases="1", fine="1"), "utf-8")
    indexer = MemoryIndexer()
    indexer.fail_next = True
    with pytest.raises(RuntimeError):
        ingest_paths(db, [path], indexer=indexer)
    assert _count(db, Document) == 0 and _count(db, Fact) == 0 and not indexer.keys
    assert ingest_paths(db, [path], indexer=indexer).count("added") == 1
    assert _count(db, Document) == 1 and len(indexer.keys) == 1


def test_bad_files_are_refused_with_reasons_and_good_ones_kept(db: Database, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "notes.xyz").write_text("x", "utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GAS_REPORT.format(households="10", hazards="2", cases="1", fine="1"), "utf-8")
    paths = [tmp_path / n for n in ("empty.txt", "binary.txt", "broken.docx", "notes.xyz")] + [good]
    report = ingest_paths(db, paths)
    status = {item.file: item for item in report.items}
    assert status["good.txt"].status == "added"
    for name in ("empty.txt", "binary.txt", "broken.docx", "notes.xyz"):
        assert status[name].status == "refused", name
        assert status[name].reason and name in status[name].reason
    assert "为空" in (status["empty.txt"].reason or "")
    assert _count(db, Document) == 1


def test_regulations_are_recognised_by_their_articles(db: Database) -> None:
    law = SAMPLES_DIR / "regulations" / "城镇燃气管理条例.md"
    assert is_regulation(law.read_text("utf-8"))
    assert not is_regulation(GAS_REPORT)
    report = ingest_paths(db, [law])
    assert report.items[0].kind == "regulation"
    with db.sessions() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.title == "城镇燃气管理条例" and doc.doc_date is not None and not doc.facts


def test_regulation_text_keeps_article_separators(db: Database) -> None:
    from retrieval.regulations import parse_regulation

    law = SAMPLES_DIR / "regulations" / "中华人民共和国道路交通安全法.md"
    ingest_paths(db, [law], regulation=True)
    with db.sessions() as s:
        doc = s.scalars(select(Document)).one()
    assert len(parse_regulation(doc.text).articles) == 124


def test_progress_counts_every_report_of_a_compilation(sqlite_db: Database) -> None:
    calls: list[tuple[int, int, str]] = []
    ingest_paths(sqlite_db, [SAMPLE_REPORTS], on_progress=lambda d, t, label: calls.append((d, t, label)))
    assert calls[-1][:2] == (9, 9)
    labels = [label for _d, _t, label in calls if label]
    assert len(labels) == 9 and any("区城镇燃气2023年上半年" in label for label in labels)
    assert all(d <= t for d, t, _ in calls)


def _stale(db: Database) -> None:
    """What a database written before the current reader looks like: version 0, one fact lost, a wrong org."""
    with db.session() as s:
        for document in s.scalars(select(Document).where(Document.kind == "report")):
            document.extraction_version = 0
            document.org = "关于局"
            if document.facts:
                document.facts.pop()


def test_reports_of_an_older_reader_are_read_again(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(GAS_REPORT.format(households="73128", hazards="6534", cases="220", fine="34.467"), "utf-8")
    indexer = MemoryIndexer()
    ingest_paths(db, [path], indexer=indexer)
    with db.sessions() as s:
        before = sorted((f.value, f.unit, f.sentence) for f in s.scalars(select(Fact)))
        org = s.scalar(select(Document.org))
    assert outdated_reports(db) == []
    _stale(db)
    ids = outdated_reports(db)
    assert len(ids) == 1
    indexer.keys.clear()
    done = reread_reports(db, indexer, ids)
    assert done == ["XX区城镇燃气2023年上半年安全生产工作总结"]
    with db.sessions() as s:
        after = sorted((f.value, f.unit, f.sentence) for f in s.scalars(select(Fact)))
        document = s.scalars(select(Document)).one()
        assert (document.org, document.extraction_version) == (org, EXTRACTION_VERSION)
    assert after == before  # the lost fact is back, no fact twice
    assert indexer.keys == {doc_key(document)}  # the index entry was rebuilt (its fact units have new ids)
    assert outdated_reports(db) == []
    assert reread_reports(db, indexer, []) == []


def test_a_failed_reread_leaves_that_report_as_it_was(db: Database, tmp_path: Path) -> None:
    for name, hazards in (("a.txt", "6534"), ("b.txt", "12")):
        text = GAS_REPORT.format(households="10", hazards=hazards, cases="1", fine="1").replace("XX区", name[0] + "区")
        (tmp_path / name).write_text(text, "utf-8")
    indexer = MemoryIndexer()
    ingest_paths(db, [tmp_path], indexer=indexer)
    _stale(db)
    facts_before = _count(db, Fact)
    indexer.fail_next = True  # the first report's index entry cannot be rebuilt
    done = reread_reports(db, indexer, outdated_reports(db))
    assert len(done) == 1
    remaining = outdated_reports(db)
    assert len(remaining) == 1  # still stale: read again on the next start
    with db.sessions() as s:
        stale = s.get(Document, remaining[0])
        assert stale is not None and stale.org == "关于局"
    assert _count(db, Fact) == facts_before + 1  # only the other report got its lost fact back


@pytest.mark.parametrize(
    ("doc_date", "period_end", "year", "expected"),
    [
        # a 2025 annual summary dated January 2026: its 一季度 is 2025's
        (date(2026, 1, 8), date(2025, 12, 31), 2025, date(2025, 12, 31)),
        # a half-year summary dated in July: read at its period's end
        (date(2023, 7, 10), date(2023, 6, 30), 2023, date(2023, 6, 30)),
        # a period inferred to end after the report was written: the report's date
        (date(2023, 7, 10), date(2023, 12, 31), 2023, date(2023, 7, 10)),
        (None, date(2023, 6, 30), 2023, date(2023, 6, 30)),
        (date(2023, 7, 10), None, None, date(2023, 7, 10)),
        (None, None, 2024, date(2024, 12, 31)),
        (None, None, None, None),
    ],
)
def test_a_reports_period_words_are_read_against_the_end_of_its_period(
    doc_date: date | None, period_end: date | None, year: int | None, expected: date | None
) -> None:
    assert _reference_day(doc_date, period_end, year) == expected
