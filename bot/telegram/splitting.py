"""Telegram-sized HTML messages (pure): blocks of plain text, escaped, styled, packed under 4096 characters.

Text is cut at paragraph boundaries first, then at line ends, then after a sentence, and only then in
the middle; tags are applied to each piece after cutting, so no message ever holds half a tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

TELEGRAM_LIMIT = 4096
Style = Literal["plain", "bold", "italic", "code", "quote"]
_TAGS: dict[str, tuple[str, str]] = {
    "plain": ("", ""), "bold": ("<b>", "</b>"), "italic": ("<i>", "</i>"), "code": ("<code>", "</code>"),
    "quote": ("<blockquote>", "</blockquote>"),
}  # fmt: skip
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def escape(text: str) -> str:
    """Escape user- or document-derived text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Block:
    """A paragraph of plain (unescaped) text and how to show it."""

    text: str
    style: Style = "plain"


def _escaped_len(text: str) -> int:
    return len(escape(text))


def _cut_point(text: str, limit: int) -> int:
    """Where to cut `text` so that the escaped head fits `limit`: the best boundary inside the fitting part."""
    size, fit = 0, 0
    for i, ch in enumerate(text):
        size += _escaped_len(ch)
        if size > limit:
            break
        fit = i + 1
    floor = fit // 3  # a boundary in the first third would leave tiny pieces: cut lower instead
    for boundary in ("\n\n", "\n"):
        at = text.rfind(boundary, 0, fit + len(boundary))  # a boundary right after the fitting part counts
        if at > floor:
            return at
    ends = [m.end() for m in _SENTENCE_END.finditer(text[:fit])]
    if ends and ends[-1] > floor:
        return ends[-1]
    return max(fit, 1)


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Plain text in pieces whose escaped form fits `limit`, cut at the best boundary available."""
    pieces: list[str] = []
    rest = text.strip("\n")
    while rest and _escaped_len(rest) > limit:
        at = _cut_point(rest, limit)
        head = rest[:at].rstrip()
        if head:
            pieces.append(head)
        rest = rest[at:].lstrip("\n")
    if rest.strip():
        pieces.append(rest)
    return pieces


def render(block: Block, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """A block as one or more HTML pieces, each within `limit` including its tags."""
    start, end = _TAGS[block.style]
    return [f"{start}{escape(piece)}{end}" for piece in split_text(block.text, limit - len(start) - len(end))]


def pack(blocks: Iterable[Block], limit: int = TELEGRAM_LIMIT, separator: str = "\n\n") -> list[str]:
    """HTML messages: rendered blocks joined by `separator`, as few messages as fit `limit` each."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in render(block, limit):
            candidate = f"{current}{separator}{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def paragraphs(text: str, style: Style = "plain") -> Sequence[Block]:
    """A text's paragraphs (split at blank lines) as blocks of one style."""
    return [Block(p.strip("\n"), style) for p in re.split(r"\n\s*\n", text) if p.strip()]
