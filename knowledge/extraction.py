"""Every figure a report states, as a fact with its domain, metric, period and source sentence.

Pure: text in, frozen dataclasses out. The figures themselves come from `knowledge.numbers`; this
module places each one in its sentence and names it:
- domain: a keyword in the figure's own clause, else in the sentence's other figure clauses (the
  nearest first), else the enclosing heading ("（五）燃气安全。" rules until the next heading of the
  same or a higher level), else `default_domain`, else 综合;
- metric: a canonical name from `lexicon.METRICS` where one fits, else the clause's own words
  ("检查非煤矿山企业数"), trimmed with the wording tables of `lexicon`;
- period: the period expression stated before the figure in its sentence, else the last one stated
  earlier in the same paragraph ("" when none: the caller uses the report's period);
- implied facts: "排查出隐患6534个，已全部完成整改" also states 已整改隐患数 6534.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from knowledge import lexicon
from knowledge.numbers import Quantity, parse_quantities, shielded_spans

logger = logging.getLogger(__name__)

__all__ = ["ExtractedFact", "extract_facts", "find_period_exprs", "sentence_spans"]


@dataclass(frozen=True)
class ExtractedFact:
    """One stated figure with its provenance; spans index the text given to `extract_facts`."""

    domain: str
    metric: str
    value: float | None
    unit: str
    qualifier: str
    period_expr: str
    sentence: str
    sentence_span: tuple[int, int]
    value_span: tuple[int, int]
    implied: bool
    redacted: bool


# --- sentences and headings ------------------------------------------------------------------------

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


def _lead_phrase(text: str) -> str:
    """A heading's words: up to the colon or full stop, or only to the first comma when that is long
    ("（4）危化品工作，我镇有液化气站1家…")."""
    lead = _LEAD_END_RE.split(text, maxsplit=1)[0]
    return lead if len(lead) <= _MAX_LEAD else re.split(r"[，,]", lead, maxsplit=1)[0]


class _Outline:
    """The stack of open headings and the domain each one names."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str | None]] = []

    def new_line(self) -> None:
        self.stack = [(lvl, dom) for lvl, dom in self.stack if lvl < 4]

    def see(self, sentence: str, at_line_start: bool) -> bool:
        """Open the heading `sentence` starts with, if any; True when one was opened."""
        for level, pattern in _HEADINGS:
            if level < 4 and not at_line_start:
                continue
            m = pattern.match(sentence)
            if m is None:
                continue
            lead = _lead_phrase(re.sub(r"【[^】]*】", "", sentence[m.end():]))
            self.stack = [(lvl, dom) for lvl, dom in self.stack if lvl < level]
            self.stack.append((level, lexicon.domain_of(lead)))
            return True
        return False

    def domain(self) -> str | None:
        return next((dom for _, dom in reversed(self.stack) if dom), None)


# --- periods ---------------------------------------------------------------------------------------

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


# --- metric naming ---------------------------------------------------------------------------------

_PRE_BREAK = "，,；;。！？!?：:（）()\n"
_POST_BREAK = _PRE_BREAK + "、"
_LEADING_FILLER_RE = re.compile(rf"^(?:{lexicon.LEADING_FILLERS})")
_TRAILING_FILLER_RE = re.compile(rf"(?:{lexicon.TRAILING_FILLERS})$")
_LIGHT_RE = re.compile(rf"(?:{lexicon.LIGHT_WORDS})$")
_NOISE_RE = re.compile(lexicon.NOISE_WORDS)
_SUBJECT_BEFORE_VERB_RE = re.compile(lexicon.SUBJECT_MARKERS)
_VERB_RE = re.compile("|".join(sorted(set(lexicon.METRIC_VERBS), key=len, reverse=True)))
_NOUN_STOP_RE = re.compile(lexicon.NOUN_STOPS)
_EVENT_NOUN_RE = re.compile(rf"(?:{lexicon.EVENT_NOUNS})$")
_AFTER_VERB_RE = re.compile(rf"(?:进行|开展)了?[^，。；]{{0,4}}?({_VERB_RE.pattern})")
_MEASURE_NOUN_RE = re.compile(rf"(?:{lexicon.MEASURE_NOUNS})$")


