"""Tests for knowledge/ledger/importer.py on real databases (shared `db` fixture: SQLite, PostgreSQL if up)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from knowledge.db import Database
from knowledge.errors import InputError
from knowledge.ledger import importer as ledger_import
from knowledge.ledger.importer import ImportResult, import_ledger
from knowledge.ledger.rows import RowError
from knowledge.models import Hazard
from knowledge.settings import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "ledger" / "sample_ledger.csv"
HEADER = "隐患编号,责任单位,被检查单位,行业领域,隐患描述,隐患等级,发现日期,整改期限,整改状态,整改完成日期"


def ledger_text(*lines: str) -> str:
    return "\n".join([HEADER, *lines])


def snapshot(db: Database) -> dict[str, tuple[Any, ...]]:
    """Every stored hazard, by code, with all its columns (timestamps included)."""
    with db.session() as session:
        return {
            h.code: (h.responsible_unit, h.inspected_unit, h.domain, h.description, h.level, h.found_date,
                     h.deadline, h.status, h.fixed_date, h.source_file, h.source_row, h.imported_at, h.updated_at)
            for h in session.scalars(select(Hazard))
        }  # fmt: skip


def count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Hazard)) or 0


def test_sample_ledger_imports_and_reimport_is_idempotent(db: Database) -> None:
    first = import_ledger(db, SAMPLE)
    assert (first.imported, first.updated, first.unchanged, first.rejected) == (655, 0, 0, [])
    assert count(db) == 655
    with db.session() as session:
        h = session.scalars(select(Hazard).where(Hazard.code == "YH20230002")).one()
        assert (h.responsible_unit, h.inspected_unit, h.domain, h.level) == (
            "县交通运输局",
            "蓝天燃气站",
            "燃气",
            "一般",
        )
        assert (h.found_date, h.deadline, h.status, h.fixed_date) == (
            date(2023, 1, 3),
            date(2023, 1, 10),
            "已整改",
            date(2023, 1, 5),
        )
        assert (h.source_file, h.source_row) == ("sample_ledger.csv", 3)
        assert session.scalar(select(func.count()).where(Hazard.level == "重大")) == 31
        assert session.scalar(select(func.count()).where(Hazard.status == "已整改")) == 457
    before = snapshot(db)

    again = import_ledger(db, data=SAMPLE.read_bytes(), filename="renamed.csv")
    assert again.to_dict() == {"imported": 0, "updated": 0, "unchanged": 655, "rejected": []}
    assert snapshot(db) == before  # nothing written: updated_at and provenance untouched


def test_changed_rows_update_and_new_rows_insert(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text(
        ledger_text(
            "C1,某镇,甲厂,消防,通道堵塞,一般,2023-03-01,2023-03-10,未整改,",
            "C2,某镇,乙厂,燃气,软管老化,一般,2023-03-02,,未整改,",
        ),
        encoding="utf-8",
    )
    assert import_ledger(db, path).imported == 2
    before = snapshot(db)
    path.write_text(
        ledger_text(
            "C3,某镇,丙厂,消防,x,重大,2023-03-05,,整改中,",
            "C1,某镇,甲厂,消防,通道堵塞,一般,2023-03-01,2023-03-10,已整改,2023-03-08",
            "C2,某镇,乙厂,燃气,软管老化,一般,2023-03-02,,未整改,",
        ),
        encoding="utf-8",
    )
    result = import_ledger(db, path)
    assert (result.imported, result.updated, result.unchanged) == (1, 1, 1)
    after = snapshot(db)
    assert after["C2"] == before["C2"]
    assert after["C1"][7:11] == ("已整改", date(2023, 3, 8), "ledger.csv", 3)
    assert after["C1"][11] == before["C1"][11]  # imported_at kept
    assert after["C1"][12] > before["C1"][12]  # updated_at moved
    assert set(after) == {"C1", "C2", "C3"}


def test_bad_rows_rejected_good_rows_imported(db: Database) -> None:
    data = ledger_text(
        "D1,某镇,甲厂,危险化学品,储罐无标识,一般,2023-03-01,,已整改,2023-03-05",
        "D1,某镇,乙厂,消防,通道堵塞,一般,2023-03-01,,未整改,",
        "D3,某镇,丙厂,消防,通道堵塞,一般,2023-03-01,,已整改,",
        "D4,某镇,丁厂,消防,通道堵塞,较大,bad,,整改中,2023-03-02",
        "D5,某镇,戊厂,消防,通道堵塞,重大,2023-03-01,,整改中,",
    ).encode("gb18030")
    result = import_ledger(db, data=data, filename="台账.csv")
    assert (result.imported, result.updated, result.unchanged, result.rejected_rows) == (2, 0, 0, 3)
    assert result.rejected[:2] == [
        RowError(3, "隐患编号", "隐患编号与第2行重复"),
        RowError(4, "整改完成日期", "整改状态为已整改但无整改完成日期"),
    ]
    assert [(e.row, e.column) for e in result.rejected[2:]] == [
        (5, "隐患等级"),
        (5, "发现日期"),
        (5, "整改完成日期"),
    ]
    assert result.to_dict()["rejected"][0] == {
        "row": 3,
        "column": "隐患编号",
        "reason": "隐患编号与第2行重复",
    }
    stored = snapshot(db)
    assert set(stored) == {"D1", "D5"}
    assert stored["D1"][1:3] == ("甲厂", "危化品")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "是空的"),
        (bytes(range(256)) * 10, "不是可读取的表格"),
        ("隐患编号,责任单位,隐患描述\nE1,某镇,x".encode(), "缺少必需的列"),
    ],
    ids=["empty", "garbage", "missing-columns"],
)
def test_unusable_file_writes_nothing(db: Database, data: bytes, message: str) -> None:
    import_ledger(db, SAMPLE)
    before = snapshot(db)
    with pytest.raises(InputError, match=message):
        import_ledger(db, data=data, filename="x.csv")
    assert snapshot(db) == before


def test_missing_path_and_no_input(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到台账文件"):
        import_ledger(db, tmp_path / "nope.csv")
    with pytest.raises(InputError, match="未提供台账文件"):
        import_ledger(db)


def test_failure_midway_rolls_back_everything(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    first = import_ledger(db, SAMPLE)
    assert first.imported == 655
    before = snapshot(db)
    # A changed copy: every row's status moves, plus a few new rows, so every chunk writes.
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    changed = [lines[0]] + [line.replace(",未整改,", ",整改中,") for line in lines[1:]]
    changed += [f"NEW{i},某镇,某厂,消防,x,一般,2023-06-01,,未整改," for i in range(5)]
    data = "\n".join(changed).encode("utf-8")

    real = ledger_import._upsert_chunk
    calls = {"n": 0}

    def fail_on_second_chunk(*args: Any, **kwargs: Any) -> tuple[int, int, int]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated crash after the first chunk was written")
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_import, "_upsert_chunk", fail_on_second_chunk)
    with pytest.raises(RuntimeError, match="simulated crash"):
        import_ledger(db, data=data, filename="changed.csv")
    assert calls["n"] == 2
    assert snapshot(db) == before

    monkeypatch.setattr(ledger_import, "_upsert_chunk", real)
    result = import_ledger(db, data=data, filename="changed.csv")
    assert (result.imported, result.updated, result.unchanged) == (5, 86, 655 - 86)


def test_first_import_failure_leaves_table_empty(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    real = ledger_import._upsert_chunk
    calls = {"n": 0}

    def fail_late(*args: Any, **kwargs: Any) -> tuple[int, int, int]:
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_import, "_upsert_chunk", fail_late)
    with pytest.raises(RuntimeError):
        import_ledger(db, SAMPLE)
    assert count(db) == 0


def test_import_result_to_dict() -> None:
    result = ImportResult(
        1, 2, 3, [RowError(5, "发现日期", "发现日期为空"), RowError(5, "隐患编号", "隐患编号为空")]
    )
    assert result.to_dict() == {
        "imported": 1,
        "updated": 2,
        "unchanged": 3,
        "rejected": [
            {"row": 5, "column": "发现日期", "reason": "发现日期为空"},
            {"row": 5, "column": "隐患编号", "reason": "隐患编号为空"},
        ],
    }
    assert result.rejected_rows == 1
