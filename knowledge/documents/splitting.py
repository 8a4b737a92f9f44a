"""Split a compilation (汇编) of reports into one section per report.

Two ways to find report boundaries, tried in order:
1. a table of contents: a line "目录" followed by title lines ("1.标题", "1、标题", "一、标题" or bare
   titles); the body is cut at the lines matching each entry, in order, after cleaning (watermarks,
   spaces) and tolerant to a missing number or small edits. The cover title and the table of
   contents are not a report.
2. without one: several stand-alone report-title lines ("…工作总结", "…情况报告" …) each followed by
   a body, when the reading is unambiguous.
Otherwise the whole text is one report. Sections keep spans into the input text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import PurePath

from knowledge.documents.cleaning import clean_text

__all__ = ["ReportSection", "looks_like_title", "split_reports", "strip_numbering"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportSection:
    """One report: `text` is `input[start:end]` and begins with its title line."""

    title: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Line:
    start: int  # span in the input, without the line break
    end: int
    clean: str  # cleaned text of the line (watermarks removed, spaces normalised)


_TOC_HEADINGS = frozenset({"目录", "目次"})
_NUMBERING_RE = re.compile(
    r"^(?:[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:[.．、,，:：)）]|\s))\s*"
)
_PAGE_NO_RE = re.compile(r"(?:[.．…·\-—_ \t]{2,}|[ \t]+)\d{1,4}$")
# What a report's title ends with (an optional bracketed note such as "（第一稿）" may follow).
_REPORT_SUFFIX_RE = re.compile(
    r"(?:总结|报告|汇报|计划|方案|打算|要点|情况|纪要|讲话|发言|材料)(?:[(（][^()（）]{1,12}[)）])?$"
)
_DOC_SUFFIX_RE = re.compile(
    r"(?:工作总结|总结|情况报告|工作报告|自查报告|报告|汇报|工作计划|计划|方案|要点|纪要|讲话|发言)"
    r"(?:[(（][^()（）]{1,12}[)）])?$"
)
_TIME_OR_ORG_RE = re.compile(
    r"\d{4}|[一二三四]季度|[上下]半年|年度|[局镇乡县区市村厂矿]|街道|社区|公司|班组|集团"
)
_SENTENCE_PUNCT_RE = re.compile(r"[。；;！!？?]")
_DATE_LINE_RE = re.compile(
    r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^[〇零一二三四五六七八九]{4}年.{1,3}月.{1,3}日$"
)
_MAX_TITLE_LEN = 60
_FUZZY_MIN_RATIO = 0.8
_MIN_BODY_CHARS = 100


def strip_numbering(line: str) -> str:
    """Drop a leading list number: "1.标题", "1、标题", "一、标题", "（一）标题" → "标题"."""
    stripped = _NUMBERING_RE.sub("", line, count=1)
    return stripped if stripped else line


def looks_like_title(line: str) -> bool:
    """A short stand-alone line that is not a sentence and not a list item."""
    line = line.strip()
    return (
        0 < len(line) <= _MAX_TITLE_LEN
        and not _SENTENCE_PUNCT_RE.search(line)
        and not line.endswith(("：", ":", "，", ","))
    )


def _key(text: str) -> str:
    """Comparison key: no numbering, no page number, no spaces or punctuation."""
    text = _PAGE_NO_RE.sub("", strip_numbering(text.strip()))
    return re.sub(r"[\s\W_]+", "", text)


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        lines.append(_Line(pos, end, clean_text(raw).text))
        pos = end + 1
    return lines


def split_reports(text: str, *, filename: str | None = None) -> list[ReportSection]:
    """Split `text` into reports; a text with no recognisable boundaries is one report.

    `filename` names the single report when its first line does not look like a title.
    """
    lines = _lines(text)
    starts = _split_by_toc(lines)
    if not starts:
        starts = _split_by_titles(lines)
    if starts:
        return _sections(text, lines, starts)
    return _single(text, lines, filename)


# --- table of contents ----------------------------------------------------------------------------


def _find_toc(lines: list[_Line]) -> tuple[int, list[str]] | None:
    """(index of the first body line, entry titles) of a compilation's table of contents."""
    for i, line in enumerate(lines):
        if re.sub(r"\s+", "", line.clean) not in _TOC_HEADINGS:
            continue
        entries: list[str] = []
        j = i + 1
        while j < len(lines):
            clean = lines[j].clean
            if not clean:
                if entries and j + 1 < len(lines) and not _NUMBERING_RE.match(lines[j + 1].clean):
                    break  # a blank line after the entries closes the table
                j += 1
                continue
            if entries and _key(clean) == _key(entries[0]):
                break  # the body starts with the first report again (unnumbered tables)
            if not looks_like_title(_PAGE_NO_RE.sub("", clean)):
                break
            entries.append(_PAGE_NO_RE.sub("", clean))
            j += 1
        if len(entries) >= 2 and _entries_are_reports(entries):
            return j, entries
    return None


