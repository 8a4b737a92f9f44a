"""数据来源: each figure written in a draft, traced to the datum of its sentence and that datum's source
(ledger rows, a report sentence, the request) — read with the same figure reader as the number check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from drafting.document import Sentence
from drafting.factsheet import Datum
from drafting.number_check import figures_in, is_stated


@dataclass(frozen=True)
class Trace:
    """One figure as written, the sentence it is in, and the datum it states (None: not traced)."""

    figure: str
    sentence: str
    datum: Datum | None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"figure": self.figure, "sentence": self.sentence}
        if self.datum is None:
            data["source"] = None
        else:
            data |= {"label": self.datum.label, "source": self.datum.source.to_dict()}
        return data

    def line(self) -> str:
        if self.datum is None:
            return f"{self.figure}：未找到来源"
        return f"{self.figure}（{self.datum.label}）：{self.datum.source.describe()}"


def trace(sentences: Iterable[Sentence]) -> list[Trace]:
    """Every figure of every sentence, in reading order, with the datum of that sentence it restates."""
    traces = []
    for s in sentences:
        for fig in figures_in(s.text):
            datum = next((d for d in s.data if is_stated(fig, d.figures())), None)
            traces.append(Trace(fig.raw or fig.label(), s.text, datum))
    return traces


def sources_text(traces: Iterable[Trace]) -> str:
    """The 数据来源 list: one line per distinct figure and source."""
    lines = dict.fromkeys(t.line() for t in traces)
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
