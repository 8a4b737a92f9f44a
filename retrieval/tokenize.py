"""Tokenizers for the lexical index: jieba words (with a domain dictionary) and character bigrams.

Article numbers (第二十四条 / 第24条 → 第二十四条) and law names (《中华人民共和国安全生产法》, 道交法 →
道路交通安全法) are pulled out before jieba and kept as one normalised token, so that a question
and a statute meet on the same token whatever numerals or short name they use.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from retrieval.articles import LAW_ALIASES, canonical_law_name
from retrieval.regulations import article_text, parse_article_number

if TYPE_CHECKING:
    import jieba

logger = logging.getLogger(__name__)

_USERDICT = "userdict.txt"
_STOPWORDS = "stopwords.txt"
_ARTICLE = re.compile(r"第\s*([零〇一二两三四五六七八九十百千]+|\d{1,4})\s*条(之[一二三四五六七八九十]+)?")
_BOOK = re.compile(r"《([^》]{1,40})》")
_LAW_END = re.compile(r"(?:法|条例|规定|办法|细则|规则|标准|规程)$")
# "安全生产法律法规" must not yield the law 安全生产法.
_LAW_NOT_BEFORE = "律规人定治院官制典"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(rf"[{_CJK}]+|[A-Za-z0-9]+(?:\.[0-9]+)?")
_WORDLIKE = re.compile(rf"[{_CJK}A-Za-z0-9]")

_lock = threading.Lock()


def _data_lines(name: str) -> list[str]:
    text = resources.files("retrieval").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _userdict_lines() -> list[str]:
    return _data_lines(_USERDICT)


_TOKENIZER_VERSION = "1"


@lru_cache(maxsize=1)
def tokenizer_fingerprint() -> str:
    """Changes whenever tokenization may change (code version, dictionary, stopwords): saved token
    lists made under another fingerprint must be rebuilt."""
    digest = hashlib.sha1(_TOKENIZER_VERSION.encode())
    for name in (_USERDICT, _STOPWORDS):
        digest.update(resources.files("retrieval").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function words and question words dropped from tokens (retrieval/stopwords.txt)."""
    return frozenset(w for line in _data_lines(_STOPWORDS) for w in line.split())


@lru_cache(maxsize=1)
def _law_pattern() -> re.Pattern[str]:
    """Every law name and short name we know (dictionary entries tagged `law`, aliases), longest first."""
    names = {ln.split()[0] for ln in _userdict_lines() if ln.endswith(" law")}
    names |= set(LAW_ALIASES) | set(LAW_ALIASES.values())
    names = {n for n in names if len(n) >= 3}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?:{alternation})(?![{_LAW_NOT_BEFORE}])")


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    """A private jieba tokenizer with the domain dictionary, loaded once."""
    with _lock:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        words = [line.split()[0] for line in _userdict_lines()]
        for word in words:
            tok.add_word(word)
        logger.debug("jieba loaded with %d domain words", len(words))
        return tok


def normalize_article(match: re.Match[str]) -> str:
    """第24条 / 第 二十四 条 → 第二十四条."""
    return article_text(parse_article_number(match.group(1))) + (match.group(2) or "")


def _special_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of article numbers and law names, non-overlapping, in order."""
    spans: list[tuple[int, int, str]] = []
    for m in _ARTICLE.finditer(text):
        spans.append((m.start(), m.end(), normalize_article(m)))
    for m in _BOOK.finditer(text):
        inner = m.group(1).strip()
        if _LAW_END.search(inner) and len(inner) <= 25:
            spans.append((m.start(), m.end(), canonical_law_name(inner)))
    for m in _law_pattern().finditer(text):
        spans.append((m.start(), m.end(), canonical_law_name(m.group(0))))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _keep(word: str) -> bool:
    return bool(_WORDLIKE.search(word)) and word not in stopwords()


def tokenize_words(text: str) -> list[str]:
    """jieba words (domain dictionary), article numbers and law names whole; stopwords and
    punctuation dropped; ASCII lower-cased."""
    tokens: list[str] = []
    pos = 0
    tok = _jieba()
    for start, end, special in [*_special_spans(text), (len(text), len(text), "")]:
        if start > pos:
            tokens.extend(w.lower() for w in tok.lcut(text[pos:start]) if _keep(w.strip()))
        if special:
            tokens.append(special)
        pos = end
    return [t.strip() for t in tokens if t.strip()]


def tokenize_bigrams(text: str) -> list[str]:
    """CJK character bigrams (a lone character stays a unigram) and ASCII/number words; article
    numbers and law names are normalised first and also kept whole."""
    tokens: list[str] = []
    pieces: list[str] = []
    pos = 0
    for start, end, special in _special_spans(text):
        pieces.append(text[pos:start])
        pieces.append(special)
        tokens.append(special)
        pos = end
    pieces.append(text[pos:])
    stop = stopwords()
    for run in _CJK_RUN.findall(" ".join(pieces)):
        if run.isascii():
            tokens.append(run.lower())
        elif len(run) == 1:
            if run not in stopwords():
                tokens.append(run)
        else:
            tokens.extend(b for b in (run[i : i + 2] for i in range(len(run) - 1)) if b not in stop)
    return tokens
