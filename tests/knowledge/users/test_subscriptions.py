from __future__ import annotations

from knowledge.db import Database
from knowledge.users.directory import UserDirectory
from knowledge.users.roles import Account
from knowledge.users.subscriptions import Subscriptions


def test_subscriptions_toggle_and_follow_the_users_current_org(db: Database) -> None:
    users, subs = UserDirectory(db), Subscriptions(db)
    users.add(2, "staff", "XX镇", by=1)
    subs.set(2, 2, "overdue", True)
    subs.set(2, 2, "overdue", True)  # idempotent
    subs.set(2, 2, "brief", True)
    assert subs.of(2) == {"overdue", "brief"}
    users.add(2, "staff", "XX街道", by=1)
    [sub] = subs.subscribers("overdue")
    assert (sub.chat_id, sub.account) == (2, Account(2, "staff", "XX街道"))
    subs.set(2, 2, "brief", False)
    assert subs.of(2) == {"overdue"} and subs.subscribers("brief") == []
