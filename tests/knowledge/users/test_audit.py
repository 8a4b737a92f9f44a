from __future__ import annotations

from knowledge.db import Database
from knowledge.users.audit import AuditLog


def test_the_audit_log_records_who_what_and_the_result(db: Database) -> None:
    audit = AuditLog(db)
    assert not audit.seen("refused", telegram_id=99)
    audit.record("refused", telegram_id=99, chat_id=99, detail="你好", result="未登记用户：已拒绝")
    audit.record("import", telegram_id=2, chat_id=2, detail="台账.csv", result="新增 3")
    audit.record("refused_group", telegram_id=2, chat_id=-100, detail="x" * 3000, result="群组未开通")
    assert audit.seen("refused", telegram_id=99) and not audit.seen("refused", telegram_id=98)
    assert audit.seen("refused_group", chat_id=-100) and not audit.seen("refused_group", chat_id=-101)
    latest = audit.recent(2)
    assert [r.action for r in latest] == ["refused_group", "import"]
    assert len(latest[0].detail) == 2000  # long details are cut, not refused
    [entry] = audit.recent(action="refused")
    assert (entry.telegram_id, entry.chat_id, entry.detail, entry.result) == (99, 99, "你好", "未登记用户：已拒绝")
    assert entry.at is not None
