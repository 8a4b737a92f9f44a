"""knowledge/documents/readers.py: real files written to tmp_path and read back."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import pytest

from knowledge.documents.readers import RawDocument, read_bytes, read_document
from knowledge.errors import InputError

CHINESE = "街道2023年上半年安全生产工作总结\n共检查企业429家，发现隐患1272条。\n"


# --- plain text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CHINESE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CHINESE.encode("utf-8"), "utf-8-sig"),
        (CHINESE.encode("gb18030"), "gb18030"),
        (CHINESE.encode("gbk"), "gb18030"),
        (CHINESE.encode("utf-16"), "utf-16"),  # with BOM (native order)
        (b"\xfe\xff" + CHINESE.encode("utf-16-be"), "utf-16"),
        (b"\xff\xfe" + CHINESE.encode("utf-16-le"), "utf-16"),
    ],
)
def test_text_encodings(data: bytes, encoding: str) -> None:
    doc = read_bytes(data, "报告.txt")
    assert doc == RawDocument("报告.txt", CHINESE, encoding, "txt")


def test_markdown_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "说明.md"
    path.write_bytes("# 标题\r\n正文一\r\n正文二\r".encode())
    doc = read_document(path)
    assert doc.format == "md"
    assert doc.text == "# 标题\n正文一\n正文二\n"
    assert doc.filename == "说明.md"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data, "空白.txt")
    assert "文件为空" in info.value.message
    assert "空白.txt" in info.value.message


def _random_binary() -> bytes:
    rng = random.Random(7)
    return (
        bytes(rng.randrange(256) for _ in range(2000))
        + b"\x00\x00"
        + bytes(rng.randrange(256) for _ in range(99))
    )


@pytest.mark.parametrize(
    "data",
    [
        _random_binary(),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        bytes(range(1, 9)) * 200,  # decodes as UTF-8, but is nothing but control characters
    ],
)
def test_binary_txt_rejected(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data, "数据.txt")
    assert "不是文本文件" in info.value.message
    assert "数据.txt" in info.value.message


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("台账.xlsx", ".txt .md .docx .pdf"),
        ("旧报告.doc", "另存为"),
        ("无扩展名", ".txt .md .docx .pdf"),
    ],
)
def test_unsupported_extension(filename: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(b"content", filename)
    assert expected in info.value.message
    assert filename in info.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_document(tmp_path / "不存在.txt")
    assert "不存在.txt" in info.value.message


# --- Word ------------------------------------------------------------------------------------------


def test_docx_round_trip(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("XX镇2023年上半年安全生产工作总结", level=1)
    document.add_paragraph("一、基本情况")
    document.add_paragraph("共检查企业429家，发现隐患1272条。")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["领域", "检查", "隐患"], ["燃气", "102", "8"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合计"
    merged.cell(0, 2).text = "110"
    document.add_paragraph("XX镇人民政府")
    path = tmp_path / "总结.docx"
    document.save(str(path))

    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.encoding is None
    assert doc.text.split("\n") == [
        "XX镇2023年上半年安全生产工作总结",
        "一、基本情况",
        "共检查企业429家，发现隐患1272条。",
        "领域\t检查\t隐患",
        "燃气\t102\t8",
        "合计\t110",
        "XX镇人民政府",
    ]


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/other.xml", "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize("data", [os.urandom(3000), b"PK\x03\x04 truncated", _zip_without_document()])
def test_corrupt_docx(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data, "损坏.docx")
    message = info.value.message
    assert "无法打开 Word 文件" in message and "损坏" in message and "损坏.docx" in message


def test_docx_without_text(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "空.docx"
    docx.Document().save(str(path))
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "没有可读取的文字" in info.value.message


# --- PDF -------------------------------------------------------------------------------------------


def _pdf(lines: list[str], *, encrypt: object = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=encrypt)
    if lines:
        pdf.setFont("STSong-Light", 12)
        for k, line in enumerate(lines):
            pdf.drawString(72, 750 - 20 * k, line)
    else:
        pdf.rect(100, 100, 200, 300, fill=1)  # a drawing, no text: like a scanned page
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


PDF_LINES = ["街道2023年上半年安全生产工作总结", "共检查企业429家，发现隐患1272条。"]


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "总结.pdf"
    path.write_bytes(_pdf(PDF_LINES))
    doc = read_document(path)
    assert doc.format == "pdf"
    assert [ln for ln in doc.text.split("\n") if ln.strip()] == PDF_LINES


def test_pdf_without_text_is_scan() -> None:
    with pytest.raises(InputError) as info:
        read_bytes(_pdf([]), "扫描件.pdf")
    message = info.value.message
    assert "无法提取文字" in message and "扫描件" in message and "OCR" in message
    assert "扫描件.pdf" in message


def test_encrypted_pdf() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = _pdf(PDF_LINES, encrypt=StandardEncryption("user-secret", "owner-secret"))
    with pytest.raises(InputError) as info:
        read_bytes(locked, "加密.pdf")
    assert "密码" in info.value.message and "加密.pdf" in info.value.message

    owner_only = _pdf(PDF_LINES, encrypt=StandardEncryption("", "owner-secret"))
    assert "1272条" in read_bytes(owner_only, "只限编辑.pdf").text


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4\n garbage \x00\x01 not a pdf", os.urandom(2000), _pdf(PDF_LINES)[:400]]
)
def test_corrupt_pdf(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data, "坏.pdf")
    assert "坏.pdf" in info.value.message
    assert "无法打开 PDF" in info.value.message or "无法提取文字" in info.value.message
