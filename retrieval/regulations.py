"""Parse a law or regulation text (Markdown or plain) into its chapters, sections and articles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from knowledge.errors import InputError

_CN_NUM = "零〇一二两三四五六七八九十百千"
_TITLE_LINE = re.compile(r"^#\s+(.+?)\s*$")
_VERSION = re.compile(r"版本日期\s*[：:]\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_DIVISION = re.compile(rf"^(?:#+\s*)?(第[{_CN_NUM}\d]+)\s*(编|章|节)\s*(.*?)\s*$")
_ARTICLE = re.compile(rf"^(第([{_CN_NUM}\d]+)条(之[一二三四五六七八九十]+)?)([ \u3000]*)")
# Text right after 第N条 that shows a cross-reference, not an article heading ("第十条规定的…").
_NOT_HEADING_AFTER = "规的、至和或中第款项所"
_TITLE_SUFFIXES = ("法", "条例", "规定", "办法", "细则", "规则", "决定", "标准", "规程")


@dataclass(frozen=True)
class Article:
    """One article: its number ("第二十一条", 21), where it sits, and its verbatim text and span."""

    number_text: str
    number: int
    chapter: str | None
    text: str
    section: str | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Regulation:
    title: str
    version_date: date | None
    articles: list[Article] = field(default_factory=list)

    def article(self, number: int) -> Article | None:
        """The article with this number (the first one when a text repeats a number)."""
        return next((a for a in self.articles if a.number == number), None)


def parse_article_number(token: str) -> int:
    """二十一 / 一百一十九 / 21 → int (cn2an for Chinese numerals)."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    import cn2an

    return int(cn2an.cn2an(token.replace("〇", "零").replace("两", "二"), "smart"))


def article_text(number: int) -> str:
    """21 → 第二十一条 (the form statutes use)."""
    import cn2an

    return f"第{cn2an.an2cn(number)}条"


def _clean_title(title: str) -> str:
    return title.strip().strip("《》").strip()


def _division_label(num: str, kind: str, name: str) -> str:
    name = re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])", "", name)
    return f"{num}{kind} {name}".strip()


def _looks_like_title(line: str) -> bool:
    return len(line) <= 40 and line.endswith(_TITLE_SUFFIXES) and not re.search(r"[。；，：]", line)


def parse_regulation(text: str, *, title: str | None = None) -> Regulation:
    """Title (from the "# " heading or a first line ending in 法/条例…), version date and articles.

    Continuation paragraphs and items belong to the article above them; chapter and section lines
    ("## 第三章 …", "### 第一节 …" or the same without "#") set the article's place.
    """
    found_title: str | None = None
    version: date | None = None
    chapter: str | None = None
    section: str | None = None
    articles: list[Article] = []
    current: tuple[str, int, int] | None = None  # (number_text, number, start)
    cur_chapter: str | None = None
    cur_section: str | None = None
    last_end = 0

    def close(end: int) -> None:
        nonlocal current
        if current is None:
            return
        number_text, number, start = current
        while end > start and text[end - 1].isspace():
            end -= 1
        articles.append(Article(number_text, number, cur_chapter, text[start:end], cur_section, start, end))
        current = None

    pos = 0
    for raw in text.splitlines(keepends=True):
        line_start = pos
        pos += len(raw)
        line = raw.strip()
        if not line:
            continue
        offset = line_start + (len(raw) - len(raw.lstrip()))
        if found_title is None and not articles and current is None:
            m_title = _TITLE_LINE.match(line)
            if m_title:
                found_title = _clean_title(m_title.group(1))
                continue
            if chapter is None and _looks_like_title(line):
                found_title = _clean_title(line)
                continue
        if version is None and not articles:
            m_ver = _VERSION.search(line)
            if m_ver:
                try:
                    version = date(int(m_ver.group(1)), int(m_ver.group(2)), int(m_ver.group(3)))
                except ValueError:
                    version = None
                continue
        m_div = _DIVISION.match(line)
        if m_div and len(line) <= 60 and not _ARTICLE.match(line.lstrip("# ")):
            close(last_end)
            label = _division_label(m_div.group(1), m_div.group(2), m_div.group(3))
            if m_div.group(2) == "节":
                section = label
            else:
                chapter, section = label, None
            continue
        if line.startswith("#"):
            close(last_end)
            continue
        m_art = _ARTICLE.match(line)
        if m_art:
            number = parse_article_number(m_art.group(2))
            after = line[m_art.end() :]
            expected = (current[1] if current else articles[-1].number if articles else 0) + 1
            separated = bool(m_art.group(4))
            if separated or (number == expected and after[:1] not in _NOT_HEADING_AFTER):
                close(last_end)
                current = (article_text(number) + (m_art.group(3) or ""), number, offset)
                cur_chapter, cur_section = chapter, section
        last_end = line_start + len(raw.rstrip())
    close(last_end)

    final_title = _clean_title(title) if title else found_title
    if not final_title:
        raise InputError("无法识别法规名称：请在文本第一行写明法规全称（如“# 城镇燃气管理条例”）后重新导入。")
    return Regulation(final_title, version, articles)
