"""How report text is laid out: heading lines, run-in headings, inline list items, sentences.

Pure helpers over (document, span) pairs used by retrieval.chunking; spans index the document text
so that every chunk stays a verbatim slice of it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

_LABEL_MAX = 30  # longest heading label kept in a path
_HEADING_MAX = 40  # a numbered line (or its run-in first clause) longer than this is body text

SENT_END = "。！？；!?;"
_CLOSERS = '”’"』」'
CLAUSE_END = "，；：,;:"
_NOISE = re.compile(r"【[^】]*】")  # watermark-like bracket notes, kept in text but not in labels
_CJK_SENT_PUNCT = re.compile(r"[。！？；，：、,;:!?]")

# Line-start heading markers, by rank (a heading pops every open heading of equal or lower rank).
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"[一二三四五六七八九十]+、")),
    (2, re.compile(r"[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"\d{1,2}(?:、|[.．](?!\d))")),
    (4, re.compile(r"[（(]\d{1,2}[）)]")),
    (5, re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
)
_CN_DIGITS = "一二三四五六七八九十"
_ITEM_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:(?<=^)|(?<=[。；！？：，;:!?\s]))([一二三四五六七八九十]{1,3})是"),
    re.compile(r"[（(](\d{1,2})[）)]"),
    re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"),
)
_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")


def marker_of(line: str) -> tuple[int, str] | None:
    for rank, pattern in _MARKERS:
        m = pattern.match(line)
        if m:
            return rank, m.group(0)
    return None


def trim(doc: str, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].isspace():
        start += 1
    while end > start and doc[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(doc: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of doc[start:end], split after 。！？； (and any closing quote), trimmed."""
    spans: list[tuple[int, int]] = []
    begin = start
    i = start
    while i < end:
        ch = doc[i]
        if ch in SENT_END or ch == "\n":
            j = i + 1
            while j < end and doc[j] in _CLOSERS:
                j += 1
            s, e = trim(doc, begin, j)
            if e > s:
                spans.append((s, e))
            begin = i = j
            continue
        i += 1
    s, e = trim(doc, begin, end)
    if e > s:
        spans.append((s, e))
    return spans


def _label(text: str) -> str:
    """Heading label of a run-in item: its first sentence when short, else its first clause."""
    text = _NOISE.sub("", text).strip()
    for i, ch in enumerate(text):
        if ch in SENT_END or ch in "：:":
            if i <= _LABEL_MAX:
                return text[:i]
            break
    marker = marker_of(text)
    skip = len(marker[1]) if marker else 0
    for i in range(skip + 1, min(len(text), _LABEL_MAX + 1)):
        if text[i] in CLAUSE_END or text[i] in SENT_END:
            return text[:i]
    return text[:_LABEL_MAX]


