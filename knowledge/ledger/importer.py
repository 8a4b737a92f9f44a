"""Import a hazard ledger file into the `hazards` table: idempotent upsert by 隐患编号, one transaction.

A row equal to the stored one is left alone (updated_at untouched); a changed row has all its
fields, its provenance (source file and row) and updated_at rewritten; a new row is inserted.
Rejected rows are reported and never written. Either the whole file is applied or nothing is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.db import Database
from knowledge.errors import InputError
from knowledge.ledger.rows import LedgerRow, RowError, parse_ledger
from knowledge.models import Hazard, utcnow

logger = logging.getLogger(__name__)

# The fields that make a row "changed"; provenance and timestamps do not.
DATA_FIELDS = (
    "responsible_unit", "inspected_unit", "domain", "description", "level",
    "found_date", "deadline", "status", "fixed_date",
)  # fmt: skip
CHUNK = 400  # rows per lookup/write round (below SQLite's bound-parameter limit)
_SOURCE_FILE_MAX = 500


@dataclass(frozen=True)
class ImportResult:
    """What an import did: counts of inserted, updated and untouched rows, and every rejected cell."""

    imported: int
    updated: int
    unchanged: int
    rejected: list[RowError] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        """How many rows were rejected (a row may have several problems)."""
        return len({error.row for error in self.rejected})

    def to_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"row": e.row, "column": e.column, "reason": e.reason} for e in self.rejected],
        }


def import_ledger(
    db: Database,
    path: Path | None = None,
    *,
    data: bytes | None = None,
    filename: str | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> ImportResult:
    """Parse a CSV/XLSX ledger (a path, or bytes plus their file name) and upsert its valid rows.

    `on_progress(rows_done, rows_total, file_name)` is called after each chunk of rows is written.

    Raises InputError when the file cannot be read or lacks required columns (nothing is written).
    """
    if path is not None:
        if data is not None:
            raise InputError("请只提供台账文件路径或文件内容之一。")
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError as exc:
            raise InputError(f"找不到台账文件：{path}") from exc
        except OSError as exc:
            raise InputError(f"无法读取台账文件：{path}（{exc.strerror}）") from exc
        filename = filename or Path(path).name
    if data is None:
        raise InputError("未提供台账文件。")
    source = (filename or "台账")[:_SOURCE_FILE_MAX]
    rows, rejected = parse_ledger(data, source)
    try:
        with db.session() as session:
            counts = [0, 0, 0]
            for start in range(0, len(rows), CHUNK):
                chunk_counts = _upsert_chunk(session, rows[start : start + CHUNK], source)
                counts = [a + b for a, b in zip(counts, chunk_counts, strict=True)]
                if on_progress:
                    on_progress(min(start + CHUNK, len(rows)), len(rows), source)
    except IntegrityError as exc:  # another import inserted the same 隐患编号 meanwhile
        logger.warning("台账导入冲突，已回滚：%s", exc)
        raise InputError("导入时台账正被同时更新，本次导入未写入任何数据，请稍后重试。") from exc
    result = ImportResult(imported=counts[0], updated=counts[1], unchanged=counts[2], rejected=rejected)
    logger.info(
        "台账 %s 导入：新增 %d，更新 %d，未变 %d，拒绝 %d 行",
        source, result.imported, result.updated, result.unchanged, result.rejected_rows,
    )  # fmt: skip
    return result


def _upsert_chunk(session: Session, rows: Sequence[LedgerRow], source: str) -> tuple[int, int, int]:
    """Insert new codes, update changed ones; returns (inserted, updated, unchanged)."""
    codes = [row.code for row in rows]
    columns = [getattr(Hazard, name) for name in DATA_FIELDS]
    stored = {
        record.code: record
        for record in session.execute(select(Hazard.id, Hazard.code, *columns).where(Hazard.code.in_(codes)))
    }
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for row in rows:
        values = row_values(row)
        record = stored.get(row.code)
        if record is None:
            inserts.append(
                {"code": row.code, **values, "source_file": source, "source_row": row.row,
                 "imported_at": now, "updated_at": now}
            )  # fmt: skip
        elif any(getattr(record, name) != values[name] for name in DATA_FIELDS):
            updates.append(
                {"id": record.id, **values, "source_file": source, "source_row": row.row, "updated_at": now}
            )
    if inserts:
        session.execute(insert(Hazard), inserts)
    if updates:
        session.execute(update(Hazard), updates)  # ORM bulk UPDATE by primary key
    session.flush()
    return len(inserts), len(updates), len(rows) - len(inserts) - len(updates)


def row_values(row: LedgerRow) -> dict[str, Any]:
    """The stored data fields of a ledger row."""
    return {name: getattr(row, name) for name in DATA_FIELDS}