def _first_verb(text: str) -> re.Match[str] | None:
    return _VERB_RE.search(text)


def _clean_pre(pre: str) -> str:
    text = pre
    for _ in range(6):
        stripped = _TRAILING_FILLER_RE.sub("", _LEADING_FILLER_RE.sub("", text))
        if stripped == text:
            break
        text = stripped
    return text


def _split_post(post: str, clause_rest: str) -> tuple[str, str]:
    """(noun the figure counts, verb phrase that follows it) from the clause text after a figure;
    `clause_rest` runs on to the next comma, for the event a leading verb names ("召开…会议")."""
    text = post.replace("了", "")
    stop = _NOUN_STOP_RE.search(text)
    noun = re.sub(r"安全生产$", "", text[: stop.start()] if stop else text)
    rest = text[stop.end():] if stop and stop.group() in lexicon.VERB_LEAD_STOPS else ""
    verb = _first_verb(noun)
    if verb is None:
        lead = _first_verb(rest)
        return noun[:12], rest[:12] if lead is not None and lead.start() == 0 else ""
    if verb.start() == 0:  # "6次召开…会议"
        event = _EVENT_NOUN_RE.search(re.split(r"[，。；]", clause_rest, maxsplit=1)[0])
        return "", verb.group() + (event.group() if event and event.group() != verb.group() else "")
    if verb.end() < len(noun):  # "26户居民安装了报警器": the noun ends where the verb starts
        return noun[: verb.start()][:10], noun[verb.start():][:12]
    return noun[:12], ""  # "专项检查", "专题安全生产教育培训": a nominalised verb ends the noun


def _verb_after(after: str, noun: str) -> str:
    """A verb later in the sentence that applies to the figure: "对24家企业…进行了全面检查",
    "对7家学校，9家餐饮场所进行5次专项检查", "对13家企业，已上报…"."""
    window = re.split(r"[，。；]", after, maxsplit=2)
    m = _AFTER_VERB_RE.search(window[0])
    if m:
        return m.group(1)
    if len(window) > 1 and window[0].replace("的", "") in (noun, ""):
        m2 = _first_verb(window[1])
        if m2 is not None:
            return m2.group()
    m3 = _first_verb(window[0])
    return m3.group() if m3 else ""


def _phrase(pre: str, post: str, after: str, prev_verb: str, prev_phrase: str) -> str:
    """The words naming a figure, from its clause text before (`pre`) and after (`post`) it, the rest
    of the sentence (`after`), and the verb and words of the previous figure in the sentence (for
    "320余人次" after "出动巡查车次82车次", "下降25%和33.3%")."""
    core = _clean_pre(pre)
    had_light = False
    while core and (light := _LIGHT_RE.search(core)) is not None:
        core = _clean_pre(core[: light.start()])
        had_light = True
    noun, post_verb = _split_post(post, after)
    verbs = list(_VERB_RE.finditer(core))
    verb_final = bool(verbs) and core.endswith(verbs[-1].group())
    if core.startswith(lexicon.NO_BORROW):
        phrase = core
    elif verbs and not verb_final and not had_light and len(core) <= 12:  # "召开党委会*次专题听取…"
        phrase = core
        if _SUBJECT_BEFORE_VERB_RE.search(core[: verbs[0].start()]):
            phrase = core[verbs[0].start():]
    elif noun:  # the figure counts the noun that follows it: "24家非煤矿山企业", "六个工作组"
        if post_verb and len(post_verb) > 2:
            phrase = post_verb
        elif _first_verb(noun) is not None:
            phrase = noun
        else:
            verb = verbs[-1].group() if verb_final else (verbs[0].group() if verbs else "")
            phrase = (verb or _verb_after(after, noun) or prev_verb) + noun
    elif post_verb and (not core or not verbs):  # "6次召开…会议", "…负责人300余人进行培训"
        phrase = post_verb
    else:  # the words before the figure name it: "检查企业429家", "罚款34.467万元"
        phrase = core
        if verbs and _SUBJECT_BEFORE_VERB_RE.search(core[: verbs[0].start()]):
            phrase = core[verbs[0].start():]
        if "等" in phrase and verbs:
            phrase = verbs[0].group() + phrase.rsplit("等", 1)[1]
        if not phrase:
            phrase = prev_phrase or ("" if had_light else post_verb)
        if (_first_verb(phrase) is None and prev_verb and not phrase.startswith(lexicon.NO_BORROW)
                and not _MEASURE_NOUN_RE.search(phrase)):
            phrase = prev_verb + phrase
    return _NOISE_RE.sub("", phrase)


