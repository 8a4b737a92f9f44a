"""Drafting fixtures: the sample ledger in a real database, and the same figures computed straight from
the CSV with the csv module (independently of knowledge.ledger), to check drafts against."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from bot.assistant import SAMPLE_LEDGER
from knowledge.db import Database
from knowledge.ledger.importer import import_ledger

TODAY = date(2023, 11, 30)


@dataclass(frozen=True)
class Row:
    code: str
    unit: str
    domain: str
    description: str
    level: str
    found: date
    deadline: date | None
    status: str
    fixed: date | None


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class CsvLedger:
    """The sample ledger read with the csv module; each method states its own semantics."""

    def __init__(self) -> None:
        with SAMPLE_LEDGER.open(encoding="utf-8-sig", newline="") as handle:
            self.rows = [
                Row(r["隐患编号"], r["责任单位"], r["行业领域"], r["隐患描述"], r["隐患等级"], date.fromisoformat(r["发现日期"]),
                    _day(r["整改期限"]), r["整改状态"], _day(r["整改完成日期"]))
                for r in csv.DictReader(handle)
            ]  # fmt: skip

    def select(self, start: date | None, end: date, *, unit: str | None = None, domain: str | None = None,
               level: str | None = None) -> list[Row]:  # fmt: skip
        """Hazards found in [start, end] (no start: ever) of that unit, domain and level."""
        return [r for r in self.rows if (start is None or r.found >= start) and r.found <= end
                and (unit is None or r.unit == unit) and (domain is None or r.domain == domain)
                and (level is None or r.level == level)]  # fmt: skip

    @staticmethod
    def is_fixed(row: Row, today: date) -> bool:
        return row.status == "已整改" and row.fixed is not None and row.fixed <= today

    def found(self, start: date | None, end: date, **kw: str) -> int:
        return len(self.select(start, end, **kw))

    def fixed_among_found(self, start: date | None, end: date, today: date = TODAY, **kw: str) -> int:
        return sum(self.is_fixed(r, today) for r in self.select(start, min(end, today), **kw))

    def open(self, start: date | None, end: date, today: date = TODAY, **kw: str) -> int:
        return sum(not self.is_fixed(r, today) for r in self.select(start, min(end, today), **kw))

    def overdue(self, start: date | None, end: date, today: date = TODAY, **kw: str) -> int:
        return sum(not self.is_fixed(r, today) and r.deadline is not None and r.deadline < today
                   for r in self.select(start, min(end, today), **kw))  # fmt: skip

    def fixed_in(self, start: date, end: date, **kw: str) -> int:
        """Completed in [start, end] by 整改完成日期, whenever found."""
        rows = self.select(None, end, **kw)
        return sum(r.status == "已整改" and r.fixed is not None and start <= r.fixed <= end for r in rows)

    def rate(self, start: date | None, end: date, today: date = TODAY, **kw: str) -> str:
        """整改率 as the drafts write it: one decimal, half up, no trailing .0."""
        found = self.found(start, min(end, today), **kw)
        value = Decimal(self.fixed_among_found(start, end, today, **kw)) * 100 / Decimal(found)
        text = str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        return text.removesuffix(".0") + "%"


@pytest.fixture(scope="session")
def ledger_csv() -> CsvLedger:
    return CsvLedger()


@pytest.fixture
def ledger_db(db: Database) -> Database:
    """The sample ledger imported into a real SQLite file or PostgreSQL schema."""
    result = import_ledger(db, SAMPLE_LEDGER)
    assert result.imported == 655
    return db


@pytest.fixture
def sqlite_ledger_db(sqlite_db: Database) -> Database:
    """The sample ledger in a SQLite file only: for output files, where the database plays no part."""
    assert import_ledger(sqlite_db, SAMPLE_LEDGER).imported == 655
    return sqlite_db

