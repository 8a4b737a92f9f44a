from __future__ import annotations

from knowledge.db import Database
from knowledge.users.chat_memory import KEEP_REPLIES, ChatMemory


def test_context_and_replies_survive_a_new_connection(db: Database, tmp_path: object) -> None:
    memory = ChatMemory(db)
    assert memory.context(42) is None and memory.recall(42, "k") is None
    memory.remember(42, context={"version": 1, "kind": "stat", "query": {"domain": "燃气"}},
                    key="k1", reply={"answer": "17 条", "sources": [{"type": "ledger"}]})  # fmt: skip
    memory.remember(42, keep_context=True, key="k2", reply={"answer": "法条"})  # a passage keeps the context
    again = ChatMemory(db)
    assert again.context(42) == {"version": 1, "kind": "stat", "query": {"domain": "燃气"}}
    assert again.recall(42, "k1") == {"answer": "17 条", "sources": [{"type": "ledger"}]}
    memory.remember(42, context=None)  # another kind of answer: nothing to follow up on
    assert memory.context(42) is None and memory.recall(42, "k2") == {"answer": "法条"}
    memory.remember(43, context={"x": 1})
    memory.forget(43)
    assert memory.context(43) is None


def test_only_the_recent_replies_are_kept(db: Database) -> None:
    memory = ChatMemory(db)
    for i in range(KEEP_REPLIES + 5):
        memory.remember(7, keep_context=True, key=f"k{i}", reply={"n": i})
    assert memory.recall(7, "k0") is None
    assert memory.recall(7, f"k{KEEP_REPLIES + 4}") == {"n": KEEP_REPLIES + 4}
