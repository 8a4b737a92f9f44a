"""Structure-aware chunking: reports follow their headings and list items, regulations their articles.

A chunk is a verbatim span of the document text (what a citation quotes) plus the headings it sits
under; `index_text()` adds the title, org and heading path so that a question worded like a heading
or an org name still finds the passage in the tail of a long paragraph.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from retrieval.regulations import parse_regulation
from retrieval.report_structure import (
    CLAUSE_END,
    Paragraph,
    lines,
    marker_of,
    pack_spans,
    paragraphs,
    segments,
    sentence_spans,
)

SOURCE_REPORT = "report"
SOURCE_REGULATION = "regulation"

PATH_SEPARATOR = " > "
_CITATION_LABEL_MAX = 15


@dataclass(frozen=True)
class Chunk:
    """One citable passage of a report or a regulation."""

    chunk_id: str
    doc_key: str
    source_type: str
    title: str
    heading_path: tuple[str, ...]
    article: str | None
    org: str | None
    year: int | None
    period_label: str | None
    text: str
    start: int
    end: int

    def index_text(self) -> str:
        """Title, org, heading path (and article) over the passage: what gets embedded and indexed."""
        head = [self.title] if self.title else []
        if self.org and self.org not in self.title:
            head.append(self.org)
        if self.heading_path:
            head.append(PATH_SEPARATOR.join(self.heading_path))
        if self.article and not self.text.startswith(self.article):
            head.append(self.article)
        return "｜".join(head) + "\n" + self.text if head else self.text

    def citation(self) -> str:
        """〔《城镇燃气管理条例》第二十一条〕 or 〔<report title> · <top heading, shortened>〕."""
        if self.source_type == SOURCE_REGULATION:
            return f"〔《{self.title}》{self.article or ''}〕"
        if self.heading_path:
            return f"〔{self.title} · {shorten_label(self.heading_path[0])}〕"
        return f"〔{self.title}〕"

    def to_metadata(self) -> dict[str, str | int | float | bool]:
        """Flat, Chroma-safe metadata: None values are left out."""
        md: dict[str, str | int | float | bool] = {
            "doc_key": self.doc_key,
            "source_type": self.source_type,
            "title": self.title,
            "heading_path": json.dumps(list(self.heading_path), ensure_ascii=False),
            "start": self.start,
            "end": self.end,
        }
        if self.article is not None:
            md["article"] = self.article
        if self.org is not None:
            md["org"] = self.org
        if self.year is not None:
            md["year"] = self.year
        if self.period_label is not None:
            md["period_label"] = self.period_label
        return md

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, md: Mapping[str, Any]) -> Chunk:
        """Inverse of `to_metadata` (given the stored id and document text); accepts any mapping a
        vector store returns."""
        path = json.loads(str(md.get("heading_path", "[]")))

        def opt_str(key: str) -> str | None:
            value = md.get(key)
            return None if value is None or value == "" else str(value)

        year = md.get("year")
        return cls(
            chunk_id=chunk_id,
            doc_key=str(md.get("doc_key", chunk_id.rsplit(":", 1)[0])),
            source_type=str(md.get("source_type", SOURCE_REPORT)),
            title=str(md.get("title", "")),
            heading_path=tuple(str(p) for p in path),
            article=opt_str("article"),
            org=opt_str("org"),
            year=int(year) if year is not None and year != "" else None,
            period_label=opt_str("period_label"),
            text=text,
            start=int(md.get("start", 0)),
            end=int(md.get("end", 0)),
        )


def shorten_label(label: str, limit: int = _CITATION_LABEL_MAX) -> str:
    """A heading cut to its first clause when long: 二、持续开展安全生产检查，推进… → 二、持续开展安全生产检查."""
    if len(label) <= limit:
        return label
    marker = marker_of(label)
    skip = len(marker[1]) if marker else 0
    for i in range(skip + 1, len(label)):
        if label[i] in CLAUSE_END:
            return label[:i]
    return label


def chunk_report(
    text: str,
    *,
    doc_key: str,
    title: str,
    org: str | None,
    year: int | None,
    period_label: str | None,
    max_chars: int = 350,
) -> list[Chunk]:
    """Chunks of one report: paragraphs under their headings, long ones split at items and sentences.

    Adjacent short paragraphs under the same headings are packed together (≤ max_chars).
    """
    pieces: list[tuple[int, int, tuple[str, ...]]] = []
    group: list[Paragraph] = []

    def flush() -> None:
        if not group:
            return
        if len(group) == 1:
            p = group[0]
            path = p.base + ((p.own,) if p.own else ())
            pieces.extend(segments(text, p.start, p.end, path, max_chars))
        else:
            pieces.append((group[0].start, group[-1].end, group[0].base))
        group.clear()

    for para in paragraphs(text):
        if group and (
            para.base != group[0].base
            or text[group[-1].end : para.start].strip()
            or para.end - group[0].start > max_chars
        ):
            flush()
        group.append(para)
    flush()
    return [
        Chunk(
            chunk_id=f"{doc_key}:{i}",
            doc_key=doc_key,
            source_type=SOURCE_REPORT,
            title=title.strip("《》 "),
            heading_path=path,
            article=None,
            org=org,
            year=year,
            period_label=period_label,
            text=text[s:e],
            start=s,
            end=e,
        )
        for i, (s, e, path) in enumerate(pieces)
    ]


# ---------------------------------------------------------------------------------------------
# Regulations


def chunk_regulation(
    text: str, *, doc_key: str, title: str | None = None, max_chars: int = 350
) -> list[Chunk]:
    """One chunk per article; a long article is split at its paragraphs/items, each part keeping the
    article number. `title` overrides the "# " heading of the text."""
    reg = parse_regulation(text, title=title)
    chunks: list[Chunk] = []
    for art in reg.articles:
        path = tuple(p for p in (art.chapter, art.section) if p)
        paras = list(lines(text, art.start, art.end))
        spans: list[tuple[int, int]] = []
        for s, e in paras:
            spans.extend(sentence_spans(text, s, e) if e - s > max_chars else [(s, e)])
        pieces = [(art.start, art.end)] if art.end - art.start <= max_chars else pack_spans(spans, max_chars)
        for s, e in pieces:
            chunks.append(
                Chunk(
                    chunk_id=f"{doc_key}:{len(chunks)}",
                    doc_key=doc_key,
                    source_type=SOURCE_REGULATION,
                    title=reg.title,
                    heading_path=path,
                    article=art.number_text,
                    org=None,
                    year=None,
                    period_label=None,
                    text=text[s:e],
                    start=s,
                    end=e,
                )
            )
    return chunks


ITEM_SEPARATOR = "#"


def item_units(chunks: list[Chunk], *, min_chars: int = 12) -> list[Chunk]:
    """The paragraphs and list items of regulation chunks that hold several, each as its own unit for
    dense search (ids ``<chunk_id>#<n>``): a long article's embedding blurs the one item a question is
    about ("对建筑消防设施每年至少进行一次全面检测" inside 消防法第十六条). A unit's hit counts for its chunk."""
    units: list[Chunk] = []
    for chunk in chunks:
        if chunk.source_type != SOURCE_REGULATION:
            continue
        parts = [p.strip() for p in chunk.text.split("\n") if len(p.strip()) >= min_chars]
        if len(parts) < 2:
            continue
        for n, part in enumerate(parts):
            units.append(replace(chunk, chunk_id=f"{chunk.chunk_id}{ITEM_SEPARATOR}{n}", text=part))
    return units


def parent_id(unit_id: str) -> str:
    return unit_id.split(ITEM_SEPARATOR, 1)[0]