def _entries_are_reports(entries: list[str]) -> bool:
    """A report's own chapter list ("一、基本情况 …") is not a compilation's table of contents."""
    reports = sum(1 for e in entries if _DOC_SUFFIX_RE.search(strip_numbering(e)))
    return reports * 2 >= len(entries)


def _matches(entry_key: str, line: _Line) -> bool:
    key = _key(line.clean)
    if not key or not entry_key:
        return False
    if key == entry_key:
        return True
    if len(key) > 1.5 * len(entry_key) + 4 or not looks_like_title(line.clean):
        return False
    return SequenceMatcher(None, entry_key, key, autojunk=False).ratio() >= _FUZZY_MIN_RATIO


def _split_by_toc(lines: list[_Line]) -> list[tuple[int, str]]:
    """(line index, title) of each report found through the table of contents."""
    toc = _find_toc(lines)
    if toc is None:
        return []
    body_start, entries = toc
    found: list[tuple[int, str]] = []
    cursor = body_start
    for entry in entries:
        entry_key = _key(entry)
        hit = next((k for k in range(cursor, len(lines)) if _matches(entry_key, lines[k])), None)
        if hit is None:
            logger.warning("table-of-contents entry not found in the body: %s", entry)
            continue
        found.append((hit, _title_for(lines[hit].clean, entry)))
        cursor = hit + 1
    return found


def _title_for(body_line: str, entry: str) -> str:
    """The body's own title line, without a compilation number the entry does not share."""
    stripped = strip_numbering(body_line)
    entry_key = _key(entry)
    if stripped != body_line and _key(stripped) == entry_key:
        return stripped
    return body_line


# --- stand-alone titles ---------------------------------------------------------------------------


def _is_report_title(line: _Line) -> bool:
    clean = line.clean
    return (
        looks_like_title(clean)
        and len(clean) >= 6
        and not _NUMBERING_RE.match(clean)
        and _REPORT_SUFFIX_RE.search(clean) is not None
        and _DOC_SUFFIX_RE.search(clean) is not None
        and _TIME_OR_ORG_RE.search(clean) is not None
    )


def _split_by_titles(lines: list[_Line]) -> list[tuple[int, str]]:
    """Report titles in a file without a table of contents, only when unambiguous."""
    candidates = [i for i, line in enumerate(lines) if _is_report_title(line)]
    if len(candidates) < 2:
        return []
    # Nothing but a short cover (a few title-like lines) may precede the first report.
    before = [ln.clean for ln in lines[: candidates[0]] if ln.clean]
    if len(before) > 3 or not all(looks_like_title(b) for b in before):
        return []
    if not all(_closes_previous(lines, i) for i in candidates[1:]):
        return []
    bounds = [*candidates, len(lines)]
    for a, b in pairwise(bounds):
        body = sum(len(ln.clean) for ln in lines[a + 1 : b])
        if body < _MIN_BODY_CHARS:
            return []  # a title with no body: probably a heading inside one report
    return [(i, lines[i].clean) for i in candidates]


def _closes_previous(lines: list[_Line], index: int) -> bool:
    """A title starts a new report when a blank line or a dated signature ends the one before.

    Where blank lines separate every paragraph they say nothing, so only a date line counts.
    """
    nonblank = sum(1 for ln in lines if ln.clean)
    blank_runs = sum(1 for a, b in pairwise(lines) if a.clean and not b.clean)
    blank_is_signal = blank_runs * 2 < nonblank
    prev = index - 1
    if prev >= 0 and not lines[prev].clean and blank_is_signal:
        return True
    while prev >= 0 and not lines[prev].clean:
        prev -= 1
    return prev >= 0 and _DATE_LINE_RE.match(lines[prev].clean) is not None


# --- assembling -----------------------------------------------------------------------------------


def _sections(text: str, lines: list[_Line], starts: list[tuple[int, str]]) -> list[ReportSection]:
    sections: list[ReportSection] = []
    for n, (index, title) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        last = stop - 1
        while last > index and not lines[last].clean:
            last -= 1
        start, end = lines[index].start, lines[last].end
        sections.append(ReportSection(title=title, text=text[start:end], start=start, end=end))
    return sections


def _single(text: str, lines: list[_Line], filename: str | None) -> list[ReportSection]:
    nonblank = [ln for ln in lines if ln.clean]
    if not nonblank:
        return []
    first, last = nonblank[0], nonblank[-1]
    if looks_like_title(first.clean):
        title = first.clean
    elif filename:
        title = PurePath(filename).stem
    else:
        title = "未命名报告"
    return [ReportSection(title=title, text=text[first.start : last.end], start=first.start, end=last.end)]
