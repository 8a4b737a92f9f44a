"""Hazard ledger (隐患台账) rows: header synonyms, value normalisation and row validation.

Pure: `parse_ledger(data, filename)` turns the bytes of a CSV or XLSX ledger into validated
`LedgerRow`s plus a `RowError` for every problem found; nothing is written anywhere. Reading the
bytes into cells lives in `knowledge.ledger.read`.

Value rules (what staff write → what we store):
- 隐患等级: 一般 / 一般隐患 / 一般事故隐患 → 一般; 重大 / 重大隐患 / 重大事故隐患 → 重大.
- 整改状态: 未整改 / 待整改 / 未开始整改 → 未整改; 整改中 / 正在整改 / 整改未完成 → 整改中;
  已整改 / 已完成整改 / 整改完成 / 整改完毕 / 已完成 / 完成 / 已销号 / 销号 → 已整改.
- 行业领域: mapped to the product's domain names where unambiguous (危险化学品 → 危化品,
  消防安全 → 消防, 食品 → 食品安全 …); anything else is kept as written.
- Dates: 2023-01-03, 2023/1/3, 2023.1.3, 2023年1月3日, 20230103 (a time after the date is ignored),
  Excel date cells, and Excel serial day numbers (e.g. 44929) as found in CSV exports.

A row with any problem is rejected as a whole (one `RowError` per faulty cell); a 整改完成日期 on a
row whose status is not 已整改 is a problem, not silently dropped.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from knowledge.errors import InputError
from knowledge.ledger.read import Cell, read_table

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LedgerRow:
    """One valid ledger row; `row` is the spreadsheet row number the user sees (header = row 1)."""

    code: str
    responsible_unit: str
    inspected_unit: str
    domain: str
    description: str
    level: str
    found_date: date
    deadline: date | None
    status: str
    fixed_date: date | None
    row: int


@dataclass(frozen=True)
class RowError:
    """One problem in one cell; `column` is the header as written in the file, `reason` is Chinese."""

    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Column:
    field: str
    name: str  # canonical Chinese header
    synonyms: tuple[str, ...]
    required: bool
    max_length: int = 0  # 0: unlimited


COLUMNS: tuple[Column, ...] = (
    Column("code", "隐患编号", ("编号", "序号", "隐患序号", "台账编号"), True, 64),
    Column(
        "responsible_unit", "责任单位", ("所属单位", "属地", "属地单位", "所属乡镇", "责任部门"), True, 200
    ),
    Column(
        "inspected_unit",
        "被检查单位",
        ("检查对象", "企业名称", "单位名称", "被检查企业", "隐患单位"),
        False,
        200,
    ),
    Column("domain", "行业领域", ("领域", "行业", "所属行业", "所属领域", "行业类别", "行业类型"), True, 20),
    Column("description", "隐患描述", ("隐患内容", "问题描述", "隐患问题", "存在问题", "隐患情况"), False),
    Column("level", "隐患等级", ("隐患级别", "等级", "级别"), True),
    Column("found_date", "发现日期", ("排查日期", "检查日期", "发现时间", "排查时间", "检查时间"), True),
    Column("deadline", "整改期限", ("整改时限", "整改截止日期", "限期整改日期", "整改期限日期"), False),
    Column("status", "整改状态", ("状态", "整改情况", "整改进度"), True),
    Column(
        "fixed_date",
        "整改完成日期",
        ("完成整改日期", "整改日期", "完成日期", "整改完成时间", "销号日期"),
        False,
    ),
)
_BY_FIELD = {c.field: c for c in COLUMNS}
_HEADER_NAMES: dict[str, str] = {name: c.field for c in COLUMNS for name in (c.name, *c.synonyms)}
HEADER_SCAN_ROWS = 5

LEVELS = {
    "一般": "一般",
    "一般隐患": "一般",
    "一般事故隐患": "一般",
    "重大": "重大",
    "重大隐患": "重大",
    "重大事故隐患": "重大",
}
STATUSES = {
    "未整改": "未整改", "待整改": "未整改", "未开始整改": "未整改",
    "整改中": "整改中", "正在整改": "整改中", "整改未完成": "整改中",
    "已整改": "已整改", "已完成整改": "已整改", "整改完成": "已整改", "整改完毕": "已整改",
    "已整改完毕": "已整改", "已完成": "已整改", "完成": "已整改", "已销号": "已整改", "销号": "已整改",
}  # fmt: skip
DONE = "已整改"

DOMAINS = (
    "燃气", "道路交通", "水上交通", "消防", "危化品", "烟花爆竹", "非煤矿山", "食品安全", "特种设备",
    "建筑施工", "自建房", "有限空间", "工贸", "防汛减灾", "综合",
)  # fmt: skip
DOMAIN_ALIASES = {
    "城镇燃气": "燃气", "瓶装燃气": "燃气", "液化石油气": "燃气", "液化气": "燃气",
    "道路": "道路交通", "道路运输": "道路交通",
    "水上": "水上交通", "水路交通": "水上交通", "水路运输": "水上交通", "水运": "水上交通", "内河交通": "水上交通",
    "危险化学品": "危化品", "危化": "危化品",
    "烟花": "烟花爆竹",
    "食品": "食品安全",
    "建筑": "建筑施工", "建设施工": "建筑施工", "建筑工地": "建筑施工", "建设工程": "建筑施工",
    "居民自建房": "自建房", "农村自建房": "自建房", "经营性自建房": "自建房",
    "有限空间作业": "有限空间",
    "工矿商贸": "工贸", "工贸企业": "工贸",
    "防汛": "防汛减灾", "防汛防台": "防汛减灾", "防汛抗旱": "防汛减灾", "防灾减灾": "防汛减灾",
    "综合监管": "综合",
}  # fmt: skip
_DOMAIN_SUFFIXES = ("行业领域", "领域", "行业", "安全", "类")

DATE_FORMATS_HINT = "2023-01-03、2023/1/3、2023.1.3、2023年1月3日、20230103 或 Excel 日期单元格"
_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*T?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?"
)
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (20000, 73050)  # 1954-10-03 … 2099-12-31: a number in a date column in this range is a serial


def normalize_header(cell: Cell) -> str:
    """A header cell as a lookup key: NFKC (full-width → half-width), no spaces, no (…) hint, no *."""
    text = unicodedata.normalize("NFKC", str(cell) if cell is not None else "")
    text = re.sub(r"\s+", "", text).replace("\ufeff", "")
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)
    return text.strip("*:")


def match_header(cell: Cell) -> str | None:
    """The field a header cell names (`found_date` for 排查日期 …), or None."""
    return _HEADER_NAMES.get(normalize_header(cell))


def cell_text(cell: Cell) -> str:
    """A cell as trimmed text; integral numbers lose their `.0`, dates print as ISO."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == datetime.min.time():
        return cell.date().isoformat()
    return str(cell).replace("\ufeff", "").strip()


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(cell: Cell) -> date | None:
    """A date cell → date; None when blank. Raises ValueError with a Chinese reason naming the formats."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    found: date | None = None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        found = _number_date(float(cell))
    elif isinstance(cell, str):
        text = unicodedata.normalize("NFKC", cell).strip()
        if m := _DATE_RE.fullmatch(text):
            found = _date_or_none(int(m[1]), int(m[2]), int(m[3]))
        elif re.fullmatch(r"\d{8}|\d{5}(?:\.0+)?", text):
            found = _number_date(float(text))
    if found is None:
        raise ValueError(f"日期无法识别：“{cell_text(cell)}”；可用格式：{DATE_FORMATS_HINT}")
    return found


def _number_date(number: float) -> date | None:
    """20230103 → 2023-01-03; an Excel serial day number (44929) → its date."""
    if not number.is_integer():
        return None
    value = int(number)
    if 19000101 <= value <= 21001231:
        return _date_or_none(value // 10000, value // 100 % 100, value % 100)
    if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
        return _EXCEL_EPOCH + timedelta(days=value)
    return None


def _lookup_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalize_level(text: str) -> str:
    """一般隐患 → 一般, 重大 → 重大; raises ValueError naming the accepted values."""
    level = LEVELS.get(_lookup_key(text))
    if level is None:
        raise ValueError(f"隐患等级“{text}”无法识别；可填：{'、'.join(LEVELS)}")
    return level


def normalize_status(text: str) -> str:
    """已完成整改 → 已整改 …; raises ValueError naming the accepted values."""
    status = STATUSES.get(_lookup_key(text))
    if status is None:
        raise ValueError(f"整改状态“{text}”无法识别；可填：{'、'.join(STATUSES)}")
    return status


def normalize_domain(text: str) -> str:
    """The product's domain name when the value clearly names one (危险化学品 → 危化品), else `text`."""
    key = _lookup_key(text)
    while key:
        if key in DOMAINS:
            return key
        if key in DOMAIN_ALIASES:
            return DOMAIN_ALIASES[key]
        suffix = next((s for s in _DOMAIN_SUFFIXES if key.endswith(s) and key != s), None)
        if suffix is None:
            break
        key = key[: -len(suffix)]
    return text


