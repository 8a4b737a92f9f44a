"""knowledge/documents/meta.py: org, level, period and signing date, following the text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import knowledge
from knowledge.documents.meta import ORG_LEVELS, ReportMeta, describe_report, find_doc_date, org_level
from knowledge.documents.splitting import split_reports

SAMPLE = next((Path(knowledge.__file__).parent / "samples" / "reports").glob("*.txt"))
H1 = (date(2023, 1, 1), date(2023, 6, 30))

# title → (org, org_level, doc_date); every sample report covers 2023年上半年
SAMPLE_META = {
    "2023年上半年安全生产工作总结": ("XX县自然资源局", "县/区局", date(2023, 6, 19)),
    "XX市XX区城镇燃气2023年上半年安全生产工作总结": ("XX市XX区城镇燃气", "县/区", None),
    "街道2023年上半年安全生产工作总结": ("XX街道", "街道", None),
    "县交通运输2023年度上半年安全生产工作总结": ("县交通运输局", "县/区局", date(2023, 6, 14)),
    "镇2023年安全生产上半年工作总结": ("XX镇", "镇", None),
    "2023年上半年某矿山班组安全生产工作总结": ("某矿山班组", "班组", None),
    "镇2023年安全生产上半年工作总结和下半年工作计划": ("*镇", "镇", None),
    "某镇2023上半年安全生产工作总结": ("某镇", "镇", None),
    "区城镇燃气2023年上半年安全生产工作总结": ("区城镇燃气", "县/区", None),
}


@pytest.fixture(scope="module")
def sample_meta() -> dict[str, ReportMeta]:
    sections = split_reports(SAMPLE.read_text("utf-8"))
    return {s.title: describe_report(s.title, s.text, filename=SAMPLE.name) for s in sections}


@pytest.mark.parametrize(("title", "expected"), list(SAMPLE_META.items()))
def test_sample_reports(sample_meta: dict[str, ReportMeta], title: str, expected: tuple) -> None:
    org, level, doc_date = expected
    meta = sample_meta[title]
    assert meta == ReportMeta(
        title=title,
        org=org,
        org_level=level,
        period_label="2023年上半年",
        period_start=H1[0],
        period_end=H1[1],
        year=2023,
        doc_date=doc_date,
    )


BODY = "按照上级部署，认真开展安全生产大检查，共检查企业12家，发现隐患31处。"


@pytest.mark.parametrize(
    ("title", "text", "org", "level", "label", "start", "end", "doc_date"),
    [
        # period variants in the title
        (
            "甲镇2023年第一季度安全生产工作总结",
            BODY,
            "甲镇",
            "镇",
            "2023年第一季度",
            date(2023, 1, 1),
            date(2023, 3, 31),
            None,
        ),
        (
            "乙街道2023年1-6月安全生产情况报告",
            BODY,
            "乙街道",
            "街道",
            "2023年1-6月",
            date(2023, 1, 1),
            date(2023, 6, 30),
            None,
        ),
        (
            "丙县应急管理局2022年度安全生产工作总结",
            BODY,
            "丙县应急管理局",
            "县/区局",
            "2022年",
            date(2022, 1, 1),
            date(2022, 12, 31),
            None,
        ),
        (
            "2023年下半年安全生产工作总结",
            BODY + "\n丁矿业有限公司\n2023年12月28日",
            "丁矿业有限公司",
            "企业",
            "2023年下半年",
            date(2023, 7, 1),
            date(2023, 12, 31),
            date(2023, 12, 28),
        ),
        # no year in the title: the signing date gives it; Chinese-numeral date
        (
            "上半年安全生产工作总结",
            "我局" + BODY + "\n戊区市场监督管理局\n二〇二三年六月十九日",
            "戊区市场监督管理局",
            "县/区局",
            "2023年上半年",
            date(2023, 1, 1),
            date(2023, 6, 30),
            date(2023, 6, 19),
        ),
        # the signature spells out what the title abbreviates
        (
            "县应急管理2023年上半年工作总结",
            BODY + "\nXX县应急管理局\n2023年7月3日",
            "XX县应急管理局",
            "县/区局",
            "2023年上半年",
            date(2023, 1, 1),
            date(2023, 6, 30),
            date(2023, 7, 3),
        ),
        # a bare "镇" completed from how the text names itself (a real, repeated name)
        (
            "镇2023年上半年安全生产工作总结",
            "成立天罡镇安全生产领导小组，印发《天罡镇方案》。我镇" + BODY + "天罡镇全镇",
            "天罡镇",
            "镇",
            "2023年上半年",
            date(2023, 1, 1),
            date(2023, 6, 30),
            None,
        ),
        # nothing names it: keep the title's word, never invent a name
        (
            "镇2023年上半年安全生产工作总结",
            "我镇" + BODY,
            "镇",
            "镇",
            "2023年上半年",
            date(2023, 1, 1),
            date(2023, 6, 30),
            None,
        ),
        # no period anywhere, no org anywhere
        ("安全生产工作总结", BODY, None, None, None, None, None, None),
    ],
)
def test_describe_report(
    title: str,
    text: str,
    org: str | None,
    level: str | None,
    label: str | None,
    start: date | None,
    end: date | None,
    doc_date: date | None,
) -> None:
    meta = describe_report(title, title + "\n" + text)
    assert (meta.org, meta.org_level) == (org, level)
    assert (meta.period_label, meta.period_start, meta.period_end) == (label, start, end)
    assert meta.doc_date == doc_date
    assert meta.year == (start.year if start else (doc_date.year if doc_date else None))


def test_title_is_cleaned_and_filename_is_the_fallback() -> None:
    meta = describe_report(
        "街道2023年上半年安全生产工作总结【更 多免费素材，微信：dadawk01】", "XX街道" + BODY
    )
    assert meta.title == "街道2023年上半年安全生产工作总结"
    assert meta.org == "XX街道"
    assert describe_report("", BODY, filename="甲镇汇报.docx").title == "甲镇汇报"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("正文。\nXX县自然资源局\n2023年6月19日", date(2023, 6, 19)),
        ("正文。\n2023年6月14日\n", date(2023, 6, 14)),
        ("正文。\n二〇二三年十二月三十一日", date(2023, 12, 31)),
        ("正文。\n2023.7.3", date(2023, 7, 3)),
        ("标题\n2023年6月1日\n正文很长。", date(2023, 6, 1)),
        ("正文提到2023年6月19日召开会议。", None),
        ("正文。\n2023年2月30日", None),
        # a bulletin's masthead under its title: the issuer, then the date (cleaning took the spaces)
        ("简报（第3期）\n街道燃气安全专项整治工作专班2025年8月6日\n正文。", date(2025, 8, 6)),
        ("标题\n截至2025年7月31日，共检查企业20家。\n正文。", None),
    ],
)
def test_find_doc_date(text: str, expected: date | None) -> None:
    assert find_doc_date(text) == expected


@pytest.mark.parametrize(
    ("org", "title", "expected"),
    [
        ("XX县自然资源局", "", "县/区局"),
        ("XX市应急管理局", "", "市"),
        ("XX镇", "", "镇"),
        ("甲乡人民政府", "", "镇"),
        ("XX街道", "", "街道"),
        ("XX街道办事处", "", "街道"),
        ("东城社区", "", "村/社区"),
        ("XX市XX区城镇燃气", "", "县/区"),
        ("区城镇燃气", "", "县/区"),
        ("XX市", "", "市"),
        ("某矿山班组", "", "班组"),
        ("XX矿", "2023年上半年某矿山班组安全生产工作总结", "班组"),
        ("XX化工有限公司", "", "企业"),
        ("城镇燃气", "", None),
        (None, "", None),
    ],
)
def test_org_level(org: str | None, title: str, expected: str | None) -> None:
    level = org_level(org, title)
    assert level == expected
    assert level is None or level in ORG_LEVELS


@pytest.mark.parametrize(
    ("title", "body", "org"),
    [
        # unseen reports: the title's own words are no org; the body names it plainly
        ("关于2023年上半年安全生产工作情况的报告", "今年以来，我镇认真贯彻……石桥镇党委……石桥镇政府……", "石桥镇"),
        ("镇安全生产2023上半年工作总结", "我镇……XX镇……XX镇", "XX镇"),
        ("强化源头管控 筑牢安全防线——市交通运输局深入推进道路运输安全专项整治", "近日，……", "市交通运输局"),
        ("茂岗县住房和城乡建设局城镇燃气安全专项整治工作进展情况报告（截至2023年9月30日）", "我局……", "茂岗县住房和城乡建设局"),
        ("临峰县应急管理局：前三季度安全生产执法检查“力度”“温度”并重", "", "临峰县应急管理局"),
        ("东湖街道办事处2024年1-5月安全生产工作情况汇报", "", "东湖街道办事处"),
        ("XX县交通运输局2023年上半年工作总结", "", "XX县交通运输局"),
    ],
)
def test_org_is_never_made_of_title_words(title: str, body: str, org: str) -> None:
    assert describe_report(title, body).org == org


def test_a_campaign_bulletin_is_dated_by_its_campaign() -> None:
    body = ("街道燃气安全专项整治工作专班　　　　2025年8月6日\n"
            "本报讯　自5月6日街道启动城镇燃气安全专项整治“百日行动”以来，各项任务推进顺利。截至7月31日，行动已开展87天。\n"
            "检查餐饮场所1,204家次。")  # fmt: skip
    title = "甲街道城镇燃气安全专项整治“百日行动”工作简报（第3期）"
    meta = describe_report(title, title + "\n" + body)
    assert meta.doc_date == date(2025, 8, 6)
    assert (meta.period_start, meta.period_end) == (date(2025, 5, 6), date(2025, 7, 31))
    # without a 截至 day, the campaign runs to the bulletin's date
    meta = describe_report(title, title + "\n" + body.replace("截至7月31日，", ""))
    assert (meta.period_start, meta.period_end) == (date(2025, 5, 6), date(2025, 8, 6))