def _metric(phrase: str, unit: str) -> str:
    return lexicon.canonical_metric(phrase, unit) or (lexicon.metric_suffix(phrase, unit) if phrase else "数量")


# --- domain ----------------------------------------------------------------------------------------


def _nearest_domain(text: str, pos: int) -> str | None:
    hits = lexicon.domain_hits(text)
    if not hits:
        return None
    return min(hits, key=lambda h: (min(abs(h[0] - pos), abs(h[1] - pos)), -(h[1] - h[0])))[2]


# --- facts -----------------------------------------------------------------------------------------

_ALL_DONE_RE = re.compile(
    r"(?:已|均已|现已)?全部(?:完成)?(?:整改|治理)(?:完成|完毕|到位)?|均已(?:整改|治理)(?:完成|完毕|到位)?"
)
_HAZARD_UNITS = frozenset({"处", "条", "个", "项"})


def _clause_start(sentence: str, pos: int) -> int:
    """Back from `pos` to the clause break, stepping over a gloss in brackets ("隐患（缺陷）船舶")."""
    i = pos
    while i > 0:
        ch = sentence[i - 1]
        if ch in "）)":
            j = max(sentence.rfind("（", 0, i - 1), sentence.rfind("(", 0, i - 1))
            if j != -1 and not re.search(r"[0-9]|XX|xx|\*", sentence[j:i]):
                i = j
                continue
            break
        if ch in _PRE_BREAK:
            break
        i -= 1
    return i


def _clauses(sentence: str, offset: int, qs: list[Quantity]) -> list[tuple[int, int]]:
    """For each figure, the span (in the text) of the words that describe it: back to the clause break
    or the previous figure, forward to the next break or figure. Words between two figures of one
    clause belong to the earlier one ("20家单位30处有限空间") unless they carry a verb of their own."""
    out = []
    for i, q in enumerate(qs):
        a, b = q.span[0] - offset, q.span[1] - offset
        start = _clause_start(sentence, a)
        end = b
        while end < len(sentence) and sentence[end] not in _POST_BREAK:
            end += 1
        if i > 0 and qs[i - 1].span[1] - offset > start:
            start = qs[i - 1].span[1] - offset
            between = sentence[start:a]
            if (between and not between.startswith(("、", "，")) and _first_verb(between) is None
                    and not _LIGHT_RE.search(between)):
                start = a
        if i + 1 < len(qs):
            end = min(end, qs[i + 1].span[0] - offset)
        out.append((start + offset, end + offset))
    return out