def _header_mapping(row: Sequence[Cell]) -> dict[str, int]:
    """Field → column index for one candidate header row; canonical names beat synonyms, then leftmost."""
    mapping: dict[str, int] = {}
    for col, cell in enumerate(row):
        field = match_header(cell)
        if field is None:
            continue
        previous = mapping.get(field)
        name = _BY_FIELD[field].name
        if previous is None or (normalize_header(cell) == name and normalize_header(row[previous]) != name):
            mapping[field] = col
    return mapping


def _best_header(rows: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]]:
    best_index, best = -1, dict[str, int]()
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping = _header_mapping(row)
        if len(mapping) > len(best):
            best_index, best = index, mapping
    return best_index, best


def header_score(rows: Sequence[Sequence[Cell]]) -> int:
    """How many ledger fields the best of the first rows names (used to pick a CSV delimiter)."""
    return len(_best_header(rows)[1])


def find_header(rows: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first rows and the column index of each field.

    The header is the row naming the most fields. Raises InputError, naming the missing columns and
    the names accepted for them, when required columns are missing.
    """
    index, mapping = _best_header(rows)
    required = [c for c in COLUMNS if c.required]
    if len(mapping) < 2:
        raise InputError(
            f"未找到台账表头（前{HEADER_SCAN_ROWS}行中没有可识别的列名）。"
            f"台账须包含以下列：{'、'.join(c.name for c in required)}。"
        )
    missing = [c for c in required if c.field not in mapping]
    if missing:
        accepted = "；".join(f"{c.name}（也可写作：{'、'.join(c.synonyms)}）" for c in missing)
        raise InputError(
            f"台账缺少必需的列：{'、'.join(c.name for c in missing)}。可接受的列名：{accepted}。"
        )
    return index, mapping


def parse_ledger(data: bytes, filename: str) -> tuple[list[LedgerRow], list[RowError]]:
    """Valid rows and one error per faulty cell; raises InputError when the file cannot be used at all."""
    rows = read_table(data, filename, header_score)
    header_index, mapping = find_header(rows)
    headers = {c.field: c.name for c in COLUMNS}
    headers.update({f: cell_text(rows[header_index][i]) or headers[f] for f, i in mapping.items()})
    good: list[LedgerRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for offset, raw in enumerate(rows[header_index + 1 :]):
        if all(cell_text(cell) == "" for cell in raw):
            continue
        number = header_index + 2 + offset
        cells = {f: (raw[i] if i < len(raw) else None) for f, i in mapping.items()}
        row, problems = _validate(cells, number)
        code = cell_text(cells.get("code"))
        if code in first_seen:
            problems.insert(0, ("code", f"隐患编号与第{first_seen[code]}行重复"))
        elif code:
            first_seen[code] = number
        if row is not None and not problems:
            good.append(row)
        errors.extend(RowError(number, headers[f], reason) for f, reason in problems)
    logger.info("台账 %s：有效 %d 行，问题 %d 处", filename, len(good), len(errors))
    return good, errors


def _validate(cells: dict[str, Cell], number: int) -> tuple[LedgerRow | None, list[tuple[str, str]]]:
    """The row (None when anything is wrong) and the (field, reason) of each problem."""
    problems: list[tuple[str, str]] = []
    text = {c.field: cell_text(cells.get(c.field)) for c in COLUMNS}
    text["domain"] = normalize_domain(text["domain"])
    for column in COLUMNS:
        if column.max_length and len(text[column.field]) > column.max_length:
            problems.append((column.field, f"{column.name}过长（超过{column.max_length}个字符）"))
    for field in ("code", "responsible_unit", "domain"):
        if not text[field]:
            problems.append((field, f"{_BY_FIELD[field].name}为空"))
    level = status = ""
    for field, normalize in (("level", normalize_level), ("status", normalize_status)):
        if not text[field]:
            problems.append((field, f"{_BY_FIELD[field].name}为空"))
            continue
        try:
            value = normalize(text[field])
        except ValueError as exc:
            problems.append((field, str(exc)))
            continue
        level, status = (value, status) if field == "level" else (level, value)
    dates: dict[str, date | None] = {}
    bad_dates: set[str] = set()
    for field in ("found_date", "deadline", "fixed_date"):
        try:
            dates[field] = parse_date(cells.get(field))
        except ValueError as exc:
            problems.append((field, str(exc)))
            bad_dates.add(field)
            dates[field] = None
    found, deadline, fixed = dates["found_date"], dates["deadline"], dates["fixed_date"]
    if found is None and "found_date" not in bad_dates:
        problems.append(("found_date", "发现日期为空"))
    if status == DONE and fixed is None and "fixed_date" not in bad_dates:
        problems.append(("fixed_date", "整改状态为已整改但无整改完成日期"))
    if status and status != DONE and fixed is not None:
        problems.append(("fixed_date", f"整改状态为{status}但填写了整改完成日期"))
    if found is not None and fixed is not None and fixed < found:
        problems.append(
            ("fixed_date", f"整改完成日期（{fixed.isoformat()}）早于发现日期（{found.isoformat()}）")
        )
    if found is not None and deadline is not None and deadline < found:
        problems.append(
            ("deadline", f"整改期限（{deadline.isoformat()}）早于发现日期（{found.isoformat()}）")
        )
    if problems or found is None:
        return None, problems
    row = LedgerRow(
        code=text["code"],
        responsible_unit=text["responsible_unit"],
        inspected_unit=text["inspected_unit"],
        domain=text["domain"],
        description=text["description"],
        level=level,
        found_date=found,
        deadline=deadline,
        status=status,
        fixed_date=fixed,
        row=number,
    )
    return row, problems
