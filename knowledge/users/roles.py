"""Roles and what each may do (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.errors import InputError

Role = Literal["admin", "staff", "leader"]
ROLES: tuple[Role, ...] = ("admin", "staff", "leader")
ROLE_LABELS: dict[str, str] = {"admin": "管理员", "staff": "工作人员", "leader": "领导"}
_ALIASES: dict[str, Role] = {
    "admin": "admin", "管理员": "admin", "staff": "staff", "工作人员": "staff", "员工": "staff",
    "leader": "leader", "领导": "leader",
}  # fmt: skip


def parse_role(text: str) -> Role:
    """'staff' or '工作人员' -> 'staff'; an unknown word raises with the allowed values named."""
    role = _ALIASES.get(text.strip().lower())
    if role is None:
        allowed = "、".join(f"{r}（{ROLE_LABELS[r]}）" for r in ROLES)
        raise InputError(f"角色“{text}”无效，可选：{allowed}。")
    return role


@dataclass(frozen=True)
class Account:
    """A known user: Telegram ID, role, and the organisation their figures and drafts default to."""

    telegram_id: int
    role: Role
    org: str | None = None
    name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def may_upload(self) -> bool:
        """Staff and admins upload reports and import ledgers; leaders read."""
        return self.role in ("admin", "staff")

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def describe(self) -> str:
        org = f"，单位：{self.org}" if self.org else ""
        name = f"{self.name} " if self.name else ""
        return f"{name}{self.telegram_id}（{self.role_label}{org}）"
