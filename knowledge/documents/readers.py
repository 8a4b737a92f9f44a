"""Read an uploaded file (.txt .md .docx .pdf) into plain text.

Readers only extract text; cleaning and splitting come later. Every failure reaches the caller as an
`InputError` whose Chinese message names the file and says what to do: a library exception never
leaks out raw. Line breaks are normalised to "\\n"; nothing else in the text is changed.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.errors import InputError

__all__ = ["SUPPORTED_EXTENSIONS", "RawDocument", "read_bytes", "read_document"]

logger = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
_SUPPORTED_LABEL = " ".join(SUPPORTED_EXTENSIONS)
# Old binary office formats people often upload by mistake: say how to convert them.
_CONVERT_HINTS = {
    ".doc": "请在 Word 或 WPS 中“另存为” .docx 后再上传",
    ".wps": "请在 WPS 中“另存为” .docx 后再上传",
    ".rtf": "请在 Word 或 WPS 中“另存为” .docx 后再上传",
}
# Share of characters that may be control / private-use / unassigned before a text is rejected.
_MAX_BAD_CHAR_SHARE = 0.05


@dataclass(frozen=True)
class RawDocument:
    """The text of one uploaded file, before cleaning."""

    filename: str
    text: str
    encoding: str | None  # None for .docx / .pdf
    format: str  # "txt" | "md" | "docx" | "pdf"


def read_document(path: Path) -> RawDocument:
    """Read a file from disk; see `read_bytes`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        logger.info("cannot read %s: %s", path, exc)
        raise InputError(f"无法读取文件“{path.name}”：请确认文件存在且可以打开后重试。") from exc
    return read_bytes(data, path.name)


def read_bytes(data: bytes, filename: str) -> RawDocument:
    """Extract the text of an uploaded file named `filename` (the extension picks the reader)."""
    ext = Path(filename).suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        hint = _CONVERT_HINTS.get(ext, f"请转换为 {_SUPPORTED_LABEL} 格式后再上传")
        shown = ext or "无扩展名"
        raise InputError(
            f"不支持文件“{filename}”的格式（{shown}）：目前只能读取 {_SUPPORTED_LABEL} 文件，{hint}。"
        )
    if not data or not data.strip():
        raise InputError(f"文件为空：“{filename}”中没有任何内容，请检查文件后重新上传。")
    if ext in (".txt", ".md"):
        text, encoding = _decode_text(data, filename)
        return RawDocument(filename, _normalise_newlines(text), encoding, ext[1:])
    if ext == ".docx":
        return RawDocument(filename, _normalise_newlines(_read_docx(data, filename)), None, "docx")
    return RawDocument(filename, _normalise_newlines(_read_pdf(data, filename)), None, "pdf")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- plain text ------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _not_text(filename: str) -> InputError:
    return InputError(
        f"文件“{filename}”不是文本文件（内容无法识别为文字）：请确认上传的是 .txt/.md 文本，"
        "Word 文件请保存为 .docx 上传。"
    )


def _decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode with a BOM if present, else strict UTF-8, strict GB18030, then charset-normalizer."""
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(codec), codec
            except UnicodeDecodeError:
                raise _not_text(filename) from None
            break
    if text is None:
        if b"\x00" in data:
            raise _not_text(filename)
        for codec in ("utf-8", "gb18030"):
            try:
                text, encoding = data.decode(codec), codec
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise _not_text(filename)
        text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise _not_text(filename)
    logger.debug("decoded %s as %s", filename, encoding)
    return text, encoding


def _looks_binary(text: str) -> bool:
    """Mostly control, private-use or unassigned characters: not a human-written text."""
    if not text:
        return False
    bad = sum(
        1
        for ch in text
        if ch not in "\n\r\t\f" and (ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"))
    )
    return bad / len(text) > _MAX_BAD_CHAR_SHARE


# --- Word ------------------------------------------------------------------------------------------


def _read_docx(data: bytes, filename: str) -> str:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document.element.body, document._body))
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and its own errors
        logger.info("cannot open %s as docx: %r", filename, exc)
        raise InputError(
            f"无法打开 Word 文件“{filename}”：文件可能已损坏或不是 .docx 格式，"
            "请在 Word 或 WPS 中打开并另存为 .docx 后重新上传。"
        ) from exc
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"Word 文件“{filename}”中没有可读取的文字：请确认文件内容后重新上传。")
    return text


def _docx_lines(container: Any, parent: Any) -> Iterator[str]:
    """Paragraph and table-row lines in document order (also inside content controls)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(Table(child, parent))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_lines(content, parent)


def _table_lines(table: Any) -> Iterator[str]:
    """One line per row, cells joined by a tab; horizontally merged cells appear once."""
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.strip() for p in cell.text.splitlines() if p.strip()))
        if any(cells):
            yield "\t".join(cells)


# --- PDF -------------------------------------------------------------------------------------------


def _read_pdf(data: bytes, filename: str) -> str:
    corrupt = InputError(
        f"无法打开 PDF 文件“{filename}”：文件可能已损坏或不完整，请重新导出 PDF 或改传 Word 文件。"
    )
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypt(reader):
            raise InputError(f"PDF 文件“{filename}”设有打开密码，无法读取：请去除密码后重新导出上传。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, struct/zlib/KeyError… on broken files
        logger.info("cannot read %s as pdf: %r", filename, exc)
        raise corrupt from exc
    text = "\n".join(pages)
    if not any(ch.isalnum() for ch in text):
        raise InputError(
            f"无法提取文字：PDF 文件“{filename}”没有文字层，该 PDF 可能是扫描件，"
            "请提供文字版或先做 OCR（文字识别）后再上传。"
        )
    return text


def _decrypt(reader: Any) -> bool:
    """Open a PDF that is encrypted with an empty user password (owner-password-only files)."""
    from pypdf.errors import PyPdfError

    try:
        return bool(reader.decrypt(""))
    except (PyPdfError, NotImplementedError, ValueError, KeyError) as exc:  # e.g. no AES backend
        logger.info("cannot decrypt pdf: %r", exc)
        return False
