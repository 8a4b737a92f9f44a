"""Drafts from the real sample ledger (SQLite and PostgreSQL): the right figures for each section kind,
computed here from the CSV; every figure traced and verified; missing data marked, never invented."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from bot.assistant import SAMPLE_REPORTS
from drafting.number_check import check_numbers
from drafting.report import Draft
from drafting.service import draft, draft_domains
from knowledge.db import Database
from knowledge.documents.ingest import ingest_paths

TODAY = date(2023, 11, 30)
H1 = (date(2023, 1, 1), date(2023, 6, 30))
Q4 = (date(2023, 10, 1), TODAY)
YEAR = (date(2023, 1, 1), TODAY)


def allowed_figures(d: Draft) -> list[object]:
    return [f for t in d.provenance if t.datum for f in t.datum.figures()]


def assert_verified(d: Draft) -> None:
    """Every figure of a template draft is traced to a datum, and the whole text passes the check."""
    untraced = [(t.figure, t.sentence) for t in d.provenance if t.datum is None]
    assert untraced == []
    assert check_numbers(d.text, allowed_figures(d)).ok  # type: ignore[arg-type]


def test_whole_report_for_a_town(ledger_db: Database, ledger_csv: Any) -> None:
    d = draft(ledger_db, "生成XX镇2023年上半年安全生产工作总结", today=TODAY)
    unit = "XX镇"
    found, fixed = ledger_csv.found(*H1, unit=unit), ledger_csv.fixed_among_found(*H1, unit=unit)
    rate, still_open = ledger_csv.rate(*H1, unit=unit), ledger_csv.open(*H1, unit=unit)
    assert d.title == "XX镇2023年上半年安全生产工作总结"
    assert [s.kind for s in d.sections] == ["开头", "工作开展情况", "存在的问题", "下一步工作计划", "落款"]
    for heading in ("一、工作开展情况", "二、存在的问题", "三、下一步工作计划", "（一）隐患排查治理总体情况"):
        assert f"\n{heading}\n" in d.text
    assert f"发现各类安全隐患{found}处" in d.text
    assert f"已整改{fixed}处，整改率{rate}" in d.text
    assert f"尚有{still_open}处未完成整改" in d.text
    assert d.text.rstrip().endswith("XX镇\n2023年11月30日")
    gas = ledger_csv.found(*H1, unit=unit, domain="燃气")
    assert f"燃气领域{gas}处" in d.text
    assert "（二）扎实开展燃气安全专项整治" in d.text  # the largest domain first
    assert_verified(d)


@pytest.mark.parametrize("kind", ["工作开展情况", "存在的问题", "下一步工作计划"])
def test_each_section_kind_states_its_figures(ledger_db: Database, ledger_csv: Any, kind: str) -> None:
    d = draft(ledger_db, "帮我写一下今年以来的材料", today=TODAY, section=kind)
    assert d.sections[0].kind == kind and len(d.sections) == 1
    still_open, overdue = ledger_csv.open(*YEAR), ledger_csv.overdue(*YEAR)
    if kind == "工作开展情况":
        assert f"发现各类安全隐患{ledger_csv.found(*YEAR)}处" in d.text
        assert f"整改率{ledger_csv.rate(*YEAR)}" in d.text
        major = ledger_csv.found(*YEAR, level="重大")
        assert f"其中重大隐患{major}处" in d.text
    elif kind == "存在的问题":
        assert f"尚有{still_open}处未完成整改，其中{overdue}处已超过整改期限" in d.text
        major_open = ledger_csv.open(*YEAR, level="重大")
        assert f"尚有{major_open}处未整改" in d.text
        # the longest-overdue major hazard, by name and code
        oldest = min((r for r in ledger_csv.select(*YEAR, level="重大") if not ledger_csv.is_fixed(r, TODAY)
                      and r.deadline and r.deadline < TODAY), key=lambda r: r.deadline or TODAY)  # fmt: skip
        assert oldest.code in d.text and f"“{oldest.description}”" in d.text
        # the most recurring 隐患描述 with its count
        counts: dict[str, int] = {}
        for r in ledger_csv.select(*YEAR):
            counts[r.description] = counts.get(r.description, 0) + 1
        top = max(counts, key=lambda k: (counts[k], k))
        assert f"“{top}”{counts[top]}处" in d.text
    else:
        assert f"对尚未整改的{still_open}处隐患逐一建立整改清单" in d.text
        assert f"对{overdue}处逾期未整改隐患逐项督办" in d.text
    assert_verified(d)


def test_problems_name_the_lagging_units(ledger_db: Database, ledger_csv: Any) -> None:
    d = draft(ledger_db, "帮我写存在的问题", today=TODAY)
    units = sorted({r.unit for r in ledger_csv.rows})
    rates = {u: ledger_csv.rate(*YEAR, unit=u) for u in units}
    lowest = min(units, key=lambda u: float(rates[u].rstrip("%")))
    assert f"{lowest}整改率为{rates[lowest]}" in d.text
    assert f"低于总体水平（{ledger_csv.rate(*YEAR)}）" in d.text


def test_one_paragraph_of_the_quarter(ledger_db: Database, ledger_csv: Any) -> None:
    d = draft(ledger_db, "写一段本季度隐患排查治理情况", today=TODAY)
    assert d.facts.request.paragraph and len(d.blocks) == 1
    assert d.text.strip().count("\n") == 2  # title, blank line, one paragraph
    assert "2023年10月1日至11月30日" in d.text and "截至目前" in d.text
    assert f"发现各类安全隐患{ledger_csv.found(*Q4)}处" in d.text
    assert f"尚有{ledger_csv.open(*Q4)}处未完成整改，其中逾期未整改{ledger_csv.overdue(*Q4)}处" in d.text
    assert_verified(d)


def test_a_domain_section(ledger_db: Database, ledger_csv: Any) -> None:
    d = draft(ledger_db, "起草上半年燃气安全工作开展情况", today=TODAY)
    assert d.title == "2023年上半年燃气安全工作开展情况"
    assert f"发现燃气安全隐患{ledger_csv.found(*H1, domain='燃气')}处" in d.text
    assert f"整改率{ledger_csv.rate(*H1, domain='燃气')}" in d.text
    assert "消防" not in d.text
    assert_verified(d)


def test_provenance_names_the_ledger_rows(ledger_db: Database, ledger_csv: Any) -> None:
    d = draft(ledger_db, "写一段本季度隐患排查治理情况", today=TODAY)
    found = next(t for t in d.provenance if t.figure == f"{ledger_csv.found(*Q4)}处")
    assert found.datum is not None and found.datum.source.kind == "ledger"
    assert set(found.datum.source.codes) == {r.code for r in ledger_csv.select(*Q4)}
    payload = d.to_dict()
    assert payload["provenance"][0]["source"]["type"] == "request"  # the year in the title
    assert "数据来源" not in d.text and "YH2023" in d.sources_text()


@pytest.mark.parametrize(
    ("request_text", "gap"),
    [
        ("生成张家镇2023年上半年安全生产工作总结", "隐患台账中没有“张家镇”的记录"),
        ("起草上半年非煤矿山安全工作开展情况", "隐患台账中没有非煤矿山领域的记录"),
        ("起草2022年上半年安全生产工作开展情况", "不含2022年上半年"),
    ],
)
def test_missing_data_is_marked_not_invented(ledger_db: Database, request_text: str, gap: str) -> None:
    d = draft(ledger_db, request_text, today=TODAY)
    assert any(gap in n for n in d.notices)
    for marker in ("【待补充：发现隐患数】", "【待补充：已整改隐患数】", "【待补充：整改率】"):
        assert marker in d.text and marker in d.missing
    assert not re.search(r"\d+处", d.text)  # no hazard count from anywhere else
    assert_verified(d)


def test_inspection_count_is_a_marker_without_a_report(ledger_db: Database) -> None:
    d = draft(ledger_db, "写一段本季度隐患排查治理情况", today=TODAY)
    assert "共检查生产经营单位【待补充：检查生产经营单位数（家次）】" in d.text
    assert d.missing == ("【待补充：检查生产经营单位数（家次）】",)


def test_report_facts_fill_the_draft_with_their_sentences(ledger_db: Database) -> None:
    ingest_paths(ledger_db, [SAMPLE_REPORTS], regulation=False)
    d = draft(ledger_db, "生成XX街道2023年上半年安全生产工作总结", today=TODAY)
    assert "共检查生产经营单位429家" in d.text  # the street's own report, not the ledger
    trace = next(t for t in d.provenance if t.figure == "429家")
    assert trace.datum is not None and trace.datum.source.kind == "report"
    assert "1-6月份共检查企业429家" in trace.datum.source.quote
    assert "1272" not in d.text  # the report's hazard counts yield to the ledger's
    # a unit the ledger lacks: its report's own hazard figures, with their sentence
    gas = draft(ledger_db, "生成区城镇燃气2023年上半年燃气安全工作总结", today=TODAY)
    assert "发现燃气安全隐患6534个" in gas.text and "整改率100%" in gas.text
    assert_verified(d)
    assert_verified(gas)
    assert "燃气" in draft_domains(ledger_db)


def test_open_choices_say_what_the_request_left_out(ledger_db: Database) -> None:
    d = draft(ledger_db, "帮我写存在的问题", today=TODAY)
    assert set(d.open_choices) == {"period", "org", "domain"}
    assert d.to_dict()["open_choices"] == list(d.open_choices)


def test_markdown_keeps_the_heading_levels(ledger_db: Database) -> None:
    md = draft(ledger_db, "生成XX镇2023年上半年安全生产工作总结", today=TODAY).to_markdown()
    assert md.startswith("# XX镇2023年上半年安全生产工作总结\n")
    assert "\n## 一、工作开展情况\n" in md and "\n### （一）隐患排查治理总体情况\n" in md
    assert '<p align="right">2023年11月30日</p>' in md
