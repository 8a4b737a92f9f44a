"""Tests for knowledge/ledger/rows.py (and the byte reading in knowledge/ledger/read.py)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from knowledge.errors import InputError
from knowledge.ledger.rows import (
    LedgerRow,
    RowError,
    match_header,
    normalize_domain,
    normalize_level,
    normalize_status,
    parse_date,
    parse_ledger,
)
from knowledge.settings import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "ledger" / "sample_ledger.csv"
HEADER = "隐患编号,责任单位,被检查单位,行业领域,隐患描述,隐患等级,发现日期,整改期限,整改状态,整改完成日期"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8-sig") -> bytes:
    return "\n".join([header, *lines]).encode(encoding)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-01-03", date(2023, 1, 3)),
        ("2023/01/03", date(2023, 1, 3)),
        ("2023/1/3", date(2023, 1, 3)),
        ("2023.1.3", date(2023, 1, 3)),
        ("2023年1月3日", date(2023, 1, 3)),
        ("2023年01月03号", date(2023, 1, 3)),
        ("20230103", date(2023, 1, 3)),
        (" 2023-1-3 ", date(2023, 1, 3)),
        ("2023-01-03 00:00:00", date(2023, 1, 3)),
        ("2023/1/3 9:30", date(2023, 1, 3)),
        ("２０２３－０１－０３", date(2023, 1, 3)),  # full-width digits and dash
        ("44929", date(2023, 1, 3)),  # Excel serial in a CSV export
        ("44929.0", date(2023, 1, 3)),
        (44929, date(2023, 1, 3)),
        (44929.0, date(2023, 1, 3)),
        (20230103, date(2023, 1, 3)),
        (datetime(2023, 1, 3, 15, 0), date(2023, 1, 3)),
        (date(2023, 1, 3), date(2023, 1, 3)),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_date_accepts(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    ["2023-02-30", "2023-13-01", "01/03/2023", "明天", "2023", "20231301", "123", 44929.5, "3.1", True],
)
def test_parse_date_rejects_with_formats(value: object) -> None:
    with pytest.raises(ValueError, match="日期无法识别.*可用格式：2023-01-03"):
        parse_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("隐患编号", "code"),
        ("编号", "code"),
        ("序号", "code"),
        (" 隐患编号 ", "code"),
        ("所属单位", "responsible_unit"),
        ("属地", "responsible_unit"),
        ("检查对象", "inspected_unit"),
        ("企业名称", "inspected_unit"),
        ("领域", "domain"),
        ("行业", "domain"),
        ("隐患内容", "description"),
        ("问题描述", "description"),
        ("隐患级别", "level"),
        ("隐患等级（一般/重大）", "level"),
        ("隐患等级(一般/重大)", "level"),
        ("隐患\u3000等级", "level"),
        ("排查日期", "found_date"),
        ("检查日期", "found_date"),
        ("发现日期*", "found_date"),
        ("整改时限", "deadline"),
        ("状态", "status"),
        ("整改状态（未整改/整改中/已整改）", "status"),
        ("完成整改日期", "fixed_date"),
        ("整改日期", "fixed_date"),
        ("备注", None),
        ("", None),
        (None, None),
    ],
)
def test_match_header(header: str | None, field: str | None) -> None:
    assert match_header(header) == field


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("一般", "一般"),
        ("一般隐患", "一般"),
        (" 重大 ", "重大"),
        ("重大隐患", "重大"),
        ("重大事故隐患", "重大"),
    ],
)
def test_normalize_level(value: str, expected: str) -> None:
    assert normalize_level(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("未整改", "未整改"),
        ("待整改", "未整改"),
        ("整改中", "整改中"),
        ("正在整改", "整改中"),
        ("已整改", "已整改"),
        ("已完成整改", "已整改"),
        ("完成", "已整改"),
        ("已销号", "已整改"),
    ],
)
def test_normalize_status(value: str, expected: str) -> None:
    assert normalize_status(value) == expected


@pytest.mark.parametrize(
    ("normalize", "value", "allowed"),
    [(normalize_level, "较大", "一般、一般隐患"), (normalize_status, "部分整改", "未整改、待整改")],
)
def test_unknown_values_name_the_allowed_ones(normalize: object, value: str, allowed: str) -> None:
    with pytest.raises(ValueError, match=f"“{value}”无法识别；可填：{allowed}"):
        normalize(value)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("燃气", "燃气"),
        ("城镇燃气", "燃气"),
        ("燃气安全", "燃气"),
        ("危险化学品", "危化品"),
        ("危化品", "危化品"),
        ("危险化学品行业", "危化品"),
        ("消防安全", "消防"),
        ("道路交通安全", "道路交通"),
        ("食品", "食品安全"),
        ("食品安全", "食品安全"),
        ("建筑施工", "建筑施工"),
        ("居民自建房", "自建房"),
        ("有限空间作业", "有限空间"),
        ("工矿商贸", "工贸"),
        ("防汛", "防汛减灾"),
        ("交通", "交通"),  # road or water: ambiguous, kept as written
        ("教育", "教育"),
        ("安全", "安全"),
    ],
)
def test_normalize_domain(value: str, expected: str) -> None:
    assert normalize_domain(value) == expected


def test_sample_ledger_parses_completely() -> None:
    rows, errors = parse_ledger(SAMPLE.read_bytes(), SAMPLE.name)
    assert errors == []
    assert len(rows) == 655
    assert rows[0] == LedgerRow(
        code="YH20230001", responsible_unit="县住建局", inspected_unit="顺达宾馆", domain="消防",
        description="消防栓无水", level="一般", found_date=date(2023, 1, 3), deadline=date(2023, 1, 10),
        status="整改中", fixed_date=None, row=2,
    )  # fmt: skip
    assert rows[1].status == "已整改" and rows[1].fixed_date == date(2023, 1, 5)
    assert rows[-1].code == "YH20230655" and rows[-1].row == 656
    assert len({r.code for r in rows}) == 655


BAD_LINES = [
    "A1,县应急局,甲厂,危险化学品,储罐无标识,一般,2023-03-01,2023-03-10,已整改,2023-03-05",  # row 2: good
    ",县应急局,乙厂,消防,通道堵塞,一般,2023-03-01,,未整改,",  # 3: empty code
    "A1,县应急局,丙厂,消防,通道堵塞,一般,2023-03-01,,未整改,",  # 4: duplicate of row 2
    "A4,县应急局,丁厂,消防,通道堵塞,一般,2023-13-45,,未整改,",  # 5: bad date
    "A5,县应急局,戊厂,消防,通道堵塞,一般,2023-03-01,,已整改,",  # 6: done without fixed date
    "A6,县应急局,己厂,消防,通道堵塞,一般,2023-03-01,,已整改,2023-02-01",  # 7: fixed before found
    "A7,县应急局,庚厂,消防,通道堵塞,一般,2023-03-01,2023-02-01,未整改,",  # 8: deadline before found
    "A8,县应急局,辛厂,消防,通道堵塞,一般,2023-03-01,,整改中,2023-03-05",  # 9: fixed date but 整改中
    "A9,县应急局,壬厂,消防,通道堵塞,较大,2023-03-01,,未整改,",  # 10: unknown level
    "A10,县应急局,癸厂,消防,通道堵塞,一般,2023-03-01,,部分整改,",  # 11: unknown status
    "A11,县应急局,子厂,消防,通道堵塞,一般,,,未整改,",  # 12: no found date
    "A12,县应急局,丑厂,消防,通道堵塞,一般,2099-01-01,,未整改,",  # 13: future found date: fine
    "A13,县应急局,寅厂,消防,通道堵塞,重大,2023-03-01,,未整改,2023/3/x",  # 14: two problems
    ",,,,,,,,,",  # blank line: skipped, not an error
    "A15,县应急局,卯厂,教育,校舍隐患,重大隐患,2023年3月1日,20230310,已完成整改,2023.3.9",  # 16: good
]
BAD_EXPECTED = [
    (3, "隐患编号", "隐患编号为空"),
    (4, "隐患编号", "隐患编号与第2行重复"),
    (5, "发现日期", "日期无法识别：“2023-13-45”"),
    (6, "整改完成日期", "整改状态为已整改但无整改完成日期"),
    (7, "整改完成日期", "整改完成日期（2023-02-01）早于发现日期（2023-03-01）"),
    (8, "整改期限", "整改期限（2023-02-01）早于发现日期（2023-03-01）"),
    (9, "整改完成日期", "整改状态为整改中但填写了整改完成日期"),
    (10, "隐患等级", "隐患等级“较大”无法识别；可填：一般"),
    (11, "整改状态", "整改状态“部分整改”无法识别；可填：未整改"),
    (12, "发现日期", "发现日期为空"),
    (14, "整改完成日期", "日期无法识别：“2023/3/x”"),
]


def test_bad_rows_are_reported_and_good_rows_kept() -> None:
    rows, errors = parse_ledger(csv_bytes(*BAD_LINES), "bad.csv")
    assert [r.code for r in rows] == ["A1", "A12", "A15"]
    assert [r.row for r in rows] == [2, 13, 16]
    assert len(errors) == len(BAD_EXPECTED)
    for error, (row, column, reason) in zip(errors, BAD_EXPECTED, strict=True):
        assert (error.row, error.column) == (row, column)
        assert error.reason.startswith(reason), error.reason
    last = rows[-1]
    assert (last.domain, last.level, last.status) == ("教育", "重大", "已整改")
    assert (last.found_date, last.deadline, last.fixed_date) == (
        date(2023, 3, 1),
        date(2023, 3, 10),
        date(2023, 3, 9),
    )


def test_several_problems_in_one_row_reported_each_row_rejected_once() -> None:
    line = ",县应急局,甲厂,消防,x,较大,bad,,已整改,"
    rows, errors = parse_ledger(csv_bytes(line), "t.csv")
    assert rows == []
    assert {(e.row, e.column) for e in errors} == {
        (2, "隐患编号"),
        (2, "隐患等级"),
        (2, "发现日期"),
        (2, "整改完成日期"),
    }


def test_values_too_long_for_the_database_are_rejected() -> None:
    line = f"{'Y' * 65},某镇,甲厂,{'某某' * 11},x,一般,2023-03-01,,未整改,"
    rows, errors = parse_ledger(csv_bytes(line), "t.csv")
    assert rows == []
    assert [(e.column, e.reason) for e in errors] == [
        ("隐患编号", "隐患编号过长（超过64个字符）"),
        ("行业领域", "行业领域过长（超过20个字符）"),
    ]


SYNONYM_HEADER = (
    " 编号 ,所属单位,企业名称,领域,问题描述,隐患等级（一般/重大）,排查日期,整改时限,状态,完成整改日期,备注"
)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8-sig", ","),
        ("utf-8", ","),
        ("gb18030", ","),
        ("gb18030", "\t"),
        ("utf-8", ";"),
        ("utf-16", "\t"),
    ],
)
def test_csv_encodings_delimiters_and_synonyms(encoding: str, delimiter: str) -> None:
    lines = [
        "XX县安全生产隐患排查台账",
        SYNONYM_HEADER,
        "B1,某镇,甲餐馆,燃气安全,软管老化,一般隐患,2023/5/6,2023/5/20,完成,2023/5/8,无",
        "B2,某镇,乙加油站,危险化学品,静电接地失效,重大,2023年5月7日,,待整改,,",
    ]
    data = "\r\n".join(line.replace(",", delimiter) for line in lines).encode(encoding)
    rows, errors = parse_ledger(data, "台账.csv")
    assert errors == []
    assert [(r.code, r.row, r.domain, r.level, r.status) for r in rows] == [
        ("B1", 3, "燃气", "一般", "已整改"),
        ("B2", 4, "危化品", "重大", "未整改"),
    ]
    assert rows[0].responsible_unit == "某镇" and rows[0].inspected_unit == "甲餐馆"
    assert rows[0].fixed_date == date(2023, 5, 8) and rows[1].deadline is None


def test_error_column_uses_the_files_header() -> None:
    data = csv_bytes("B1,某镇,甲,燃气,x,一般,2023/5/6,,完成,", header=SYNONYM_HEADER)
    assert parse_ledger(data, "t.csv")[1] == [RowError(2, "完成整改日期", "整改状态为已整改但无整改完成日期")]


def test_xlsx_with_title_row_and_date_cells() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["XX县隐患台账（2023年）"])
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            1001,
            "县应急局",
            "甲厂",
            "消防",
            "灭火器过期",
            "一般",
            datetime(2023, 4, 1),
            date(2023, 4, 8),
            "已整改",
            datetime(2023, 4, 2),
        ]
    )
    sheet.append(
        [1002.0, "县应急局", "乙厂", "消防", "通道堵塞", "重大", 45020, "2023-04-20", "整改中", None]
    )
    sheet.append([None] * 10)
    sheet.append([1003, "县应急局", "丙厂", "消防", "x", "一般", "someday", None, "未整改", None])
    buffer = io.BytesIO()
    book.save(buffer)
    rows, errors = parse_ledger(buffer.getvalue(), "ledger.xlsx")
    assert [(r.code, r.row, r.found_date, r.deadline, r.fixed_date) for r in rows] == [
        ("1001", 3, date(2023, 4, 1), date(2023, 4, 8), date(2023, 4, 2)),
        ("1002", 4, date(2023, 4, 4), date(2023, 4, 20), None),
    ]
    assert [(e.row, e.column) for e in errors] == [(6, "发现日期")]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "t.csv", "是空的"),
        (b"  \r\n ", "t.csv", "是空的"),
        (bytes(range(256)) * 20, "t.csv", "不是可读取的表格"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 50, "t.csv", "不是可读取的表格"),
        (b"PK\x03\x04garbage-not-a-zip" * 10, "t.xlsx", "已损坏或不是 Excel 文件"),
        (b"plain text, not a workbook", "t.xlsx", "已损坏或不是 Excel 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "t.xls", "旧版 Excel"),
        ("今天天气很好\n没有表格".encode(), "t.csv", "未找到台账表头"),
    ],
)
def test_unreadable_files_raise_input_error(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_ledger(data, filename)


def test_missing_required_columns_name_them_and_their_synonyms() -> None:
    header = "隐患编号,责任单位,行业领域,隐患描述,整改状态"
    with pytest.raises(InputError) as info:
        parse_ledger(csv_bytes("C1,某镇,消防,x,未整改", header=header), "t.csv")
    message = info.value.message
    assert "缺少必需的列：隐患等级、发现日期" in message
    assert "隐患级别" in message and "排查日期" in message
    assert "隐患编号、" not in message.split("可接受的列名")[0]
