"""Chinese period expressions (本季度, 1-6月, 截至6月14日, 近30天 ...) as inclusive date ranges.

Everything is relative to a `today` the caller passes in; nothing reads the clock. A period still
running on `today` is clipped at `today`; a period wholly in the future is returned unclipped so the
caller can say there is no data yet.

The rules are our own regular expressions. jionlp.parse_time was measured and is not used: besides the
failures listed in STACK.md (1-6月, 这个季度, 上个月, 截至目前 ...) it reads non-periods as periods
("2023行动" -> all of 2023, "1-6号楼" -> 1-6 November, "国庆节期间" -> one day), so even as a fallback
it would add wrong answers. Chinese numerals are converted with cn2an. The shared vocabulary (numerals,
year prefixes, dates) lives in knowledge.periods.grammar; this module holds one rule per form.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from knowledge.periods import grammar as g

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Period:
    """An inclusive date range with its canonical Chinese label."""

    start: date
    end: date
    label: str
    expression: str = ""

    def describe(self) -> str:
        """Label plus the actual dates, e.g. "2023年第四季度（10月1日至11月30日）"."""
        return f"{self.label}（{_range_text(self.start, self.end)}）"

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


def parse_period(expr: str, today: date) -> Period | None:
    """Read `expr` as one whole period expression ("本季度", "2023年1-6月"); None if it is not one."""
    text = expr.strip().strip("，。,.；;：:？?！!、（）()“”\"'《》 ")
    if not text:
        return None
    found = find_period(text, today)
    if found is None or found[1] != (0, len(text)):
        return None
    return found[0]


def find_period(text: str, today: date) -> tuple[Period, tuple[int, int]] | None:
    """The longest (then first) period expression in `text`, with its character span in `text`."""
    candidates = _candidates(text, today)
    return candidates[0] if candidates else None


def find_periods(text: str, today: date) -> list[tuple[Period, tuple[int, int]]]:
    """All period expressions in `text`, non-overlapping (longer ones win), in reading order."""
    chosen: list[tuple[Period, tuple[int, int]]] = []
    for period, (start, end) in _candidates(text, today):
        if all(end <= s or start >= e for _, (s, e) in chosen):
            chosen.append((period, (start, end)))
    return sorted(chosen, key=lambda item: item[1])


# --------------------------------------------------------------------------- dates and labels


def _range_text(start: date, end: date) -> str:
    if start == end:
        return g.md(start)
    if start.year != end.year:
        return f"{start.year}年{g.md(start)}至{end.year}年{g.md(end)}"
    return f"{g.md(start)}至{g.md(end)}"


def _make(start: date, end: date, label: str, today: date) -> Period | None:
    """Validate and clip a range: a period still running on `today` ends on `today`."""
    if start > end:
        return None
    if start <= today < end:
        end = today
    return Period(start, end, label)


# --------------------------------------------------------------------------- rules

Handler = Callable[[re.Match[str], date], Period | None]
_RULES: list[tuple[re.Pattern[str], Handler]] = []


def _rule(pattern: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _RULES.append((re.compile(pattern), handler))
        return handler

    return register


_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年|[去前上今本明]年|[0-9]{2}年")


def _candidates(text: str, today: date) -> list[tuple[Period, tuple[int, int]]]:
    """Every rule match in `text`, longest first, then leftmost. An explicit other year binds the
    expressions that name none: in "2022年…截至12月13日" the 截至 is of 2022, not of `today`'s year."""
    found = _matches(text, today)
    years = [p.start.year for p, (a, b) in found if p.start.year == p.end.year and _YEAR_WORD.search(text[a:b])]
    if not years or years[0] >= today.year:
        return found
    anchored = date(years[0], 12, 31)
    kept = [(p, (a, b)) for p, (a, b) in found if _YEAR_WORD.search(text[a:b])]
    bound = [(p, (a, b)) for p, (a, b) in _matches(text, anchored) if not _YEAR_WORD.search(text[a:b])]
    merged = kept + bound
    merged.sort(key=lambda item: (item[1][0] - item[1][1], item[1][0]))
    return merged


def names_year(expression: str) -> bool:
    """Whether a period expression writes its year ("2022年3月", "去年") rather than leaving it to "today"."""
    return bool(_YEAR_WORD.search(expression))


