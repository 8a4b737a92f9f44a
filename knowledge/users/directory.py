"""Who may use the bot: users with roles (bootstrapped admins from settings) and allowed group chats."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.db import Database
from knowledge.errors import InputError
from knowledge.models import AllowedChat, User, utcnow
from knowledge.users.roles import Account, Role


def _account(user: User) -> Account:
    return Account(user.telegram_id, cast(Role, user.role), user.org, user.name)


@dataclass(frozen=True)
class GroupChat:
    chat_id: int
    title: str


class UserDirectory:
    """Users, roles and allowed group chats in the database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, telegram_id: int) -> Account | None:
        with self.db.sessions() as session:
            user = session.scalar(select(User).where(User.telegram_id == telegram_id))
            return _account(user) if user else None

    def all(self) -> list[Account]:
        with self.db.sessions() as session:
            users = session.scalars(select(User).order_by(User.role, User.org, User.telegram_id))
            return [_account(u) for u in users]

    def add(
        self, telegram_id: int, role: Role, org: str | None = None, *, by: int | None, name: str = ""
    ) -> tuple[Account, bool]:
        """Add a user, or change an existing user's role and organisation; returns (account, created)."""
        org = (org or "").strip() or None
        with self.db.session() as session:
            user = session.scalar(select(User).where(User.telegram_id == telegram_id))
            created = user is None
            if user is None:
                user = User(telegram_id=telegram_id, role=role, org=org, name=name, added_by=by)
                session.add(user)
            else:
                if user.role == "admin" and role != "admin":
                    self._keep_an_admin(session, telegram_id)
                user.role, user.org, user.updated_at = role, org, utcnow()
                user.name = name or user.name
            session.flush()
            return _account(user), created

    def remove(self, telegram_id: int) -> bool:
        """Remove a user; False when unknown. The last admin cannot be removed."""
        with self.db.session() as session:
            user = session.scalar(select(User).where(User.telegram_id == telegram_id))
            if user is None:
                return False
            if user.role == "admin":
                self._keep_an_admin(session, telegram_id)
            session.delete(user)
            return True

    @staticmethod
    def _keep_an_admin(session: Session, telegram_id: int) -> None:
        others = session.scalar(
            select(func.count()).select_from(User).where(User.role == "admin", User.telegram_id != telegram_id)
        )
        if not others:
            raise InputError("这是最后一位管理员，不能移除或降级；请先添加另一位管理员。")

    def bootstrap_admins(self, telegram_ids: Iterable[int]) -> int:
        """Make the configured IDs admins (adding them when new); returns how many changed."""
        changed = 0
        for telegram_id in dict.fromkeys(telegram_ids):
            current = self.get(telegram_id)
            if current is None or current.role != "admin":
                self.add(telegram_id, "admin", current.org if current else None, by=None)
                changed += 1
        return changed

    # -- group chats ------------------------------------------------------------------------------
    def chat_allowed(self, chat_id: int) -> bool:
        with self.db.sessions() as session:
            return session.scalar(select(AllowedChat.id).where(AllowedChat.chat_id == chat_id)) is not None

    def allow_chat(self, chat_id: int, title: str, *, by: int) -> bool:
        """Allow a group chat; False when it already was."""
        with self.db.session() as session:
            if session.scalar(select(AllowedChat.id).where(AllowedChat.chat_id == chat_id)) is not None:
                return False
            session.add(AllowedChat(chat_id=chat_id, title=title[:300], added_by=by))
            return True

    def disallow_chat(self, chat_id: int) -> bool:
        """Close a group chat again; False when it was not allowed."""
        with self.db.session() as session:
            row = session.scalar(select(AllowedChat).where(AllowedChat.chat_id == chat_id))
            if row is not None:
                session.delete(row)
            return row is not None

    def allowed_chats(self) -> list[GroupChat]:
        with self.db.sessions() as session:
            rows = session.scalars(select(AllowedChat).order_by(AllowedChat.created_at))
            return [GroupChat(r.chat_id, r.title) for r in rows]
