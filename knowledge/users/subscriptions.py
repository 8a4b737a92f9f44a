"""Who receives scheduled pushes: the weekly briefing ("brief") and the daily overdue reminder ("overdue")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from sqlalchemy import delete, select

from knowledge.db import Database
from knowledge.models import Subscription, User
from knowledge.users.roles import Account, Role

Kind = Literal["brief", "overdue"]
KINDS: tuple[Kind, ...] = ("brief", "overdue")
KIND_LABELS: dict[str, str] = {"brief": "每周简报", "overdue": "重大隐患逾期每日提醒"}


@dataclass(frozen=True)
class Subscriber:
    chat_id: int
    account: Account


class Subscriptions:
    def __init__(self, db: Database) -> None:
        self.db = db

    def of(self, chat_id: int) -> set[str]:
        with self.db.sessions() as session:
            return set(session.scalars(select(Subscription.kind).where(Subscription.chat_id == chat_id)))

    def set(self, chat_id: int, telegram_id: int, kind: Kind, on: bool) -> None:
        with self.db.session() as session:
            exists = session.scalar(
                select(Subscription.id).where(Subscription.chat_id == chat_id, Subscription.kind == kind)
            )
            if on and exists is None:
                session.add(Subscription(chat_id=chat_id, telegram_id=telegram_id, kind=kind))
            elif not on and exists is not None:
                session.execute(delete(Subscription).where(Subscription.id == exists))

    def subscribers(self, kind: Kind) -> list[Subscriber]:
        """Chats subscribed to `kind` whose subscriber is still a user (a removed user gets nothing)."""
        statement = (
            select(Subscription.chat_id, User)
            .join(User, User.telegram_id == Subscription.telegram_id)
            .where(Subscription.kind == kind)
            .order_by(Subscription.id)
        )
        with self.db.sessions() as session:
            return [
                Subscriber(chat_id, Account(u.telegram_id, cast(Role, u.role), u.org, u.name))
                for chat_id, u in session.execute(statement)
            ]
