"""Number verification: every figure in a generated text must be one the sources state.

Used on LLM answers (against the retrieved passages) and on drafted reports (against database
facts). A figure is a quantity with its unit (34.467万元 ≡ 344670元, 4万余份 ≡ 40000份), a percentage
(12.5% ≡ 百分之十二点五), a date or year (2023年6月14日, 2023年, 6月), an article number (第二十一条 ≡
第21条) or a bare Arabic number. Qualifiers do not change the value compared (4万余份 ≡ 40000余份), but a
rounded figure may restate an exact one within its precision (7万余户 for 73128户, 约3万元 for 29800元).

What counts as "stated" is deliberately the same for every kind: the figure's normalised value must
appear among the allowed figures — a year or date only if the sources mention it (a partial date
such as 6月14日 is covered by 2023年6月14日), an article only if the sources contain that article.
Numbers inside citation markers 〔…〕, flags 【…】, quotes and book titles are names, not figures
(the same rule as knowledge.facts.numbers), and list markers ("1." at a line start) are not figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from knowledge.facts.numbers import Quantity, parse_number, parse_quantities, shielded_spans

__all__ = ["FLAG_TEMPLATE", "Figure", "NumberCheck", "check_numbers", "figures_in", "is_stated"]

FigureKind = Literal["quantity", "date", "article", "number"]
DateParts = tuple[int | None, int | None, int | None]

FLAG_TEMPLATE = "【待核实：{}】"

# Units that name the same measure when comparing (人 ≡ 名; 辆次 ≡ 辆 …).
_UNIT_ALIASES = {"名": "人", "％": "%", "公斤": "千克", "千米": "公里"}
_COUNTED_SUFFIX = "次"
# A generic classifier: "5个" may restate "5家"/"5处"; never for money, percent or measures.
_GENERIC_UNIT = "个"
_MEASURE_UNITS = frozenset(
    {"元", "%", "个百分点", "平方公里", "平方米", "立方米", "公里", "千克", "公顷", "吨", "米", "亩",
     "小时", "天", "课时"}
)

_PERCENT_UNITS = frozenset({"%", "个百分点"})

_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "o": "0", "O": "0"}
_CN_SMALL = "一二三四五六七八九十"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

_YEAR_RANGE_RE = re.compile(r"(?<!\d)(\d{4})\s*[-－—–~～至到]\s*(?=\d{4}\s*年)")
_CN_MONTH = r"十[一二]?|[一二三四五六七八九]"
_CN_DAY = r"[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_DATE_RE = re.compile(
    r"(?<![\d.])(?P<y>\d{4})\s*年(?:度)?(?:\s*(?P<m>\d{1,2})\s*月(?:份)?(?:\s*(?P<d>\d{1,2})\s*[日号])?)?"
    r"|(?<![\d.])(?P<y2>\d{4})[-./](?P<m2>\d{1,2})(?:[-./](?P<d2>\d{1,2}))?(?![\d])"
    r"|(?<![\d.])(?P<m3>\d{1,2})\s*月(?:份)?(?:\s*(?P<d3>\d{1,2})\s*[日号])?"
    rf"|(?P<cy>[〇零一二三四五六七八九]{{4}})年(?:度)?(?:(?P<cym>{_CN_MONTH})月(?:份)?(?:(?P<cyd>{_CN_DAY})[日号])?)?"
    rf"|(?<![第个一二三四五六七八九十])(?P<cm>{_CN_MONTH})月(?:份)?(?:(?P<cd>{_CN_DAY})[日号])?"
)
# The first month of a range: "1-6月", "1至6月" (the second month is read by _DATE_RE).
_MONTH_RANGE_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*[-－—–~～至到]\s*(?=\d{1,2}\s*月)")
_ARTICLE_RE = re.compile(r"第\s*([零〇一二两三四五六七八九十百千]+|\d{1,4})\s*(条|款|项|章|节)")
_PERCENT_WORD_RE = re.compile(r"百分之([零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?)")
_BARE_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9_.．])\d+(?:,\d{3})*(?:[.．]\d+)?(?![A-Za-z0-9_])")
_LIST_MARKER_RE = re.compile(
    r"(?:(?<=^)|(?<=[\n。；！？：;:!?]))[ \t\u3000]*(?:\d{1,2}[.．、)）](?!\d)|\[\d{1,2}\])|[（(]\d{1,2}[）)]"
)
# "2023上半年", "2023全年": a year written without 年.
_BARE_YEAR_AFTER = ("上半年", "下半年", "全年", "年度", "季度", "第")
_CITATION_RE = re.compile(r"〔[^〔〕\n]{1,160}〕|【[^【】\n]{1,160}】")
_SENTENCE_END = "。！？；!?;\n"
_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


@dataclass(frozen=True)
class Figure:
    """One figure, normalised: `value` in base units (元, 份, %), `unit` the base unit.

    Dates keep their parts in `date` (year, month, day; None where not written) and their value is the
    most specific part written. Build facts for checking with `Figure(344670, "元")`.
    """

    value: float
    unit: str = ""
    kind: FigureKind = "quantity"
    raw: str = ""
    span: tuple[int, int] = (0, 0)
    date: DateParts | None = field(default=None)
    qualifier: str = ""  # 余 / 约 / 近 / 以上 … as knowledge.facts.numbers reads them

    def label(self) -> str:
        """The figure as written, or a readable form when built from data."""
        if self.raw:
            return self.raw
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{value}{self.unit}"


@dataclass(frozen=True)
class NumberCheck:
    """Outcome of a check: `unknown` figures (not in the allowed ones), and the text with each of them
    flagged as 【待核实：…】 (`text_flagged`) or with the sentences holding them removed (`text_removed`)."""

    ok: bool
    unknown: list[Figure]
    text_flagged: str
    text_removed: str


# --- reading figures ------------------------------------------------------------------------------


def _small_cn(token: str) -> int | None:
    """一…三十一 as int (months and days)."""
    if not token:
        return None
    if "十" not in token:
        return _CN_DIGIT_VALUE.get(token)
    tens, _, ones = token.partition("十")
    return (_CN_DIGIT_VALUE.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT_VALUE.get(ones, 0) if ones else 0)


def _valid_date(year: int | None, month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31) and (
        year is None or 1900 <= year <= 2100
    )


def _date_figure(parts: DateParts, raw: str, span: tuple[int, int]) -> Figure:
    value = next(p for p in reversed(parts) if p is not None)
    return Figure(value=float(value), unit="", kind="date", raw=raw, span=span, date=parts)


def _date_parts(g: dict[str, str | None]) -> DateParts:
    """(year, month, day) of one _DATE_RE match, from whichever alternative matched."""
    if g["cy"]:
        return int("".join(_CN_YEAR_DIGITS[c] for c in g["cy"])), _small_cn(g["cym"] or ""), _small_cn(
            g["cyd"] or ""
        )
    if g["cm"]:
        return None, _small_cn(g["cm"]), _small_cn(g["cd"] or "")
    y, mo, d = (g["y"] or g["y2"]), (g["m"] or g["m2"] or g["m3"]), (g["d"] or g["d2"] or g["d3"])
    return (int(y) if y else None), (int(mo) if mo else None), (int(d) if d else None)


def _dates(text: str) -> list[Figure]:
    found: list[Figure] = []
    for m in _YEAR_RANGE_RE.finditer(text):
        if _valid_date(int(m.group(1)), None, None):
            found.append(_date_figure((int(m.group(1)), None, None), m.group(1), m.span(1)))
    for m in _MONTH_RANGE_RE.finditer(text):
        if _valid_date(None, int(m.group(1)), None):
            found.append(_date_figure((None, int(m.group(1)), None), m.group(1), m.span(1)))
    for m in _DATE_RE.finditer(text):
        parts = _date_parts(m.groupdict())
        if _valid_date(*parts):
            found.append(_date_figure(parts, m.group(0), m.span()))
    return found


def _articles(text: str) -> list[Figure]:
    found = []
    for m in _ARTICLE_RE.finditer(text):
        token = m.group(1)
        value = float(token) if token.isdigit() else parse_number(token)
        if value is not None:
            found.append(Figure(value=value, unit=m.group(2), kind="article", raw=m.group(0), span=m.span()))
    return found


def _percent_words(text: str) -> list[Figure]:
    found = []
    for m in _PERCENT_WORD_RE.finditer(text):
        whole, _, decimals = m.group(1).partition("点")
        if whole[0] in "百千":
            whole = "一" + whole  # 百分之百
        value = float(whole) if whole[0].isdigit() else parse_number(whole)
        if value is None:
            continue
        if decimals:
            value += float("0." + "".join(str(_CN_DIGIT_VALUE[c]) for c in decimals))
        found.append(Figure(value=value, unit="%", raw=m.group(0), span=m.span()))
    return found


def _quantity_figure(q: Quantity) -> Figure | None:
    if q.redacted or q.value is None:
        return None  # XX家 is a placeholder, never a stated number
    return Figure(value=q.value, unit=q.unit, raw=q.raw, span=q.span, qualifier=q.qualifier)


def _overlaps(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)


def figures_in(text: str) -> list[Figure]:
    """Every figure of `text` in reading order: quantities (via knowledge.facts.numbers), percentages written
    out, dates and years, article numbers, and any other Arabic number (kind "number")."""
    text = text.translate(_FULLWIDTH_DIGITS)  # 1:1, so spans stay valid in the caller's text
    shielded = shielded_spans(text) + [m.span() for m in _CITATION_RE.finditer(text)]
    markers = [m.span() for m in _LIST_MARKER_RE.finditer(text)]
    taken: list[tuple[int, int]] = []
    figures: list[Figure] = []

    def add(fig: Figure) -> None:
        if _overlaps(fig.span, taken) or any(a <= fig.span[0] < b for a, b in shielded):
            return
        taken.append(fig.span)
        figures.append(fig)

    for q in parse_quantities(text):
        fig = _quantity_figure(q)
        if fig is not None:
            add(fig)
        else:
            taken.append(q.span)
    for fig in [*_percent_words(text), *_articles(text), *_dates(text)]:
        add(fig)
    for m in _BARE_NUMBER_RE.finditer(text):
        if _overlaps(m.span(), markers):
            continue
        value = parse_number(m.group(0))
        if value is None:
            continue
        year = int(value) if value.is_integer() and len(m.group(0)) == 4 else None
        if year is not None and _valid_date(year, None, None) and text.startswith(_BARE_YEAR_AFTER, m.end()):
            add(_date_figure((year, None, None), m.group(0), m.span()))
        else:
            add(Figure(value=value, unit="", kind="number", raw=m.group(0), span=m.span()))
    return sorted(figures, key=lambda f: f.span)


# --- comparing ------------------------------------------------------------------------------------


def _base_unit(unit: str) -> str:
    unit = _UNIT_ALIASES.get(unit, unit)
    if len(unit) > 1 and unit.endswith(_COUNTED_SUFFIX) and unit != "人次":
        unit = unit[: -len(_COUNTED_SUFFIX)]
    return "人" if unit == "人次" else unit


def _units_match(a: str, b: str) -> bool:
    a, b = _base_unit(a), _base_unit(b)
    if a == b:
        return True
    return _GENERIC_UNIT in (a, b) and a not in _MEASURE_UNITS and b not in _MEASURE_UNITS


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _precision(value: float) -> float:
    """The place of a round figure's last significant digit: 70000 → 10000, 150 → 10, 7.5 → 1."""
    if not value.is_integer() or value == 0:
        return 1.0
    step, n = 1, int(abs(value))
    while n % (step * 10) == 0:
        step *= 10
    return float(step)


