"""What every capability returns: an answer with its figure, period, filters and sources (data, not text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from knowledge.periods.parse import Period

AnswerKind = Literal["stat", "passage", "draft", "brief", "none"]
SourceType = Literal["ledger", "report", "regulation"]


@dataclass(frozen=True)
class Source:
    """Where a figure or passage came from; `quote` is shown verbatim."""

    type: SourceType
    title: str
    quote: str
    location: str | None = None  # heading path of a report passage, or an article such as 第二十一条

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "title": self.title, "quote": self.quote}
        if self.location:
            data["location"] = self.location
        return data


@dataclass(frozen=True)
class Answer:
    """One reply. `text` is the Chinese answer; the other fields let callers check and trace it."""

    text: str
    kind: AnswerKind
    value: float | int | dict[str, float | int] | None = None
    unit: str | None = None
    period: Period | None = None
    filters: dict[str, str] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    context: Any = None  # the parsed query, kept by chat sessions for follow-up questions
    attachment: Any = None  # a draft or briefing object (its .docx, its chart) for the door to deliver

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "period": self.period.to_dict() if self.period else None,
            "filters": dict(self.filters),
            "sources": [s.to_dict() for s in self.sources],
        }
