"""Spreadsheet bytes → rows of cells, for the hazard ledger: CSV (any common encoding/delimiter) or XLSX.

Pure (works on bytes, touches no file). Raises InputError with a message for office staff when the
bytes are not a readable spreadsheet.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import PurePath

from knowledge.errors import InputError

logger = logging.getLogger(__name__)

Cell = str | int | float | bool | date | datetime | time | None
Rows = list[list[Cell]]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", "\t", ";")
SNIFF_RECORDS = 8
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
_NOT_A_TABLE = "文件“{name}”不是可读取的表格：请上传 CSV 或 Excel（.xlsx）格式的隐患台账。"


def read_table(data: bytes, filename: str, header_score: Callable[[Sequence[Sequence[Cell]]], int]) -> Rows:
    """All rows of the first sheet (XLSX) or of the CSV, cells as read.

    `header_score(first_rows)` rates how well some leading rows look like the ledger header; for a
    CSV the delimiter whose split scores best is used (ties: comma, tab, semicolon).
    """
    name = PurePath(filename).name or "台账"
    if not data or not data.strip():
        raise InputError(f"文件“{name}”是空的：请上传填好的隐患台账。")
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        return read_xlsx(data, name)
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            f"文件“{name}”是旧版 Excel（.xls）或加密的工作簿：请在 Excel 中另存为 .xlsx 或 CSV 后再上传。"
        )
    if suffix in EXCEL_SUFFIXES:
        raise InputError(f"文件“{name}”已损坏或不是 Excel 文件：请重新导出 .xlsx 或 CSV 后再上传。")
    text = decode_text(data, name)
    best_rows: Rows = []
    best_score = -1
    for delimiter in DELIMITERS:
        head = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), SNIFF_RECORDS))
        score = header_score(head)
        if score > best_score:
            best_score, best_rows = score, _csv_rows(text, delimiter, name)
    return best_rows


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's 'Unicode text'), or GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        logger.debug("台账 %s 按 %s 解码", name, encoding)
        return text
    raise InputError(_NOT_A_TABLE.format(name=name) + "（无法识别文件编码，或文件不是文本表格）")


def _looks_binary(text: str) -> bool:
    """Control characters other than tab/newline, or unassigned code points: not a text table."""
    sample = text[:20000]
    odd = sum(
        1 for ch in sample if ch not in "\t\r\n" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
    )
    return odd > max(2, len(sample) // 200)


def _csv_rows(text: str, delimiter: str, name: str) -> Rows:
    try:
        return [list(record) for record in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(_NOT_A_TABLE.format(name=name) + f"（CSV 格式有误：{exc}）") from exc


def read_xlsx(data: bytes, name: str) -> Rows:
    """The first worksheet's values (formulas as last computed); dates come as datetime."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError, openpyxl's InvalidFileException, XML parser errors…
        logger.warning("无法打开 Excel 文件 %s：%r", name, exc)
        raise InputError(f"文件“{name}”已损坏或不是 Excel 文件：请重新导出 .xlsx 或 CSV 后再上传。") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise InputError(f"文件“{name}”的第一个工作表不是数据表：请把台账放在第一个工作表。")
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except InputError:
        raise
    except Exception as exc:
        logger.warning("无法读取 Excel 文件 %s：%r", name, exc)
        raise InputError(
            f"文件“{name}”已损坏，无法读取其中的数据：请重新导出 .xlsx 或 CSV 后再上传。"
        ) from exc
    finally:
        workbook.close()