def pack_spans(spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Group consecutive spans into pieces ≤ max_chars (a single longer span stays whole), balanced."""
    if not spans:
        return []
    total = spans[-1][1] - spans[0][0]
    target = total / max(1, math.ceil(total / max_chars))
    pieces: list[tuple[int, int]] = []
    cur_start, cur_end = spans[0]
    for s, e in spans[1:]:
        if e - cur_start > max_chars or cur_end - cur_start >= target:
            pieces.append((cur_start, cur_end))
            cur_start = s
        cur_end = e
    pieces.append((cur_start, cur_end))
    return pieces


def _find_items(
    doc: str, start: int, end: int, skip_kinds: frozenset[int] = frozenset()
) -> tuple[int, list[tuple[int, str]]]:
    """Inline list items (一是…二是…, （1）…（2）…, ①…②…) numbered in sequence in doc[start:end].

    Of the kinds present, the one whose first item comes first wins (the outer list). Returns the
    kind (an index into _ITEM_PATTERNS, -1 when none) and the items as (position, label).
    """
    best: list[tuple[int, str]] = []
    best_kind = -1
    segment = doc[start:end]
    for kind, pattern in enumerate(_ITEM_PATTERNS):
        if kind in skip_kinds:
            continue
        found: list[int] = []
        expected = 1
        for m in pattern.finditer(segment):
            number = _item_number(m.group(1))
            # numbering starts at 1, or anywhere when the text opens with the item (a "三是…" line)
            if number == expected or (not found and m.start() == 0 and number > 0):
                found.append(m.start())
                expected = number + 1
        if found and (not best or found[0] + start < best[0][0]):
            bounds = [*found, len(segment)]
            best_kind = kind
            best = [(start + found[i], _label(segment[found[i] : bounds[i + 1]])) for i in range(len(found))]
    return best_kind, best


def _item_number(token: str) -> int:
    if token.isdigit() and token.isascii():
        return int(token)
    if len(token) == 1 and "①" <= token <= "⑳":
        return ord(token) - ord("①") + 1
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + _CN_DIGITS.index(token[1]) + 1
    if len(token) == 1:
        return _CN_DIGITS.index(token) + 1
    if len(token) == 2 and token[1] == "十":
        return (_CN_DIGITS.index(token[0]) + 1) * 10
    if len(token) == 3 and token[1] == "十":
        return (_CN_DIGITS.index(token[0]) + 1) * 10 + _CN_DIGITS.index(token[2]) + 1
    return -1


def segments(
    doc: str,
    start: int,
    end: int,
    path: tuple[str, ...],
    max_chars: int,
    skip_kinds: frozenset[int] = frozenset(),
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Split a long paragraph at its inline list items (recursively), then at sentence ends.

    A passage holding exactly one list item carries that item's label in its path.
    """
    kind, items = _find_items(doc, start, end, skip_kinds) if len(skip_kinds) < 3 else (-1, [])
    if end - start <= max_chars:
        single = len(items) == 1 and (not path or path[-1] != items[0][1])
        return [(start, end, (*path, items[0][1]) if single else path)]
    if not items:
        return [(s, e, path) for s, e in pack_spans(sentence_spans(doc, start, end), max_chars)]
    inner = skip_kinds | {kind}
    out: list[tuple[int, int, tuple[str, ...]]] = []
    bounds = [pos for pos, _ in items] + [end]
    first = start
    pre_s, pre_e = trim(doc, start, items[0][0])
    if pre_e - pre_s > max_chars // 4:
        out.extend(segments(doc, pre_s, pre_e, path, max_chars, inner))
        first = items[0][0]
    for i, (pos, label) in enumerate(items):
        s, e = trim(doc, first if i == 0 else pos, bounds[i + 1])
        item_path = path if path and path[-1] == label else (*path, label)
        out.extend(segments(doc, s, e, item_path, max_chars, inner))
    return out


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    base: tuple[str, ...]  # headings above the paragraph
    own: str | None  # its run-in heading or list-item label


def lines(doc: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Trimmed spans of the non-blank lines of doc[start:end]."""
    pos = start
    for line in doc[start:end].splitlines(keepends=True):
        s, e = trim(doc, pos, pos + len(line))
        pos += len(line)
        if e > s:
            yield s, e


def _is_bare_heading(line: str, next_line: str) -> bool:
    if _DATE_LINE.fullmatch(line):
        return False
    followed_by_body = bool(next_line) and (
        len(next_line) > _HEADING_MAX or bool(_CJK_SENT_PUNCT.search(next_line))
    )
    return followed_by_body and marker_of(next_line) is None


def paragraphs(doc: str) -> list[Paragraph]:
    """Walk the lines keeping a stack of open headings; return the body paragraphs."""
    stack: list[tuple[int, str]] = []
    out: list[Paragraph] = []
    spans = list(lines(doc))
    cleaned = [_NOISE.sub("", doc[s:e]).strip().lstrip("#").strip() for s, e in spans]
    for n, ((s, e), clean) in enumerate(zip(spans, cleaned, strict=True)):
        marker = marker_of(clean)
        if marker is None:
            if len(clean) <= _HEADING_MAX and not _CJK_SENT_PUNCT.search(clean):
                # A bare short line: the title, a signature or date, a table-of-contents entry, or
                # an unnumbered section heading (only when body text follows it directly).
                if n > 0 and _is_bare_heading(clean, cleaned[n + 1] if n + 1 < len(cleaned) else ""):
                    stack = [(0, clean)]
                continue
            # list items (一是…) get their label from segments(), which sees the whole paragraph
            out.append(Paragraph(s, e, tuple(lbl for _, lbl in stack), None))
            continue
        rank = marker[0]
        head_end = next((i for i, ch in enumerate(clean) if ch in SENT_END or ch in "：:"), len(clean))
        rest = clean[head_end + 1 :].strip()
        is_heading_line = not rest and len(clean) <= _HEADING_MAX
        while stack and stack[-1][0] >= rank:
            stack.pop()
        base = tuple(lbl for _, lbl in stack)
        if is_heading_line:
            stack.append((rank, clean.rstrip(SENT_END + "：:")))
            continue
        label = _label(clean)
        stack.append((rank, label))
        out.append(Paragraph(s, e, base, label))
    return out