def _percent_restates(written: float, stated: float) -> bool:
    """A percentage is the stated one rounded half up to the places written, at least one decimal:
    69.8% or 69.77% for 69.77, not 70%; and no more precision than stated (3.19 is not 3.2)."""
    places = max(1, -Decimal(str(written)).normalize().as_tuple().exponent)  # type: ignore[operator]
    rounded = Decimal(str(stated)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded == Decimal(str(written))


def _restates(fig: Figure, stated: float) -> bool:
    """Whether `fig` states `stated`: equal, or a rounded figure whose qualifier covers it
    (7万余户 for 73128户, 约3万元 for 29800元, 近300人 for 296人). A percentage is compared at one
    decimal and never rounded further (69.8% for 69.77%, not 70% nor 约70%)."""
    if _same(fig.value, stated):
        return True
    if _base_unit(fig.unit) in _PERCENT_UNITS:
        return _percent_restates(fig.value, stated)
    step = _precision(fig.value)
    if fig.qualifier in ("余", "以上"):
        return fig.value < stated < fig.value + step
    if fig.qualifier == "约":
        return abs(stated - fig.value) <= step / 2
    if fig.qualifier == "近":
        return fig.value - step < stated < fig.value
    return False


def _date_covered(parts: DateParts, other: DateParts) -> bool:
    """Every part written in `parts` is the same in `other` (6月14日 is covered by 2023年6月14日)."""
    return all(p is None or p == o for p, o in zip(parts, other, strict=True))


def is_stated(fig: Figure, allowed: Sequence[Figure]) -> bool:
    """Whether `fig` restates one of `allowed` (the comparison `check_numbers` makes for each figure)."""
    for other in allowed:
        if fig.kind == "number":
            values = [other.value] + [p for p in (other.date or ()) if p is not None]
            if any(_same(fig.value, v) for v in values):
                return True
        elif fig.kind == "date" and other.kind == "number" and fig.date is not None:
            if fig.date[1:] == (None, None) and _same(fig.value, other.value):
                return True  # "2023年" is stated by "2023行动"
        elif fig.kind != other.kind:
            continue
        elif fig.kind == "date":
            if fig.date is not None and other.date is not None and _date_covered(fig.date, other.date):
                return True
        elif fig.kind == "article":
            if _same(fig.value, other.value) and fig.unit == other.unit:
                return True
        elif _units_match(fig.unit, other.unit) and (
            _same(fig.value, other.value) or (not other.qualifier and _restates(fig, other.value))
            or (_base_unit(fig.unit) in _PERCENT_UNITS and _restates(fig, other.value))
        ):
            return True
    return False


def _allowed_figures(allowed: Iterable[Figure] | Iterable[str]) -> list[Figure]:
    figures: list[Figure] = []
    for item in allowed:
        if isinstance(item, Figure):
            figures.append(item)
        else:
            figures.extend(figures_in(item))
    return figures


def _flag(text: str, unknown: Sequence[Figure]) -> str:
    out = text
    for fig in sorted(unknown, key=lambda f: f.span, reverse=True):
        start, end = fig.span
        out = out[:start] + FLAG_TEMPLATE.format(text[start:end]) + out[end:]
    return out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around `pos`, with its end mark and any citation markers right after it."""
    start = pos
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in _SENTENCE_END:
        end += 1
    if end < len(text) and text[end] != "\n":
        end += 1
    while (m := _CITATION_RE.match(text, end)) is not None:
        end = m.end()
    return start, end


def _remove(text: str, unknown: Sequence[Figure]) -> str:
    spans = sorted({_sentence_bounds(text, f.span[0]) for f in unknown}, reverse=True)
    out = text
    for start, end in spans:
        out = out[:start] + out[end:]
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def check_numbers(generated: str, allowed: Iterable[Figure] | Iterable[str]) -> NumberCheck:
    """Check every figure of `generated` against `allowed` (figures, or texts to read figures from).

    Unknown figures come back in reading order with `text_flagged` marking each one in place and
    `text_removed` dropping each sentence that holds one (with its citation).
    """
    allowed_figures = _allowed_figures(allowed)
    unknown = [f for f in figures_in(generated) if not is_stated(f, allowed_figures)]
    if not unknown:
        return NumberCheck(ok=True, unknown=[], text_flagged=generated, text_removed=generated)
    return NumberCheck(
        ok=False,
        unknown=unknown,
        text_flagged=_flag(generated, unknown),
        text_removed=_remove(generated, unknown),
    )