def _matches(text: str, today: date) -> list[tuple[Period, tuple[int, int]]]:
    """Every rule match in `text` against `today`, longest first, then leftmost."""
    normalized = text.translate(g.FULLWIDTH)
    found: list[tuple[Period, tuple[int, int]]] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(normalized):
            period = handler(m, today)
            if period is None:
                logger.debug("period rule %s rejected %r", handler.__name__, m.group(0))
            else:
                span = (m.start(), m.end())
                found.append((replace(period, expression=text[span[0]:span[1]]), span))
    found.sort(key=lambda item: (item[1][0] - item[1][1], item[1][0]))
    return found


def _quarter(year: int, q: int, today: date) -> Period | None:
    start = date(year, 3 * q - 2, 1)
    return _make(start, g.month_end(year, 3 * q), f"{year}年第{g.cn(q)}季度", today)


@_rule(r"(?P<w>本|当|这一?个?|上一?个?|下一?个?)季(?:度)?(?!节)")
def _relative_quarter(m: re.Match[str], today: date) -> Period | None:
    shift = {"上": -1, "下": 1}.get(m.group("w")[0], 0)
    index = today.year * 4 + (today.month - 1) // 3 + shift
    return _quarter(index // 4, index % 4 + 1, today)


@_rule(rf"(?:{g.yp('q')})?(?:第\s*(?P<a>[1-4一二三四])\s*季度?|(?<![\d{g.CN}])(?P<b>[1-4一二三四])季度"
       rf"|(?<![A-Za-z])[Qq](?P<c>[1-4])(?!\d))")
def _quarter_of_year(m: re.Match[str], today: date) -> Period | None:
    year, q = g.prefix_year(m, "q", today), g.num(m.group("a") or m.group("b") or m.group("c"))
    return _quarter(year, q, today) if year and q else None


@_rule(rf"(?:{g.yp('f')})?前\s*(?P<n>[1-4一二三四两])\s*个?季度")
def _first_quarters(m: re.Match[str], today: date) -> Period | None:
    year, q = g.prefix_year(m, "f", today), g.num(m.group("n"))
    if not year or not q:
        return None
    return _make(date(year, 1, 1), g.month_end(year, 3 * q), f"{year}年前{g.cn(q)}季度", today)


@_rule(rf"(?:{g.yp('f')})?前\s*(?P<n>{g.N})\s*个月份?")
def _first_months(m: re.Match[str], today: date) -> Period | None:
    year, n = g.prefix_year(m, "f", today), g.month_number(m.group("n"))
    if not year or not n:
        return None
    label = f"{year}年1月" if n == 1 else f"{year}年1-{n}月"
    return _make(date(year, 1, 1), g.month_end(year, n), label, today)


@_rule(rf"(?:{g.yp('h')})?(?P<h>上|下)半年度?")
def _half_year(m: re.Match[str], today: date) -> Period | None:
    year = g.prefix_year(m, "h", today)
    if not year:
        return None
    first = m.group("h") == "上"
    start, end = (date(year, 1, 1), date(year, 6, 30)) if first else (date(year, 7, 1), date(year, 12, 31))
    return _make(start, end, f"{year}年{m.group('h')}半年", today)


@_rule(rf"(?:自|从)?(?:{g.yp('a')})?{g.NB}(?P<m1>{g.N})(?:月份?)?{g.SEP}(?:{g.yp('b')})?(?P<m2>{g.N})月份?"
       rf"(?!\s*[\d{g.CN}]+\s*[日号])(?!底|末|初|上旬|中旬|下旬)")
def _month_range(m: re.Match[str], today: date) -> Period | None:
    m1, m2 = g.month_number(m.group("m1")), g.month_number(m.group("m2"))
    y1, y2 = g.prefix_year(m, "a", today), g.prefix_year(m, "b", today)
    if not (m1 and m2 and y1 and y2):
        return None
    if not g.explicit(m, "a"):
        if g.explicit(m, "b"):
            return None  # "1月至2023年6月": a year only on the second month is not a form we know
        if m1 > m2:  # "12月至2月": the winter that ends this year
            y1 = y2 - 1
    elif not g.explicit(m, "b"):
        y2 = y1 + (1 if m1 > m2 else 0)
    if (y1, m1) > (y2, m2):
        return None
    if y1 != y2:
        label = f"{y1}年{m1}月至{y2}年{m2}月"
    else:
        label = f"{y1}年{m1}月" if m1 == m2 else f"{y1}年{m1}-{m2}月"
    return _make(date(y1, m1, 1), g.month_end(y2, m2), label, today)


@_rule(rf"(?:自|从)?{g.date_pattern('a')}{g.SEP}(?:{g.date_pattern('b')}|(?P<bMD>(?P<bM2>\d{{1,2}})[./-](?P<bD2>\d{{1,2}})(?!\d))"
       rf"|(?P<zd>{g.N})\s*[日号])")
def _date_range(m: re.Match[str], today: date) -> Period | None:
    start, start_has_day = g.date_of(m, "a", today, today.year)
    if start is None:
        return None
    if m.group("bMD"):  # 2023.1.1-6.13
        end: date | None = g.day_of(start.year, g.month_number(m.group("bM2")), m.group("bD2"), None)
        end_has_day = True
    elif m.group("zd"):  # 6月1日至13日
        end, end_has_day = g.day_of(start.year, start.month, m.group("zd"), None), True
        if not start_has_day:
            return None
    else:
        explicit_end_year = g.explicit(m, "b") or m.group("bY")
        end, end_has_day = g.date_of(m, "b", today, start.year)
        if end is not None and m.group("bm") and not end_has_day:
            end = g.month_end(end.year, end.month)
        if end is not None and end < start and not explicit_end_year:
            if g.explicit(m, "a") or m.group("aY"):
                end = g.same_day_in(end.year + 1, end)
            else:  # 12月1日至1月15日: the winter that ends this year
                start = g.same_day_in(start.year - 1, start)
    if end is None or not (start_has_day or end_has_day):
        return None  # 1月至6月 is a month range, read by _month_range
    head = f"{start.year}年{g.md(start)}"
    label = f"{head}至{g.md(end)}" if end.year == start.year else f"{head}至{end.year}年{g.md(end)}"
    return _make(start, end, label, today)


_UNTIL = "截至|截止到|截止至|截止|截至到|直至"


@_rule(rf"(?P<kw>{_UNTIL}|到|至)\s*{g.date_pattern('u')}")
def _until(m: re.Match[str], today: date) -> Period | None:
    if m.group("kw") in ("到", "至") and not (m.group("ud") or m.group("ue") or m.group("uY")):
        return None  # "到6月" alone is too loose to be a cut-off
    end, has_day = g.date_of(m, "u", today, today.year)
    if end is not None and not has_day:
        end = g.month_end(end.year, end.month)  # 截至6月: to the end of June
    if end is None:
        return None
    return _make(date(end.year, 1, 1), end, f"截至{end.year}年{g.md(end)}", today)


@_rule(rf"(?:{_UNTIL}|到|至)\s*(?:目前|今天|今日|当前|现在)(?:为止)?|目前为止|目前|至今|迄今(?:为止)?")
def _until_now(m: re.Match[str], today: date) -> Period | None:
    return _make(date(today.year, 1, 1), today, f"截至{today.year}年{g.md(today)}", today)


@_rule(rf"(?:自|从)?\s*(?:{g.yp('s', None)})?{g.NB}(?P<sm>{g.N})月份?(?:(?P<sd>{g.N})\s*[日号])?"
       r"\s*(?:以来|至今|迄今|起至今|开始以来|起|开始|到现在|到目前(?:为止)?|到今天)")
def _since_month(m: re.Match[str], today: date) -> Period | None:
    explicit = g.explicit(m, "s")
    year = g.prefix_year(m, "s", today)
    start = g.day_of(year, g.month_number(m.group("sm")), m.group("sd"), None) if year else None
    if start is None:
        return None
    if start > today and not explicit:
        start = g.same_day_in(start.year - 1, start)
    if start > today:
        return None
    label = f"{start.year}年{start.month}月" + (f"{start.day}日" if m.group("sd") else "") + "以来"
    return _make(start, today, label, today)


@_rule(rf"(?:{g.yp('s', '全年')})?年?初?(?:以来|至今|迄今)|今年来")
def _since_year_start(m: re.Match[str], today: date) -> Period | None:
    text = m.group(0)
    if not g.explicit(m, "s") and not text.startswith(("年初", "今年")):
        return None  # a bare "以来" / "至今" is not a year-to-date
    year = g.prefix_year(m, "s", today)
    if not year or year > today.year:
        return None
    return _make(date(year, 1, 1), today, f"{year}年以来", today)


@_rule(rf"{g.yp('y', '全年')}(?:全年)?|(?P<y1>{g.YEAR})年?{g.SEP}(?P<y2>{g.YEAR})年度?")
def _whole_year(m: re.Match[str], today: date) -> Period | None:
    if m.group("y1"):
        y1, y2 = g.valid_year(m.group("y1")), g.valid_year(m.group("y2"))
        if not y1 or not y2 or y1 >= y2:
            return None
        return _make(date(y1, 1, 1), date(y2, 12, 31), f"{y1}-{y2}年", today)
    year = g.prefix_year(m, "y", today)
    return _make(date(year, 1, 1), date(year, 12, 31), f"{year}年", today) if year else None


@_rule(rf"{g.yp('p', '同期')}同期")
def _same_period(m: re.Match[str], today: date) -> Period | None:
    year = g.prefix_year(m, "p", today)
    if not year or year >= today.year:
        return None
    return _make(date(year, 1, 1), g.same_day_in(year, today), f"{year}年同期", today)


@_rule(rf"(?:{g.yp('m')})?(?<![\d{g.CN}统同唯单每逐万其之第])(?P<m>{g.N})月份?"
       rf"(?!\s*[\d{g.CN}]+\s*[日号])(?!底|末|初|度|上旬|中旬|下旬|中下旬)")
def _month_of_year(m: re.Match[str], today: date) -> Period | None:
    year, month = g.prefix_year(m, "m", today), g.month_number(m.group("m"))
    if not year or not month:
        return None
    return _make(date(year, month, 1), g.month_end(year, month), f"{year}年{month}月", today)


@_rule(rf"(?:{g.yp('x', None)})?{g.NB}(?P<xm>{g.N})月(?P<xx>上|中|下)旬")
def _ten_days(m: re.Match[str], today: date) -> Period | None:
    year, month = g.prefix_year(m, "x", today), g.month_number(m.group("xm"))
    if not year or not month:
        return None
    first = {"上": 1, "中": 11, "下": 21}[m.group("xx")]
    end = g.month_end(year, month) if first == 21 else date(year, month, first + 9)
    return _make(date(year, month, first), end, f"{year}年{month}月{m.group('xx')}旬", today)


@_rule(r"(?P<w>本|当|这一?个?|上一?个?|下一?个?)月份?(?!底|末|初)")
def _relative_month(m: re.Match[str], today: date) -> Period | None:
    shift = {"上": -1, "下": 1}.get(m.group("w")[0], 0)
    first = g.add_months(today.replace(day=1), shift)
    return _make(first, g.month_end(first.year, first.month), f"{first.year}年{first.month}月", today)


@_rule(r"(?P<w>本|这一?个?|上一?个?|下一?个?)(?:周|星期|礼拜)(?!边|围|期|末|年|日|天|[二三四五六]|一(?!共))")
def _relative_week(m: re.Match[str], today: date) -> Period | None:
    shift = {"上": -1, "下": 1}.get(m.group("w")[0], 0)
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
    iso_year, iso_week, _ = monday.isocalendar()
    return _make(monday, monday + timedelta(days=6), f"{iso_year}年第{iso_week}周", today)


@_rule(rf"(?:最近|(?<![接将附临靠])近|过去)的?\s*(?P<n>{g.N}|半)\s*(?P<u>天|日|周|个?星期|个?礼拜|个月|个?季度|年)(?:以来|来)?")
def _recent(m: re.Match[str], today: date) -> Period | None:
    unit, token = m.group("u").lstrip("个"), m.group("n")
    if token == "半":
        if unit != "年":
            return None
        return _make(g.add_months(today, -6) + timedelta(days=1), today, "近半年", today)
    n = g.num(token)
    if not n or n > 3660:
        return None
    if unit in ("天", "日", "周", "星期", "礼拜"):
        days = n * (1 if unit in ("天", "日") else 7)
        return _make(today - timedelta(days=days - 1), today, f"近{days}天", today)
    months = n * {"月": 1, "季度": 3, "年": 12}[unit]
    spoken = g.cn(n) if n <= 10 else str(n)
    label = f"近{spoken}年" if unit == "年" else f"近{g.cn(months) if months <= 10 else months}个月"
    return _make(g.add_months(today, -months) + timedelta(days=1), today, label, today)


@_rule(r"今天|今日|昨天|昨日|前天")
def _relative_day(m: re.Match[str], today: date) -> Period | None:
    day = today - timedelta(days={"今": 0, "昨": 1, "前": 2}[m.group(0)[0]])
    return Period(day, day, f"{day.year}年{g.md(day)}")


@_rule(rf"(?:{g.yp('z', '安全生产月')})?安全生产月")
def _safety_month(m: re.Match[str], today: date) -> Period | None:
    # China's national work-safety month has been June every year since 2002.
    year = g.prefix_year(m, "z", today)
    return _make(date(year, 6, 1), date(year, 6, 30), f"{year}年安全生产月", today) if year else None
