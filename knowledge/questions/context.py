"""A chat's memory of its last question, as plain JSON data (pure).

Each door keeps the context an answer returns and hands it back with the next message: the terminal in
memory, the Telegram bot in the database. `dump_context` turns it into JSON-safe data and
`load_context` back; data that no longer fits the current query shape is dropped (None), never an error:
a follow-up then simply starts afresh.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import Any

from knowledge.periods.parse import Period
from knowledge.questions.parse import StatQuery

logger = logging.getLogger(__name__)

CONTEXT_VERSION = 1


def dump_context(context: object) -> dict[str, Any] | None:
    """JSON-safe data for a context (None for none, or for a context kind that keeps nothing)."""
    if not isinstance(context, StatQuery):
        return None
    data: dict[str, Any] = {}
    for f in dataclasses.fields(context):
        value = getattr(context, f.name)
        if isinstance(value, Period):
            value = {"start": value.start.isoformat(), "end": value.end.isoformat(), "label": value.label,
                     "expression": value.expression}  # fmt: skip
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return {"version": CONTEXT_VERSION, "kind": "stat", "query": data}


def load_context(data: object) -> StatQuery | None:
    """The context `dump_context` wrote; None for anything else (old versions, damaged data)."""
    if not isinstance(data, dict) or data.get("version") != CONTEXT_VERSION or data.get("kind") != "stat":
        return None
    raw = data.get("query")
    if not isinstance(raw, dict):
        return None
    try:
        fields = {f.name: f for f in dataclasses.fields(StatQuery)}
        values: dict[str, Any] = {}
        for name, value in raw.items():
            if name not in fields:
                continue
            if name == "period" and value is not None:
                value = Period(date.fromisoformat(value["start"]), date.fromisoformat(value["end"]),
                               value["label"], value.get("expression", ""))  # fmt: skip
            elif name == "today" and value is not None:
                value = date.fromisoformat(value)
            elif isinstance(value, list):
                value = tuple(value)
            values[name] = value
        return StatQuery(**values)
    except (KeyError, TypeError, ValueError) as exc:
        logger.info("chat context not restored (%s): starting afresh", exc)
        return None
