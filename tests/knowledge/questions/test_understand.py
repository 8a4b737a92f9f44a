"""Understanding a chat message (knowledge/questions/understand.py): a follow-up inherits from the
previous question only when it is elliptical; a complete question starts afresh. Pairs both ways."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.questions.parse import parse_question
from knowledge.questions.understand import understand

TODAY = date(2023, 11, 30)
ORGS = ("县住建局", "县交通运输局", "XX镇", "XX街道", "区城镇燃气")


def _previous(question: str = "本季度燃气隐患整改了多少条？"):  # type: ignore[no-untyped-def]
    query = parse_question(question, TODAY, orgs=ORGS)
    assert query is not None
    return query


@pytest.mark.parametrize(
    ("message", "changed"),
    [
        ("那消防呢？", {"domain": "消防"}),
        ("上个季度呢？", {"period": "2023年第三季度"}),
        ("燃气的呢", {"domain": "燃气"}),
        ("整改率呢？", {"metric": "rate"}),
        ("XX镇呢", {"org": "XX镇"}),
        ("重大隐患呢？", {"level": "重大"}),
        ("那发现了多少？", {"metric": "found"}),
        ("换成县住建局", {"org": "县住建局"}),
    ],
)
def test_elliptical_messages_inherit_and_change_only_what_they_name(message: str, changed: dict[str, str]) -> None:
    previous = _previous()
    understood = understand(message, TODAY, orgs=ORGS, previous=previous)
    assert understood.inherited and understood.path == "figure" and understood.query is not None
    query = understood.query
    for slot in ("domain", "org", "level", "metric"):
        expected = changed.get(slot, getattr(previous, slot))
        assert getattr(query, slot) == expected, slot
    period = changed.get("period", previous.period.label if previous.period else None)
    assert (query.period.label if query.period else None) == period


@pytest.mark.parametrize(
    ("message", "path"),
    [
        ("燃气用户不得有哪些行为？", "rule"),
        ("安全生产法第二十一条讲的什么？", "rule"),
        ("事故发生后伤亡人数变了，多少天之内要补报？", "rule"),
        ("今年发现了多少重大隐患？", "figure"),
        ("XX街道上半年检查了多少家企业？", "figure"),
        ("街道在安全监管上遇到哪些难处？", "document"),
    ],
)
def test_complete_questions_start_afresh(message: str, path: str) -> None:
    understood = understand(message, TODAY, orgs=ORGS, previous=_previous("XX镇本季度燃气重大隐患整改了多少条？"))
    assert not understood.inherited and understood.path == path
    if understood.query is not None:
        assert understood.query.domain != "燃气" or "燃气" in message
        assert understood.query.org != "XX镇"


def test_without_a_previous_question_nothing_is_inherited() -> None:
    understood = understand("那消防呢？", TODAY, orgs=ORGS)
    assert not understood.inherited and understood.query is None


def test_a_follow_up_of_a_records_question_lists_records_again() -> None:
    previous = understand("重大隐患有哪些没整改？", TODAY, orgs=ORGS).query
    assert previous is not None and previous.records
    understood = understand("燃气的呢？", TODAY, orgs=ORGS, previous=previous)
    assert understood.path == "records" and understood.query is not None and understood.query.domain == "燃气"


def test_a_complete_report_question_after_a_chain_of_follow_ups_starts_afresh() -> None:
    first = _previous()
    second = understand("那消防呢？", TODAY, orgs=ORGS, previous=first).query
    third = understand("上个季度呢？", TODAY, orgs=ORGS, previous=second).query
    fresh = understand("区城镇燃气上半年排查了多少户？", TODAY, orgs=ORGS, previous=third)
    assert not fresh.inherited and fresh.query is not None and fresh.query.domain is None
    assert fresh.query.org == "区城镇燃气"


@pytest.mark.parametrize(
    ("message", "path"),
    [("县住建局立案查处罚款多少", "figure"),  # one known organisation's fines: its figure
     ("县住建局按《建设工程安全生产管理条例》罚款多少", "rule"),  # a law named: what the law says
     ("燃气公司要在几个工作日内答复用户？", "rule"),  # no one organisation named
     ("违反燃气管理条例罚款多少", "rule")],
)  # fmt: skip
def test_a_rule_worded_question_about_one_named_organisation_asks_its_figure(message: str, path: str) -> None:
    assert understand(message, TODAY, orgs=(*ORGS, "安源燃气有限公司", "华通燃气有限公司")).path == path