def extract_facts(text: str, *, default_domain: str | None = None) -> list[ExtractedFact]:
    """All figures stated in `text` (one report's body), in reading order, with implied ones after
    the figure that implies them."""
    quantities = parse_quantities(text)
    periods = find_period_exprs(text)
    outline = _Outline()
    facts: list[ExtractedFact] = []
    line_period = ""
    prev_end = 0
    for s_start, s_end in sentence_spans(text):
        at_line_start = s_start == 0 or "\n" in text[prev_end:s_start]
        prev_end = s_end
        sentence = text[s_start:s_end]
        if at_line_start:
            outline.new_line()
            line_period = ""
        if outline.see(sentence, at_line_start) and not at_line_start:
            line_period = ""
        qs = [q for q in quantities if s_start <= q.span[0] < s_end]
        s_periods = [p for p in periods if s_start <= p[0] < s_end]
        if qs:
            facts.extend(_sentence_facts(text, (s_start, s_end), qs, s_periods, line_period,
                                         outline.domain(), default_domain))
        if s_periods:
            line_period = s_periods[-1][2]
    return facts


def _sentence_facts(
    text: str,
    span: tuple[int, int],
    qs: list[Quantity],
    periods: list[tuple[int, int, str]],
    line_period: str,
    heading_domain: str | None,
    default_domain: str | None,
) -> list[ExtractedFact]:
    s_start, s_end = span
    sentence = text[s_start:s_end]
    clauses = _clauses(sentence, s_start, qs)
    clause_domains = [_nearest_domain(text[a:b], q.span[0] - a) for q, (a, b) in zip(qs, clauses, strict=True)]
    facts: list[ExtractedFact] = []
    prev_verb = prev_phrase = ""
    for i, (q, (c_start, c_end)) in enumerate(zip(qs, clauses, strict=True)):
        stated = [p for p in periods if p[1] <= q.span[0]]
        period = stated[-1][2] if stated else line_period
        pre = text[c_start:q.span[0]]
        for p_start, p_end, _ in periods:
            if c_start <= p_start and p_end <= q.span[0]:
                pre = pre.replace(text[p_start:p_end], "")
        pre = re.sub(r"（[^）]*）|\([^)]*\)", "", pre) if "（" in pre or "(" in pre else pre
        continues = i > 0 and qs[i - 1].unit == q.unit and not pre.strip("和、及与")  # "下降25%和33.3%"
        phrase = _phrase(pre, text[q.span[1]:c_end], text[q.span[1]:s_end], prev_verb,
                         prev_phrase if continues else "")
        verb = _first_verb(phrase)
        if verb is not None:
            prev_verb = verb.group()
        prev_phrase = phrase
        others = [d for j, d in sorted(enumerate(clause_domains), key=lambda jd: abs(jd[0] - i)) if d and j != i]
        domain = clause_domains[i] or (others[0] if others else None) or heading_domain
        facts.append(
            ExtractedFact(
                domain=domain or default_domain or lexicon.GENERAL_DOMAIN,
                metric=_metric(phrase, q.unit),
                value=q.value,
                unit=q.unit,
                qualifier=q.qualifier,
                period_expr=period,
                sentence=sentence,
                sentence_span=span,
                value_span=q.span,
                implied=False,
                redacted=q.redacted,
            )
        )
    return _with_implied(facts, text)


def _with_implied(facts: list[ExtractedFact], text: str) -> list[ExtractedFact]:
    """Add 已整改隐患数 for "发现隐患N处，已全部整改" when the sentence states no rectified figure."""
    if not facts:
        return facts
    s_start, s_end = facts[0].sentence_span
    done = _ALL_DONE_RE.search(text, s_start, s_end)
    if done is None or any(f.metric == "已整改隐患数" for f in facts):
        return facts
    found = [
        f for f in facts
        if f.value_span[1] <= done.start() and f.unit in _HAZARD_UNITS and "隐患" in f.metric
        and not re.search(r"整改|治理", f.metric)
    ]
    if not found:
        return facts
    source = found[-1]
    implied = ExtractedFact(
        domain=source.domain, metric="已整改隐患数", value=source.value, unit=source.unit, qualifier="",
        period_expr=source.period_expr, sentence=source.sentence, sentence_span=source.sentence_span,
        value_span=source.value_span, implied=True, redacted=source.redacted,
    )
    index = facts.index(source) + 1
    return [*facts[:index], implied, *facts[index:]]
