from __future__ import annotations

import pytest

from knowledge.db import Database
from knowledge.errors import InputError
from knowledge.users.directory import UserDirectory
from knowledge.users.roles import Account, parse_role


def test_users_are_added_changed_listed_and_removed(db: Database) -> None:
    users = UserDirectory(db)
    assert users.bootstrap_admins([1, 1, 2]) == 2
    assert users.bootstrap_admins([1]) == 0  # idempotent
    account, created = users.add(12345, "staff", " XX镇 ", by=1)
    assert created and account == Account(12345, "staff", "XX镇")
    account, created = users.add(12345, "leader", None, by=1)
    assert not created and users.get(12345) == Account(12345, "leader", None)
    assert [a.telegram_id for a in users.all()] == [1, 2, 12345]
    assert users.remove(12345) and not users.remove(12345)
    assert users.get(12345) is None


def test_the_last_admin_stays(db: Database) -> None:
    users = UserDirectory(db)
    users.bootstrap_admins([1])
    with pytest.raises(InputError, match="最后一位管理员"):
        users.remove(1)
    with pytest.raises(InputError, match="最后一位管理员"):
        users.add(1, "staff", by=1)
    users.add(2, "admin", by=1)
    assert users.remove(1)


def test_a_configured_admin_keeps_their_org_when_promoted(db: Database) -> None:
    users = UserDirectory(db)
    users.add(5, "staff", "XX镇", by=None)
    users.bootstrap_admins([5])
    assert users.get(5) == Account(5, "admin", "XX镇")


def test_group_chats_need_an_entry(db: Database) -> None:
    users = UserDirectory(db)
    big_id = -1001234567890123  # supergroup IDs exceed 32 bits
    assert not users.chat_allowed(big_id)
    assert users.allow_chat(big_id, "安监群", by=1) and not users.allow_chat(big_id, "安监群", by=1)
    assert users.chat_allowed(big_id)
    assert [(g.chat_id, g.title) for g in users.allowed_chats()] == [(big_id, "安监群")]
    assert users.disallow_chat(big_id) and not users.disallow_chat(big_id)
    assert not users.chat_allowed(big_id)


@pytest.mark.parametrize(("text", "role"), [("staff", "staff"), ("工作人员", "staff"), ("ADMIN", "admin"), ("领导", "leader")])
def test_parse_role(text: str, role: str) -> None:
    assert parse_role(text) == role


def test_unknown_role_names_the_allowed_ones() -> None:
    with pytest.raises(InputError) as info:
        parse_role("boss")
    assert info.value.message == "角色“boss”无效，可选：admin（管理员）、staff（工作人员）、leader（领导）。"


def test_what_each_role_may_do() -> None:
    assert Account(1, "admin").may_upload and Account(1, "admin").is_admin
    assert Account(2, "staff").may_upload and not Account(2, "staff").is_admin
    assert not Account(3, "leader").may_upload
    assert Account(2, "staff", "XX镇", "张三").describe() == "张三 2（工作人员，单位：XX镇）"
