"""The vocabulary of Chinese period expressions, for knowledge.periods.parse: numerals, year prefixes,
calendar dates as regular-expression fragments, and the calendar arithmetic the rules share.

Regex fragments name their groups with a caller-chosen `tag` so one pattern can hold several dates.
Chinese numerals are read with cn2an (imported lazily).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

# --------------------------------------------------------------------------- calendar


def md(d: date) -> str:
    """6月14日: a day without its year, as labels and brackets write it."""
    return f"{d.month}月{d.day}日"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clamped to the target month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def same_day_in(year: int, d: date) -> date:
    return date(year, d.month, min(d.day, calendar.monthrange(year, d.month)[1]))


# --------------------------------------------------------------------------- numbers

CN = "零〇一二两三四五六七八九十"
N = rf"(?:\d{{1,3}}|[{CN}百]{{1,4}})"  # a small count, month or day, Arabic or Chinese
NB = rf"(?<![\d.{CN}百千万])"  # a number must not continue an earlier number
YEAR = rf"(?:(?<!\d)(?:19|20)\d{{2}}(?!\d)|(?<![{CN}])[〇零一二][〇零一二三四五六七八九]{{3}})"
SEP = r"\s*(?:[-－—–~～〜]{1,2}|至|到)\s*"
FULLWIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "})


@lru_cache(maxsize=512)
def num(token: str) -> int | None:
    """An Arabic or Chinese numeral as int (二〇二三 -> 2023, 十二 -> 12); None if unreadable."""
    if token.isascii() and token.isdigit():
        return int(token)
    import cn2an  # lazily: ~0.1 s import

    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


def cn(n: int) -> str:
    import cn2an

    return str(cn2an.an2cn(n))


# --------------------------------------------------------------------------- years

YEAR_WORDS = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上年": -1, "上年度": -1, "上一年": -1,
              "上一年度": -1, "前年": -2, "明年": 1}
# "没去年检的摩托车" goes (去) for its annual inspection (年检): no 去年 there
YEAR_WORD_RE = "今年|本年度|本年|(?:(?<![没不未要还该])去年|去年(?![检审]))|上一年度|上一年|上年度|上年|前年|明年"
BARE = "上半年|下半年|全年|第|[Qq]"


def yp(tag: str, bare: str | None = BARE) -> str:
    """A year prefix with groups `<tag>y` (2023年, 二〇二三年度) and `<tag>r` (今年, 去年 ...).

    A bare number (2023上半年) is a year only before the words in `bare`, never when `bare` is
    None: "2023行动" is not a year."""
    before = rf"|(?=(?:{bare}))" if bare else ""
    return rf"(?:(?P<{tag}y>{YEAR})(?:年度?{before})|(?P<{tag}r>{YEAR_WORD_RE}))"


def valid_year(token: str | None) -> int | None:
    year = num(token) if token else None
    return year if year is not None and 1900 <= year <= 2100 else None


def explicit(m: re.Match[str], tag: str) -> bool:
    return bool(m.group(f"{tag}y") or m.group(f"{tag}r"))


def prefix_year(m: re.Match[str], tag: str, today: date, default: int | None = None) -> int | None:
    """The year a `yp` prefix names (`default`, else today's year, when there is none)."""
    number, word = m.group(f"{tag}y"), m.group(f"{tag}r")
    if number:
        return valid_year(number)
    if word:
        return today.year + YEAR_WORDS[word]
    return default if default is not None else today.year


def month_number(token: str | None) -> int | None:
    value = num(token) if token else None
    return value if value is not None and 1 <= value <= 12 else None


def day_of(year: int, month: int | None, day_token: str | None, end_word: str | None) -> date | None:
    """A calendar day; without a day number the month's first day (or its last, for 底/末)."""
    if month is None:
        return None
    if end_word:
        return month_end(year, month)
    day = num(day_token) if day_token else 1
    try:
        return date(year, month, day) if day else None
    except ValueError:
        return None


def date_pattern(tag: str) -> str:
    """[2023年]6月[14日|底] or 2023.6.14 / 2023-06-14 / 2023/6/14, groups prefixed with `tag`."""
    return (rf"(?:(?:{yp(tag, None)})?{NB}(?P<{tag}m>{N})月(?:(?P<{tag}d>{N})\s*[日号]|(?P<{tag}e>底|末))?"
            rf"|(?P<{tag}Y>(?<!\d)(?:19|20)\d{{2}})[./-](?P<{tag}M>\d{{1,2}})[./-](?P<{tag}D>\d{{1,2}})(?!\d)日?)")


def date_of(m: re.Match[str], tag: str, today: date, default: int) -> tuple[date | None, bool]:
    """The day a `date_pattern` match names and whether it carried a day (not just a month)."""
    if m.group(f"{tag}Y"):
        y = valid_year(m.group(f"{tag}Y"))
        return (day_of(y, month_number(m.group(f"{tag}M")), m.group(f"{tag}D"), None) if y else None), True
    y = prefix_year(m, tag, today, default)
    has_day = bool(m.group(f"{tag}d") or m.group(f"{tag}e"))
    return (day_of(y, month_number(m.group(f"{tag}m")), m.group(f"{tag}d"), m.group(f"{tag}e")) if y else None), has_day
