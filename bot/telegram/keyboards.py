"""Inline keyboards and their callback data (pure). Callback data stays under Telegram's 64 bytes."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from knowledge.users.subscriptions import KIND_LABELS, KINDS

EXAMPLE, SOURCES, SUBSCRIBE, DRAFT = "ex", "src", "sub", "dr"


def examples(questions: Sequence[str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(q, callback_data=f"{EXAMPLE}:{i}")] for i, q in enumerate(questions)]
    )


def sources(key: str, count: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"来源（{count}）", callback_data=f"{SOURCES}:{key}")]])


def subscriptions(active: Collection[str]) -> InlineKeyboardMarkup:
    rows = []
    for kind in KINDS:
        mark = "✅" if kind in active else "⬜"
        rows.append([InlineKeyboardButton(f"{mark} {KIND_LABELS[kind]}", callback_data=f"{SUBSCRIBE}:{kind}")])
    return InlineKeyboardMarkup(rows)


def parse(data: str | None) -> tuple[str, list[str]]:
    """'src:ab12' -> ('src', ['ab12'])."""
    kind, *args = (data or "").split(":")
    return kind, args
