"""How a stated figure is named: from the words of its clause to a metric a staff member would accept.

Pure (jieba is a lazily loaded read-only resource). `knowledge.facts.extraction` cuts the clause around a
figure and passes what it knows about the figures before it in the sentence; this module decides:
- changes: "同比分别下降25%和33.3%" after "事故3起，死亡2人" name the figures they change
  ("事故起数同比下降率", "死亡人数同比下降率"); shares ("占总数的42.6%") and rates moving
  ("安装率由年初的61%提高到89%") likewise;
- hazards: what was done (已整改, 督促整改, 剩余未整改, 现场整改) and how grave (一般, 重大) stay in
  the name: "重大隐患已整改10项" is 已整改重大隐患数, "排查一般隐患2347项" is 一般隐患数;
- otherwise the clause's own words ("检查非煤矿山企业数"), a canonical name where one fits
  (`lexicon.METRICS`), borrowing the verb of the figure before only for a bare noun that continues
  its list ("检查燃气经营企业8家、餐饮场所642家"), never a verb-led phrase ("罚款…，移送司法机关3人").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.facts import lexicon
from knowledge.facts.metric_words import (
    VERB_RE,
    clean_pre,
    first_verb,
    is_noun_phrase,
    lead_verb,
    search_whole,
    split_list,
    starts_with_verb,
    strip_light,
)

__all__ = ["FigureWords", "Naming", "Neighbour", "name_figure"]

HAZARD_UNITS = frozenset({"处", "条", "个", "项"})


@dataclass(frozen=True)
class Neighbour:
    """The figure named just before in the same sentence."""

    phrase: str
    verb: str
    metric: str  # without the 计划 of a planned figure
    unit: str
    rate: str = ""  # "安装率" of "安装率由年初的61%"
    change: str = ""  # "同比下降" of a change figure
    list_verb: str = ""  # the verb a figure after 、 may borrow ("登记在用塔式起重机96台、施工升降机58台")
    items: tuple[str, ...] = ()  # "C级危房、D级危房" of "C级、D级危房的分别为38栋和11栋"


@dataclass(frozen=True)
class FigureWords:
    """The words around one figure and what came before it in its sentence."""

    pre: str  # clause words before the figure, periods and glosses in brackets removed
    post: str  # clause words after the figure
    after: str  # the rest of the sentence after the figure
    unit: str
    prev: Neighbour | None = None
    listed: bool = False  # joined to the previous figure by 、
    run: tuple[int, int] = (0, 1)  # (index, length) in a run "25%和33.3%"
    earlier: tuple[str, ...] = ()  # metrics of the earlier figures of the sentence that are not changes
    hazard_context: bool = False  # the sentence speaks of hazards before the figure
    parent_hazard: bool = False  # the figure itemises hazards ("其中：软管老化6218处")


@dataclass(frozen=True)
class Naming:
    metric: str
    phrase: str
    verb: str
    rate: str = ""
    change: str = ""
    list_verb: str = ""
    items: tuple[str, ...] = ()


_CHANGE_RE = re.compile(rf"{lexicon.CHANGE_WORDS}$")
_SHARE_RE = re.compile(r"占(?:总数|全部|总量|总体|全[县市区镇]|比|比例|比重)?(?:的)?(?:比例|比重)?(?:为|达|约)?$")
_RATE_FROM_RE = re.compile(r"(?P<rate>[\u4e00-\u9fff]{0,8}?率)由(?P<when>[\u4e00-\u9fff]{0,6}?)的?$")
_RATE_TO_RE = re.compile(r"^(?:提高|提升|上升|增长|增加|下降|降低|减少)(?:到|至)$")
_CONJUNCTION_RE = re.compile(r"^[和、及与\s]*$")
_COMPARING = ("同比", "环比", "较", "比")


def name_figure(w: FigureWords) -> Naming:
    """The metric name of one figure (see the module docstring)."""
    cleaned = clean_pre(w.pre)
    if w.unit in ("%", "个百分点") or cleaned.startswith(_COMPARING):
        special = _change_or_share(w, cleaned)
        if special is not None:
            return special
    each = _each_of(w, cleaned)
    if each is not None:
        return each
    phrase = _phrase(w, borrow=True)
    hazard = _hazard_metric(phrase, w)
    if hazard is None and w.parent_hazard and w.unit in HAZARD_UNITS:
        own_words = _phrase(w, borrow=False)  # "其中：软管老化6218处" itemises hazards
        if own_words and not re.search(r"隐患|问题", own_words):
            phrase, hazard = own_words, own_words + "隐患数"
    metric = hazard or _accident_metric(phrase, w.unit) or _metric(phrase, w.unit)
    own = first_verb(phrase)
    verb = own.group() if own else (w.prev.verb if w.prev else "")
    return Naming(metric, phrase, verb, list_verb=lead_verb(phrase) or verb)


# --- changes, shares, rates ------------------------------------------------------------------------


def _change_or_share(w: FigureWords, cleaned: str) -> Naming | None:
    prev = w.prev
    m = _CHANGE_RE.search(cleaned)
    if m is None and prev is not None and prev.change and prev.unit == w.unit and _CONJUNCTION_RE.match(w.pre):
        return _change_name(prev.change, prev.items, w)
    if m is not None:
        subject = _subject_words(cleaned[: m.start()])
        parts = split_list(subject) if subject else ()
        subjects = parts if w.run[1] > 1 and len(parts) == w.run[1] else ((subject,) if subject else ())
        return _change_name(m.group("cmp") + m.group("dir"), subjects, w)
    if w.unit != "%":
        return None
    if _SHARE_RE.search(cleaned):
        return Naming(f"{w.earlier[-1] if w.earlier else ''}占比", "", "")
    if (rate := _RATE_FROM_RE.search(cleaned)) is not None:
        name = clean_pre(rate.group("rate"))
        return Naming(rate.group("when") + name, "", "", rate=name)
    if prev is not None and prev.rate and (not cleaned or _RATE_TO_RE.match(cleaned)):
        return Naming(prev.rate, "", "", rate=prev.rate)
    return None


def _subject_words(text: str) -> str:
    words, _, _ = strip_light(clean_pre(text))
    return re.sub(r"^(?:的|和)+|(?:的|和)+$", "", words)


def _change_name(change: str, subjects: tuple[str, ...], w: FigureWords) -> Naming:
    """"事故起数同比下降率": the figure changed (named before the change words, else the figure(s)
    stated before in the sentence), the change, and 率 (or 百分点, 数)."""
    index, length = w.run
    if len(subjects) == length > 1:
        named = subjects[index]
    elif subjects:
        named = subjects[0]
    elif length > 1 and len(w.earlier) >= length:
        named = w.earlier[len(w.earlier) - length + index]
    else:
        named = w.earlier[-1] if w.earlier else ""
    suffix = {"%": "率", "个百分点": "百分点"}.get(w.unit, "数")
    return Naming(f"{named}{change}{suffix}", "", "", change=change, items=subjects)


# --- "A、B分别为x和y" ---------------------------------------------------------------------------

_EACH_RE = re.compile(r"分别(?:为|是|达到?|有)?$")


def _each_of(w: FigureWords, cleaned: str) -> Naming | None:
    """Names for a run of figures that "分别" pairs with a list of subjects."""
    index, length = w.run
    if length < 2:
        return None
    items: tuple[str, ...] = ()
    if index == 0 and _EACH_RE.search(w.pre.strip()):
        items = _distribute(_subject_words(cleaned), length)
    elif index > 0 and w.prev is not None:
        items = w.prev.items
    if len(items) != length:
        return None
    item = items[index]
    return Naming(_hazard_metric(item, w) or _metric(item, w.unit), item, "", items=items)


def _distribute(subject: str, length: int) -> tuple[str, ...]:
    """"鉴定为C级、D级危房" -> ("鉴定为C级危房", "鉴定为D级危房"); "一般、重大隐患" -> ("一般隐患",
    "重大隐患"): the head noun and the verb a list shares go to every item."""
    parts = split_list(subject)
    if len(parts) != length:
        return ()
    last = parts[-1]
    named: list[str] = []
    prefix = ""
    for part in parts[:-1]:
        k = next((k for k in range(min(len(part), len(last) - 1), 0, -1) if part[-1] == last[k - 1]), 0)
        if k == 0 and len(part) < len(last):
            k = len(part)
        named.append(part + last[k:] if k else part)
        prefix = prefix or (part[: len(part) - k] if k else "")
    verb = first_verb(parts[0])
    if not prefix and verb is not None and verb.start() == 0 and first_verb(last) is None:
        prefix = verb.group()
    return (*named, prefix + last)


# --- hazards ---------------------------------------------------------------------------------------

_STATUS_RES = tuple((re.compile(p), name) for p, name in lexicon.HAZARD_STATUSES)
_GRADE_RE = re.compile(rf"(?P<g>{lexicon.HAZARD_GRADES})(?:事故)?")
_FINDING_RE = re.compile(r"^(?:检查发现|排查发现|发现|排查出?|查出|查找|摸排|存在|共有)")
_FIELDS = "|".join(sorted(lexicon.HAZARD_FIELDS, key=len, reverse=True))
_PLAIN_HAZARD_RE = re.compile(
    rf"^(?:各类|各种)?(?:{_FIELDS})?(?:领域)?(?:安全)?(?:事故|火灾)?(?:问题)?(?:隐患)?(?:问题)?$"
)


def _hazard_metric(phrase: str, w: FigureWords) -> str | None:
    """已整改重大隐患数, 督促整改隐患数, 一般隐患数 …: a canonical hazard name when the words say no
    more than a status, a grade and "(…安全)隐患" (a longer description keeps its own words)."""
    if w.unit not in HAZARD_UNITS:
        return None
    words = phrase.replace("了", "")
    status = ""
    for pattern, name in _STATUS_RES:
        m = pattern.search(words)
        if m is not None:
            status, words = name, words[: m.start()] + words[m.end():]
            break
    words = _FINDING_RE.sub("", clean_pre(words))
    grade = ""
    if (g := _GRADE_RE.search(words)) is not None:
        grade, words = g.group("g"), words[: g.start()] + words[g.end():]
    words = clean_pre(words)
    if not words:
        if not (status or grade) or not (w.hazard_context or grade):
            return None
    elif not re.search(r"隐患|问题", words) or not _PLAIN_HAZARD_RE.match(words):
        return None
    if not status:
        return f"{grade}隐患数" if grade else "发现隐患数"
    return f"{status}{grade}隐患数"


_ACCIDENT_RE = re.compile(
    r"发生(?:了)?(?P<g>一般|较大|重大|特别重大)?(?:生产安全|安全生产|各类)?(?:责任)?事故$"
)


def _accident_metric(phrase: str, unit: str) -> str | None:
    """"道路运输行业发生一般事故三起" -> 一般事故起数; "共发生生产安全事故3起" -> 事故起数."""
    m = _ACCIDENT_RE.search(phrase) if unit == "起" else None
    return None if m is None else f"{m.group('g') or ''}事故起数"


# --- the clause's own words ------------------------------------------------------------------------

_NOUN_STOP_RE = re.compile(lexicon.NOUN_STOPS)
_SUBJECT_BEFORE_VERB_RE = re.compile(lexicon.SUBJECT_MARKERS)
_EVENT_NOUN_RE = re.compile(rf"(?:{lexicon.EVENT_NOUNS})$")
_AFTER_VERB_RE = re.compile(rf"(?:进行|开展)了?[^，。；]{{0,4}}?({VERB_RE.pattern})")
_MEASURE_NOUN_RE = re.compile(rf"(?:{lexicon.MEASURE_NOUNS})$")
_MODIFIER_RE = re.compile(rf"(?:{'|'.join(lexicon.VERB_MODIFIERS)})$")
_ACTIVITY_RE = re.compile(r"开展|进行")
_ETC_RE = re.compile("等")
_STOCK_RE = re.compile(r"达到|总数|总量|现有|^全[县市区镇乡]")
_TO_DO_RE = re.compile(r"^对(?P<obj>.+?)(?:进行|开展|实施)了?(?P<act>.+)$")


def _split_post(post: str, clause_rest: str) -> tuple[str, str]:
    """(noun the figure counts, verb phrase that follows it) from the clause text after a figure;
    `clause_rest` runs on to the next comma, for the event a leading verb names ("召开…会议")."""
    text = post.replace("了", "")
    stop = search_whole(_NOUN_STOP_RE, text)
    noun = re.sub(r"安全生产$", "", text[: stop.start()] if stop else text)
    noun = re.sub(r"^(?:共计|合计|共|累计)", "", noun)
    rest = text[stop.end():] if stop and stop.group() in lexicon.VERB_LEAD_STOPS else ""
    verb = first_verb(noun)
    if verb is None:
        return noun[:12], rest[:12] if rest and starts_with_verb(rest) else ""
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
        m2 = first_verb(window[1])
        if m2 is not None:
            return m2.group()
    m3 = first_verb(window[0])
    return m3.group() if m3 else ""


def _from_verb(core: str, verb_start: int) -> str:
    """`core` from its first verb, keeping the words that modify the verb ("组织应急演练" -> "应急演练"),
    or from what 开展/进行 introduce ("开展熟悉演练" -> "熟悉演练")."""
    activities = list(_ACTIVITY_RE.finditer(core, 0, verb_start))
    if activities and activities[-1].end() < verb_start:
        return core[activities[-1].end():]
    start = verb_start
    while (m := _MODIFIER_RE.search(core, 0, start)) is not None and m.end() == start:
        start = m.start()
    return core[start:]


def _phrase(w: FigureWords, *, borrow: bool) -> str:
    """The words naming the figure."""
    prev = w.prev
    prev_verb = (prev.list_verb if w.listed else prev.verb) if prev else ""
    continues = prev is not None and prev.unit == w.unit and _CONJUNCTION_RE.match(w.pre) is not None
    core, had_light, had_de = strip_light(clean_pre(w.pre))
    if (to_do := _TO_DO_RE.match(core)) is not None:  # "对违规驾驶员进行警示教育" -> "警示教育违规驾驶员"
        core = to_do.group("act") + to_do.group("obj")
    noun, post_verb = _split_post(w.post, w.after)
    verbs = list(VERB_RE.finditer(core))
    verb_final = bool(verbs) and core.endswith(verbs[-1].group())
    if core.startswith(lexicon.NO_BORROW):
        phrase = core
    elif had_de and post_verb and not noun:  # "对拒不整改的3户依法实施停气"
        phrase = post_verb
    elif verbs and not verb_final and not had_light and len(core) <= 12:  # "召开党委会*次专题听取…"
        phrase = core
        if _SUBJECT_BEFORE_VERB_RE.search(core[: verbs[0].start()]):
            phrase = _from_verb(core, verbs[0].start())
        phrase = _after_etc(phrase)
    elif noun:  # the figure counts the noun that follows it: "24家非煤矿山企业", "六个工作组"
        if post_verb and len(post_verb) > 2:
            phrase = post_verb + noun
        elif first_verb(noun) is not None:
            phrase = noun
        else:
            verb = verbs[-1].group() if verb_final else (verbs[0].group() if verbs else "")
            phrase = (verb or _verb_after(w.after, noun) or (prev_verb if borrow else "")) + noun
    elif post_verb and (not core or not verbs):  # "6次召开…会议", "…负责人300余人进行培训"
        phrase = post_verb
    else:  # the words before the figure name it: "检查企业429家", "罚款34.467万元"
        phrase = core
        if verbs and _SUBJECT_BEFORE_VERB_RE.search(core[: verbs[0].start()]):
            phrase = _from_verb(core, verbs[0].start())
        phrase = _after_etc(phrase)
        if not phrase:
            phrase = (prev.phrase if continues and prev else "") or ("" if had_light else post_verb)
        if borrow and _borrows(phrase, w, prev_verb):
            phrase = prev_verb + phrase
    return re.sub(lexicon.NOISE_WORDS, "", phrase)


def _after_etc(phrase: str) -> str:
    """"处理超速、疲劳驾驶等违规报警信息" -> "处理违规报警信息": a list closed by 等 leaves its head."""
    m = search_whole(_ETC_RE, phrase)
    if m is None or m.end() == len(phrase):
        return phrase
    head, tail = phrase[: m.start()], phrase[m.end():]
    verb = first_verb(head)
    if verb is None or first_verb(tail) is not None or verb.group() in tail:
        return tail
    return verb.group() + tail


def _borrows(phrase: str, w: FigureWords, prev_verb: str) -> bool:
    """A bare noun continuing a list takes the verb of the figure before ("餐馆14家"); a phrase with a
    verb of its own, a measure noun or a total ("全县…达到14支") does not."""
    if not prev_verb or first_verb(phrase) is not None or phrase.startswith(lexicon.NO_BORROW):
        return False
    if _MEASURE_NOUN_RE.search(phrase):
        return False
    if _STOCK_RE.search(w.pre):  # "全县专职消防队达到14支": a total, not one more item of the list
        return False
    return w.listed or is_noun_phrase(phrase)


def _metric(phrase: str, unit: str) -> str:
    return lexicon.canonical_metric(phrase, unit) or (lexicon.metric_suffix(phrase, unit) if phrase else "数量")
