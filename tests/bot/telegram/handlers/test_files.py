from __future__ import annotations

import pytest

from bot.telegram.handlers.files import safe_filename, upload_kind


@pytest.mark.parametrize(
    ("name", "caption", "kind"),
    [
        ("台账.xlsx", None, "ledger"),
        ("11月台账.CSV", "法规", "ledger"),  # a table is a ledger whatever the caption says
        ("总结.docx", None, "auto"),
        ("城镇燃气管理条例.pdf", "这是法规", "regulation"),
        ("柳溪镇.txt", "上半年工作总结", "report"),
        ("照片.jpg", None, None),
        ("无后缀", None, None),
    ],
)
def test_upload_kind(name: str, caption: str | None, kind: str | None) -> None:
    assert upload_kind(name, caption) == kind


def test_safe_filename_keeps_only_the_name() -> None:
    assert safe_filename("../../etc/passwd", "x") == "passwd"
    assert safe_filename("C:\\Users\\张三\\台账.xlsx", "x") == "台账.xlsx"
    assert safe_filename(None, "upload-1") == "upload-1"
    assert safe_filename(".hidden.csv", "x") == "hidden.csv"
