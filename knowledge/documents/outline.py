"""The shape of a report's text: sentences, the outline of numbered headings, period expressions.

Pure helpers of `knowledge.facts.extraction`:
- sentences end at 。！？； or a line break;
- headings ("一、", "（二）", "3.", "（4）", "一是") open a section that lasts until the next heading of
  the same or a higher level; each section may name a domain ("（五）燃气安全。") and may be a section of
  plans ("三、下一步工作打算");
- period expressions are found as stated ("今年以来", "1-6月份", "截至2023年6月14日").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.facts import lexicon
from knowledge.facts.numbers import shielded_spans

__all__ = ["Outline", "find_period_exprs", "sentence_spans"]

_SENTENCE_END = "。！？；!?;"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences split on 。！？； and line breaks, terminator included, surrounding blanks trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END or ch == "\n":
            spans.append((start, i + 1 if ch != "\n" else i))
            start = i + 1
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


_CN_ORD = "一二三四五六七八九十"
# (level, marker); levels 1-3 open only at a line start, 4-5 at any sentence start and end with the line.
_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"[{_CN_ORD}]{{1,3}}、")),
    (2, re.compile(rf"[（(][{_CN_ORD}]{{1,3}}[）)]")),
    (3, re.compile(r"\d{1,2}[、．.](?![\d.])")),
    (4, re.compile(r"[（(]\d{1,2}[）)]")),
    (5, re.compile(rf"[{_CN_ORD}]{{1,2}}是")),
)
_LEAD_END_RE = re.compile(r"[：:。；;！？\n]")
_MAX_LEAD = 30
_PLAN_HEADING_RE = re.compile(lexicon.PLAN_HEADINGS)


def _lead_phrase(text: str) -> str:
    """A heading's words: up to the colon or full stop, or only to the first comma when that is long
    ("（4）危化品工作，我镇有液化气站1家…")."""
    lead = _LEAD_END_RE.split(text, maxsplit=1)[0]
    return lead if len(lead) <= _MAX_LEAD else re.split(r"[，,]", lead, maxsplit=1)[0]


@dataclass(frozen=True)
class _Section:
    level: int
    domain: str | None  # named by a strong keyword ("燃气安全")
    weak_domain: str | None  # named by any keyword ("三是处置抢险")
    plans: bool


class Outline:
    """The stack of open headings, the domain each one names and whether it opens a plan section."""

    def __init__(self) -> None:
        self.stack: list[_Section] = []

    def new_line(self) -> None:
        self.stack = [s for s in self.stack if s.level < 4]

    def see(self, sentence: str, at_line_start: bool) -> bool:
        """Open the heading `sentence` starts with, if any; True when one was opened."""
        for level, pattern in _HEADINGS:
            if level < 4 and not at_line_start:
                continue
            m = pattern.match(sentence)
            if m is None:
                continue
            lead = _lead_phrase(re.sub(r"【[^】]*】", "", sentence[m.end():]))
            self.stack = [s for s in self.stack if s.level < level]
            plans = _PLAN_HEADING_RE.search(lead) is not None
            self.stack.append(_Section(level, lexicon.domain_of(lead, weak=False), lexicon.domain_of(lead), plans))
            return True
        return False

    def domain(self, *, weak: bool = False) -> str | None:
        """The domain of the innermost open heading that names one; `weak` also counts the headings
        named only by weak keywords (`lexicon.WEAK_KEYWORDS`)."""
        found = (s.weak_domain if weak else s.domain for s in reversed(self.stack))
        return next((d for d in found if d), None)

    def in_plans(self) -> bool:
        """True inside a section of plans ("下一步工作打算")."""
        return any(s.plans for s in self.stack)


_PERIOD_RE = re.compile("|".join(lexicon.PERIOD_PATTERNS))


def find_period_exprs(text: str) -> list[tuple[int, int, str]]:
    """Period expressions as stated ("今年以来", "1-6月份", "截至2023年6月14日"), outside quotes and
    book titles; "现已" is reported as "目前"."""
    shielded = shielded_spans(text)
    found = []
    for m in _PERIOD_RE.finditer(text):
        if any(a <= m.start() and m.end() <= b for a, b in shielded):
            continue
        expr = "目前" if m.group() == "现已" else m.group()
        found.append((m.start(), m.end(), expr))
    return found
