"""A short quote around a figure (pure): the terminal's facts table and the bot's /facts both show it."""

from __future__ import annotations

from typing import Any

ELLIPSIS = "…"


def excerpt(sentence: str, start: int, end: int, width: int = 26) -> str:
    """About `width` characters of `sentence` centred on [start, end) (the figure), with … where cut.

    Offsets outside the sentence (a figure located elsewhere) give the sentence's head instead.
    """
    sentence = " ".join(sentence.split())
    if len(sentence) <= width:
        return sentence
    if not (0 <= start < end <= len(sentence)):
        return sentence[: width - 1] + ELLIPSIS
    room = max(width - (end - start), 0)
    left = max(0, start - room // 2)
    right = min(len(sentence), end + (room - (start - left)))
    left = max(0, min(left, right - width))
    text = sentence[left:right]
    return (ELLIPSIS if left > 0 else "") + text + (ELLIPSIS if right < len(sentence) else "")


def fact_excerpt(row: dict[str, Any], width: int = 26) -> str:
    """The short quote of a `facts` row (knowledge.facts.listing.fact_dict)."""
    sentence = row.get("sentence") or ""
    span, sentence_span = row.get("span"), row.get("sentence_span")
    if not span or not sentence_span:
        return excerpt(sentence, -1, -1, width)
    offset = sentence_span[0]
    return excerpt(sentence, span[0] - offset, span[1] - offset, width)
