"""knowledge/documents/near_dup.py: redacted and full copies of one report pair up, nothing else does."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

import knowledge
from knowledge.documents.near_dup import (
    NEAR_DUP_THRESHOLD,
    is_near_duplicate,
    prefer,
    similarity,
    specificity,
)
from knowledge.documents.splitting import split_reports

SAMPLE = next((Path(knowledge.__file__).parent / "samples" / "reports").glob("*.txt"))


def test_only_the_two_gas_reports_pair_up_in_the_sample() -> None:
    sections = split_reports(SAMPLE.read_text("utf-8"))
    assert len(sections) == 9
    pairs = {(a.title, b.title) for a, b in combinations(sections, 2) if is_near_duplicate(a.text, b.text)}
    assert pairs == {
        ("XX市XX区城镇燃气2023年上半年安全生产工作总结", "区城镇燃气2023年上半年安全生产工作总结"),
    }
    redacted, full = sections[1].text, sections[8].text
    assert prefer(redacted, full) == 1 and prefer(full, redacted) == 0


FULL = (
    "区城镇燃气2023年上半年安全生产工作总结\n"
    "自大排查行动开展以来，共排查73128户，排查出隐患6534个，已全部完成整改。"
    "今年以来，共办理燃气领域案件220起，罚款34.467万元，刑事拘留2人，治安拘留2人。"
    "对宁波奉化下陈液化气储备站安全间距不足问题，勒令其停业整顿。"
)
REDACTED = (
    "XX市XX区城镇燃气2023年上半年安全生产工作总结\n"
    "自大排查行动开展以来，共排查XX户，排查出隐患XX个，已全部完成整改。"
    "今年以来，共办理燃气领域案件XX起，罚款XX万元，刑事拘留2人，治安拘留2人。"
    "对XXXX下陈液化气储备站安全间距不足问题，勒令其停业整顿。"
)
OTHER = (
    "街道2023年上半年安全生产工作总结\n"
    "1-6月份共检查企业429家，发现隐患1272条，已整改隐患810条，剩余462条隐患正在督促整改中。"
    "组织社区、合作社对独居老人开展消防敲门行动，帮助26户居民免费安装了独立感烟报警器。"
)


@pytest.mark.parametrize(
    ("a", "b", "duplicate"),
    [
        (FULL, REDACTED, True),
        (FULL, FULL, True),
        (FULL, FULL.replace("\n", "\n\n  ") + "【更多免费素材，微信：dadawk01】", True),
        (FULL, OTHER, False),
        (REDACTED, OTHER, False),
        (FULL, FULL[: len(FULL) // 3], False),  # an excerpt is not a copy
    ],
)
def test_is_near_duplicate(a: str, b: str, duplicate: bool) -> None:
    assert is_near_duplicate(a, b) is duplicate
    assert is_near_duplicate(b, a) is duplicate
    assert (similarity(a, b) >= NEAR_DUP_THRESHOLD) is duplicate


@pytest.mark.parametrize(("a", "b", "expected"), [(FULL, FULL, 1.0), ("", FULL, 0.0), ("", "", 0.0)])
def test_similarity_bounds(a: str, b: str, expected: float) -> None:
    assert similarity(a, b) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共排查73128户，排查出隐患6534个", 2),
        ("共排查XX户，排查出隐患XX个", -2),
        ("罚款34.467万元，召开党委会*次", 0),
        ("共检查企业４２９家", 1),
        ("没有数字", 0),
    ],
)
def test_specificity(text: str, expected: int) -> None:
    assert specificity(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (FULL, REDACTED, 0),
        (REDACTED, FULL, 1),
        ("检查5家", "检查5家，整改完毕", 1),  # a tie goes to the longer text
        ("检查5家", "检查6家", 0),  # a full tie keeps the first
    ],
)
def test_prefer(a: str, b: str, expected: int) -> None:
    assert prefer(a, b) == expected
