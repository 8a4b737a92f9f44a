"""Word-level helpers for naming figures: jieba word boundaries and parts of speech, the verbs of
`lexicon.METRIC_VERBS`, and the trimming of the words before a figure.

Cutting a metric name only where jieba puts a word boundary keeps words whole: the 为 of 违法行为 is
not the preposition 为, the 有 of 有限空间 not the verb 有. jieba (with the domain keywords added to
its dictionary) loads lazily, once.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from knowledge.facts import lexicon

logger = logging.getLogger(__name__)

__all__ = [
    "VERB_RE",
    "clean_pre",
    "first_verb",
    "is_boundary",
    "is_noun_phrase",
    "lead_verb",
    "pos_tags",
    "search_whole",
    "split_list",
    "starts_with_verb",
    "strip_light",
]

VERB_RE = re.compile("|".join(sorted(set(lexicon.METRIC_VERBS), key=len, reverse=True)))
_LEADING_FILLER_RE = re.compile(rf"^(?:{lexicon.LEADING_FILLERS})")
_TRAILING_FILLER_RE = re.compile(rf"(?:{lexicon.TRAILING_FILLERS})$")
_LIGHT_RE = re.compile(rf"(?:{lexicon.LIGHT_WORDS})$")
_NOISE_RE = re.compile(lexicon.NOISE_WORDS)
# Words jieba's dictionary lacks or splits badly in reports.
_EXTRA_WORDS = (
    "隐患点", "整改率", "签订率", "治超", "厂中厂", "小微企业", "挂牌督办", "违法行为", "执法车辆", "执法人员",
    "生产经营单位", "警示牌", "横幅", "消火栓", "网格员", "危大工程", "在建项目", "停气",
)
_NEGATIONS = frozenset({"未", "不", "没", "没有", "无", "非", "拒不"})
_SKIPPED_FLAGS = ("d", "t", "b", "m", "f")


@lru_cache(maxsize=1)
def _pos_tokenizer() -> Any:
    """A jieba part-of-speech tokenizer of our own (the global one is left to other modules) that
    knows the domain vocabulary as nouns."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    words = (*_EXTRA_WORDS, *(w for ws in lexicon.DOMAIN_KEYWORDS.values() for w in ws), *lexicon.NEUTRAL_PHRASES)
    for word in words:
        if len(word) >= 2 and not tokenizer.FREQ.get(word):
            tokenizer.add_word(word, tag="n")
    return jieba.posseg.POSTokenizer(tokenizer)


@lru_cache(maxsize=8192)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) of `text` as jieba reads it."""
    if not text:
        return ()
    return tuple((pair.word, pair.flag) for pair in _pos_tokenizer().lcut(text))


@lru_cache(maxsize=8192)
def _boundaries(text: str) -> frozenset[int]:
    out = {0}
    pos = 0
    for word, _ in pos_tags(text):
        pos += len(word)
        out.add(pos)
    return frozenset(out)


def is_boundary(text: str, pos: int) -> bool:
    """True when `pos` falls between two jieba words of `text` (or at either end)."""
    return pos in _boundaries(text)


def search_whole(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of `pattern` in `text` that does not cut a word in two (one-character matches
    must be a word of their own at their start)."""
    for m in pattern.finditer(text):
        if m.end() - m.start() > 1 or (is_boundary(text, m.start()) and is_boundary(text, m.end())):
            return m
    return None


_LIST_JOINER_RE = re.compile(r"、|和|及|与")


def split_list(text: str) -> tuple[str, ...]:
    """The items of "A、B和C" (a 和/及/与 inside a word such as 参与 does not split)."""
    parts: list[str] = []
    start = 0
    for m in _LIST_JOINER_RE.finditer(text):
        if m.group() == "、" or (is_boundary(text, m.start()) and is_boundary(text, m.end())):
            parts.append(text[start:m.start()])
            start = m.end()
    parts.append(text[start:])
    return tuple(p for p in parts if p)


def first_verb(text: str) -> re.Match[str] | None:
    """The first verb of `lexicon.METRIC_VERBS` in `text`."""
    return VERB_RE.search(text)


def _content_tags(text: str) -> list[tuple[str, str]]:
    tags = list(pos_tags(text))
    while tags and tags[0][0] not in _NEGATIONS and tags[0][1].startswith(_SKIPPED_FLAGS):
        tags.pop(0)
    return tags


def starts_with_verb(text: str) -> bool:
    """True when `text` opens with a verb of its own ("移送司法机关", "临时查封"), not a noun phrase
    ("餐馆", "重大隐患") nor a negated fault ("未系安全带"). Adverbs and time words are skipped."""
    m = first_verb(text)
    if m is not None and m.start() == 0:
        return True
    tags = _content_tags(text)
    return bool(tags) and tags[0][0] not in _NEGATIONS and tags[0][1] in ("v", "vd", "vg")


def is_noun_phrase(text: str) -> bool:
    """True for a bare noun phrase ("餐馆", "普通客运车客货混装") or a fault led by a negation
    ("未系安全带"), which may take the verb of the figure before it; False for words with a verb or
    an idiom of their own ("清理楼道堆放杂物", "通报批评运输企业")."""
    tags = _content_tags(text)
    if tags and tags[0][0] in _NEGATIONS:
        return True
    return not any(flag in ("v", "vd", "vg", "l") for _, flag in tags)


def lead_verb(text: str) -> str:
    """The verb a list of figures joined by 、 shares: the first verb of `lexicon.METRIC_VERBS`, else
    the verb `text` opens with when a noun follows it ("登记在用塔式起重机" -> "登记"; not the 抢险 of
    "抢险救援")."""
    m = first_verb(text)
    if m is not None:
        return m.group()
    tags = _content_tags(text)
    if not tags or tags[0][0] in _NEGATIONS or tags[0][1] != "v" or len(tags[0][0]) < 2:
        return ""
    return tags[0][0] if any(flag.startswith("n") for _, flag in tags[1:]) else ""


def clean_pre(pre: str) -> str:
    """The words before a figure without noise, leading list markers, subjects and adverbs (never
    cutting a word in two: 有限空间 keeps its 有), and trailing 共计/达/约 …"""
    text = _NOISE_RE.sub("", pre)
    for _ in range(8):
        stripped = text
        m = _LEADING_FILLER_RE.match(stripped)
        if m and m.end() > 0 and (m.group() != "有" or is_boundary(stripped, m.end())):
            stripped = stripped[m.end():]
        m = _TRAILING_FILLER_RE.search(stripped)  # right before a number: always a filler
        if m and m.end() > m.start():
            stripped = stripped[: m.start()]
        if stripped == text:
            break
        text = stripped
    return text


def strip_light(core: str) -> tuple[str, bool, bool]:
    """`core` without the light words it ends with ("对辖区内", "的", "进行"): (rest, had_light,
    ended_with_的). A light word that is part of a longer word (违法行为) stays."""
    had_light = had_de = False
    while core:
        light = _LIGHT_RE.search(core)
        if light is None or (light.end() - light.start() == 1 and not is_boundary(core, light.start())):
            break
        had_de = had_de or light.group() == "的"
        core = clean_pre(core[: light.start()])
        had_light = True
    return core, had_light, had_de
