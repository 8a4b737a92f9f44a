"""The shape of a draft: sections of blocks (headings, paragraphs, the signature) made of sentences that
carry the data they state (pure).

A sentence is written from a template and named values: `sentence("发现隐患{found}，整改率{rate}。",
found=datum, rate=datum)`. Each `Datum` is kept with the sentence (for provenance and the number check);
each `Missing` value is written as its 【待补充：…】 marker and listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from drafting.factsheet import Datum, Missing, Value

BlockKind = Literal["heading1", "heading2", "heading3", "body", "signature"]
SENTENCE_END = "。；！？"


@dataclass(frozen=True)
class Sentence:
    """One sentence (or clause run) of a draft and the data it states."""

    text: str
    data: tuple[Datum, ...] = ()
    missing: tuple[str, ...] = ()


def sentence(template: str, **values: Value | str) -> Sentence:
    """`template` filled with `values`; data and markers are recorded in the order given."""
    data = tuple(v for v in values.values() if isinstance(v, Datum))
    missing = tuple(str(v) for v in values.values() if isinstance(v, Missing))
    return Sentence(template.format(**values), data, missing)


def concat(*parts: Sentence) -> Sentence:
    """Fragments written one after another, with all their data."""
    return Sentence("".join(p.text for p in parts), tuple(d for p in parts for d in p.data),
                    tuple(m for p in parts for m in p.missing))  # fmt: skip


def join(parts: Sequence[Sentence], sep: str = "，", end: str = "。") -> Sentence:
    """Clauses joined into one sentence: "A，B，C。" with all their data."""
    text = sep.join(p.text.rstrip(SENTENCE_END + "，、") for p in parts if p.text) + end
    return Sentence(text, tuple(d for p in parts for d in p.data), tuple(m for p in parts for m in p.missing))


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph or a signature line."""

    kind: BlockKind
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


def paragraph(*sentences: Sentence | None) -> Block:
    return Block("body", tuple(s for s in sentences if s is not None and s.text))


def heading(kind: BlockKind, text: str) -> Block:
    return Block(kind, (Sentence(text),))


@dataclass(frozen=True)
class Section:
    """One part of a draft: "开头", "工作开展情况", "存在的问题", "下一步工作计划" or "落款"."""

    kind: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def sentences_of(sections: Iterable[Section]) -> list[Sentence]:
    return [s for section in sections for block in section.blocks for s in block.sentences]
