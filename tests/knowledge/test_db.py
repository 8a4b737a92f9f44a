from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, inspect, select

from knowledge.db import Database
from knowledge.errors import ConfigError
from knowledge.models import Document, Fact, Hazard


def test_schema_is_created_and_upgrade_is_idempotent(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {"documents", "facts", "hazards", "alembic_version"} <= tables
    from knowledge.db import upgrade_schema

    upgrade_schema(db.engine)  # second run changes nothing
    assert db.is_empty()


def test_session_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Hazard(code="H1", responsible_unit="县住建局", domain="消防", level="一般",
                     found_date=date(2023, 1, 1), status="未整改"))
        s.flush()
        raise RuntimeError("boom")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Hazard)) == 0


def test_facts_are_deleted_with_their_document(db: Database) -> None:
    with db.session() as s:
        doc = Document(kind="report", title="t", source_file="f.txt", content_hash="h", text="x",
                       original_text="x")
        doc.facts.append(Fact(domain="综合", metric="m", value=1.0, unit="家", sentence="s",
                              sentence_start=0, sentence_end=1, value_start=0, value_end=1))
        s.add(doc)
    with db.session() as s:
        s.delete(s.scalars(select(Document)).one())
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Fact)) == 0


def test_unreachable_database_gives_a_chinese_error() -> None:
    with pytest.raises(ConfigError) as info:
        Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    assert "数据库" in info.value.message
